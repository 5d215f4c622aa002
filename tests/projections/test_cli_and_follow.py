"""``ledger project`` and the as-of flags of ``ledger history``; following the log."""

from __future__ import annotations

import argparse
import json
import threading
import time
from datetime import timedelta

import pytest

from ledger.storage.config import DatabaseConfig
from projections import cli as project_command
from projections.follow import follow
from projections.runner import Projector
from tests.projections.conftest import Views, open_ledger, start_clock


def cli(*argv: str) -> argparse.Namespace:
    """Parse a ``ledger project`` or ``ledger history`` command line."""
    parser = argparse.ArgumentParser(prog="ledger")
    commands = parser.add_subparsers(dest="command", required=True)
    project_command.register(commands)
    history = commands.add_parser("history")
    history.add_argument("household")
    history.add_argument("--db")
    history.add_argument("--json", action="store_true")
    project_command.register_history_flags(history)
    return parser.parse_args(list(argv))


def db_arg(config: DatabaseConfig) -> str:
    """The --db value of a store."""
    if not config.is_postgres:
        return config.sqlite_path
    return f"postgresql://{config.user}@{config.host}:{config.port}/{config.dbname}" \
           f"?schema={config.schema}"


def test_project_builds_then_does_nothing_then_rebuilds_identically(
    county: DatabaseConfig, capsys: pytest.CaptureFixture[str],
) -> None:
    """First run applies every event; the second none; --rebuild gives the same hashes."""
    args = cli("project", "--db", db_arg(county), "--hashes")
    assert args.handler(args) == 0
    first = capsys.readouterr().out
    assert "household_state: 34 events applied, at position 34" in first
    assert args.handler(args) == 0
    second = capsys.readouterr().out
    assert "household_state: 0 events applied, at position 34" in second
    assert "lag household_state: 0 events, 0 s behind" in second
    rebuilt = cli("project", "--db", db_arg(county), "--rebuild", "audit_timeline", "--hashes")
    assert rebuilt.handler(rebuilt) == 0
    third = capsys.readouterr().out
    hashes = [line for line in first.splitlines() if "  " in line and len(line) > 64]
    assert hashes
    assert all(line in third for line in hashes)


def test_history_as_of_prints_the_uncorrected_value_and_the_correction_after(
    county: DatabaseConfig, capsys: pytest.CaptureFixture[str],
) -> None:
    """``--as-of`` before the correction: 744,000 fen, then the correction in the later list."""
    args = cli("history", "H001", "--db", db_arg(county), "--as-of", "2024-01-11")
    assert project_command.wants_as_of(args)
    assert project_command.run_history_as_of(args) == 0
    out = capsys.readouterr().out
    state, later = out.split("events after the cut-off")
    assert "转移性收入 ¥7,440.00" in state
    assert "household/H001/11" in later
    assert "¥3,720.00" in later
    assert "'" not in out  # no Python reprs of dicts or strings


def test_history_as_of_json_is_one_object_with_times_in_asia_shanghai(
    county: DatabaseConfig, capsys: pytest.CaptureFixture[str],
) -> None:
    """``--as-of T --json``: the state, the steps before and after, every instant +08:00."""
    args = cli("history", "H001", "--db", db_arg(county), "--as-of", "2024-01-11", "--json")
    assert project_command.run_history_as_of(args) == 0
    answer = json.loads(capsys.readouterr().out)
    assert list(answer) == ["code", "recorded_at", "business_date", "state", "applied",
                            "later", "includes_findings"]
    assert answer["recorded_at"] == "2024-01-11T23:59:59+08:00"
    assert answer["later"][0]["ref"] == "household/H001/11"
    assert all(step["recorded_at"].endswith("+08:00") for step in answer["applied"])


def test_follow_applies_events_recorded_while_following(county: DatabaseConfig) -> None:
    """A follower (subscription on PostgreSQL, polling on SQLite) picks up a new visit."""
    views = Views(county)
    stop = threading.Event()
    follower = threading.Thread(
        target=follow, args=(Projector(views.source, views.db), stop),
        kwargs={"poll_seconds": 0.1, "say": lambda _: None}, daemon=True)
    follower.start()
    clock = start_clock()
    clock.advance(timedelta(days=5))
    open_ledger(county, clock).record_visit("H002", "C02", clock.now(), "in_person", "走访")
    head = views.source.max_position()
    reader = Views(county)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        lags = reader.db.fetchall("SELECT MIN(position) FROM view_tracking") \
            if reader.db.table_exists("view_tracking") else [(0,)]
        if lags[0][0] == head:
            break
        time.sleep(0.05)
    stop.set()
    follower.join(timeout=10)
    assert lags[0][0] == head
    row = reader.db.fetchone("SELECT visits FROM view_household_state WHERE code = 'H002'")
    assert row == (1,)
    reader.close()
    views.close()


def test_follow_falls_back_to_polling_when_it_cannot_subscribe(
    sqlite_store: DatabaseConfig,
) -> None:
    """Asked to subscribe where the store cannot (SQLite, a read replica), it says so and polls."""
    clock = start_clock()
    ledger = open_ledger(sqlite_store, clock)
    ledger.register_township("T01", "长白镇", 41.42, 128.20, clock.now().date())
    views, stop, said = Views(sqlite_store), threading.Event(), []
    follower = threading.Thread(
        target=follow, args=(Projector(views.source, views.db), stop),
        kwargs={"poll_seconds": 0.05, "subscribe": True, "say": said.append}, daemon=True)
    follower.start()
    ledger.register_village("V01", "T01", "金华村", 41.45, 128.25, True, clock.now().date())
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not _has_village(sqlite_store):
        time.sleep(0.05)
    stop.set()
    follower.join(timeout=10)
    assert _has_village(sqlite_store)
    assert said
    assert "polling" in said[0]
    views.close()


def _has_village(config: DatabaseConfig) -> bool:
    reader = Views(config)
    try:
        return reader.db.table_exists("view_area") and reader.db.fetchone(
            "SELECT 1 FROM view_area WHERE code = 'V01'") is not None
    finally:
        reader.close()
