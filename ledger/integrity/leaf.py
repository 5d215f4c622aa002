"""Canonical leaf bytes and the hash chain (a persisted contract: see docs/integrity.md).

A leaf is defined over the bytes *as stored*: the notification id, the originator id, the
originator version, the topic and the stored state (possibly compressed or encrypted). So a
verifier needs no decryption key, and the chain survives crypto-shredding.

    leaf  = frame(LEAF_TAG) || frame(u64 notification id) || frame(originator id bytes)
            || frame(u64 originator version) || frame(UTF-8 topic) || frame(state)
    frame(x) = u32_be(len(x)) || x

The Merkle leaf hash is RFC 9162's SHA-256(0x00 || leaf). The chain links leaf hashes in
leaf-index order: chain_i = SHA-256(CHAIN_TAG || chain_{i-1} || leaf_hash_i), chain_{-1} =
CHAIN_GENESIS. The leaf index (0-based, contiguous) is not the notification id: PostgreSQL ids
have gaps.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.integrity.verify import leaf_hash

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

LEAF_TAG = b"ledger/leaf/v1"
CHAIN_TAG = b"ledger/chain/v1"
CHAIN_GENESIS = bytes(32)
FRAME_LENGTH_BYTES = 4
INTEGER_BYTES = 8
UUID_BYTES = 16
MAX_U64 = 2**64 - 1


@dataclass(frozen=True, slots=True)
class LeafRow:
    """One sealed leaf as stored beside the events: position, event id and its two hashes."""

    leaf_index: int
    notification_id: int
    leaf_hash: bytes
    chain_hash: bytes


@dataclass(frozen=True, slots=True)
class StoredRow:
    """The stored fields of one event row that a leaf commits to."""

    notification_id: int
    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes


def frame(field: bytes) -> bytes:
    """Length-prefix one field (u32 big-endian length, then the bytes)."""
    return len(field).to_bytes(FRAME_LENGTH_BYTES, "big") + field


def u64(value: int) -> bytes:
    """Encode an integer as 8 big-endian bytes; refuse what does not fit."""
    if not 0 <= value <= MAX_U64:
        msg = f"integer {value} does not fit in an unsigned 64-bit leaf field"
        raise ValueError(msg)
    return value.to_bytes(INTEGER_BYTES, "big")


def originator_id_bytes(originator_id: UUID | str) -> bytes:
    """The 16 bytes of a UUID id; the UTF-8 bytes of a text id (ORIGINATOR_ID_TYPE=text)."""
    if isinstance(originator_id, UUID):
        return originator_id.bytes
    return originator_id.encode("utf-8")


def leaf_bytes(row: StoredRow) -> bytes:
    """The canonical, domain-separated leaf data of one stored event row.

    Equal to ``frame(LEAF_TAG) + frame(u64(id)) + frame(originator) + frame(u64(version))
    + frame(topic) + frame(state)``; packed with ``struct`` because it runs for every event.
    """
    originator = originator_id_bytes(row.originator_id)
    topic = row.topic.encode("utf-8")
    state = bytes(row.state)
    try:
        return b"".join(
            (
                _FRAMED_LEAF_TAG,
                _U64_FIELD.pack(INTEGER_BYTES, row.notification_id),
                _LENGTH.pack(len(originator)),
                originator,
                _U64_FIELD.pack(INTEGER_BYTES, row.originator_version),
                _LENGTH.pack(len(topic)),
                topic,
                _LENGTH.pack(len(state)),
                state,
            )
        )
    except struct.error:
        msg = (
            f"notification id {row.notification_id} or version {row.originator_version} "
            "does not fit an unsigned 64-bit leaf field"
        )
        raise ValueError(msg) from None


_FRAMED_LEAF_TAG = frame(LEAF_TAG)
_LENGTH = struct.Struct(">I")
_U64_FIELD = struct.Struct(">IQ")


def event_leaf_hash(row: StoredRow) -> bytes:
    """RFC 9162 leaf hash of the row's canonical leaf bytes."""
    return leaf_hash(leaf_bytes(row))


def chain_link(previous: bytes, this_leaf_hash: bytes) -> bytes:
    """Next chain value: SHA-256(CHAIN_TAG || previous || leaf hash)."""
    return hashlib.sha256(CHAIN_TAG + previous + this_leaf_hash).digest()


def seal_rows(first_index: int, previous_chain: bytes, rows: Iterable[StoredRow]) -> list[LeafRow]:
    """Leaf rows for events appended at ``first_index`` onwards, continuing the chain."""
    sealed: list[LeafRow] = []
    chain = previous_chain
    for offset, row in enumerate(rows):
        this_hash = event_leaf_hash(row)
        chain = chain_link(chain, this_hash)
        sealed.append(LeafRow(first_index + offset, row.notification_id, this_hash, chain))
    return sealed


def chain_of(leaf_hashes: Sequence[bytes], previous: bytes = CHAIN_GENESIS) -> bytes:
    """The chain value after linking ``leaf_hashes`` onto ``previous`` (reference helper)."""
    chain = previous
    for this_hash in leaf_hashes:
        chain = chain_link(chain, this_hash)
    return chain
