"""Integrity status (完整性状态) and one event's inclusion proof (包含证明).

The status page shows the sealed tree, the latest signed checkpoint with its signatures and
witness cosignatures, and the last verification report. ``?verify=1`` runs the full
verification now (one run at a time; the report is reused for the app's
``verify_cache_seconds``, in the same cache slot as ``/v1/integrity/verify``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Path, Request, Response

from api.deps import ResourcesDep
from api.errors import ResourceNotFound
from api.pages import proofs
from api.pages.access import PagePrincipal, require_reader
from api.pages.rendering import render
from api.pages.routing import page_router
from api.resources import Resources
from ledger.errors import SignatureError
from ledger.integrity.audit import verify_store
from ledger.integrity.checkpoint import (
    KEY_ID_SIZE,
    TIMESTAMP_SIZE,
    Checkpoint,
    Verifier,
    parse_signature_line,
    split_note,
    verify_note,
)
from ledger.integrity.evidence_export import ANCHORS_KEPT
from ledger.integrity.sealed_log import CheckpointRow
from ledger.integrity.subject_index import index_head

router = page_router()
Position = Annotated[int, Path(ge=1, le=2**63 - 1)]
ED25519_SIGNATURE_SIZE = 64
COSIGNATURE_SIZE = KEY_ID_SIZE + TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE


@dataclass(frozen=True)
class Signature:
    """One signature line of a checkpoint note: who, which key, and whether it verified."""

    name: str
    key_id: str
    is_cosignature: bool
    timestamp: int | None
    is_verified: bool

    @property
    def signed_at(self) -> str | None:
        """A cosignature's time as UTC text (unverified unless ``is_verified``)."""
        if self.timestamp is None:
            return None
        try:
            return datetime.fromtimestamp(self.timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        except (OverflowError, OSError, ValueError):
            return f"{self.timestamp} s"


@router.get("/pages/integrity")
def integrity_status(request: Request, resources: ResourcesDep, principal: PagePrincipal,
                     verify: bool = False) -> Response:
    """Tree size, latest checkpoint, its signatures, and the last (or a new) verification."""
    recorder = resources.recorder
    checkpoints: list[CheckpointRow] = recorder.select_checkpoints()
    latest = checkpoints[-1] if checkpoints else None
    if verify:
        _verify(resources)
    return render(request, "integrity.html", tree_size=recorder.tree_size(),
                  checkpoint_count=len(checkpoints), latest=latest,
                  body=_body(latest), signatures=_signatures(latest, _verifiers(resources)),
                  report=_cached(resources), anchors=_anchors(checkpoints),
                  has_keys=bool(resources.settings.log_vkeys))


def _anchors(checkpoints: list[CheckpointRow]) -> list[dict[str, Any]]:
    """The checkpoints a package exported now carries consistency proofs to (the sizes of the
    newest ``ANCHORS_KEPT``), newest first, with any witness cosignatures their notes hold: an
    auditor holding one of them (or trusting one of those witnesses) can anchor a package."""
    sizes = sorted({row.tree_size for row in checkpoints})[-ANCHORS_KEPT:]
    newest: dict[int, CheckpointRow] = {row.tree_size: row for row in checkpoints}
    found = []
    for size in reversed(sizes):
        row = newest[size]
        witnesses = [line.split(" ")[1] for line in _lines_or_none(row.note) or []
                     if line.startswith("— ") and len(line.split(" ")) > 2]
        body = _body(row)
        found.append({"tree_size": size, "root": row.root_hash.hex(),
                      "created_at": row.created_at.isoformat(),
                      "signers": sorted(set(witnesses)),
                      "has_index": bool(body and index_head(body.extensions))})
    return found


@router.get("/pages/proofs/{position}")
def inclusion_page(request: Request, position: Position, resources: ResourcesDep,
                   principal: PagePrincipal, fragment: bool = False) -> Response:
    """The inclusion proof of the event at a log position (a page, or a fragment to embed)."""
    require_reader(principal)
    found = proofs.inclusion(resources.recorder, position)
    if found is None:
        raise ResourceNotFound("sealed event at position", str(position))
    return render(request, "proof_fragment.html" if fragment else "proof.html", proof=found)


def _verify(resources: Resources) -> None:
    """Verify the whole store unless the shared cache is fresh (one run at a time).

    Same cache slot and meaning as ``/v1/integrity/verify``: (expiry instant, report).
    """
    with resources.verify_lock:
        cached = resources.verified
        if cached is not None and cached[0] > time.monotonic():
            return
        report = verify_store(resources.recorder, log_verifiers=_verifiers(resources))
        found = {**report.to_dict(), "verified_at": datetime.now(UTC).isoformat(
            timespec="seconds"), "verifier_keys": len(resources.settings.log_vkeys)}
        expires = time.monotonic() + resources.settings.verify_cache_seconds
        resources.verified = (expires, found)


def _cached(resources: Resources) -> dict[str, Any] | None:
    return None if resources.verified is None else resources.verified[1]


def _verifiers(resources: Resources) -> list[Verifier]:
    found = []
    for vkey in resources.settings.log_vkeys:
        try:
            found.append(Verifier.from_vkey(vkey))
        except SignatureError:
            continue
    return found


def _body(row: CheckpointRow | None) -> Checkpoint | None:
    if row is None:
        return None
    try:
        return Checkpoint.parse(split_note(row.note)[0])
    except SignatureError:
        return None


def _signatures(row: CheckpointRow | None, verifiers: list[Verifier]) -> list[Signature]:
    """Every signature line of the note, marked verified when a configured key checks it."""
    if row is None:
        return []
    try:
        _, lines = split_note(row.note)
        verified = {(s.name, s.key_id) for s in verify_note(row.note, verifiers).signatures}
    except SignatureError:
        verified = set()
        lines = _lines_or_none(row.note)
    return [s for s in (_signature(line, verified) for line in lines) if s is not None]


def _lines_or_none(note: str) -> list[str]:
    try:
        return split_note(note)[1]
    except SignatureError:
        return []


def _signature(line: str, verified: set[tuple[str, bytes]]) -> Signature | None:
    try:
        name, raw = parse_signature_line(line)
    except SignatureError:
        return None
    key = raw[:KEY_ID_SIZE]
    is_cosignature = len(raw) == COSIGNATURE_SIZE
    stamp = int.from_bytes(raw[KEY_ID_SIZE:KEY_ID_SIZE + TIMESTAMP_SIZE], "big") \
        if is_cosignature else None
    return Signature(name, key.hex(), is_cosignature, stamp, (name, key) in verified)
