"""Duties as data in the regulation: checked when published, kept or replaced by a revision."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from ledger.domain.envelope import Envelope
from ledger.domain.regulation import AssessmentRegulation
from ledger.domain.values import Cadence, Duty, Role, Rule
from ledger.errors import RuleViolation

RULES = [Rule("R-VISIT", "包户干部每周入户不少于一次", 10, "weekly_in_person_visits")]
VISIT = Duty("visit", "每周入户", Role.HOUSEHOLD_CADRE, "household", Cadence.WEEKLY,
             ["Household.Visited"], 2, ["village_leader", "township_lead"], 7)


def envelope() -> Envelope:
    return Envelope("FPB001", "operator", "department", datetime(2024, 1, 2, tzinfo=UTC))


def publish(duties: list[Duty]) -> AssessmentRegulation:
    return AssessmentRegulation.publish(envelope(), "KHBF", "考核办法", RULES, date(2024, 1, 1),
                                        duties=duties)


def test_an_edition_carries_its_duties() -> None:
    """The published edition holds the duties as given."""
    assert publish([VISIT]).edition_on(date(2024, 2, 1)).duties == (VISIT,)


@pytest.mark.parametrize(("change", "named"), [
    ({"subject": "planet"}, "subject"), ({"fulfilled_by": ["Visited"]}, "fulfilled_by"),
    ({"fulfilled_by": []}, "fulfilled_by"), ({"escalation": ["mayor"]}, "escalation role"),
    ({"grace_days": -1}, "grace_days"), ({"response_days": 999}, "response_days"),
    ({"code": "bad code"}, "code"),
])
def test_a_malformed_duty_is_refused_naming_what_is_wrong(change: dict[str, object],
                                                          named: str) -> None:
    """Each field is checked; the message names the duty or the field."""
    with pytest.raises(RuleViolation) as caught:
        publish([replace(VISIT, **change)])
    assert caught.value.field == "duties"
    assert named in str(caught.value)


def test_the_same_duty_code_twice_is_refused() -> None:
    """Duty codes are unique within an edition."""
    with pytest.raises(RuleViolation, match="appears twice"):
        publish([VISIT, VISIT])


def test_a_revision_keeps_the_duties_unless_it_names_new_ones() -> None:
    """Without duties the new edition keeps the last ones; with duties it replaces them."""
    regulation = publish([VISIT])
    regulation.revise(envelope(), RULES, date(2024, 3, 1), "分值调整")
    assert regulation.editions[-1].duties == (VISIT,)
    monthly = replace(VISIT, cadence=Cadence.MONTHLY)
    regulation.revise(envelope(), RULES, date(2024, 6, 1), "入户改为每月", duties=[monthly])
    assert regulation.edition_on(date(2024, 5, 1)).duties == (VISIT,)
    assert regulation.edition_on(date(2024, 7, 1)).duties == (monthly,)
