"""The read side of a sealed store, shared by the SQLite and PostgreSQL recorders.

``SealedStore`` is what the auditor needs (raw event rows, leaf rows, node hashes, stored
checkpoints); ``SealedLogQueries`` derives roots, proofs and checked checkpoint storage from it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from ledger.errors import IntegrityFailure
from ledger.integrity.merkle_store import MerkleLog

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ledger.integrity.leaf import LeafRow, StoredRow
    from ledger.integrity.merkle_store import NodeKey


@dataclass(frozen=True, slots=True)
class CheckpointRow:
    """A signed checkpoint note as stored, with the size and root it commits to."""

    checkpoint_id: int
    tree_size: int
    root_hash: bytes
    note: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LogBounds:
    """One consistent view of a store's extent: sealed leaves and the last event id."""

    tree_size: int
    max_notification_id: int


class SealedStore(Protocol):
    """Everything verification reads from a store (each call is a consistent read)."""

    def log_bounds(self) -> LogBounds:
        """Tree size and highest notification id, read in one statement."""
        ...

    def select_stored_rows(self, after_id: int, until_id: int, limit: int) -> list[StoredRow]:
        """Raw event rows with ``after_id < notification id <= until_id``, in that order."""
        ...

    def select_leaves(self, start_index: int, stop_index: int, limit: int) -> list[LeafRow]:
        """Leaf rows with ``start_index <= leaf_index < stop_index``, in index order."""
        ...

    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        """Stored node hashes by key (level 0 = leaf hashes); absent keys are left out."""
        ...

    def select_checkpoints(self) -> list[CheckpointRow]:
        """Every stored checkpoint, oldest first."""
        ...


class SealedLogQueries(ABC):
    """Roots, proofs and checkpoint storage over a store's node hashes (a recorder mixin)."""

    @abstractmethod
    def tree_size(self) -> int:
        """Number of sealed leaves."""

    @abstractmethod
    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        """Stored node hashes by key."""

    @abstractmethod
    def _insert_checkpoint(
        self, note: str, tree_size: int, root_hash: bytes, created_at: datetime
    ) -> int:
        """Insert one checkpoint row; return its id."""

    def merkle_log(self) -> MerkleLog:
        """Roots and proofs computed from this store's node hashes."""
        return MerkleLog(self)

    def root(self, size: int | None = None) -> bytes:
        """Root of the tree of ``size`` leaves (default: the current tree)."""
        return self.merkle_log().root(self._within_tree(size))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Audit path for leaf ``index`` in the tree of ``size`` leaves (default: current)."""
        return self.merkle_log().inclusion_proof(index, self._within_tree(size))

    def consistency_proof(self, old: int, new: int | None = None) -> list[bytes]:
        """Proof that tree ``old`` is a prefix of tree ``new`` (default: current)."""
        return self.merkle_log().consistency_proof(old, self._within_tree(new))

    def store_checkpoint(
        self,
        note: str,
        tree_size: int,
        root_hash: bytes,
        created_at: datetime | None = None,
    ) -> CheckpointRow:
        """Store a signed note after checking that its root is this store's root at its size.

        The signature is not checked here (the signer made it); ``verify_store`` checks it.
        """
        calculated = self.root(tree_size)
        if calculated != root_hash:
            msg = f"checkpoint root differs from the stored tree at size {tree_size}"
            raise IntegrityFailure(
                msg,
                kind="root_mismatch",
                position=tree_size,
                expected=root_hash.hex(),
                calculated=calculated.hex(),
            )
        instant = created_at or datetime.now(UTC)
        checkpoint_id = self._insert_checkpoint(note, tree_size, root_hash, instant)
        return CheckpointRow(checkpoint_id, tree_size, root_hash, note, instant)

    def _within_tree(self, size: int | None) -> int:
        current = self.tree_size()
        if size is None:
            return current
        if not 0 <= size <= current:
            msg = f"tree size {size} is outside the sealed tree of {current} leaves"
            raise ValueError(msg)
        return size
