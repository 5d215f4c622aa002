"""RFC 9162 Merkle tree hashing, proofs and their verification (stdlib only; one sitting).

Trees are the Merkle Tree Hash (MTH) of RFC 9162 §2.1.1 over SHA-256. Proofs are lists of
32-byte hashes ordered from the leaf (or old subtree) up to the root, exactly as RFC 9162
§2.1.3.1 (PATH) and §2.1.4.1 (PROOF) define them.

The verifiers never return a bool: they return ``None`` or raise :class:`ProofError`, whose
``kind`` says what was wrong:

``out_of_range``   index >= tree size, a negative number, or an old size above the new size
``empty_tree``     a consistency proof from size 0 (meaningless; see :func:`verify_consistency`)
``hash_size``      a leaf hash, root or proof element is not 32 bytes (``position`` = proof index)
``proof_length``   the proof has too many or too few elements for the sizes given
``root_mismatch``  the recomputed root differs (``expected`` and ``calculated`` carry both roots)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ledger.errors import ProofError

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf_data: bytes) -> bytes:
    """MTH of a single entry: SHA-256(0x00 || leaf_data)."""
    return hashlib.sha256(LEAF_PREFIX + leaf_data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


# --- building trees and proofs ------------------------------------------------------------


def merkle_root(leaf_data: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of raw entries; the empty tree's root is SHA-256 of the empty string."""
    return root_from_leaf_hashes([leaf_hash(data) for data in leaf_data])


def inclusion_proof(leaf_data: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) of raw entries (RFC 9162 §2.1.3.1)."""
    return inclusion_proof_from_hashes([leaf_hash(data) for data in leaf_data], index)


def consistency_proof(leaf_data: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(old_size, D[n]) of raw entries (RFC 9162 §2.1.4.1)."""
    return consistency_proof_from_hashes([leaf_hash(data) for data in leaf_data], old_size)


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH of a tree given its stored leaf hashes (what the store keeps)."""
    return _levels(hashes)[-1][0] if hashes else EMPTY_ROOT


def inclusion_proof_from_hashes(hashes: Sequence[bytes], index: int) -> list[bytes]:
    """Audit path of leaf ``index`` from the stored leaf hashes; needs 0 <= index < n."""
    if not 0 <= index < len(hashes):
        raise ProofError(
            f"no leaf {index} in a tree of size {len(hashes)}", kind="out_of_range", position=index
        )
    return _path(_levels(hashes), 0, index)


def consistency_proof_from_hashes(hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """Consistency proof from the first ``old_size`` leaves to all of them, from leaf hashes.

    Equal sizes give the empty proof. Raises unless 0 < old_size <= n (no proof from the empty
    tree exists: every tree extends it).
    """
    if not 0 < old_size <= len(hashes):
        raise ProofError(
            f"no consistency proof from size {old_size} to size {len(hashes)}",
            kind="empty_tree" if old_size == 0 else "out_of_range",
            position=old_size,
        )
    if old_size == len(hashes):
        return []
    levels = _levels(hashes)
    # The old tree's rightmost complete subtree (2**shift leaves) is a node of the new tree;
    # the proof is that node (unless it is the whole old tree) plus its path to the new root.
    shift = (old_size & -old_size).bit_length() - 1
    index = (old_size - 1) >> shift
    seed = [] if old_size == 1 << shift else [levels[shift][index]]
    return seed + _path(levels, shift, index)


def _levels(hashes: Sequence[bytes]) -> list[list[bytes]]:
    """Every level of the tree, leaves first; an unpaired last node moves up unchanged.

    Node ``j`` of level ``h`` is the MTH of leaves ``[j * 2**h, min((j + 1) * 2**h, n))``.
    """
    levels = [list(hashes)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        pairs = range(0, len(below) - 1, 2)
        above = [node_hash(below[i], below[i + 1]) for i in pairs]
        levels.append(above + below[-1:] if len(below) % 2 else above)
    return levels


def _path(levels: list[list[bytes]], level: int, index: int) -> list[bytes]:
    """Siblings of node ``index`` at ``level`` on the way up to the root."""
    path: list[bytes] = []
    for row in levels[level:-1]:
        if index ^ 1 < len(row):
            path.append(row[index ^ 1])
        index >>= 1
    return path


# --- verifying proofs ---------------------------------------------------------------------


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``tree_size`` with ``root``.

    A tree of size 0 includes nothing, so every proof against it is rejected (out_of_range).
    """
    _check_hash(root, "root")
    calculated = root_from_inclusion_proof(leaf_hash, index, tree_size, proof)
    if calculated != root:
        raise ProofError(
            f"inclusion proof for leaf {index} does not lead to the tree's root",
            kind="root_mismatch",
            position=index,
            expected=root,
            calculated=calculated,
        )


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes]
) -> bytes:
    """The root that an inclusion proof implies (RFC 9162 §2.1.3.2 steps 1-5, minus the compare)."""
    if not 0 <= index < tree_size:
        raise ProofError(
            f"leaf index {index} is outside a tree of size {tree_size}",
            kind="out_of_range",
            position=index,
        )
    _check_hash(leaf_hash, "leaf hash")
    _check_proof(proof)
    fn, sn, r = index, tree_size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise _wrong_length(len(proof), "too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise _wrong_length(len(proof), "too short")
    return r


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree (``new_size``, ``new_root``) extends (``old_size``, ``old_root``).

    Edge cases, as the transparency-dev probes expect:
    equal sizes need an empty proof and byte-equal roots (nothing is hashed, so their length is
    not checked); ``old_size == 0`` is always rejected (``empty_tree``: the empty tree is a
    prefix of every tree, so such a proof would prove nothing; callers that start from nothing,
    like a witness, accept the first tree they see without a proof).
    """
    calculated = root_from_consistency_proof(old_size, new_size, old_root, proof)
    if calculated != new_root:
        raise ProofError(
            f"consistency proof does not lead to the root of size {new_size}",
            kind="root_mismatch",
            position=new_size,
            expected=new_root,
            calculated=calculated,
        )


def root_from_consistency_proof(
    old_size: int, new_size: int, old_root: bytes, proof: Sequence[bytes]
) -> bytes:
    """The new root a consistency proof implies, after checking it reproduces ``old_root``.

    Follows RFC 9162 §2.1.4.2; the edge cases are those of :func:`verify_consistency`.
    """
    _check_sizes(old_size, new_size)
    # RFC 9162 leaves equal sizes out (its step 1 refuses the empty proof they need).
    if old_size == new_size:
        if proof:
            raise _wrong_length(len(proof), "not empty although the sizes are equal")
        return old_root
    _check_hash(old_root, "old root")
    _check_proof(proof)
    if not proof:
        raise _wrong_length(0, "empty")
    path = [old_root, *proof] if old_size & (old_size - 1) == 0 else list(proof)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise _wrong_length(len(proof), "too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise _wrong_length(len(proof), "too short")
    if fr != old_root:
        raise ProofError(
            f"consistency proof does not reproduce the root of size {old_size}",
            kind="root_mismatch",
            position=old_size,
            expected=old_root,
            calculated=fr,
        )
    return sr


def _check_sizes(old_size: int, new_size: int) -> None:
    if not 0 <= old_size <= new_size:
        raise ProofError(
            f"cannot prove size {old_size} consistent with size {new_size}",
            kind="out_of_range",
            position=old_size,
        )
    if old_size == 0:
        raise ProofError(
            "a consistency proof from the empty tree proves nothing", kind="empty_tree", position=0
        )


def _check_hash(value: bytes, what: str, position: int | None = None) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(
            f"{what} is {len(value)} bytes, not {HASH_SIZE}", kind="hash_size", position=position
        )


def _check_proof(proof: Sequence[bytes]) -> None:
    for position, element in enumerate(proof):
        _check_hash(element, f"proof element {position}", position)


def _wrong_length(length: int, how: str) -> ProofError:
    return ProofError(f"proof of {length} hashes is {how}", kind="proof_length", position=length)
