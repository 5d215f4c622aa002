"""The rest of the 五四五N method on the read side: monitoring's end, 一争取's source, pairing,
activities and the supervision acts' parts, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from ledger.application.app import Ledger
from ledger.domain.values import ReviewPart, ReviewPartName
from ledger.storage.config import DatabaseConfig
from projections import queries
from tests.projections.conftest import Views, open_ledger, small_county, start_clock

D = date

BASIS = "obligation/visit/H001/2024-W02"


def method_acts(ledger: Ledger) -> None:
    """H001 exits, is monitored and leaves monitoring."""
    ledger.record_income("H001", "transfer", 900_000, "2024", D(2024, 1, 5), "低保")
    ledger.review_exit("H001", D(2024, 1, 5), 2024)
    ledger.post_exit_notice("H001", D(2024, 1, 5), 7)
    ledger.confirm_exit("H001", D(2024, 1, 12), "金大山")
    ledger.approve_exit("H001", D(2024, 1, 13), "C30")
    ledger.start_monitoring("H001", D(2024, 1, 14), "脱贫不稳定户", "收入不稳定")
    ledger.end_monitoring("H001", D(2024, 1, 16), 2024, "风险消除")
    ledger.allocate_fund("F-SEC", "龙潭区对口帮扶资金", "吉林市龙潭区", 3_000_000, D(2024, 1, 15))
    ledger.record_funds_secured("C20", D(2024, 1, 15), "township", "T01", 3_000_000,
                                "paired_district", "ab" * 32, "F-SEC", "争取龙潭区资金", "FS-1")
    ledger.record_funds_secured("C20", D(2024, 1, 15), "township", "T01", 0, "enterprise",
                                None, None, "争取企业资金未果", "FS-2")
    ledger.start_pairing("H002", "JQ-1", "朴正浩", "DZB-JH", D(2024, 1, 12))
    ledger.record_pairing_contact("H002", "JQ-1", datetime(2024, 1, 13, 9, tzinfo=UTC),
                                  "in_person", "送米面油", 20_000)
    ledger.record_pairing_contact("H002", "JQ-1", datetime(2024, 1, 14, 9, tzinfo=UTC),
                                  "phone", "电话问候", 0)
    ledger.retract_record("household/H002/5", "录错", "C10")
    ledger.hold_activity("A-KC", "knowledge_contest", "扶贫政策知识竞赛", "金华村文化室", "C10",
                         "V01", ["H001", "H002"], 10, D(2024, 1, 14))
    ledger.hold_activity("A-FILM", "film", "露天电影", "金华村广场", "C10", "V01", ["H002"], 0,
                         D(2024, 1, 15))
    ledger.record_quarterly_review(
        "C20", D(2024, 1, 15), "township", "T01",
        [ReviewPart(ReviewPartName.PROJECT_PROGRESS, "光伏电站并网", ["P01"], "验收")],
        "三了解两协调", "Q-1")
    ledger.hold_talk("C30", D(2024, 1, 15), "township", "T01", ["T01"], [BASIS],
                     "warning", "约谈", "TALK-1")
    ledger.disburse("F-SEC", "F-SEC-01", 1_000_000, "industry", D(2024, 1, 16), "产业补助",
                    "C30", household="H002")


@pytest.fixture
def method_views(store: DatabaseConfig) -> Iterator[Views]:
    """The small county with the method's acts, projected."""
    clock = start_clock()
    ledger = open_ledger(store, clock)
    small_county(ledger)
    clock.advance(timedelta(days=10))
    method_acts(ledger)
    ledger.close()
    found = Views(store)
    found.project()
    yield found
    found.close()


def test_a_household_leaving_monitoring_shows_as_exited(method_views: Views) -> None:
    """风险消除: status exited again, with the end date beside the monitoring category."""
    home = queries.household_state(method_views.db, "H001")
    assert home is not None
    assert (home["status"], home["monitoring_category"], home["monitoring_ended_on"]) == (
        "exited", "脱贫不稳定户", "2024-01-16")


def test_secured_money_starts_the_fund_flow_at_its_source(method_views: Views) -> None:
    """一争取 → fund F-SEC (source paired_district, secured by C20) → household H002."""
    fund = queries.fund(method_views.db, "F-SEC")
    assert fund is not None
    assert (fund["secured_fen"], fund["secured_source"], fund["secured_by"]) == (
        3_000_000, "paired_district", "C20")
    assert [(s["act_code"], s["amount_fen"]) for s in fund["secured"]] == [("FS-1", 3_000_000)]
    assert [(d["recipient_code"], d["amount_fen"]) for d in fund["disbursements"]] == [
        ("H002", 1_000_000)]
    nothing = method_views.db.fetchdicts(
        "SELECT amount_fen, fund_code FROM view_fund_secured WHERE act_code = 'FS-2'")
    assert nothing == [{"amount_fen": 0, "fund_code": None}]


def test_the_household_shows_its_pairing_and_activities(method_views: Views) -> None:
    """H002: paired, one contact left after a retraction, two activities, 10 points."""
    home = queries.household_state(method_views.db, "H002")
    assert home is not None
    assert (home["is_paired"], home["pairing_contacts"], home["pairing_help_fen"]) == (1, 1, 0)
    (pairing,) = home["pairings"]
    assert (pairing["member_name"], pairing["contacts"], pairing["ended_on"]) == (
        "朴正浩", 1, None)
    assert (home["activities"], home["activity_points"], home["points_earned"]) == (2, 10, 10)
    assert home["visits"] == 0


def test_the_village_counts_activities_per_household(method_views: Views) -> None:
    """金华村: three attendances, by two households; one household paired."""
    stats = method_views.db.fetchdicts(
        "SELECT activity_attendances, activity_households, paired FROM view_area_stats "
        "WHERE level = 'village' AND code = 'V01'")
    assert stats == [{"activity_attendances": 3, "activity_households": 2, "paired": 1}]


def test_the_cadre_trail_lists_each_act_with_its_parts(method_views: Views) -> None:
    """The lead's review shows its part and what is missing; the talk its basis and outcome."""
    lead = {a["event_type"]: a for a in queries.cadre_trail(method_views.db, "C20").items}
    review = lead["QuarterlyReviewMade"]["parts"]
    assert review["parts"][0]["part"] == "project_progress"
    assert review["missing_parts"] == ["exit_progress", "difficulties", "fund_coordination",
                                       "sector_coordination"]
    assert lead["FundsSecured"]["parts"]["source"] in ("paired_district", "enterprise")
    (talk,) = [a for a in queries.cadre_trail(method_views.db, "C30").items
               if a["event_type"] == "TalkHeld"]
    assert (talk["parts"]["basis"], talk["parts"]["outcome"]) == ([BASIS], "warning")
