"""Demo counties (with and without the injected anomalies) in SQLite, with every view built."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger.application.app import Ledger
from ledger.demo.generator import DemoConfig, DemoReport, demo_clock, generate_demo
from ledger.storage.config import DatabaseConfig, parse_database_url
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource

HOUSEHOLDS = 120


@dataclass(frozen=True)
class DemoViews:
    """A generated demo county's report and its views."""

    report: DemoReport
    db: ViewDb
    config: DatabaseConfig


def _build(path: Path, *, with_anomalies: bool) -> DemoViews:
    config = DemoConfig(households=HOUSEHOLDS, seed=2016, clean=not with_anomalies)
    store = parse_database_url(str(path))
    ledger = Ledger(env=store.eventsourcing_env(), clock=demo_clock(config))
    report = generate_demo(ledger, config)
    ledger.close()
    source, db = EventSource(store), ViewDb(store)
    Projector(source, db).catch_up()
    source.close()
    return DemoViews(report, db, store)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoViews]:
    """The demo county with its anomalies."""
    built = _build(tmp_path_factory.mktemp("demo") / "demo.db", with_anomalies=True)
    yield built
    built.db.close()


@pytest.fixture(scope="session")
def clean_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoViews]:
    """The demo county generated with anomalies off (``ledger demo --clean``)."""
    built = _build(tmp_path_factory.mktemp("clean") / "clean.db", with_anomalies=False)
    yield built
    built.db.close()
