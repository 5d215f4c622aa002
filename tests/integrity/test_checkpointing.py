"""Signing tree heads now or automatically, and the demo key beside a demo store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.errors import ConfigurationError
from ledger.integrity.checkpoint import Signer, Verifier, verify_checkpoint
from ledger.integrity.checkpointing import AutoCheckpointer, checkpoint_now, sealed_recorder
from ledger.integrity.keys import DEMO_ORIGIN, ensure_demo_key, read_signer
from ledger.storage.config import resolve_database

LOG = Signer("ledger.changbai.example/log", Ed25519PrivateKey.from_private_bytes(bytes([3]) * 32))


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Ledger]:
    """An empty ledger on a SQLite file."""
    clock = SimulatedClock(datetime(2024, 1, 2, 8, tzinfo=UTC))
    ledger = Ledger(
        env=resolve_database(str(tmp_path / "c.db"), {}).eventsourcing_env(), clock=clock
    )
    yield ledger
    ledger.close()


def add_townships(app: Ledger, first: int, count: int) -> None:
    """``count`` events: one township each."""
    for number in range(first, first + count):
        app.register_township(f"T{number:02d}", f"乡镇{number}", occurred_on=date(2024, 1, 2))


def test_checkpoint_now_signs_and_stores_the_current_tree_head(app: Ledger) -> None:
    """The note verifies with the log key, names the log and is in the store."""
    add_townships(app, 1, 3)
    note = checkpoint_now(app, LOG)
    checkpoint = verify_checkpoint(note, [Verifier.from_vkey(LOG.vkey())])
    recorder = sealed_recorder(app)
    assert (checkpoint.origin, checkpoint.tree_size) == (LOG.name, 3)
    assert checkpoint.root_hash == recorder.root(3)
    assert [row.note for row in recorder.select_checkpoints()] == [note]


def test_auto_checkpoints_every_n_events(app: Ledger) -> None:
    """Due at 5 new events, not before; nothing when the log did not grow."""
    auto = AutoCheckpointer(app, LOG, every_events=5, every_seconds=None)
    add_townships(app, 1, 4)
    assert auto.maybe_checkpoint() is None
    add_townships(app, 5, 1)
    assert auto.maybe_checkpoint() is not None
    assert auto.maybe_checkpoint() is None
    assert auto.signed_size == 5


def test_auto_checkpoints_after_m_seconds_if_the_log_grew(app: Ledger) -> None:
    """Time alone is not enough: the log must have grown since the last checkpoint."""
    clock = FakeMonotonic()
    auto = AutoCheckpointer(app, LOG, every_events=None, every_seconds=60, monotonic=clock)
    clock.now += 61
    assert auto.maybe_checkpoint() is None
    add_townships(app, 1, 1)
    assert auto.maybe_checkpoint() is not None
    add_townships(app, 2, 1)
    clock.now += 30
    assert auto.maybe_checkpoint() is None
    clock.now += 31
    assert auto.maybe_checkpoint() is not None


def test_finish_signs_what_is_left_and_a_restart_remembers_the_last_size(app: Ledger) -> None:
    """``finish()`` signs a grown tail; a new checkpointer starts from the stored checkpoints."""
    auto = AutoCheckpointer(app, LOG, every_events=100)
    add_townships(app, 1, 2)
    assert auto.finish() is not None
    assert AutoCheckpointer(app, LOG).signed_size == 2
    assert AutoCheckpointer(app, LOG).finish() is None


def test_an_in_memory_store_cannot_be_checkpointed() -> None:
    """The plain library recorder does not seal: a configuration error, not a crash."""
    app = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    with pytest.raises(ConfigurationError, match="does not seal"):
        checkpoint_now(app, LOG)


def test_the_demo_key_is_made_once_and_says_what_it_is(tmp_path: Path) -> None:
    """``<store>.demo-keys/`` with DEMO in the key name, the files and a README; idempotent."""
    skey, vkey = ensure_demo_key(tmp_path / "demo.db")
    assert skey.parent == tmp_path / "demo.db.demo-keys"
    assert "DEMO-KEY-NOT-FOR-PRODUCTION" in skey.name
    assert read_signer(skey).name == DEMO_ORIGIN
    assert "NOT FOR PRODUCTION" in (skey.parent / "README.txt").read_text()
    assert ensure_demo_key(tmp_path / "demo.db") == (skey, vkey)
    assert Verifier.from_vkey(vkey.read_text().strip()).name == DEMO_ORIGIN
