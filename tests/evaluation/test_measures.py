"""Each measure on a county-year whose story is known (tests/pages/duties_county.py): the
counts behind every rule's points are the story's, at cadre and township level."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain.values import IncomeSource, Rule
from ledger.storage.config import DatabaseConfig
from projections.db import ViewDb
from projections.evaluation.periods import parse_period
from projections.evaluation.run import evaluate, log_point
from projections.runner import Projector
from projections.source import EventSource
from tests.pages import duties_county

RULES = [Rule("R01", "每周入户", 20, "weekly_in_person_visits"),
         Rule("R02", "每月四个一", 15, "monthly_four_ones"),
         Rule("R03", "三了解两协调、一争取", 10, "quarterly_and_half_yearly_acts"),
         Rule("R04", "问题按期销号", 15, "findings_closed_on_time"),
         Rule("R05", "收入明细账按月记账", 10, "monthly_income_lines"),
         Rule("R06", "扶贫日记", 10, "diary_entries"),
         Rule("R07", "脱贫退出程序", 10, "exit_procedure")]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> DatabaseConfig:
    """The duties county, its regulation revised to score four measures from its first day."""
    config = duties_county.build(tmp_path_factory.mktemp("measures") / "ledger.db")
    clock = SimulatedClock(datetime(2025, 1, 2, 1, tzinfo=UTC))
    ledger = Ledger(env=config.eventsourcing_env(), clock=clock)
    ledger.revise_regulation("REG", RULES, date(2024, 1, 1), "加入考核指标")
    for month in (1, 2, 3):  # H001's income ledger kept for the first quarter only
        ledger.record_income("H001", IncomeSource.WAGE, 50_000, f"2024-{month:02d}",
                             date(2024, month, 20), "务工")
    for day in (date(2024, 1, 10), date(2024, 1, 12), date(2024, 5, 8)):  # two weeks of diary
        ledger.record_diary("H001", "C01", day, "入户了解务工情况")
    ledger.close()
    source, db = EventSource(config), ViewDb(config)
    try:
        assert Projector(source, db).catch_up().ok
    finally:
        db.close()
        source.close()
    return config


def scored(config: DatabaseConfig, level: str) -> dict[str, dict[str, dict[str, Any]]]:
    source, db = EventSource(config), ViewDb(config)
    try:
        found = evaluate(db, source, parse_period("2024"), level,
                         log_point(source, source.max_position()))
    finally:
        db.close()
        source.close()
    assert found["regulation"]["edition"] == 2
    return {s["unit"]: {r["code"]: r for r in s["rules"]} for s in found["scores"]}


def test_the_weekly_visits_count_the_skipped_week_and_the_late_one(county: DatabaseConfig) -> None:
    """C01 missed week 3 and met week 20 only late; C02 missed none."""
    cadres = scored(county, "cadre")
    c01, c02 = cadres["C01"]["R01"]["counts"], cadres["C02"]["R01"]["counts"]
    assert (c01["missed"], c01["met_late"]) == (1, 1)
    assert (c02["missed"], c02["met_late"]) == (0, 0)
    assert c01["met"] == c02["met"] - 2


def test_the_four_ones_count_the_skipped_march_inspection(county: DatabaseConfig) -> None:
    """C20 owes four acts a month, twelve months; only March's inspection is missed."""
    counts = scored(county, "cadre")["C20"]["R02"]["counts"]
    assert (counts["met"], counts["missed"], counts["open"]) == (12 * 4 - 1, 1, 0)


def test_the_partial_review_misses_its_quarter(county: DatabaseConfig) -> None:
    """Q1's review lacks a part (missed); Q2, Q3 and Q4 are met."""
    counts = scored(county, "cadre")["C20"]["R03"]["counts"]
    assert (counts["met"], counts["missed"], counts["open"]) == (3, 1, 0)


def test_findings_count_the_overdue_one_for_the_township(county: DatabaseConfig) -> None:
    """F01 was never rectified by its deadline, F02 was closed in time: half the points."""
    rule = scored(county, "township")["T01"]["R04"]
    assert (rule["counts"]["met"], rule["counts"]["missed"]) == (1, 1)
    assert rule["earned"] == "7.50"


def test_income_lines_count_household_months_for_the_cadre_holding_them(
        county: DatabaseConfig) -> None:
    """H001 (C01) has lines in January to March: 3 of 12 months; H002 (C02) none of 12."""
    cadres = scored(county, "cadre")
    assert {k: cadres["C01"]["R05"]["counts"][k] for k in ("met", "missed")} == {
        "met": 3, "missed": 9}
    assert cadres["C02"]["R05"]["counts"]["missed"] == 12


def test_diary_counts_weeks_with_an_entry_per_cadre(county: DatabaseConfig) -> None:
    """C01 wrote in two of the 52 whole weeks of 2024 (two entries fall in one week)."""
    counts = scored(county, "cadre")["C01"]["R06"]["counts"]
    assert (counts["met"], counts["missed"]) == (2, 50)


def test_a_county_without_exits_is_not_scored_on_the_exit_procedure(
        county: DatabaseConfig) -> None:
    """No household exited in 2024: the rule does not apply and leaves the maximum."""
    township = scored(county, "township")["T01"]
    assert township["R07"]["rate"] is None
    assert township["R07"]["earned"] == "0.00"
