"""RFC 9162 Merkle log over stored complete-subtree hashes (the same code for every database).

A node key is ``(level, index)``: the perfect subtree over leaves
``[index * 2**level, (index + 1) * 2**level)``. Level 0 is the leaf hashes. A node is stored
once, when its last leaf is appended, and never changes. Any RFC 9162 subtree ``MTH(D[a:b])``
of a tree is a right fold of at most log2(n) + 1 stored perfect subtrees, so a root, an
inclusion proof or a consistency proof reads O(log n) node hashes, in one batch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ledger.errors import IntegrityFailure
from ledger.integrity.leaf import LeafRow, StoredRow, seal_rows
from ledger.integrity.verify import EMPTY_ROOT, node_hash

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

NodeKey = tuple[int, int]
Range = tuple[int, int]


class NodeReader(Protocol):
    """Reads stored node hashes by key; keys not stored are absent from the answer."""

    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        """Return the stored hash of each key that exists."""
        ...


def perfect_nodes(start: int, end: int) -> list[NodeKey]:
    """The aligned perfect subtrees that cover leaves ``[start, end)``, left to right."""
    keys: list[NodeKey] = []
    while start < end:
        size = 1 << ((end - start).bit_length() - 1)
        if start:
            size = min(size, start & -start)
        level = size.bit_length() - 1
        keys.append((level, start >> level))
        start += size
    return keys


def fold_right(hashes: Sequence[bytes]) -> bytes:
    """Combine perfect subtrees (left to right) into the RFC 9162 hash of their union."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def _split(size: int) -> int:
    """The largest power of two strictly smaller than ``size`` (RFC 9162's k)."""
    return 1 << ((size - 1).bit_length() - 1)


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """Leaf ranges whose subtree hashes form PATH(index, D[0:size]), leaf first."""
    ranges: list[Range] = []
    low, high = 0, size
    while high - low > 1:
        middle = low + _split(high - low)
        if index < middle:
            ranges.append((middle, high))
            high = middle
        else:
            ranges.append((low, middle))
            low = middle
    return ranges[::-1]


def consistency_ranges(old: int, new: int) -> list[Range]:
    """Leaf ranges whose subtree hashes form PROOF(old, D[0:new]) (RFC 9162 2.1.4)."""
    if old in (0, new):
        return []
    ranges: list[Range] = []
    low, high, is_complete = 0, new, True
    while old != high - low:
        middle = low + _split(high - low)
        if old <= middle - low:
            ranges.append((middle, high))
            high = middle
        else:
            ranges.append((low, middle))
            old -= middle - low
            low, is_complete = middle, False
    if not is_complete:
        ranges.append((low, high))
    return ranges[::-1]


@dataclass
class MerkleLog:
    """Roots and proofs of any tree size, from the stored node hashes of one log."""

    reader: NodeReader

    def root(self, size: int) -> bytes:
        """MTH(D[0:size]); the empty tree hashes to SHA-256 of nothing."""
        _check_sizes(0, size)
        if size == 0:
            return EMPTY_ROOT
        return self._range_hashes([(0, size)])[0]

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """Audit path of leaf ``index`` in the tree of ``size`` leaves, leaf first."""
        if not 0 <= index < size:
            msg = f"leaf index {index} is not in a tree of size {size}"
            raise ValueError(msg)
        return self._range_hashes(inclusion_ranges(index, size))

    def consistency_proof(self, old: int, new: int) -> list[bytes]:
        """Proof that the tree of size ``old`` is a prefix of the tree of size ``new``."""
        _check_sizes(old, new)
        return self._range_hashes(consistency_ranges(old, new))

    def _range_hashes(self, ranges: Sequence[Range]) -> list[bytes]:
        plans = [perfect_nodes(start, end) for start, end in ranges]
        found = read_required(self.reader, [key for plan in plans for key in plan])
        return [fold_right([found[key] for key in plan]) for plan in plans]


def read_required(reader: NodeReader, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
    """Read ``keys`` in one batch; a key that is not stored is an integrity failure."""
    found = reader.read_nodes(keys)
    for level, index in keys:
        if (level, index) not in found:
            msg = f"Merkle node (level {level}, index {index}) is not stored"
            raise IntegrityFailure(msg, kind="node_mismatch", position=index << level)
    return found


def _check_sizes(old: int, new: int) -> None:
    if not 0 <= old <= new:
        msg = f"tree sizes must satisfy 0 <= {old} <= {new}"
        raise ValueError(msg)


@dataclass
class CompactRange:
    """The right border of a growing tree: appends leaves, yields newly completed nodes."""

    size: int = 0
    frontier: list[tuple[NodeKey, bytes]] = field(default_factory=list)

    @classmethod
    def load(cls, reader: NodeReader, size: int) -> CompactRange:
        """The compact range of the stored tree of ``size`` leaves (popcount(size) reads)."""
        keys = perfect_nodes(0, size)
        found = read_required(reader, keys)
        return cls(size, [(key, found[key]) for key in keys])

    def append(self, leaf_hash: bytes) -> list[tuple[NodeKey, bytes]]:
        """Add the next leaf; return the interior nodes (level >= 1) it completes.

        Leaf ``i`` completes one node per trailing 1-bit of ``i``: each merges with the
        frontier's last (left) subtree.
        """
        completed: list[tuple[NodeKey, bytes]] = []
        level, index, node = 0, self.size, leaf_hash
        while index & 1:
            node = node_hash(self.frontier.pop()[1], node)
            level, index = level + 1, index >> 1
            completed.append(((level, index), node))
        self.frontier.append(((level, index), node))
        self.size += 1
        return completed

    def extend(self, leaf_hashes: Iterable[bytes]) -> list[tuple[NodeKey, bytes]]:
        """Append many leaves; return every interior node they complete, in order."""
        return [node for this_hash in leaf_hashes for node in self.append(this_hash)]

    def root(self) -> bytes:
        """MTH of the leaves appended so far."""
        if not self.frontier:
            return EMPTY_ROOT
        return fold_right([node for _, node in self.frontier])


@dataclass(frozen=True, slots=True)
class SealedBatch:
    """What one insert transaction adds beside its events: leaf rows and completed nodes."""

    leaves: list[LeafRow]
    nodes: list[tuple[NodeKey, bytes]]


class FrontierCache:
    """The compact range after this process's last seal, keyed by (tree size, chain head).

    The chain head commits to every leaf, so a key equal to the store's current head proves
    the cached frontier is the store's; any other key (another process wrote, or our last
    transaction rolled back) falls back to reading the frontier.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, bytes] | None = None
        self._frontier: list[tuple[NodeKey, bytes]] = []

    def load(self, reader: NodeReader, size: int, chain: bytes) -> CompactRange:
        """The compact range of the stored tree whose head is (``size``, ``chain``)."""
        with self._lock:
            if self._key == (size, chain):
                return CompactRange(size, list(self._frontier))
        return CompactRange.load(reader, size)

    def remember(self, tree: CompactRange, chain: bytes) -> None:
        """Keep ``tree`` as the frontier of the head (``tree.size``, ``chain``)."""
        with self._lock:
            self._key, self._frontier = (tree.size, chain), list(tree.frontier)


def seal_batch(
    reader: NodeReader,
    size: int,
    chain: bytes,
    rows: Sequence[StoredRow],
    cache: FrontierCache | None = None,
) -> SealedBatch:
    """Seal ``rows`` onto a stored tree of ``size`` leaves whose chain head is ``chain``.

    Reads at most the popcount(size) frontier nodes (none on a cache hit); everything else
    is computed in memory.
    """
    tree = (cache or FrontierCache()).load(reader, size, chain)
    leaves = seal_rows(size, chain, rows)
    batch = SealedBatch(leaves, tree.extend(leaf.leaf_hash for leaf in leaves))
    if cache is not None and leaves:
        cache.remember(tree, leaves[-1].chain_hash)
    return batch
