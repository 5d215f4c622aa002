"""The inclusion proof of one event (包含证明): its leaf, the audit path and the root it reaches.

The proof is taken against the latest signed checkpoint that covers the event (so an auditor
holding that checkpoint can check it offline), or against the current tree when no checkpoint
covers it yet. The page also recomputes the leaf hash from the stored event bytes: the bytes,
the leaf and the root are checked together here, and the numbers are printed for anyone to
check again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ledger.errors import ProofError
from ledger.integrity.leaf import LeafRow, StoredRow, event_leaf_hash
from ledger.integrity.sealed_log import CheckpointRow
from ledger.integrity.verify import verify_inclusion


class SealedRecorder(Protocol):
    """What proofs read from the sealing recorders (SQLite and PostgreSQL alike)."""

    def tree_size(self) -> int:
        """Number of sealed leaves."""
        ...

    def root(self, size: int | None = None) -> bytes:
        """Root of the tree of ``size`` leaves."""
        ...

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Audit path of one leaf."""
        ...

    def leaf_for_notification(self, notification_id: int) -> LeafRow | None:
        """The leaf sealed for one event."""
        ...

    def select_stored_rows(self, after_id: int, until_id: int, limit: int) -> list[StoredRow]:
        """Raw event rows in a notification-id range."""
        ...

    def select_checkpoints(self) -> list[CheckpointRow]:
        """Stored checkpoints, oldest first."""
        ...


@dataclass(frozen=True)
class InclusionProof:
    """Everything needed to check one event's place in the log, and what the check found."""

    position: int
    leaf_index: int
    leaf_hash: str
    tree_size: int
    root_hash: str
    path: list[str]
    checkpoint: CheckpointRow | None
    bytes_match: bool
    problem: str | None

    @property
    def ok(self) -> bool:
        """Stored bytes match the leaf, and the path leads to the root."""
        return self.bytes_match and self.problem is None

    def as_json(self) -> dict[str, Any]:
        """The proof as plain data (what ``ledger verify-proof`` style tools read)."""
        return {"leaf_index": self.leaf_index, "tree_size": self.tree_size,
                "leaf_hash": self.leaf_hash, "root_hash": self.root_hash,
                "inclusion_path": self.path,
                "checkpoint_id": None if self.checkpoint is None
                else self.checkpoint.checkpoint_id}


def inclusion(recorder: SealedRecorder, position: int) -> InclusionProof | None:
    """The proof for the event at ``position`` (notification id); None when it is not sealed."""
    leaf = recorder.leaf_for_notification(position)
    if leaf is None:
        return None
    checkpoint = covering_checkpoint(recorder.select_checkpoints(), leaf.leaf_index)
    size = checkpoint.tree_size if checkpoint else recorder.tree_size()
    root = checkpoint.root_hash if checkpoint else recorder.root(size)
    path = recorder.inclusion_proof(leaf.leaf_index, size)
    return InclusionProof(position, leaf.leaf_index, leaf.leaf_hash.hex(), size, root.hex(),
                          [p.hex() for p in path], checkpoint,
                          _bytes_match(recorder, leaf), _check(leaf, size, path, root))


def covering_checkpoint(rows: Sequence[CheckpointRow], leaf_index: int) -> CheckpointRow | None:
    """The latest checkpoint whose tree contains the leaf."""
    covering = [row for row in rows if row.tree_size > leaf_index]
    return max(covering, key=lambda row: row.checkpoint_id, default=None)


def _bytes_match(recorder: SealedRecorder, leaf: LeafRow) -> bool:
    rows = recorder.select_stored_rows(leaf.notification_id - 1, leaf.notification_id, 1)
    return bool(rows) and event_leaf_hash(rows[0]) == leaf.leaf_hash


def _check(leaf: LeafRow, size: int, path: list[bytes], root: bytes) -> str | None:
    try:
        verify_inclusion(leaf.leaf_hash, leaf.leaf_index, size, path, root)
    except ProofError as error:
        return f"{error.kind}: {error}"
    return None

