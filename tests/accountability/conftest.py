"""A small hand-built county with the seed's kind of duties, on both backends, and helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain.values import Cadence, Duty, Indicators, Member, Role, Rule
from ledger.storage.config import DatabaseConfig, parse_database_url
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource

D = date
UP = ["village_leader", "township_lead", "county_leader"]
VISIT = Duty("visit", "每周入户", Role.HOUSEHOLD_CADRE, "household", Cadence.WEEKLY,
             ["Household.Visited"], 2, UP, 7)
FOUR_ONES = tuple(
    Duty(f"four_ones.{name}", f"每月{text}", Role.TOWNSHIP_LEAD, "township", Cadence.MONTHLY,
         [event], 5, ["county_leader"], 10)
    for name, text, event in (("research_visit", "调研", "Cadre.ResearchVisitMade"),
                              ("inspection", "督查", "Cadre.InspectionMade"),
                              ("report_hearing", "听取汇报", "Cadre.ReportHeard"),
                              ("report_up", "汇报", "Cadre.ReportSubmitted")))
REVIEW = Duty("three_learn_two_coordinate", "每季度三了解两协调", Role.TOWNSHIP_LEAD, "township",
              Cadence.QUARTERLY, ["Cadre.QuarterlyReviewMade"], 5, ["county_leader"], 10)
FINDING = Duty("finding.rectify", "按期整改销号", Role.HOUSEHOLD_CADRE, "finding",
               Cadence.PER_PERIOD,
               ["InspectionRound.FindingClosed", "InspectionRound.CaseLeadTransferred"], 0,
               ["county_leader"], 14)
DUTIES = [VISIT, *FOUR_ONES, REVIEW, FINDING]
EVIDENCE = ("ab" * 32,)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseConfig:
    """An empty store: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return parse_database_url(str(tmp_path / "ledger.db"))
    return parse_database_url(request.getfixturevalue("postgres_url"))


@dataclass
class County:
    """The ledger, its clock and store: 长白镇 / 金华村, two households, one cadre per level."""

    ledger: Ledger
    clock: SimulatedClock
    config: DatabaseConfig

    def at(self, when: datetime) -> County:
        """Move the clock forward to ``when`` (never back)."""
        if when > self.clock.now():
            self.clock.advance(when - self.clock.now())
        return self

    def visit(self, household: str, day: date, cadre: str = "C01", *,
              recorded: datetime | None = None) -> str:
        """An in-person visit on ``day`` at 10:00 Shanghai, recorded that evening (or later)."""
        occurred = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)
        self.at(recorded or occurred + timedelta(hours=10))
        accepted = self.ledger.record_visit(household, cadre, occurred, "in_person", "走访")
        return accepted.event_refs[0]

    def act(self, kind: str, day: date, code: str, cadre: str = "C20") -> str:
        """A 四个一 act (with its parts) or another supervision act, recorded that afternoon."""
        self.at(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))
        led, where = self.ledger, ("township", "T01")
        recorded = {
            "research_visit": lambda: led.record_research_visit(
                cadre, day, *where, ["V01"], ["H001"], "调研", code),
            "inspection": lambda: led.record_inspection(cadre, day, *where, ["入户台账"], [],
                                                        "督查", code),
            "report_hearing": lambda: led.hear_report(cadre, day, *where, ["C10"], "听取汇报",
                                                      code),
            "report_up": lambda: led.submit_report(cadre, day, *where, "C30", "C31", "汇报",
                                                   code),
        }
        if kind in recorded:
            return recorded[kind]().event_refs[0]
        return led.record_supervision(cadre, kind, day, *where, "工作", code).event_refs[0]

    def tick(self, day: date) -> None:
        """Let the ledger learn that time has passed: a diary entry recorded at noon that day."""
        self.at(datetime(day.year, day.month, day.day, 4, tzinfo=UTC))
        self.ledger.record_diary("H002", "C02", day, "日记")

    def project(self, page_size: int = 1000) -> dict[str, dict[str, Any]]:
        """Catch the accountability view up; its rows by obligation id."""
        source, db = EventSource(self.config), ViewDb(self.config)
        try:
            report = Projector(source, db, names=["accountability"],
                               page_size=page_size).catch_up()
            assert report.ok, report.failures
            return rows(db)
        finally:
            db.close()
            source.close()


def rows(db: ViewDb) -> dict[str, dict[str, Any]]:
    """Every obligation row by id."""
    return {r["obligation_id"]: r for r in db.fetchdicts("SELECT * FROM view_obligation")}


def build_county(config: DatabaseConfig, duties: list[Duty] | None = None) -> County:
    """Set up the county on Monday 2024-01-01 with the duties published that day."""
    clock = SimulatedClock(datetime(2024, 1, 1, 1, tzinfo=UTC))
    led = Ledger(env=config.eventsourcing_env(), clock=clock)
    led.register_county("CB", "长白朝鲜族自治县", D(2024, 1, 1), is_demo=True)
    led.publish_regulation("REG", "考核办法",
                           [Rule("R01", "入户", 20, "weekly_in_person_visits")], D(2024, 1, 1),
                           list(DUTIES if duties is None else duties))
    led.register_township("T01", "长白镇", None, None, D(2024, 1, 1))
    led.register_village("V01", "T01", "金华村", None, None, True, D(2024, 1, 1))
    for code, name, role, unit in [("C01", "李明", "household_cadre", "V01"),
                                   ("C02", "朴成浩", "household_cadre", "V01"),
                                   ("C10", "王强", "village_leader", "V01"),
                                   ("C20", "赵丽", "township_lead", "T01"),
                                   ("C30", "金正一", "county_leader", "CB"),
                                   ("C31", "李县长", "county_leader", "CB"),
                                   ("C40", "崔英", "inspector", "CB")]:
        led.appoint_cadre(code, name, role, unit, None, D(2024, 1, 1))
    led.assign_cadre("C10", D(2024, 1, 1), village="V01")
    led.assign_cadre("C20", D(2024, 1, 1), township="T01")
    for code, head, cadre in (("H001", "金大山", "C01"), ("H002", "朴顺子", "C02")):
        led.register_household(code, "V01", head, [Member(1, head, "户主")], "dibao", "illness",
                               D(2024, 1, 1), Indicators())
        led.assign_cadre(cadre, D(2024, 1, 1), household=code)
    return County(led, clock, config)


@pytest.fixture
def county(store: DatabaseConfig) -> County:
    """The county on either backend."""
    return build_county(store)
