"""Events saved through an eventsourcing Application are sealed in their own transaction."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.cipher import AESCipher
from eventsourcing.persistence import IntegrityError

from ledger.integrity.audit import verify_store
from ledger.integrity.leaf import chain_of, leaf_bytes
from ledger.integrity.verify import leaf_hash, merkle_root
from tests.storage.toy_ledger import Account, Ledger, populate

UNBOUNDED = 2**62


def stored_rows(recorder: Any) -> list[Any]:
    return list(recorder.select_stored_rows(0, UNBOUNDED, UNBOUNDED))


def test_single_and_batched_saves_give_the_root_of_the_recomputed_leaves(
    store_env: dict[str, str],
) -> None:
    """The stored root equals merkle_root over the canonical bytes of the stored rows."""
    app = Ledger(env=store_env)
    populate(app, accounts=8, credits_per_account=3)
    rows = stored_rows(app.recorder)
    assert len(rows) == 32
    assert app.recorder.tree_size() == 32
    assert app.recorder.root() == merkle_root([leaf_bytes(row) for row in rows])
    app.close()


def test_every_event_gets_one_leaf_in_notification_order(store_env: dict[str, str]) -> None:
    """Leaf i seals the i-th stored event, and the chain links every leaf hash in order."""
    app = Ledger(env=store_env)
    populate(app, accounts=6, credits_per_account=2)
    rows = stored_rows(app.recorder)
    leaves = app.recorder.select_leaves(0, UNBOUNDED, UNBOUNDED)
    assert [leaf.leaf_index for leaf in leaves] == list(range(len(rows)))
    assert [leaf.notification_id for leaf in leaves] == [row.notification_id for row in rows]
    hashes = [leaf_hash(leaf_bytes(row)) for row in rows]
    assert [leaf.leaf_hash for leaf in leaves] == hashes
    assert leaves[-1].chain_hash == chain_of(hashes)
    app.close()


def test_the_root_of_every_earlier_size_stays_what_it_was(store_env: dict[str, str]) -> None:
    """Appending never changes a stored node: each historical root is still reproducible."""
    app = Ledger(env=store_env)
    roots = []
    for owner in ["甲", "乙", "丙", "丁", "戊"]:
        (account_id,) = app.open_accounts([owner])
        app.credit(account_id, 5, times=3)
        roots.append((app.recorder.tree_size(), app.recorder.root()))
    for size, root in roots:
        assert app.recorder.root(size) == root
    app.close()


def test_a_refused_save_writes_neither_events_nor_leaves(store_env: dict[str, str]) -> None:
    """A conflicting save rolls back events and leaves together; leaf indexes stay contiguous.

    (On PostgreSQL the failed insert consumes a notification id: leaf index != id from then.)
    """
    app = Ledger(env=store_env)
    (account_id,) = app.open_accounts(["周杰"])
    account: Account = app.repository.get(account_id)
    account.credit(1, memo="a")
    stale: Account = app.repository.get(account_id)
    stale.credit(2, memo="b")
    app.save(account)
    with pytest.raises(IntegrityError):
        app.save(stale)
    assert app.recorder.tree_size() == 2
    app.open_accounts(["吴昊"])
    leaves = app.recorder.select_leaves(0, UNBOUNDED, UNBOUNDED)
    assert [leaf.leaf_index for leaf in leaves] == [0, 1, 2]
    assert verify_store(app.recorder, log_verifiers=()).ok
    app.close()


def test_a_large_batch_in_one_save_is_sealed(store_env: dict[str, str]) -> None:
    """Hundreds of events in one transaction get contiguous leaves and stored nodes."""
    app = Ledger(env=store_env)
    app.open_accounts([f"户{n}" for n in range(300)])
    rows = stored_rows(app.recorder)
    assert app.recorder.root() == merkle_root([leaf_bytes(row) for row in rows])
    assert verify_store(app.recorder, log_verifiers=()).ok
    app.close()


def test_encrypted_events_verify_without_the_key_and_after_shredding_it(
    sqlite_env: dict[str, str],
) -> None:
    """Leaves hash the stored ciphertext, so losing the key loses no integrity."""
    key_env = {"CIPHER_TOPIC": "eventsourcing.cipher:AESCipher"}
    app = Ledger(env={**sqlite_env, **key_env, "CIPHER_KEY": AESCipher.create_key(16)})
    populate(app, accounts=4, credits_per_account=2)
    app.close()
    shredded = Ledger(env={**sqlite_env, **key_env, "CIPHER_KEY": AESCipher.create_key(16)})
    report = verify_store(shredded.recorder, log_verifiers=())
    assert report.ok
    assert report.tree_size == 12
    shredded.close()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_failure_while_sealing_stores_no_event(
    backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: if sealing raises, the events' transaction must not commit.

    (On PostgreSQL the library swallows the hook's exception inside its transaction block;
    the recorder poisons the transaction so that it rolls back.)
    """
    app = Ledger(env=request.getfixturevalue(f"{backend}_env"))
    app.open_accounts(["郑爽"])

    def broken_seal(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(f"ledger.storage.{backend}.seal_batch", broken_seal)
    with pytest.raises(Exception, match="disk on fire"):
        app.open_accounts(["孙丽"])
    monkeypatch.undo()
    assert len(stored_rows(app.recorder)) == 1
    app.open_accounts(["孙丽"])
    assert verify_store(app.recorder, log_verifiers=()).ok
    app.close()
