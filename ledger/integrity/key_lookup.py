"""Finding the log's verifier keys: one lookup for ``ledger verify`` and ``ledger serve``.

Order: the files given on the command line, then ``$LEDGER_VERIFIER_KEY`` (file paths separated
by ``:``), then the ``.vkey`` beside the signing key (``--key`` or ``$LEDGER_SIGNING_KEY``, or the
key derived from an inline ``PRIVATE+KEY+...``), then the clearly marked demo key kept beside a
SQLite demo store (``<store>.demo-keys/``). The first source that names any key wins.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from ledger.integrity.checkpoint import PRIVATE_KEY_PREFIX, Signer, Verifier
from ledger.integrity.keys import find_demo_key, read_signer, read_verifier, vkey_beside

SIGNING_KEY_VARIABLE = "LEDGER_SIGNING_KEY"
VERIFIER_KEY_VARIABLE = "LEDGER_VERIFIER_KEY"

FoundKey = tuple[Verifier, str]
"""A verifier key and where it was found (a path, a variable, 'derived from ...')."""


def log_verifier_keys(
    given: Sequence[Path],
    signing_key: Path | None,
    sqlite_path: str | None,
    environ: Mapping[str, str],
) -> list[FoundKey]:
    """The log's verifier keys with their sources, by the order above (maybe none).

    ``sqlite_path`` is the store's file (None for PostgreSQL, which keeps no demo key).
    """
    if given:
        return [(read_verifier(path), str(path)) for path in given]
    listed = [p for p in environ.get(VERIFIER_KEY_VARIABLE, "").split(os.pathsep) if p.strip()]
    if listed:
        return [(read_verifier(Path(path)), path) for path in listed]
    beside = _beside_signing_key(signing_key, environ)
    if beside:
        return beside
    demo = None if sqlite_path is None else find_demo_key(sqlite_path)
    return [] if demo is None else [(read_verifier(demo.vkey), str(demo.vkey))]


def _beside_signing_key(key: Path | None, environ: Mapping[str, str]) -> list[FoundKey]:
    from_environment = environ.get(SIGNING_KEY_VARIABLE, "").strip()
    if key is None and from_environment.startswith(PRIVATE_KEY_PREFIX):
        vkey = Signer.from_skey(from_environment).vkey()
        return [(Verifier.from_vkey(vkey), f"derived from ${SIGNING_KEY_VARIABLE}")]
    path = key or (Path(from_environment) if from_environment else None)
    if path is None:
        return []
    beside = vkey_beside(path)
    if beside.exists():
        return [(read_verifier(beside), str(beside))]
    return [(Verifier.from_vkey(read_signer(path).vkey()), f"derived from {path}")]
