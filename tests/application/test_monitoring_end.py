"""防返贫监测 ends (风险消除) on the household's own income and indicators: exited again."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application.app import Ledger
from ledger.domain.household import Household
from ledger.domain.values import HouseholdStatus, Indicators
from ledger.errors import RuleViolation
from tests.application.conftest import stored_count

ALL_MET = Indicators(True, True, True, True, True, True)


def household(ledger: Ledger) -> Household:
    return ledger.repository.get(Household.id_for("H001"))


@pytest.fixture
def monitored(county: Ledger) -> Ledger:
    """H001 exited in February 2024 and was put under monitoring."""
    county.record_income("H001", "transfer", 900_000, "2024", date(2024, 2, 1), "低保")
    county.assess_indicators("H001", ALL_MET, date(2024, 2, 1))
    county.review_exit("H001", date(2024, 2, 5), 2024)
    county.post_exit_notice("H001", date(2024, 2, 6), 7)
    county.confirm_exit("H001", date(2024, 2, 13), "金大山")
    county.approve_exit("H001", date(2024, 2, 20), "C30")
    county.start_monitoring("H001", date(2024, 2, 26), "脱贫不稳定户", "收入不稳定")
    return county


def test_ending_monitoring_returns_the_household_to_exited(monitored: Ledger) -> None:
    """风险消除: the event carries the income and indicators that justify it."""
    monitored.end_monitoring("H001", date(2024, 3, 1), 2024, "务工收入恢复，风险消除")
    home = household(monitored)
    assert (home.status, home.monitoring_ended_on) == (HouseholdStatus.EXITED, date(2024, 3, 1))
    event = monitored.repository.event_store.get(Household.id_for("H001"))
    last = list(event)[-1]
    assert isinstance(last, Household.MonitoringEnded)
    assert (last.year, last.per_capita_fen, last.indicators) == (2024, 450_000, ALL_MET)


def test_monitoring_cannot_end_while_income_is_below_the_line(monitored: Ledger) -> None:
    """Income corrected to below the line per person: refused naming income."""
    monitored.correct_record("household/H001/3", {"amount_fen": 700_000}, "录入错误", "C10")
    before = stored_count(monitored)
    with pytest.raises(RuleViolation) as raised:
        monitored.end_monitoring("H001", date(2024, 3, 1), 2024, "风险消除")
    assert raised.value.field == "income"
    assert stored_count(monitored) == before


def test_monitoring_cannot_end_with_an_indicator_unmet(monitored: Ledger) -> None:
    """两不愁三保障 must all hold."""
    monitored.assess_indicators("H001", Indicators(True, True, True, True, False, True),
                                date(2024, 2, 28))
    with pytest.raises(RuleViolation) as raised:
        monitored.end_monitoring("H001", date(2024, 3, 1), 2024, "风险消除")
    assert raised.value.field == "indicators"


def test_only_a_monitored_household_leaves_monitoring(county: Ledger) -> None:
    """A registered household is not under monitoring."""
    with pytest.raises(RuleViolation) as raised:
        county.end_monitoring("H001", date(2024, 3, 1), 2024, "风险消除")
    assert raised.value.field == "status"


def test_monitoring_cannot_end_before_it_began_or_without_a_reason(monitored: Ledger) -> None:
    """The end date follows the start; a reason is required."""
    with pytest.raises(RuleViolation) as raised:
        monitored.end_monitoring("H001", date(2024, 2, 25), 2024, "风险消除")
    assert raised.value.field == "occurred_on"
    with pytest.raises(RuleViolation) as raised:
        monitored.end_monitoring("H001", date(2024, 3, 1), 2024, " ")
    assert raised.value.field == "reason"


def test_an_ended_household_may_be_monitored_again(monitored: Ledger) -> None:
    """After 风险消除 the household is exited and can be put under monitoring anew."""
    monitored.end_monitoring("H001", date(2024, 3, 1), 2024, "风险消除")
    monitored.start_monitoring("H001", date(2024, 3, 1), "突发严重困难户", "火灾")
    assert household(monitored).status is HouseholdStatus.MONITORED
