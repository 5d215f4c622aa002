"""Proofs served from a real store verify, and cost O(log n) node reads in one query."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from ledger.integrity.leaf import event_leaf_hash
from ledger.integrity.merkle_store import MerkleLog, NodeKey
from ledger.integrity.verify import root_from_leaf_hashes, verify_consistency, verify_inclusion
from tests.storage.raw_store import UNBOUNDED
from tests.storage.toy_ledger import Ledger


class CountingReader:
    """Wraps a recorder's node reader and counts node hashes read and queries made."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.keys_read = 0
        self.queries = 0

    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        self.queries += 1
        self.keys_read += len(keys)
        return self.inner.read_nodes(keys)  # type: ignore[no-any-return]


@pytest.fixture
def filled(store_env: dict[str, str]) -> Any:
    app = Ledger(env=store_env)
    for batch in range(12):
        app.open_accounts([f"户{batch}-{n}" for n in range(100 + batch)])
    yield app
    app.close()


def test_random_inclusion_and_consistency_proofs_verify(filled: Ledger) -> None:
    """For random sizes, the store's roots and proofs verify with verify.py."""
    recorder = filled.recorder
    hashes = [event_leaf_hash(row) for row in recorder.select_stored_rows(0, UNBOUNDED, UNBOUNDED)]
    chance = random.Random(20240601)
    for _ in range(30):
        size = chance.randint(1, len(hashes))
        index, old = chance.randrange(size), chance.randint(1, size)
        root = recorder.root(size)
        assert root == root_from_leaf_hashes(hashes[:size])
        verify_inclusion(hashes[index], index, size, recorder.inclusion_proof(index, size), root)
        proof = recorder.consistency_proof(old, size)
        verify_consistency(old, size, recorder.root(old), root, proof)


def test_an_event_is_proved_by_its_notification_id(filled: Ledger) -> None:
    row = filled.recorder.select_stored_rows(500, UNBOUNDED, 1)[0]
    leaf = filled.recorder.leaf_for_notification(row.notification_id)
    size = filled.recorder.tree_size()
    proof = filled.recorder.inclusion_proof(leaf.leaf_index, size)
    verify_inclusion(event_leaf_hash(row), leaf.leaf_index, size, proof, filled.recorder.root())


def test_store_proofs_read_o_log_n_nodes_in_one_query(filled: Ledger) -> None:
    """Each root or proof reads at most 2*ceil(log2 n) + 2 stored hashes, in one query."""
    counting = CountingReader(filled.recorder)
    log = MerkleLog(counting)
    size = filled.recorder.tree_size()
    bound = 2 * math.ceil(math.log2(size)) + 2
    chance = random.Random(7)
    for _ in range(20):
        index, old = chance.randrange(size), chance.randint(1, size)
        for ask in (
            lambda: log.root(size),
            lambda: log.inclusion_proof(index, size),  # noqa: B023 - called at once
            lambda: log.consistency_proof(old, size),  # noqa: B023 - called at once
        ):
            counting.keys_read = counting.queries = 0
            ask()
            assert counting.keys_read <= bound
            assert counting.queries == 1


def test_sizes_beyond_the_tree_are_refused(filled: Ledger) -> None:
    size = filled.recorder.tree_size()
    with pytest.raises(ValueError, match="outside the sealed tree"):
        filled.recorder.root(size + 1)
