"""Verify a sealed store end to end: events, leaves, chain, Merkle nodes and checkpoints.

``verify_store`` streams event rows (by notification id) and leaf rows (by leaf index) in pages
and merges them, so memory stays bounded. It recomputes every leaf hash from the stored bytes
(no decryption key needed), relinks the chain, rebuilds every Merkle node from the stored leaf
hashes and compares it with the stored node, and computes the root at every checkpoint size.

Problem kinds: ``altered`` (an event's bytes or a chain link differ from its seal),
``missing`` (a sealed event, or a signed tree's tail, is gone), ``inserted`` (an event row with
no seal), ``reordered`` (a seal holds another event's bytes, or leaf ids run backwards),
``forked`` (an auditor's signed checkpoint disagrees with this history), ``unsigned_checkpoint``,
``bad_signature``, ``root_mismatch`` (a stored checkpoint disagrees with this history) and
``node_mismatch`` (a stored Merkle node differs from the recomputed one).

Snapshots are not verified: the ledger disables snapshotting, so every aggregate is rebuilt
from sealed events. A store that enables snapshots must verify them separately.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ledger.integrity.audit_claims import (
    auditor_claims,
    check_claim,
    check_index,
    stored_claims,
)
from ledger.integrity.audit_report import Problem, ProblemKind, ProblemLog, VerificationReport
from ledger.integrity.leaf import (
    CHAIN_GENESIS,
    StoredRow,
    chain_link,
    event_leaf_hash,
    originator_id_bytes,
)
from ledger.integrity.merkle_store import CompactRange, NodeKey
from ledger.integrity.subject_index import IndexBuilder, IndexHead, index_head
from ledger.integrity.verify import EMPTY_ROOT

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ledger.integrity.checkpoint import Verifier
    from ledger.integrity.leaf import LeafRow
    from ledger.integrity.sealed_log import SealedStore

__all__ = ["PAGE_SIZE", "Problem", "VerificationReport", "verify_store"]

PAGE_SIZE = 2000
MAX_REORDER_CANDIDATES = 200


def verify_store(
    store: SealedStore,
    *,
    log_verifiers: Iterable[Verifier],
    checkpoint_notes_from_auditor: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
    page_size: int = PAGE_SIZE,
) -> VerificationReport:
    """Check everything in ``store``; ``progress(leaves_done, leaves_total)`` after each page."""
    verifiers, problems = list(log_verifiers), ProblemLog()
    # Checkpoints first, then the log's extent: a checkpoint issued in between is not read.
    claims = stored_claims(store.select_checkpoints(), verifiers, problems)
    claims += auditor_claims(checkpoint_notes_from_auditor, verifiers, problems)
    audit = _Audit(store, page_size, progress, problems)
    audit.index_sizes = {c.checkpoint.tree_size for c in claims
                         if index_head(c.checkpoint.extensions) is not None}
    audit.run({claim.checkpoint.tree_size for claim in claims})
    for claim in claims:
        check_claim(claim, audit.next_index, audit.roots, audit.problems)
        check_index(claim, audit.index_heads, audit.problems)
    return audit.report(len(claims))


class _Audit:
    """State of one streaming verification run."""

    def __init__(
        self,
        store: SealedStore,
        page_size: int,
        progress: Callable[[int, int], None] | None,
        problems: ProblemLog,
    ) -> None:
        self.store = store
        self.page_size = page_size
        self.progress = progress
        self.bounds = store.log_bounds()
        self.problems = problems
        self.tree = CompactRange()
        self.chain = self.previous_stored_chain = CHAIN_GENESIS
        self.is_chain_broken = False
        self.next_index = 0
        self.last_leaf_id = 0
        self.event_count = 0
        self.is_tree_broken = False
        self.roots: dict[int, bytes] = {0: EMPTY_ROOT}
        self.wanted_sizes: set[int] = set()
        self.index = IndexBuilder()
        self.index_sizes: set[int] = set()
        self.index_heads: dict[int, IndexHead] = {}
        self.pending_nodes: list[tuple[NodeKey, bytes]] = []
        self.unsealed: list[tuple[LeafRow, StoredRow]] = []

    # --- streaming the log ---

    def run(self, sizes: set[int]) -> None:
        self.wanted_sizes = sizes
        rows, leaves = self._event_rows(), self._leaf_rows()
        row, leaf = next(rows, None), next(leaves, None)
        while row is not None or leaf is not None:
            if row is not None and (leaf is None or row.notification_id < leaf.notification_id):
                self._unsealed_event(row)
                row = next(rows, None)
            elif leaf is not None and (row is None or row.notification_id > leaf.notification_id):
                self._orphan_leaf(leaf)
                leaf = next(leaves, None)
            elif row is not None and leaf is not None:
                self._sealed_event(row, leaf)
                row, leaf = next(rows, None), next(leaves, None)
        self._compare_nodes()
        self._classify_unsealed()

    def _event_rows(self) -> Iterator[StoredRow]:
        after = 0
        while page := self.store.select_stored_rows(
            after, self.bounds.max_notification_id, self.page_size
        ):
            yield from page
            after = page[-1].notification_id

    def _leaf_rows(self) -> Iterator[LeafRow]:
        start = 0
        while page := self.store.select_leaves(start, self.bounds.tree_size, self.page_size):
            yield from page
            start = page[-1].leaf_index + 1
            self._compare_nodes()
            if self.progress is not None:
                self.progress(start, self.bounds.tree_size)

    def _sealed_event(self, row: StoredRow, leaf: LeafRow) -> None:
        self.event_count += 1
        if self.index_sizes:
            self.index.add(originator_id_bytes(row.originator_id), row.originator_version,
                           leaf.leaf_index)
        self._take_leaf(leaf)
        if _recomputed(row) == leaf.leaf_hash:
            return
        if len(self.unsealed) < MAX_REORDER_CANDIDATES:
            self.unsealed.append((leaf, row))
        else:
            self._altered(leaf, row)

    def _unsealed_event(self, row: StoredRow) -> None:
        self.event_count += 1
        self._add(
            "inserted",
            f"event {row.notification_id} has no sealed leaf",
            leaf_index=self.next_index,
            notification_id=row.notification_id,
        )

    def _orphan_leaf(self, leaf: LeafRow) -> None:
        self._add(
            "missing",
            f"leaf {leaf.leaf_index} seals event {leaf.notification_id}, which is gone",
            leaf_index=leaf.leaf_index,
            notification_id=leaf.notification_id,
        )
        self._take_leaf(leaf)

    def _take_leaf(self, leaf: LeafRow) -> None:
        if leaf.leaf_index != self.next_index:
            self._add(
                "missing",
                f"leaves {self.next_index}..{leaf.leaf_index - 1} are gone",
                leaf_index=self.next_index,
            )
            self.is_tree_broken = True
            self.chain = self.previous_stored_chain = leaf.chain_hash
        else:
            self._check_chain(leaf)
        if leaf.notification_id <= self.last_leaf_id:
            self._add(
                "reordered",
                f"leaf {leaf.leaf_index} seals event {leaf.notification_id}, "
                f"not after event {self.last_leaf_id}",
                leaf_index=leaf.leaf_index,
                notification_id=leaf.notification_id,
            )
        self.last_leaf_id = leaf.notification_id
        self.next_index = leaf.leaf_index + 1
        self._grow_tree(leaf.leaf_hash)

    def _check_chain(self, leaf: LeafRow) -> None:
        """Relink from the last good link; a suffix relinked onto a bad link is one problem."""
        calculated = chain_link(self.chain, leaf.leaf_hash)
        relinked = chain_link(self.previous_stored_chain, leaf.leaf_hash)
        is_continued_break = self.is_chain_broken and relinked == leaf.chain_hash
        self.is_chain_broken = calculated != leaf.chain_hash
        if self.is_chain_broken and not is_continued_break:
            self._add(
                "altered",
                f"chain link of leaf {leaf.leaf_index} does not follow from the previous one",
                leaf_index=leaf.leaf_index,
                notification_id=leaf.notification_id,
                expected=leaf.chain_hash.hex(),
                calculated=calculated.hex(),
            )
        self.chain = leaf.chain_hash if is_continued_break else calculated
        self.previous_stored_chain = leaf.chain_hash

    def _grow_tree(self, leaf_hash: bytes) -> None:
        if self.is_tree_broken:
            return
        self.pending_nodes += self.tree.append(leaf_hash)
        if self.tree.size in self.wanted_sizes:
            self.roots[self.tree.size] = self.tree.root()
        if self.tree.size in self.index_sizes:
            self.index_heads[self.tree.size] = self.index.head()

    def _compare_nodes(self) -> None:
        if not self.pending_nodes:
            return
        stored = self.store.read_nodes([key for key, _ in self.pending_nodes])
        for (level, index), calculated in self.pending_nodes:
            found = stored.get((level, index))
            if found != calculated:
                self._add(
                    "node_mismatch",
                    f"Merkle node (level {level}, index {index}) is "
                    + ("missing" if found is None else "not the hash of its children"),
                    leaf_index=index << level,
                    expected=None if found is None else found.hex(),
                    calculated=calculated.hex(),
                )
        self.pending_nodes = []

    # --- telling altered from reordered ---

    def _classify_unsealed(self) -> None:
        """A mismatch whose seal holds another mismatched event's bytes is a reordering."""
        for leaf, row in self.unsealed:
            source = _bytes_owner(leaf, row, self.unsealed)
            if source is None:
                self._altered(leaf, row)
            else:
                self._add(
                    "reordered",
                    f"event {row.notification_id} holds the bytes sealed for event {source}",
                    leaf_index=leaf.leaf_index,
                    notification_id=row.notification_id,
                    expected=leaf.leaf_hash.hex(),
                    calculated=_recomputed(row).hex(),
                )

    def _altered(self, leaf: LeafRow, row: StoredRow) -> None:
        self._add(
            "altered",
            f"event {row.notification_id} differs from its sealed leaf",
            leaf_index=leaf.leaf_index,
            notification_id=row.notification_id,
            expected=leaf.leaf_hash.hex(),
            calculated=_recomputed(row).hex(),
        )

    # --- the report ---

    def _add(self, kind: ProblemKind, message: str, **where: Any) -> None:
        self.problems.add(kind, message, **where)

    def report(self, checkpoints_checked: int) -> VerificationReport:
        root = b"" if self.is_tree_broken else self.tree.root()
        return VerificationReport(
            tree_size=self.next_index,
            event_count=self.event_count,
            root_hash=root.hex(),
            checkpoints_checked=checkpoints_checked,
            problem_count=self.problems.count,
            problems=self.problems.earliest(),
        )


def _recomputed(row: StoredRow) -> bytes:
    try:
        return event_leaf_hash(row)
    except ValueError:
        return b""


def _bytes_owner(
    leaf: LeafRow, row: StoredRow, candidates: list[tuple[LeafRow, StoredRow]]
) -> int | None:
    """The event whose bytes (whole row, or state only) this leaf sealed, if one of them."""
    for _, other in candidates:
        if other.notification_id == row.notification_id:
            continue
        moved_row = StoredRow(
            row.notification_id,
            other.originator_id,
            other.originator_version,
            other.topic,
            other.state,
        )
        moved_state = StoredRow(
            row.notification_id,
            row.originator_id,
            row.originator_version,
            row.topic,
            other.state,
        )
        if leaf.leaf_hash in (_recomputed(moved_row), _recomputed(moved_state)):
            return other.notification_id
    return None
