"""The subject index: what a checkpoint says of every aggregate's latest event (completeness).

At a tree size N the index holds one entry per aggregate with an event among the first N
leaves: its id, its latest version and the leaf index of that version. The entries, sorted by
the id's bytes, are the leaves of an RFC 9162 tree; its size and root ride on the signed
checkpoint as the extension line ``ledger-index/v1 <count> <base64 root>``. A package then
proves that it holds *every* event of a subject up to N: versions 1..k with no gap, and k (with
its leaf) is what the signed index says. Anyone holding the log recomputes the index, and
``verify_store`` does for every stored checkpoint that carries one: a county that signed a
false index has signed a provable lie. Bytes in ``docs/integrity.md``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ledger.integrity.leaf import frame, u64
from ledger.integrity.verify import (
    inclusion_proof_from_hashes,
    leaf_hash,
    root_from_leaf_hashes,
)

INDEX_DOMAIN = b"ledger/index/v1"
INDEX_LINE_PREFIX = "ledger-index/v1 "


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One aggregate's latest event within the tree: id bytes, version, leaf index."""

    originator_id: bytes
    version: int
    leaf_index: int

    def data(self) -> bytes:
        """The entry's leaf data: frame(domain) || frame(id) || frame(u64 version) ||
        frame(u64 leaf index)."""
        return (frame(INDEX_DOMAIN) + frame(self.originator_id) + frame(u64(self.version))
                + frame(u64(self.leaf_index)))


@dataclass(frozen=True, slots=True)
class IndexHead:
    """What the checkpoint commits to: how many entries, and their tree's root."""

    count: int
    root_hash: bytes

    def line(self) -> str:
        """The checkpoint extension line."""
        return f"{INDEX_LINE_PREFIX}{self.count} {base64.b64encode(self.root_hash).decode()}"


def sorted_entries(latest: Mapping[bytes, tuple[int, int]]) -> list[IndexEntry]:
    """The index's entries from ``id -> (version, leaf index)``, sorted by id bytes."""
    return [IndexEntry(key, *latest[key]) for key in sorted(latest)]


def head_of(entries: Sequence[IndexEntry]) -> IndexHead:
    """The count and root of sorted entries."""
    return IndexHead(len(entries), root_from_leaf_hashes([leaf_hash(e.data()) for e in entries]))


def proof_for(entries: Sequence[IndexEntry], position: int) -> list[bytes]:
    """The inclusion path of the entry at ``position``."""
    return inclusion_proof_from_hashes([leaf_hash(e.data()) for e in entries], position)


def index_head(extensions: Iterable[str]) -> IndexHead | None:
    """The index a checkpoint's extension lines commit to (None when there is none or it is
    malformed; a malformed one proves nothing)."""
    for line in extensions:
        if not line.startswith(INDEX_LINE_PREFIX):
            continue
        count, _, root = line.removeprefix(INDEX_LINE_PREFIX).partition(" ")
        try:
            root_hash = base64.b64decode(root, validate=True)
        except (binascii.Error, ValueError):
            return None
        if not count.isascii() or not count.isdigit() or len(root_hash) != 32:
            return None
        return IndexHead(int(count), root_hash)
    return None


class IndexBuilder:
    """Follows the log in leaf order and gives the index head at any size passed."""

    def __init__(self) -> None:
        self.latest: dict[bytes, tuple[int, int]] = {}

    def add(self, originator_id: bytes, version: int, leaf_index: int) -> None:
        """One sealed event, in leaf order."""
        known = self.latest.get(originator_id)
        if known is None or version > known[0]:
            self.latest[originator_id] = (version, leaf_index)

    def entries(self) -> list[IndexEntry]:
        """The sorted entries so far."""
        return sorted_entries(self.latest)

    def head(self) -> IndexHead:
        """The head of the index so far."""
        return head_of(self.entries())
