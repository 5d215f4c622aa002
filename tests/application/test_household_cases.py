"""Use cases of a household on the in-memory backend: what is recorded, what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.application.core import Actor
from ledger.domain.household import Household
from ledger.domain.values import HouseholdStatus, Indicators, Member, Plan
from ledger.errors import ClockError, DuplicateError, NotFound, RuleViolation
from tests.application.conftest import stored_count

VISIT = datetime(2024, 2, 27, 9, 30, tzinfo=UTC)


def household(ledger: Ledger, code: str = "H001") -> Household:
    found: Household = ledger.repository.get(Household.id_for(code))
    return found


def test_registering_a_household_twice_is_refused_and_stores_nothing(county: Ledger) -> None:
    """A second registration with the same code is a DuplicateError; nothing is stored."""
    before = stored_count(county)
    with pytest.raises(DuplicateError):
        county.register_household("H001", "V01", "金小山", [Member(1, "金小山", "户主")],
                                  "general", "illness", date(2024, 1, 3))
    assert stored_count(county) == before


def test_a_household_in_an_unknown_village_is_refused(county: Ledger) -> None:
    """The village must exist; the error names it."""
    with pytest.raises(NotFound) as raised:
        county.register_household("H002", "V99", "李四", [Member(1, "李四", "户主")],
                                  "general", "illness", date(2024, 1, 3))
    assert raised.value.kind == "village"


def test_the_head_must_be_a_member(county: Ledger) -> None:
    """The head named on the sheet must be among the members."""
    with pytest.raises(RuleViolation) as raised:
        county.register_household("H002", "V01", "李四", [Member(1, "张三", "户主")],
                                  "general", "illness", date(2024, 1, 3))
    assert raised.value.field == "head"


def test_a_visit_by_the_assigned_cadre_is_recorded_on_time(county: Ledger) -> None:
    """A visit recorded within three days is not late."""
    accepted = county.record_visit("H001", "C01", VISIT, "in_person", "看望老人，了解病情")
    assert accepted.event_refs == ["household/H001/3"]
    (event,) = county.events.get(Household.id_for("H001"), gt=2)
    assert (event.is_late, event.actor_id, event.actor_role) == (False, "C01", "household_cadre")


def test_a_visit_recorded_a_week_later_is_flagged_late_with_a_reason(
    county: Ledger, clock: SimulatedClock
) -> None:
    """补记: recorded nine days after the visit, the event carries the late flag and reason."""
    clock.set(VISIT + timedelta(days=9))
    county.record_visit("H001", "C01", VISIT, "in_person", "补记",
                        actor=Actor("C01", late_reason="下乡无信号"))
    (event,) = county.events.get(Household.id_for("H001"), gt=2)
    assert event.is_late
    assert "9.0 days" in event.late_reason
    assert "下乡无信号" in event.late_reason


def test_a_visit_by_a_cadre_not_responsible_is_refused(county: Ledger) -> None:
    """C02 is not assigned to H001, so its visit is refused naming the cadre field; no visit
    is stored (only the refusal itself, tests/application/test_refusals.py)."""
    before = household(county).version
    with pytest.raises(RuleViolation) as raised:
        county.record_visit("H001", "C02", VISIT, "in_person", "")
    assert raised.value.field == "cadre"
    assert household(county).version == before


def test_a_visit_in_the_future_is_refused(county: Ledger) -> None:
    """A business time after the recording time is refused."""
    with pytest.raises(RuleViolation) as raised:
        county.record_visit("H001", "C01", datetime(2024, 3, 5, tzinfo=UTC), "phone", "")
    assert raised.value.field == "occurred_at"


def test_the_village_leader_may_visit_any_household_of_the_village(county: Ledger) -> None:
    """A village leader assigned to the village is responsible for its households."""
    county.record_visit("H001", "C10", VISIT, "phone", "电话回访")
    assert household(county).contacts[3].cadre_code == "C10"


def test_a_retried_command_is_accepted_once(county: Ledger) -> None:
    """The same command_id and content twice: one event; the retry reports itself."""
    first = county.record_visit("H001", "C01", VISIT, "in_person", "a", command_id="v-1")
    count = stored_count(county)
    again = county.record_visit("H001", "C01", VISIT, "in_person", "a", command_id="v-1")
    assert (first.is_retry, again.is_retry) == (False, True)
    assert stored_count(county) == count


def test_a_command_id_reused_for_other_content_is_refused(county: Ledger) -> None:
    """Reusing a command_id with a different command is an error, not a silent skip."""
    county.record_visit("H001", "C01", VISIT, "in_person", "a", command_id="v-1")
    with pytest.raises(DuplicateError):
        county.record_visit("H001", "C01", VISIT, "in_person", "b", command_id="v-1")


def test_a_clock_going_backwards_is_refused(county: Ledger, clock: SimulatedClock) -> None:
    """A recorded time earlier than the last one is refused (ClockError)."""
    clock._now = clock.now() - timedelta(hours=1)
    with pytest.raises(ClockError):
        county.record_visit("H001", "C01", VISIT, "in_person", "")


def test_income_is_totalled_per_capita(county: Ledger) -> None:
    """Two members, 9,000 yuan recorded for 2024: 4,500 yuan per person."""
    county.record_income("H001", "transfer", 744_000, "2024", item="低保")
    county.record_income("H001", "property", 156_000, "2024", item="光伏分红")
    assert household(county).per_capita_income(2024) == 450_000


def test_a_correction_changes_the_value_and_keeps_the_original(county: Ledger) -> None:
    """更正: the corrected amount counts; the original event is still in the log."""
    county.record_income("H001", "wage", 500_000, "2024")
    county.correct_record("household/H001/3", {"amount_fen": 300_000}, "多记一个月", "C10")
    assert household(county).income_total(2024) == 300_000
    original = county.events.get(Household.id_for("H001"), gt=2, lte=3)
    assert next(iter(original)).amount_fen == 500_000


def test_the_recorder_cannot_authorise_their_own_correction(county: Ledger) -> None:
    """Segregation of duties: C01 recorded the visit, so C01 cannot authorise its correction."""
    county.record_visit("H001", "C01", VISIT, "in_person", "a")
    with pytest.raises(RuleViolation) as raised:
        county.correct_record("household/H001/3", {"notes": "b"}, "typo", "C01")
    assert raised.value.field == "authorised_by"


def test_a_correction_of_an_uncorrectable_field_is_refused(county: Ledger) -> None:
    """Only the fields an event type declares correctable may be changed."""
    county.record_income("H001", "wage", 500_000, "2024")
    with pytest.raises(RuleViolation) as raised:
        county.correct_record("household/H001/3", {"actor_id": "x"}, "why", "C10")
    assert raised.value.field == "changes"


def test_a_correction_with_a_bad_value_is_refused(county: Ledger) -> None:
    """A corrected amount must still be a positive integer of fen."""
    county.record_income("H001", "wage", 500_000, "2024")
    with pytest.raises(RuleViolation) as raised:
        county.correct_record("household/H001/3", {"amount_fen": "lots"}, "why", "C10")
    assert raised.value.field == "changes.amount_fen"


def test_a_retraction_voids_the_line(county: Ledger) -> None:
    """A retracted income line no longer counts, and cannot be retracted twice."""
    county.record_income("H001", "wage", 500_000, "2024")
    county.retract_record("household/H001/3", "重复录入", "C10")
    assert household(county).income_total(2024) == 0
    with pytest.raises(RuleViolation):
        county.retract_record("household/H001/3", "again", "C10")


def test_points_cannot_be_redeemed_beyond_the_balance(county: Ledger) -> None:
    """爱心超市: 30 points earned, 40 cannot be redeemed."""
    county.earn_points("H001", 30, "打扫村道", date(2024, 2, 1))
    with pytest.raises(RuleViolation) as raised:
        county.redeem_points("H001", 40, "大米", "金华村爱心超市", date(2024, 2, 2))
    assert raised.value.field == "points"
    county.redeem_points("H001", 25, "大米", "金华村爱心超市", date(2024, 2, 2))
    assert household(county).points_balance == 5


def _ready_to_exit(ledger: Ledger) -> None:
    ledger.record_income("H001", "transfer", 744_000, "2024", date(2024, 2, 1), "低保")
    ledger.record_income("H001", "wage", 200_000, "2024", date(2024, 2, 1), "务工")
    ledger.assess_indicators("H001", Indicators(True, True, True, True, True, True),
                             date(2024, 2, 1))


def test_the_exit_procedure_runs_review_notice_confirmation_approval(county: Ledger) -> None:
    """脱贫: review → 7-day notice → confirmation after it → county approval → exited."""
    _ready_to_exit(county)
    county.review_exit("H001", date(2024, 2, 5), 2024)
    county.post_exit_notice("H001", date(2024, 2, 6), 7)
    county.confirm_exit("H001", date(2024, 2, 13), "金大山")
    county.approve_exit("H001", date(2024, 2, 20), "C30")
    assert household(county).status is HouseholdStatus.EXITED


def test_an_exit_needs_income_above_the_line(county: Ledger) -> None:
    """With no income recorded, the review is refused naming income."""
    county.assess_indicators("H001", Indicators(True, True, True, True, True, True),
                             date(2024, 2, 1))
    with pytest.raises(RuleViolation) as raised:
        county.review_exit("H001", date(2024, 2, 5), 2024)
    assert raised.value.field == "income"


def test_confirmation_before_the_notice_ends_is_refused(county: Ledger) -> None:
    """The household confirms only after the public notice has run."""
    _ready_to_exit(county)
    county.review_exit("H001", date(2024, 2, 5), 2024)
    county.post_exit_notice("H001", date(2024, 2, 6), 7)
    with pytest.raises(RuleViolation):
        county.confirm_exit("H001", date(2024, 2, 10), "金大山")


def test_a_notice_shorter_than_the_minimum_is_refused(county: Ledger) -> None:
    """公示 of three days is refused (the county's minimum is seven)."""
    _ready_to_exit(county)
    county.review_exit("H001", date(2024, 2, 5), 2024)
    with pytest.raises(RuleViolation) as raised:
        county.post_exit_notice("H001", date(2024, 2, 6), 3)
    assert raised.value.field == "days"


def test_only_a_county_leader_approves_an_exit(county: Ledger) -> None:
    """A village leader's approval is refused."""
    _ready_to_exit(county)
    county.review_exit("H001", date(2024, 2, 5), 2024)
    county.post_exit_notice("H001", date(2024, 2, 6), 7)
    county.confirm_exit("H001", date(2024, 2, 13), "金大山")
    with pytest.raises(RuleViolation) as raised:
        county.approve_exit("H001", date(2024, 2, 20), "C10")
    assert raised.value.field == "approved_by"


def test_a_plan_is_adopted_once_then_revised(county: Ledger) -> None:
    """五定: adopt once; a second adoption is refused; a revision replaces it."""
    plan = Plan("金大山户", ["低保"], ["光伏分红", "医疗救助"], "C01", "2024年底脱贫")
    county.adopt_plan("H001", plan, date(2024, 1, 10))
    with pytest.raises(RuleViolation):
        county.adopt_plan("H001", plan, date(2024, 1, 11))
    county.revise_plan("H001", Plan("金大山户", [], ["务工"], "C01", "稳定增收"),
                       date(2024, 2, 1), "新增务工")
    assert household(county).plan.measures == ["务工"]


def test_a_handover_closes_the_previous_assignment(county: Ledger) -> None:
    """帮扶责任人变更: assigning C02 ends C01's period the day before."""
    county.assign_cadre("C02", date(2024, 2, 1), household="H001")
    home = household(county)
    assert home.cadre_on(date(2024, 1, 31)) == ["C01"]
    assert home.cadre_on(date(2024, 2, 1)) == ["C02"]
