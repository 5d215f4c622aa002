"""A catch-up killed with SIGKILL at random points resumes to the identical views."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ledger.storage.config import DatabaseConfig, parse_database_url
from tests.projections.conftest import Views, open_ledger, small_county, start_clock

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from ledger.storage.config import parse_database_url
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource
events, views = parse_database_url(sys.argv[1]), parse_database_url(sys.argv[2])
Projector(EventSource(events), ViewDb(views), page_size=int(sys.argv[3])).catch_up()
"""


def busy_store(path: Path) -> DatabaseConfig:
    """The small county with about 1,200 events of daily work."""
    config = parse_database_url(str(path / "ledger.db"))
    clock = start_clock()
    ledger = open_ledger(config, clock)
    small_county(ledger)
    with ledger.batch():
        for week in range(300):
            clock.advance(timedelta(days=1))
            at = datetime(2024, 1, 11, 8, tzinfo=UTC) + timedelta(days=week)
            for home, cadre in (("H001", "C01"), ("H002", "C02")):
                ledger.record_visit(home, cadre, at, "in_person", "走访")
                ledger.record_income(home, "wage", 10_000 + week, "2024", at.date())
    return config


def start_child(store: DatabaseConfig, views: DatabaseConfig) -> subprocess.Popen[bytes]:
    """A catch-up in another process, in small pages."""
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, store.sqlite_path, views.sqlite_path, "5"], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun_gives_identical_views(tmp_path: Path) -> None:
    """Kill three catch-ups mid-way; a fourth finishes; the tables equal a clean build."""
    store = busy_store(tmp_path)
    views = parse_database_url(str(tmp_path / "views.db"))
    rng = random.Random(20240110)
    head, stopped_at = Views(store).source.max_position(), []
    for _ in range(3):
        child = start_child(store, views)
        _wait_for_progress(views, child, _position(views))
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        stopped_at.append(_position(views))
    assert any(0 < p < head for p in stopped_at), stopped_at  # killed mid-way at least once
    finished = start_child(store, views)
    assert finished.wait(timeout=120) == 0, finished.stderr.read() if finished.stderr else ""
    killed = Views(store, views)
    clean = Views(store, parse_database_url(str(tmp_path / "clean.db")))
    clean.project()
    assert killed.hashes() == clean.hashes()
    killed.close()
    clean.close()


def _position(views: DatabaseConfig) -> int:
    if not Path(views.sqlite_path).exists():
        return 0
    found = Views(views)
    row = found.db.fetchone("SELECT MIN(position) FROM view_tracking") \
        if found.db.table_exists("view_tracking") else None
    found.close()
    return int(row[0]) if row and row[0] is not None else 0


def _wait_for_progress(views: DatabaseConfig, child: subprocess.Popen[bytes], since: int) -> None:
    deadline = time.monotonic() + 60
    while _position(views) <= since and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
