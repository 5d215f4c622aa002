"""Signed checkpoints a verification run holds the log to: stored ones and auditors' copies.

A stored checkpoint that disagrees with the recomputed history is a ``root_mismatch``; an
auditor's copy that disagrees is ``forked`` history; a checkpoint larger than the log means
its tail is ``missing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ledger.errors import SignatureError
from ledger.integrity.checkpoint import Checkpoint, Verifier, verify_checkpoint
from ledger.integrity.subject_index import IndexHead, index_head

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ledger.integrity.audit_report import ProblemKind, ProblemLog
    from ledger.integrity.sealed_log import CheckpointRow


@dataclass(frozen=True)
class Claim:
    """A checkpoint whose signature verified: its source and whether an auditor brought it."""

    source: str
    checkpoint: Checkpoint
    is_auditor: bool


def stored_claims(
    rows: Iterable[CheckpointRow], verifiers: list[Verifier], problems: ProblemLog
) -> list[Claim]:
    """Open the store's checkpoints; report bad signatures and rows that differ from notes."""
    claims: list[Claim] = []
    for row in rows:
        source = f"stored checkpoint {row.checkpoint_id}"
        checkpoint = _open(row.note, verifiers, source, row.tree_size, problems)
        if checkpoint is None:
            continue
        if (checkpoint.tree_size, checkpoint.root_hash) != (row.tree_size, row.root_hash):
            problems.add(
                "root_mismatch",
                f"{source}: its size/root columns differ from its signed note",
                tree_size=row.tree_size,
                expected=checkpoint.root_hash.hex(),
                calculated=row.root_hash.hex(),
            )
        claims.append(Claim(source, checkpoint, is_auditor=False))
    return claims


def auditor_claims(
    notes: Iterable[str], verifiers: list[Verifier], problems: ProblemLog
) -> list[Claim]:
    """Open the checkpoint notes an auditor brought; report bad signatures."""
    claims: list[Claim] = []
    for number, note in enumerate(notes, start=1):
        source = f"auditor checkpoint #{number}"
        checkpoint = _open(note, verifiers, source, None, problems)
        if checkpoint is not None:
            claims.append(Claim(source, checkpoint, is_auditor=True))
    return claims


def check_claim(
    claim: Claim, tree_size: int, roots: Mapping[int, bytes], problems: ProblemLog
) -> None:
    """Hold the log of ``tree_size`` leaves (with ``roots`` by size) to one checkpoint.

    A size missing from ``roots`` could not be recomputed (leaves are gone below it), which
    is already reported where the leaves went missing.
    """
    size, signed_root = claim.checkpoint.tree_size, claim.checkpoint.root_hash
    if size > tree_size:
        message = f"{claim.source} signed {size} leaves; the log has {tree_size}"
        problems.add("missing", message, leaf_index=tree_size, tree_size=size)
        return
    root = roots.get(size)
    if root is not None and root != signed_root:
        kind: ProblemKind = "forked" if claim.is_auditor else "root_mismatch"
        problems.add(
            kind,
            f"{claim.source}: the signed root of size {size} differs from this history",
            tree_size=size,
            expected=signed_root.hex(),
            calculated=root.hex(),
        )


def check_index(claim: Claim, heads: Mapping[int, IndexHead], problems: ProblemLog) -> None:
    """Hold a checkpoint's subject index line to the index recomputed from the log."""
    signed = index_head(claim.checkpoint.extensions)
    size = claim.checkpoint.tree_size
    calculated = heads.get(size)
    if signed is None or calculated is None or signed == calculated:
        return
    kind: ProblemKind = "forked" if claim.is_auditor else "root_mismatch"
    problems.add(
        kind,
        f"{claim.source}: its subject index ({signed.count} entries) differs from the index "
        f"of this history ({calculated.count} entries)",
        tree_size=size,
        expected=signed.root_hash.hex(),
        calculated=calculated.root_hash.hex(),
    )


def _open(
    note: str, verifiers: list[Verifier], source: str, size: int | None, problems: ProblemLog
) -> Checkpoint | None:
    try:
        return verify_checkpoint(note, verifiers)
    except SignatureError as error:
        kind: ProblemKind = "unsigned_checkpoint" if error.kind == "unsigned" else "bad_signature"
        problems.add(kind, f"{source}: {error.message}", tree_size=size)
        return None
