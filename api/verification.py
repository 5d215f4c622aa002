"""One verification of the whole store at a time, its report shared for a few seconds.

``verify_store`` reads every event, leaf and node: concurrent callers (the API endpoint and
the pages) wait for the run in progress and reuse its report for
``settings.verify_cache_seconds``; ``verified_at`` says when it ran.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from api.resources import Resources
from ledger.integrity.audit import verify_store
from ledger.integrity.checkpoint import Verifier


def verification_report(resources: Resources) -> dict[str, Any]:
    """``verify_store(...).to_dict()`` plus ``verified_at`` and ``verifier_keys``."""
    with resources.verify_lock:
        cached = resources.verified
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        keys = resources.settings.log_vkeys
        found = verify_store(resources.recorder,
                             log_verifiers=[Verifier.from_vkey(k) for k in keys]).to_dict()
        found["verified_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        found["verifier_keys"] = len(keys)
        resources.verified = (time.monotonic() + resources.settings.verify_cache_seconds, found)
        return found
