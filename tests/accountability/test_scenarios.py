"""One scenario per rule of the accountability view, on a small hand-built county."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ledger.application.core import Actor
from ledger.domain.values import Cadence, Duty, Handover, ReviewPart, ReviewPartName, Rule
from ledger.errors import RuleViolation
from ledger.storage.config import DatabaseConfig
from tests.accountability.conftest import DUTIES, EVIDENCE, VISIT, County, D, build_county

COUNTY_LEADERS = "C30,C31"  # the county leaders answer as one group (docs/accountability.md)


def test_a_skipped_week_escalates_level_by_level_until_a_county_talk_answers_it(
    county: County,
) -> None:
    """Week 3 unvisited → missed → the village leader must respond → unanswered, the township
    lead → unanswered, the county leaders → a talk naming it closes the chain."""
    county.visit("H001", D(2024, 1, 2))
    county.visit("H001", D(2024, 1, 9))
    county.visit("H001", D(2024, 1, 23))
    assert county.project()["visit/H001/2024-W03"]["status"] == "open"
    county.tick(D(2024, 1, 25))
    found = county.project()
    assert found["visit/H001/2024-W03"]["status"] == "missed"
    assert found["visit/H001/2024-W03"]["is_violation"] == 1
    step1 = found["visit/H001/2024-W03/escalation/1"]
    assert (step1["owner"], step1["owner_role"], step1["status"]) == ("C10", "village_leader",
                                                                     "open")
    county.tick(D(2024, 2, 1))
    found = county.project()
    assert found["visit/H001/2024-W03/escalation/1"]["status"] == "missed"
    assert found["visit/H001/2024-W03/escalation/2"]["owner"] == "C20"
    county.tick(D(2024, 2, 8))
    county.at(datetime(2024, 2, 10, 6, tzinfo=UTC))
    talk = county.ledger.hold_talk("C30", D(2024, 2, 10), "township", "T01", ["C20"],
                                   ["obligation/visit/H001/2024-W03"], "warning", "约谈",
                                   "TALK-1").event_refs[0]
    found = county.project()
    assert found["visit/H001/2024-W03/escalation/2"]["status"] == "missed"
    step3 = found["visit/H001/2024-W03/escalation/3"]
    assert (step3["owner"], step3["status"], step3["met_ref"]) == (COUNTY_LEADERS, "met", talk)
    assert "visit/H001/2024-W03/escalation/4" not in found
    assert found["visit/H001/2024-W02"]["status"] == "met"


def test_an_excused_week_is_neither_missed_nor_escalated(county: County) -> None:
    """免责 by the village leader, with evidence: the week is excused, no follow-up opens."""
    county.visit("H001", D(2024, 1, 9))
    county.at(datetime(2024, 1, 20, 2, tzinfo=UTC))
    excusal = county.ledger.excuse_duty(
        "C01", "visit/H001/2024-W03", "大雪封路", "C10", D(2024, 1, 20),
        actor=Actor("C10", evidence=EVIDENCE)).event_refs[0]
    county.tick(D(2024, 1, 26))
    found = county.project()
    week = found["visit/H001/2024-W03"]
    assert (week["status"], week["met_ref"], week["is_violation"]) == ("excused", excusal, 0)
    assert "大雪封路" in week["reason"]
    assert "visit/H001/2024-W03/escalation/1" not in found


@pytest.mark.parametrize(("authoriser", "evidence", "why"), [
    ("C01", EVIDENCE, "own duty"), ("C02", EVIDENCE, "level 2 or above"),
    ("C10", (), "evidence digest"),
])
def test_an_excusal_by_oneself_by_a_peer_or_without_evidence_is_refused(
    county: County, authoriser: str, evidence: tuple[str, ...], why: str,
) -> None:
    """Nobody excuses their own duty; the authoriser is one level up and shows evidence."""
    with pytest.raises(RuleViolation, match=why):
        county.ledger.excuse_duty("C01", "visit/H001/2024-W03", "病假", authoriser,
                                  D(2024, 1, 1), actor=Actor(authoriser, evidence=evidence))
    assert county.project().get("visit/H001/2024-W01", {}).get("status") == "open"


def test_a_mid_week_handover_gives_the_week_to_the_holder_on_its_last_day(
    county: County,
) -> None:
    """C01 holds H001 until Tuesday of week 3 and visits on Monday; C02 holds it from Wednesday:
    the week is C02's, met by the visit made while C01 held it."""
    county.visit("H001", D(2024, 1, 15))
    county.at(datetime(2024, 1, 17, 1, tzinfo=UTC))
    county.ledger.assign_cadre("C02", D(2024, 1, 17), household="H001")
    county.tick(D(2024, 1, 26))
    found = county.project()
    assert (found["visit/H001/2024-W03"]["owner"], found["visit/H001/2024-W03"]["status"]) == (
        "C02", "met")
    assert found["visit/H001/2024-W02"]["owner"] == "C01"
    assert found["visit/H001/2024-W04"]["owner"] == "C02"


def test_with_the_both_rule_each_holder_of_the_week_owes_their_own_visit(
    store: DatabaseConfig,
) -> None:
    """handover = both: two obligations for the handover week; only C02's is missed."""
    both = Duty("visit", "每周入户", VISIT.owner_role, "household", Cadence.WEEKLY,
                ["Household.Visited"], 2, list(VISIT.escalation), 7, Handover.BOTH)
    county = build_county(store, [both])
    county.visit("H001", D(2024, 1, 15))
    county.at(datetime(2024, 1, 17, 1, tzinfo=UTC))
    county.ledger.assign_cadre("C02", D(2024, 1, 17), household="H001")
    county.tick(D(2024, 1, 26))
    found = county.project()
    assert found["visit/H001/2024-W03/C01"]["status"] == "met"
    assert found["visit/H001/2024-W03/C02"]["status"] == "missed"
    assert "visit/H001/2024-W03" not in found


def test_late_records_meet_a_week_only_as_met_late(county: County) -> None:
    """A visit flagged 补记 before the week closed is met late (no violation); one recorded
    after the week closed is met late and stays a violation with its chain."""
    county.visit("H001", D(2024, 1, 9), recorded=datetime(2024, 1, 13, 12, tzinfo=UTC))
    county.visit("H001", D(2024, 1, 16), recorded=datetime(2024, 1, 25, 12, tzinfo=UTC))
    found = county.project()
    w02, w03 = found["visit/H001/2024-W02"], found["visit/H001/2024-W03"]
    assert (w02["status"], w02["is_violation"]) == ("met_late", 0)
    assert "补记" in w02["reason"]
    assert (w03["status"], w03["is_violation"]) == ("met_late", 1)
    assert "after the window closed" in w03["reason"]
    assert found["visit/H001/2024-W03/escalation/1"]["status"] == "open"


def test_a_corrected_visit_date_moves_the_visit_to_its_week(county: County) -> None:
    """A visit recorded on Sunday of week 2, corrected to Monday of week 3: week 2 is missed,
    week 3 met by it."""
    ref = county.visit("H001", D(2024, 1, 14))
    county.at(datetime(2024, 1, 18, 2, tzinfo=UTC))
    county.ledger.correct_record(ref, {"occurred_at": datetime(2024, 1, 15, 2, tzinfo=UTC)},
                                 "日期记错", "C10")
    county.tick(D(2024, 1, 26))
    found = county.project()
    assert found["visit/H001/2024-W02"]["status"] == "missed"
    assert (found["visit/H001/2024-W03"]["status"], found["visit/H001/2024-W03"]["met_ref"]) == (
        "met", ref)


def test_a_retracted_visit_leaves_its_week_missed(county: County) -> None:
    """The only visit of week 2 is retracted: the week is missed and lists it as retracted."""
    ref = county.visit("H001", D(2024, 1, 9))
    county.at(datetime(2024, 1, 12, 2, tzinfo=UTC))
    county.ledger.retract_record(ref, "误录", "C10")
    county.tick(D(2024, 1, 18))
    week = county.project()["visit/H001/2024-W02"]
    assert week["status"] == "missed"
    assert f"{ref}: retracted" in week["reason"]


def test_a_township_lead_missing_one_of_the_four_monthly_acts(county: County) -> None:
    """January: research visit, inspection and report hearing, but no report up."""
    county.act("research_visit", D(2024, 1, 8), "RV-1")
    county.act("inspection", D(2024, 1, 15), "IN-1")
    county.act("report_hearing", D(2024, 1, 22), "RH-1")
    county.tick(D(2024, 2, 7))
    found = county.project()
    for act in ("research_visit", "inspection", "report_hearing"):
        assert found[f"four_ones.{act}/C20/2024-01"]["status"] == "met"
    missed = found["four_ones.report_up/C20/2024-01"]
    assert (missed["owner"], missed["status"], missed["is_violation"]) == ("C20", "missed", 1)
    step = found["four_ones.report_up/C20/2024-01/escalation/1"]
    assert (step["owner"], step["owner_role"]) == (COUNTY_LEADERS, "county_leader")


def test_a_partial_quarterly_review_does_not_meet_the_quarter(county: County) -> None:
    """三了解两协调 with one of five parts missing leaves the quarter missed."""
    parts = [ReviewPart(name, "内容") for name in ReviewPartName][:4]
    county.at(datetime(2024, 3, 20, 9, tzinfo=UTC))
    county.ledger.record_quarterly_review("C20", D(2024, 3, 20), "township", "T01", parts,
                                          "三了解两协调", "QR-1")
    county.tick(D(2024, 4, 8))
    quarter = county.project()["three_learn_two_coordinate/C20/2024-Q1"]
    assert quarter["status"] == "missed"
    assert "partial: missing sector_coordination" in quarter["reason"]


def test_a_finding_closed_after_its_deadline_and_one_transferred(county: County) -> None:
    """F01 closed five days late: met late, a violation. F02 overdue, then transferred to the
    discipline commission: the transfer closes its chain with the body named."""
    led = county.ledger
    county.at(datetime(2024, 1, 9, 2, tzinfo=UTC))
    led.open_round("R01", "第一轮巡察", "C40", ["T01"], D(2024, 1, 9))
    for code in ("F01", "F02"):
        led.raise_finding("R01", code, "household", "H001", "C01", "入户记录不全",
                          D(2024, 1, 9), D(2024, 1, 20))
    county.at(datetime(2024, 1, 24, 2, tzinfo=UTC))
    led.report_rectification("R01", "F01", D(2024, 1, 24), "已整改", actor=Actor("C01"))
    led.close_finding("R01", "F01", D(2024, 1, 25), "销号", actor=Actor("C40"))
    county.at(datetime(2024, 1, 30, 2, tzinfo=UTC))
    led.transfer_case("R01", "F02", D(2024, 1, 30), "县纪委监委", "逾期未整改",
                      actor=Actor("C40"))
    found = county.project()
    f01 = found["finding.rectify/R01/F01"]
    assert (f01["status"], f01["is_violation"], f01["village_code"]) == ("met_late", 1, "V01")
    chain = found["finding.rectify/R01/F02/escalation/1"]
    assert (chain["owner"], chain["status"]) == (COUNTY_LEADERS, "met")
    assert "县纪委监委" in chain["reason"]


def test_a_revision_changes_the_cadence_from_its_effective_date_only(county: County) -> None:
    """Weekly visits until the week that starts before 1 February; monthly from February."""
    monthly = Duty("visit", "每月入户", VISIT.owner_role, "household", Cadence.MONTHLY,
                   ["Household.Visited"], 2, list(VISIT.escalation), 7)
    county.at(datetime(2024, 1, 10, 2, tzinfo=UTC))
    county.ledger.revise_regulation("REG", [Rule("R01", "入户", 20, "weekly_in_person_visits")],
                                    D(2024, 2, 1),
                                    "入户改为每月", [monthly, *DUTIES[1:]])
    county.tick(D(2024, 3, 5))
    found = county.project()
    weeks = sorted(k for k in found if k.startswith("visit/H001/2024-W") and "/esc" not in k)
    assert weeks[0] == "visit/H001/2024-W01"
    assert weeks[-1] == "visit/H001/2024-W05"
    assert "visit/H001/2024-02" in found
    assert "visit/H001/2024-01" not in found
    assert found["visit/H001/2024-02"]["edition"] == 2
