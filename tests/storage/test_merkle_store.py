"""Stored-node Merkle log: golden CT vectors, and agreement with the in-memory reference."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import IntegrityFailure
from ledger.integrity.merkle_store import CompactRange, MerkleLog, NodeKey, perfect_nodes
from ledger.integrity.verify import (
    consistency_proof_from_hashes,
    inclusion_proof_from_hashes,
    leaf_hash,
    root_from_leaf_hashes,
)


def _vectors_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "vectors"


class DictNodes:
    """An in-memory node store that counts what it is asked for."""

    def __init__(self) -> None:
        self.nodes: dict[NodeKey, bytes] = {}
        self.keys_read = 0
        self.queries = 0

    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        self.queries += 1
        self.keys_read += len(keys)
        return {key: self.nodes[key] for key in keys if key in self.nodes}


def stored_tree(hashes: Sequence[bytes]) -> DictNodes:
    """Append ``hashes`` one by one, storing leaves and every completed node."""
    store, tree = DictNodes(), CompactRange()
    for index, this_hash in enumerate(hashes):
        store.nodes[(0, index)] = this_hash
        store.nodes.update(tree.append(this_hash))
    return store


def hashes_of(count: int) -> list[bytes]:
    return [leaf_hash(f"事件{n}".encode()) for n in range(count)]


@pytest.fixture(scope="module")
def reference_tree() -> dict[str, object]:
    with (_vectors_dir() / "ct_reference_tree_8_leaves.json").open() as file:
        vectors: dict[str, object] = json.load(file)
    return vectors


def test_stored_nodes_are_the_ct_reference_tree_nodes(reference_tree: dict[str, object]) -> None:
    """Every node stored while appending the 8 CT leaves equals the published node hash."""
    inputs = [bytes.fromhex(x) for x in reference_tree["leaf_inputs_hex"]]  # type: ignore[attr-defined]
    store = stored_tree([leaf_hash(data) for data in inputs])
    levels = reference_tree["node_hashes_by_level_hex"]
    for level, row in enumerate(levels):  # type: ignore[arg-type]
        for index, expected in enumerate(row):
            assert store.nodes[(level, index)].hex() == expected


def test_roots_and_proofs_match_the_ct_reference_tree(reference_tree: dict[str, object]) -> None:
    inputs = [bytes.fromhex(x) for x in reference_tree["leaf_inputs_hex"]]  # type: ignore[attr-defined]
    log = MerkleLog(stored_tree([leaf_hash(data) for data in inputs]))
    for size, root in enumerate(reference_tree["roots_hex"], start=1):  # type: ignore[arg-type]
        assert log.root(size).hex() == root
    for case in reference_tree["inclusion_proofs"]:  # type: ignore[attr-defined]
        proof = log.inclusion_proof(case["leaf_index"], case["tree_size"])
        assert [x.hex() for x in proof] == case["path_hex"]
    for case in reference_tree["consistency_proofs"]:  # type: ignore[attr-defined]
        proof = log.consistency_proof(case["size1"], case["size2"])
        assert [x.hex() for x in proof] == case["proof_hex"]


@given(st.integers(min_value=0, max_value=300), st.data())
def test_stored_node_answers_equal_the_in_memory_reference(size: int, data: st.DataObject) -> None:
    """Root, inclusion and consistency from stored nodes equal verify.py's full computation."""
    hashes = hashes_of(size)
    log = MerkleLog(stored_tree(hashes))
    assert log.root(size) == root_from_leaf_hashes(hashes)
    if size:
        index = data.draw(st.integers(min_value=0, max_value=size - 1))
        assert log.inclusion_proof(index, size) == inclusion_proof_from_hashes(hashes, index)
        old = data.draw(st.integers(min_value=1, max_value=size))
        assert log.consistency_proof(old, size) == consistency_proof_from_hashes(hashes, old)


@given(st.integers(min_value=1, max_value=5000), st.data())
def test_every_answer_is_one_batch_of_o_log_n_node_reads(size: int, data: st.DataObject) -> None:
    """At most 2*ceil(log2 n) + 2 node hashes, in a single read, for any query."""
    store = DictNodes()
    store.nodes = {key: bytes(32) for key in _all_keys(size)}
    log, bound = MerkleLog(store), 2 * math.ceil(math.log2(size)) + 2
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    old = data.draw(st.integers(min_value=1, max_value=size))
    for ask in (
        lambda: log.root(size),
        lambda: log.inclusion_proof(index, size),
        lambda: log.consistency_proof(old, size),
    ):
        store.keys_read = store.queries = 0
        ask()
        assert store.keys_read <= bound
        assert store.queries == 1


def _all_keys(size: int) -> list[NodeKey]:
    return [(level, index) for level in range(14) for index in range(size >> level)]


def test_appending_in_batches_equals_appending_one_by_one() -> None:
    """A compact range loaded from stored nodes continues exactly where it stopped."""
    hashes = hashes_of(77)
    whole = stored_tree(hashes)
    partial = stored_tree(hashes[:45])
    resumed = CompactRange.load(partial, 45)
    partial.nodes.update(resumed.extend(hashes[45:]))
    partial.nodes.update({(0, n): hashes[n] for n in range(45, 77)})
    assert partial.nodes == whole.nodes
    assert resumed.root() == root_from_leaf_hashes(hashes)


def test_frontier_of_a_size_is_its_binary_decomposition() -> None:
    assert perfect_nodes(0, 13) == [(3, 0), (2, 2), (0, 12)]
    assert perfect_nodes(0, 0) == []


def test_a_missing_stored_node_is_an_integrity_failure() -> None:
    store = stored_tree(hashes_of(8))
    del store.nodes[(1, 2)]
    with pytest.raises(IntegrityFailure) as caught:
        MerkleLog(store).root(7)
    assert caught.value.kind == "node_mismatch"
    assert caught.value.position == 4


def test_out_of_range_questions_are_refused() -> None:
    log = MerkleLog(stored_tree(hashes_of(4)))
    with pytest.raises(ValueError, match="not in a tree"):
        log.inclusion_proof(4, 4)
    with pytest.raises(ValueError, match="tree sizes"):
        log.consistency_proof(3, 2)
