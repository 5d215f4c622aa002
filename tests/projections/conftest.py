"""Stores on both backends, a small county recorded through the use cases, and helpers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain.values import Indicators, Member, Plan
from ledger.storage.config import DatabaseConfig, parse_database_url
from projections.db import ViewDb
from projections.maintenance import table_hashes
from projections.runner import Projector, RunReport
from projections.source import EventSource, Item

D = date


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseConfig:
    """An empty store: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return parse_database_url(str(tmp_path / "ledger.db"))
    return parse_database_url(request.getfixturevalue("postgres_url"))


@pytest.fixture
def sqlite_store(tmp_path: Path) -> DatabaseConfig:
    """An empty SQLite store (for the slower property tests)."""
    return parse_database_url(str(tmp_path / "ledger.db"))


def open_ledger(config: DatabaseConfig, clock: SimulatedClock) -> Ledger:
    """The ledger application on a store."""
    return Ledger(env=config.eventsourcing_env(), clock=clock)


def start_clock() -> SimulatedClock:
    """A simulated clock on 2024-01-10 08:00 UTC."""
    return SimulatedClock(datetime(2024, 1, 10, 8, tzinfo=UTC))


def small_county(ledger: Ledger) -> None:
    """长白镇 / 金华村 with cadres at every level, two households, a fund and a project."""
    ledger.register_county("CB", "长白朝鲜族自治县", D(2024, 1, 2), is_demo=True)
    ledger.register_township("T01", "长白镇", 41.42, 128.20, D(2024, 1, 2))
    ledger.register_village("V01", "T01", "金华村", 41.45, 128.25, True, D(2024, 1, 2))
    for code, name, role, unit in [("C01", "李明", "household_cadre", "V01"),
                                   ("C02", "朴成浩", "household_cadre", "V01"),
                                   ("C10", "王强", "village_leader", "V01"),
                                   ("C20", "赵丽", "township_lead", "T01"),
                                   ("C30", "金正一", "county_leader", "CB"),
                                   ("C40", "崔英", "inspector", "CB")]:
        ledger.appoint_cadre(code, name, role, unit, "13800000000", D(2024, 1, 2))
    ledger.assign_cadre("C10", D(2024, 1, 2), village="V01")
    ledger.assign_cadre("C20", D(2024, 1, 2), township="T01")
    for code, head, cadre in (("H001", "金大山", "C01"), ("H002", "朴顺子", "C02")):
        ledger.register_household(
            code, "V01", head, [Member(1, head, "户主", "220623195501010011", "男", 1955),
                                Member(2, "崔顺姬", "配偶", "220623195803030022", "女", 1958)],
            "dibao", "illness", D(2024, 1, 2),
            Indicators(True, True, True, True, True, True))
        ledger.assign_cadre(cadre, D(2024, 1, 3), household=code)
        ledger.adopt_plan(code, Plan(f"{head}户", ["低保"], ["光伏分红"], cadre, "脱贫"),
                          D(2024, 1, 4))
    ledger.allocate_fund("F01", "光伏扶贫", "省级", 10_000_000, D(2024, 1, 3), "solar")
    ledger.register_project("P01", "18兆瓦光伏", "solar", "T01", 10_000_000, D(2024, 1, 3))
    ledger.open_round("R01", "第一轮巡察", "C40", ["T01"], D(2024, 1, 9))


def county_activity(ledger: Ledger, clock: SimulatedClock) -> None:
    """A week of work: visits, income (one corrected), a disbursement, a finding, points."""
    clock.advance(timedelta(days=1))
    ledger.record_visit("H001", "C01", datetime(2024, 1, 10, 9, tzinfo=UTC), "in_person", "走访")
    ledger.record_visit("H001", "C01", datetime(2024, 1, 6, 9, tzinfo=UTC), "phone", "电话")
    ledger.record_diary("H001", "C01", D(2024, 1, 10), "了解病情")
    ledger.record_income("H001", "transfer", 744_000, "2024", D(2024, 1, 10), "低保")
    ledger.record_income("H001", "wage", 300_000, "2024", D(2024, 1, 10), "务工")
    ledger.disburse("F01", "D1", 5_000_000, "solar", D(2024, 1, 10), "光伏电站", "C30",
                    project="P01")
    ledger.join_project("H001", "P01", D(2024, 1, 10))
    ledger.earn_points("H001", 20, "打扫卫生", D(2024, 1, 10))
    ledger.raise_finding("R01", "F-1", "household", "H001", "C01", "台账未更新", D(2024, 1, 10),
                         D(2024, 1, 15))
    clock.advance(timedelta(days=2))
    ledger.correct_record("household/H001/7", {"amount_fen": 372_000}, "一人户的低保", "C10")
    ledger.retract_record("household/H001/5", "误记", "C10")
    ledger.redeem_points("H001", 10, "大米", "金华村爱心超市", D(2024, 1, 12))


@pytest.fixture
def county(store: DatabaseConfig) -> DatabaseConfig:
    """The small county and a week of its work, recorded in ``store``."""
    clock = start_clock()
    ledger = open_ledger(store, clock)
    small_county(ledger)
    county_activity(ledger, clock)
    return store


class Views:
    """The event source and the views of one store."""

    def __init__(self, config: DatabaseConfig, views: DatabaseConfig | None = None) -> None:
        self.source = EventSource(config)
        self.db = ViewDb(views or config)

    def project(self, page_size: int = 1000, until: int | None = None) -> RunReport:
        """Catch the views up."""
        return Projector(self.source, self.db, page_size=page_size).catch_up(until=until)

    def source_items(self) -> list[Item]:
        """Every event of the store as an item (kind, code, position ...)."""
        projector = Projector(self.source, self.db)
        return projector.directory.items(self.source.read_after(0, 1_000_000))

    def hashes(self) -> dict[str, str]:
        """SHA-256 of every view table."""
        return table_hashes(self.db)

    def close(self) -> None:
        """Close both connections."""
        self.db.close()
        self.source.close()


@pytest.fixture
def views(county: DatabaseConfig) -> Iterator[Views]:
    """The county's views, not yet built."""
    found = Views(county)
    yield found
    found.close()
