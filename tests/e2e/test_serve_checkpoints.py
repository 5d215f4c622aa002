"""`ledger serve --checkpoint-every N`: the server signs checkpoints while it runs."""

from __future__ import annotations

import argparse
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.cli import serve_signing
from ledger.integrity.keys import write_key_pair
from ledger.storage.config import resolve_database
from tests.compat import scenario


def test_the_server_signs_a_checkpoint_when_the_log_grew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --checkpoint-every 1 and a key, a checkpoint of the whole tree appears."""
    db = tmp_path / "county.db"
    ledger = Ledger(env=resolve_database(str(db), {}).eventsourcing_env(),
                    clock=SimulatedClock(datetime(2024, 1, 10, 8, tzinfo=UTC)))
    scenario.run(ledger)
    keys = write_key_pair("ledger.test.example/log", tmp_path)
    monkeypatch.setattr(serve_signing, "CHECKPOINT_POLL_SECONDS", 0.05)
    args = argparse.Namespace(db=str(db), key=keys.skey, checkpoint_every=1,
                              checkpoint_minutes=None)
    stop = threading.Event()
    thread = serve_signing.start_checkpointer(args, stop)
    assert thread is not None
    deadline = time.monotonic() + 10
    while not ledger.recorder.select_checkpoints() and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=5)
    (checkpoint,) = ledger.recorder.select_checkpoints()
    assert checkpoint.tree_size == ledger.recorder.tree_size()


def test_without_a_limit_the_server_signs_nothing(tmp_path: Path) -> None:
    """No --checkpoint-every/--checkpoint-minutes: no thread, no key needed."""
    args = argparse.Namespace(db=str(tmp_path / "x.db"), key=None, checkpoint_every=None,
                              checkpoint_minutes=None)
    assert serve_signing.start_checkpointer(args, threading.Event()) is None


def test_the_read_side_commands_arrive_through_entry_points() -> None:
    """project, serve and token are registered by their own layers; serve gets the signer."""
    from ledger.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["serve", "--checkpoint-every", "5"])
    assert serve_signing.start_checkpointer in args.background
    assert parser.parse_args(["project"]).handler.__module__ == "projections.cli"
    assert parser.parse_args(["history", "H1", "--as-of", "2024-01-01"]).as_of is not None


def test_serve_projects_and_follows_through_the_read_side() -> None:
    """--project and --follow reach serve from projections.cli, before the signer."""
    from ledger.cli import build_parser
    from projections import cli as projections_cli

    args = build_parser().parse_args(["serve", "--project", "--follow"])
    assert args.background == [projections_cli.catch_up_first, projections_cli.start_follower,
                               serve_signing.start_checkpointer]
