"""Tamper drills: raw SQL changes to a populated store are found at their position and kind.

Each drill populates a store through the application (32 events, single and batched saves),
signs checkpoints, then plays the attacker with plain SQL and runs ``verify_store``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest

from ledger.errors import IntegrityFailure
from ledger.integrity.audit import VerificationReport, verify_store
from ledger.integrity.checkpoint import Checkpoint, Signer, Verifier, generate_signing_key
from ledger.integrity.leaf import StoredRow
from tests.storage.raw_store import UNBOUNDED, RawStore
from tests.storage.toy_ledger import Ledger, populate

ORIGIN = "ledger.example/drill"


@dataclass
class Drill:
    """A populated store, its log key, and a checkpoint note an auditor keeps outside."""

    app: Ledger
    raw: RawStore
    signer: Signer
    rows: list[StoredRow]
    auditor_note: str

    @property
    def recorder(self) -> Any:
        return self.app.recorder

    def sign(self, size: int) -> str:
        checkpoint = Checkpoint(ORIGIN, size, self.recorder.root(size))
        return self.signer.sign_note(checkpoint.body())

    def verify(self, *, with_auditor_note: bool = False) -> VerificationReport:
        notes = [self.auditor_note] if with_auditor_note else []
        report = verify_store(
            self.recorder,
            log_verifiers=[Verifier.from_vkey(self.signer.vkey())],
            checkpoint_notes_from_auditor=notes,
        )
        json.dumps(report.to_dict())
        return report


@pytest.fixture
def drill(store_env: dict[str, str]) -> Iterator[Drill]:
    app = Ledger(env=store_env)
    populate(app, accounts=8, credits_per_account=3)
    skey, _ = generate_signing_key(ORIGIN)
    signer = Signer.from_skey(skey)
    rows = app.recorder.select_stored_rows(0, UNBOUNDED, UNBOUNDED)
    drill = Drill(app, RawStore(app.recorder, store_env), signer, rows, "")
    for size in (20, 32):
        drill.recorder.store_checkpoint(drill.sign(size), size, drill.recorder.root(size))
    drill.auditor_note = drill.sign(32)
    yield drill
    drill.raw.close()
    app.close()


def assert_first(report: VerificationReport, kind: str, **where: int | None) -> None:
    assert not report.ok
    first = report.first_problem
    assert first is not None
    assert first.kind == kind, report.to_dict()
    for name, value in where.items():
        assert getattr(first, name) == value, report.to_dict()


def test_an_untouched_store_verifies(drill: Drill) -> None:
    """Baseline: everything holds, with and without the auditor's checkpoint."""
    assert drill.verify().ok
    report = drill.verify(with_auditor_note=True)
    assert report.ok
    assert (report.tree_size, report.event_count, report.checkpoints_checked) == (32, 32, 3)


def test_one_changed_byte_of_state_is_altered_at_its_position(drill: Drill) -> None:
    target = drill.rows[10].notification_id
    state = bytearray(drill.raw.state(target))
    state[len(state) // 2] ^= 0x01
    drill.raw.set_state(target, bytes(state))
    report = drill.verify()
    assert_first(report, "altered", leaf_index=10, notification_id=target)
    assert report.problem_count == 1


def test_a_deleted_event_is_missing_at_its_position(drill: Drill) -> None:
    target = drill.rows[5].notification_id
    drill.raw.execute("DELETE FROM {events} WHERE {id} = ?", (target,))
    report = drill.verify()
    assert_first(report, "missing", leaf_index=5, notification_id=target)
    assert report.problem_count == 1


def test_two_swapped_states_are_reordered_at_the_first(drill: Drill) -> None:
    first, second = drill.rows[7].notification_id, drill.rows[21].notification_id
    first_state, second_state = drill.raw.state(first), drill.raw.state(second)
    drill.raw.set_state(first, second_state)
    drill.raw.set_state(second, first_state)
    report = drill.verify()
    assert_first(report, "reordered", leaf_index=7, notification_id=first)
    assert [(p.kind, p.leaf_index) for p in report.problems] == [
        ("reordered", 7),
        ("reordered", 21),
    ]


def test_a_forged_event_row_is_inserted_after_the_sealed_log(drill: Drill) -> None:
    forged = drill.raw.insert_event(uuid4(), 1, "toy_ledger:Account.Opened", b'{"owner":"X"}')
    report = drill.verify()
    assert_first(report, "inserted", leaf_index=32, notification_id=forged)
    assert report.problem_count == 1


def test_a_truncated_tail_is_missing_against_the_stored_checkpoint(drill: Drill) -> None:
    drill.raw.truncate_tail(keep=28)
    report = drill.verify()
    assert_first(report, "missing", leaf_index=28, tree_size=32)
    assert report.problem_count == 1


def test_a_truncated_tail_with_its_checkpoints_is_missing_against_the_auditor(
    drill: Drill,
) -> None:
    drill.raw.truncate_tail(keep=28)
    drill.raw.execute("DELETE FROM {checkpoints} WHERE tree_size > ?", (28,))
    assert drill.verify().ok
    assert_first(drill.verify(with_auditor_note=True), "missing", leaf_index=28, tree_size=32)


def test_a_rewritten_store_with_a_fresh_chain_is_forked_against_the_auditor(
    drill: Drill,
) -> None:
    target = drill.rows[3].notification_id
    drill.raw.set_state(target, drill.raw.state(target).replace(b"1", b"9"))
    drill.raw.reseal_everything()
    drill.raw.execute("DELETE FROM {checkpoints}")
    assert drill.verify().ok
    report = drill.verify(with_auditor_note=True)
    assert_first(report, "forked", tree_size=32)
    assert report.problem_count == 1


def test_a_rewritten_store_disagrees_with_its_own_stored_checkpoints(drill: Drill) -> None:
    target = drill.rows[3].notification_id
    drill.raw.set_state(target, drill.raw.state(target).replace(b"1", b"9"))
    drill.raw.reseal_everything()
    report = drill.verify()
    assert_first(report, "root_mismatch", tree_size=20)
    assert [p.tree_size for p in report.problems] == [20, 32]


def test_a_changed_chain_link_is_altered_at_its_leaf(drill: Drill) -> None:
    drill.raw.execute("UPDATE {leaves} SET chain_hash = ? WHERE leaf_index = ?", (bytes(32), 12))
    report = drill.verify()
    assert_first(report, "altered", leaf_index=12, notification_id=drill.rows[12].notification_id)
    assert report.problem_count == 1


def test_a_changed_merkle_node_is_a_node_mismatch_at_its_first_leaf(drill: Drill) -> None:
    drill.raw.execute(
        "UPDATE {nodes} SET node_hash = ? WHERE level = ? AND node_index = ?", (bytes(32), 2, 3)
    )
    assert_first(drill.verify(), "node_mismatch", leaf_index=12)


def test_an_unsigned_stored_checkpoint_is_reported(drill: Drill) -> None:
    body = Checkpoint(ORIGIN, 32, drill.recorder.root(32)).body()
    drill.recorder.store_checkpoint(body, 32, drill.recorder.root(32))
    assert_first(drill.verify(), "unsigned_checkpoint", tree_size=32)


def test_a_badly_signed_stored_checkpoint_is_reported(drill: Drill) -> None:
    note = drill.sign(24)
    signature_line = note.rstrip("\n").rsplit("\n", 1)[1]
    forged = note.replace(signature_line, signature_line[:-6] + "AAAAA=")
    drill.recorder.store_checkpoint(forged, 24, drill.recorder.root(24))
    assert_first(drill.verify(), "bad_signature", tree_size=24)


def test_an_auditor_checkpoint_signed_by_another_key_is_unsigned(drill: Drill) -> None:
    stranger = Signer.from_skey(generate_signing_key(ORIGIN)[0])
    drill.auditor_note = stranger.sign_note(Checkpoint(ORIGIN, 32, bytes(32)).body())
    assert_first(drill.verify(with_auditor_note=True), "unsigned_checkpoint")


def test_a_deleted_leaf_row_leaves_its_event_unsealed_at_that_position(drill: Drill) -> None:
    drill.raw.execute("DELETE FROM {leaves} WHERE leaf_index = ?", (9,))
    report = drill.verify()
    assert_first(report, "inserted", leaf_index=9, notification_id=drill.rows[9].notification_id)
    assert ("missing", 9) in [(p.kind, p.leaf_index) for p in report.problems]


def test_a_checkpoint_with_a_root_the_store_never_had_is_refused(drill: Drill) -> None:
    note = drill.signer.sign_note(Checkpoint(ORIGIN, 16, bytes(32)).body())
    with pytest.raises(IntegrityFailure) as caught:
        drill.recorder.store_checkpoint(note, 16, bytes(32))
    assert (caught.value.kind, caught.value.position) == ("root_mismatch", 16)


def test_stored_checkpoints_read_back_as_issued(drill: Drill) -> None:
    rows = drill.recorder.select_checkpoints()
    assert [(row.tree_size, row.root_hash) for row in rows] == [
        (20, drill.recorder.root(20)),
        (32, drill.recorder.root(32)),
    ]
    assert all(row.created_at.tzinfo is not None for row in rows)
    assert rows[1].note.startswith(f"{ORIGIN}\n32\n")
