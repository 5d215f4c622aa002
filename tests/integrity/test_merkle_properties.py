"""The Merkle module against a naive reference written straight from the RFC 9162 definitions.

The reference below shares no code with ``ledger.integrity.verify``: it hashes with hashlib
itself and recurses exactly as RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1 (PROOF,
SUBPROOF) are written. Its verifiers are those definitions run backwards.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.errors import ProofError
from ledger.integrity.verify import (
    consistency_proof,
    consistency_proof_from_hashes,
    inclusion_proof,
    inclusion_proof_from_hashes,
    leaf_hash,
    merkle_root,
    root_from_consistency_proof,
    root_from_inclusion_proof,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

# --- the naive reference ------------------------------------------------------------------


def ref_leaf(data: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 || d)."""
    return hashlib.sha256(b"\x00" + data).digest()


def ref_node(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def ref_split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(data: Sequence[bytes]) -> bytes:
    """MTH(D[n]) by its recursive definition."""
    if not data:
        return hashlib.sha256(b"").digest()
    if len(data) == 1:
        return ref_leaf(data[0])
    k = ref_split(len(data))
    return ref_node(ref_mth(data[:k]), ref_mth(data[k:]))


def ref_path(m: int, data: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n])."""
    if len(data) == 1:
        return []
    k = ref_split(len(data))
    if m < k:
        return [*ref_path(m, data[:k]), ref_mth(data[k:])]
    return [*ref_path(m - k, data[k:]), ref_mth(data[:k])]


def ref_subproof(m: int, data: Sequence[bytes], complete: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b)."""
    if m == len(data):
        return [] if complete else [ref_mth(data)]
    k = ref_split(len(data))
    if m <= k:
        return [*ref_subproof(m, data[:k], complete), ref_mth(data[k:])]
    return [*ref_subproof(m - k, data[k:], False), ref_mth(data[:k])]


def ref_root_from_path(leaf: bytes, m: int, n: int, path: list[bytes]) -> bytes | None:
    """PATH run backwards: the root a path implies, or None if its length cannot fit."""
    if n == 1:
        return None if path else leaf
    if not path:
        return None
    k, top = ref_split(n), path[-1]
    if m < k:
        below = ref_root_from_path(leaf, m, k, path[:-1])
        return None if below is None else ref_node(below, top)
    below = ref_root_from_path(leaf, m - k, n - k, path[:-1])
    return None if below is None else ref_node(top, below)


def ref_inclusion_holds(leaf: bytes, m: int, n: int, path: list[bytes], root: bytes) -> bool:
    """Whether the reference accepts an inclusion proof."""
    return 0 <= m < n and ref_root_from_path(leaf, m, n, path) == root


def ref_roots_from_subproof(
    m: int, n: int, proof: list[bytes], complete: bool, old_root: bytes
) -> tuple[bytes, bytes] | None:
    """SUBPROOF run backwards: (old subtree hash, new subtree hash), or None."""
    if m == n:
        if complete:
            return None if proof else (old_root, old_root)
        return (proof[0], proof[0]) if len(proof) == 1 else None
    if not proof:
        return None
    k, top = ref_split(n), proof[-1]
    if m <= k:
        below = ref_roots_from_subproof(m, k, proof[:-1], complete, old_root)
        return None if below is None else (below[0], ref_node(below[1], top))
    below = ref_roots_from_subproof(m - k, n - k, proof[:-1], False, old_root)
    return None if below is None else (ref_node(top, below[0]), ref_node(top, below[1]))


def ref_consistency_holds(
    m: int, n: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> bool:
    """Whether the reference accepts a consistency proof (from a non-empty tree)."""
    if not 0 < m <= n:
        return False
    return ref_roots_from_subproof(m, n, proof, True, old_root) == (old_root, new_root)


# --- helpers ------------------------------------------------------------------------------


def entries(n: int, salt: int = 0) -> list[bytes]:
    """n distinct leaf entries."""
    return [f"台账 {salt}/{i}".encode() for i in range(n)]


def inclusion_accepted(leaf: bytes, m: int, n: int, path: list[bytes], root: bytes) -> bool:
    """Whether the module accepts (it raises ProofError otherwise, never anything else)."""
    try:
        verify_inclusion(leaf, m, n, path, root)
    except ProofError:
        return False
    return True


def consistency_accepted(m: int, n: int, old: bytes, new: bytes, proof: list[bytes]) -> bool:
    """Whether the module accepts a consistency proof."""
    try:
        verify_consistency(m, n, old, new, proof)
    except ProofError:
        return False
    return True


def flip_bit(proof: list[bytes], element: int, bit: int) -> list[bytes]:
    """The proof with one bit of one element inverted."""
    mutated = list(proof)
    target = bytearray(mutated[element])
    target[bit // 8] ^= 1 << (bit % 8)
    mutated[element] = bytes(target)
    return mutated


POWERS = [2**k + d for k in range(1, 12) for d in (-1, 0, 1)]
SIZES = st.one_of(st.integers(1, 3000), st.sampled_from(POWERS))
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tree_and_leaf(draw: st.DrawFn, min_size: int = 1) -> tuple[list[bytes], int]:
    """A tree of entries and one index in it."""
    n = draw(SIZES.filter(lambda size: size >= min_size))
    return entries(n, draw(st.integers(0, 99))), draw(st.integers(0, n - 1))


@st.composite
def tree_and_old_size(draw: st.DrawFn) -> tuple[list[bytes], int]:
    """A tree of at least two entries and a strictly smaller, non-zero old size."""
    n = draw(SIZES.filter(lambda size: size >= 2))
    return entries(n, draw(st.integers(0, 99))), draw(st.integers(1, n - 1))


# --- exhaustive agreement on small trees --------------------------------------------------


def test_roots_agree_with_reference_for_sizes_up_to_70() -> None:
    """Roots of 0..70 entries equal the recursive MTH, from data and from leaf hashes."""
    for n in range(71):
        data = entries(n)
        assert merkle_root(data) == ref_mth(data)
        assert root_from_leaf_hashes([leaf_hash(d) for d in data]) == ref_mth(data)


def test_every_inclusion_proof_of_small_trees_agrees_and_verifies() -> None:
    """For every leaf of every tree up to 40 entries, PATH agrees and verifies."""
    for n in range(1, 41):
        data = entries(n)
        root = ref_mth(data)
        for m in range(n):
            path = inclusion_proof(data, m)
            assert path == ref_path(m, data)
            verify_inclusion(ref_leaf(data[m]), m, n, path, root)


def test_every_consistency_proof_of_small_trees_agrees_and_verifies() -> None:
    """For every old size of every tree up to 40 entries, PROOF agrees and verifies."""
    for n in range(1, 41):
        data = entries(n)
        for m in range(1, n + 1):
            proof = consistency_proof(data, m)
            assert proof == ref_subproof(m, data, True)
            verify_consistency(m, n, ref_mth(data[:m]), ref_mth(data), proof)


# --- differential properties on large trees -----------------------------------------------


@FAST
@given(st.integers(0, 3000))
def test_roots_agree_with_reference(n: int) -> None:
    """The level-by-level root equals the recursive MTH for any size."""
    data = entries(n)
    assert merkle_root(data) == ref_mth(data)


@FAST
@given(tree_and_leaf())
def test_inclusion_proofs_agree_with_reference(case: tuple[list[bytes], int]) -> None:
    """Generated audit paths equal PATH, and imply the tree's root."""
    data, m = case
    path = inclusion_proof_from_hashes([ref_leaf(d) for d in data], m)
    assert path == ref_path(m, data)
    assert root_from_inclusion_proof(ref_leaf(data[m]), m, len(data), path) == ref_mth(data)


@FAST
@given(tree_and_old_size())
def test_consistency_proofs_agree_with_reference(case: tuple[list[bytes], int]) -> None:
    """Generated consistency proofs equal PROOF, and imply the new root from the old."""
    data, m = case
    proof = consistency_proof_from_hashes([ref_leaf(d) for d in data], m)
    assert proof == ref_subproof(m, data, True)
    assert root_from_consistency_proof(m, len(data), ref_mth(data[:m]), proof) == ref_mth(data)


# --- every mutated inclusion proof is rejected --------------------------------------------


@FAST
@given(tree_and_leaf(min_size=2), st.data())
def test_inclusion_proof_with_a_flipped_bit_is_rejected(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """Inverting any one bit of any path element breaks the proof."""
    entries_, m = case
    path = ref_path(m, entries_)
    element = data.draw(st.integers(0, len(path) - 1))
    mutated = flip_bit(path, element, data.draw(st.integers(0, 255)))
    assert not inclusion_accepted(
        ref_leaf(entries_[m]), m, len(entries_), mutated, ref_mth(entries_)
    )


@FAST
@given(tree_and_leaf(min_size=2), st.data())
def test_inclusion_proof_missing_an_element_is_rejected(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """Dropping any path element breaks the proof."""
    entries_, m = case
    path = ref_path(m, entries_)
    del path[data.draw(st.integers(0, len(path) - 1))]
    assert not inclusion_accepted(ref_leaf(entries_[m]), m, len(entries_), path, ref_mth(entries_))


@FAST
@given(tree_and_leaf(), st.data())
def test_inclusion_proof_with_an_extra_element_is_rejected(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """Inserting a hash anywhere in the path breaks the proof."""
    entries_, m = case
    path = ref_path(m, entries_)
    extra = data.draw(st.sampled_from([ref_mth(entries_), ref_leaf(entries_[m]), bytes(32)]))
    path.insert(data.draw(st.integers(0, len(path))), extra)
    assert not inclusion_accepted(ref_leaf(entries_[m]), m, len(entries_), path, ref_mth(entries_))


@FAST
@given(tree_and_leaf(), st.data())
def test_inclusion_proof_for_another_index_is_rejected(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """A valid path claimed for any other index (in range or not) is rejected."""
    entries_, m = case
    n, path, root = len(entries_), ref_path(m, entries_), ref_mth(entries_)
    other = data.draw(st.integers(-3, n + 3).filter(lambda index: index != m))
    assert not inclusion_accepted(ref_leaf(entries_[m]), other, n, path, root)
    assert not ref_inclusion_holds(ref_leaf(entries_[m]), other, n, path, root)


@FAST
@given(tree_and_leaf(), st.data())
def test_inclusion_proof_for_another_size_is_judged_like_the_reference(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """A path claimed for another size is accepted exactly when the reference accepts it.

    That can happen: leaf 0 has the same path shape in trees of 3 and 4 entries, so the
    same hashes lead to the same root. The signed root, not the proof, binds the size.
    """
    entries_, m = case
    n, path, root = len(entries_), ref_path(m, entries_), ref_mth(entries_)
    other = data.draw(st.integers(0, 2 * n + 2).filter(lambda size: size != n))
    leaf = ref_leaf(entries_[m])
    accepted = inclusion_accepted(leaf, m, other, path, root)
    assert accepted == ref_inclusion_holds(leaf, m, other, path, root)


# --- every mutated consistency proof is rejected ------------------------------------------


@FAST
@given(tree_and_old_size(), st.data())
def test_consistency_proof_with_a_flipped_bit_is_rejected(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """Inverting any one bit of any consistency proof element breaks the proof."""
    entries_, m = case
    proof = ref_subproof(m, entries_, True)
    element = data.draw(st.integers(0, len(proof) - 1))
    mutated = flip_bit(proof, element, data.draw(st.integers(0, 255)))
    old, new = ref_mth(entries_[:m]), ref_mth(entries_)
    assert not consistency_accepted(m, len(entries_), old, new, mutated)


@FAST
@given(tree_and_old_size(), st.data())
def test_consistency_proof_missing_an_element_is_rejected(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """Dropping any consistency proof element breaks the proof."""
    entries_, m = case
    proof = ref_subproof(m, entries_, True)
    del proof[data.draw(st.integers(0, len(proof) - 1))]
    old, new = ref_mth(entries_[:m]), ref_mth(entries_)
    assert not consistency_accepted(m, len(entries_), old, new, proof)


@FAST
@given(tree_and_old_size(), st.data())
def test_consistency_proof_with_an_extra_element_is_rejected(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """Inserting a hash (such as the old root) anywhere breaks the proof."""
    entries_, m = case
    proof = ref_subproof(m, entries_, True)
    old, new = ref_mth(entries_[:m]), ref_mth(entries_)
    proof.insert(data.draw(st.integers(0, len(proof))), data.draw(st.sampled_from([old, new])))
    assert not consistency_accepted(m, len(entries_), old, new, proof)


@FAST
@given(tree_and_old_size(), st.data())
def test_consistency_proof_for_another_old_size_is_judged_like_the_reference(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """A proof claimed from another old size is accepted exactly when the reference accepts."""
    entries_, m = case
    n, proof = len(entries_), ref_subproof(m, entries_, True)
    old, new = ref_mth(entries_[:m]), ref_mth(entries_)
    other = data.draw(st.integers(-1, n + 2).filter(lambda size: size != m))
    assert consistency_accepted(other, n, old, new, proof) == ref_consistency_holds(
        other, n, old, new, proof
    )


@FAST
@given(tree_and_old_size(), st.data())
def test_consistency_proof_for_another_new_size_is_judged_like_the_reference(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    """A proof claimed for another new size is accepted exactly when the reference accepts."""
    entries_, m = case
    n, proof = len(entries_), ref_subproof(m, entries_, True)
    old, new = ref_mth(entries_[:m]), ref_mth(entries_)
    other = data.draw(st.integers(0, 2 * n + 2).filter(lambda size: size != n))
    assert consistency_accepted(m, other, old, new, proof) == ref_consistency_holds(
        m, other, old, new, proof
    )


@FAST
@given(tree_and_old_size())
def test_consistency_proof_with_swapped_roots_is_rejected(case: tuple[list[bytes], int]) -> None:
    """Exchanging the old and new roots breaks the proof."""
    entries_, m = case
    proof = ref_subproof(m, entries_, True)
    old, new = ref_mth(entries_[:m]), ref_mth(entries_)
    assert not consistency_accepted(m, len(entries_), new, old, proof)


# --- the documented edge cases ------------------------------------------------------------


def test_nothing_is_included_in_the_empty_tree() -> None:
    """Any inclusion proof against size 0 is out of range."""
    with pytest.raises(ProofError) as caught:
        verify_inclusion(ref_leaf(b"x"), 0, 0, [], hashlib.sha256(b"").digest())
    assert caught.value.kind == "out_of_range"


def test_consistency_from_the_empty_tree_is_refused() -> None:
    """old_size 0 is always refused, even towards another empty tree."""
    empty = hashlib.sha256(b"").digest()
    for new_size, new_root in ((0, empty), (1, ref_mth(entries(1)))):
        with pytest.raises(ProofError) as caught:
            verify_consistency(0, new_size, empty, new_root, [])
        assert caught.value.kind == "empty_tree"


def test_equal_sizes_need_an_empty_proof_and_equal_roots() -> None:
    """Same size: the empty proof with the same root passes, anything else fails."""
    root = ref_mth(entries(5))
    verify_consistency(5, 5, root, root, [])
    with pytest.raises(ProofError) as non_empty:
        verify_consistency(5, 5, root, root, [root])
    with pytest.raises(ProofError) as different:
        verify_consistency(5, 5, root, ref_mth(entries(5, salt=1)), [])
    assert (non_empty.value.kind, different.value.kind) == ("proof_length", "root_mismatch")


def test_short_proof_element_is_reported_with_its_position() -> None:
    """A proof element that is not 32 bytes is a hash_size error at its index."""
    data = entries(8)
    path = inclusion_proof(data, 3)
    path[1] = path[1][:31]
    with pytest.raises(ProofError) as caught:
        verify_inclusion(ref_leaf(data[3]), 3, 8, path, ref_mth(data))
    assert (caught.value.kind, caught.value.position) == ("hash_size", 1)


def test_root_mismatch_carries_expected_and_calculated_roots() -> None:
    """A proof for one tree checked against another root names both roots."""
    data, other = entries(6), ref_mth(entries(6, salt=1))
    proof = consistency_proof(data, 3)
    with pytest.raises(ProofError) as caught:
        verify_consistency(3, 6, ref_mth(data[:3]), other, proof)
    assert (caught.value.expected, caught.value.calculated) == (other, ref_mth(data))


def test_old_root_mismatch_is_reported_at_the_old_size() -> None:
    """A wrong old root is detected before the new root is even considered."""
    data = entries(6)
    wrong_old = ref_mth(entries(3, salt=1))
    with pytest.raises(ProofError) as caught:
        verify_consistency(3, 6, wrong_old, ref_mth(data), consistency_proof(data, 3))
    assert (caught.value.kind, caught.value.position) == ("root_mismatch", 3)
    assert caught.value.expected == wrong_old


@pytest.mark.parametrize("index", [-1, 4, 5])
def test_no_inclusion_proof_is_generated_outside_the_tree(index: int) -> None:
    """Asking for a leaf the tree does not have raises out_of_range."""
    with pytest.raises(ProofError) as caught:
        inclusion_proof(entries(4), index)
    assert caught.value.kind == "out_of_range"


@pytest.mark.parametrize(("old_size", "kind"), [(0, "empty_tree"), (5, "out_of_range")])
def test_no_consistency_proof_is_generated_for_impossible_sizes(old_size: int, kind: str) -> None:
    """No proof exists from the empty tree, nor from a tree larger than the current one."""
    with pytest.raises(ProofError) as caught:
        consistency_proof(entries(4), old_size)
    assert caught.value.kind == kind


def test_equal_sizes_generate_the_empty_proof() -> None:
    """PROOF(n, D[n]) is empty."""
    assert consistency_proof(entries(6), 6) == []


def test_overlong_inclusion_proof_is_reported_as_a_length_error() -> None:
    """Extra hashes after a complete path are refused as too long, not hashed on."""
    data = entries(8)
    path = [*inclusion_proof(data, 3), ref_mth(data)]
    with pytest.raises(ProofError) as caught:
        verify_inclusion(ref_leaf(data[3]), 3, 8, path, ref_mth(data))
    assert caught.value.kind == "proof_length"


def test_short_consistency_proof_is_reported_as_a_length_error() -> None:
    """A consistency proof missing its last hash is refused as too short."""
    data = entries(7)
    proof = consistency_proof(data, 3)[:-1]
    with pytest.raises(ProofError) as caught:
        verify_consistency(3, 7, ref_mth(data[:3]), ref_mth(data), proof)
    assert caught.value.kind == "proof_length"
