"""The assessment regulation: versioned editions, each in force from its effective date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger.domain.envelope import Envelope
from ledger.domain.regulation import AssessmentRegulation
from ledger.domain.values import Rule
from ledger.errors import RuleViolation

RECORDED = datetime(2019, 6, 10, 9, 0, tzinfo=UTC)
FIRST = [
    Rule("R-VISIT", "包户干部每周入户不少于一次", 10, "weekly_in_person_visits"),
    Rule("R-DIARY", "扶贫日记记录完整", 5, "diary_entries"),
]
SECOND = [
    Rule("R-VISIT", "包户干部每周入户不少于一次", 15, "weekly_in_person_visits"),
    Rule("R-FOUR", "包保县委常委每月落实“四个一”", 10, "monthly_four_ones"),
]


def envelope() -> Envelope:
    return Envelope(
        actor_id="FPB001", actor_role="operator", channel="department", recorded_at=RECORDED
    )


def publish(rules: Any = FIRST, effective_on: date = date(2019, 1, 1)) -> AssessmentRegulation:
    return AssessmentRegulation.publish(
        envelope(), "KHBF", "长白县脱贫攻坚工作考核办法（试行）", rules, effective_on
    )


def refused(aggregate: AssessmentRegulation, field: str, command: Callable[..., Any],
            *args: Any) -> RuleViolation:
    before = list(aggregate.pending_events)
    with pytest.raises(RuleViolation) as caught:
        command(*args)
    assert caught.value.field == field
    assert aggregate.pending_events == before
    return caught.value


def test_publishing_puts_edition_one_in_force_from_its_effective_date() -> None:
    """The first edition's rules apply from its effective date."""
    regulation = publish()
    assert regulation.edition == 1
    assert regulation.rules_on(date(2019, 1, 1)) == FIRST


def test_no_rules_are_in_force_before_the_first_effective_date() -> None:
    """Before the first edition takes effect, no rules apply."""
    regulation = publish()
    assert regulation.rules_on(date(2018, 12, 31)) == []
    assert regulation.edition_on(date(2018, 12, 31)) is None


def test_publication_defaults_to_the_day_it_is_recorded() -> None:
    """Without a publication date, the recorded day is the business date."""
    regulation = publish()
    assert regulation.pending_events[0].occurred_on == date(2019, 6, 10)  # type: ignore[attr-defined]


def test_a_regulation_may_take_effect_after_it_is_published() -> None:
    """A future effective date is allowed; only the publication date cannot be in the future."""
    regulation = publish(effective_on=date(2019, 7, 1))
    assert regulation.rules_on(date(2019, 7, 1)) == FIRST


def test_a_revision_is_the_next_edition() -> None:
    """A revision carries the incremented edition number."""
    regulation = publish()
    regulation.revise(envelope(), SECOND, date(2019, 7, 1), "增加“四个一”考核")
    assert regulation.edition == 2
    assert regulation.pending_events[-1].edition == 2  # type: ignore[attr-defined]


def test_each_day_answers_with_the_edition_then_in_force() -> None:
    """Days before a revision's effective date keep the earlier edition's rules."""
    regulation = publish()
    regulation.revise(envelope(), SECOND, date(2019, 7, 1), "增加“四个一”考核")
    assert regulation.rules_on(date(2019, 6, 30)) == FIRST
    assert regulation.rules_on(date(2019, 7, 1)) == SECOND


def test_a_revision_effective_on_the_same_day_replaces_the_earlier_edition() -> None:
    """Two editions effective on one day: the later edition is in force."""
    regulation = publish()
    regulation.revise(envelope(), SECOND, date(2019, 1, 1), "发布当日即修订")
    assert regulation.rules_on(date(2019, 1, 1)) == SECOND


def test_a_revision_effective_before_the_previous_edition_is_refused() -> None:
    """A revision cannot take effect before the edition it follows."""
    regulation = publish(effective_on=date(2019, 3, 1))
    refused(regulation, "effective_on", regulation.revise, envelope(), SECOND, date(2019, 2, 1),
            "追溯修订")


def test_a_revision_without_a_reason_is_refused() -> None:
    """Every revision says why."""
    regulation = publish()
    refused(regulation, "reason", regulation.revise, envelope(), SECOND, date(2019, 7, 1), " ")


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [FIRST[0], FIRST[0]],
        [Rule("R-VISIT", "入户", 0, "weekly_in_person_visits")],
        [Rule("R-VISIT", "入户", -3, "weekly_in_person_visits")],
        [{"code": "R-VISIT", "description": "入户", "points": 10, "metric": "m"}],
        [Rule("R VISIT", "入户", 10, "weekly_in_person_visits")],
        [Rule("R-VISIT", "", 10, "weekly_in_person_visits")],
        [Rule("R-VISIT", "入户", 10, "weekly_visit_rate")],
    ],
    ids=["none", "repeated-code", "zero-points", "negative-points", "not-a-rule", "bad-code",
         "no-description", "unknown-measure"],
)
def test_a_revision_with_bad_rules_is_refused(rules: list[Any]) -> None:
    """Rules need at least one entry, distinct codes, positive points and a description."""
    regulation = publish()
    refused(regulation, "rules", regulation.revise, envelope(), rules, date(2019, 7, 1), "修订")


def test_publishing_with_no_rules_is_refused() -> None:
    """A regulation needs at least one rule from its first edition."""
    with pytest.raises(RuleViolation) as caught:
        publish(rules=[])
    assert caught.value.field == "rules"


def test_replaying_the_events_rebuilds_the_same_regulation() -> None:
    """Applying the recorded events from nothing gives the same editions."""
    regulation = publish()
    regulation.revise(envelope(), SECOND, date(2019, 7, 1), "增加“四个一”考核")
    copy: Any = None
    for event in regulation.pending_events:
        copy = event.mutate(copy)
    assert copy.editions == regulation.editions
    assert copy.title == regulation.title


def test_a_measure_the_ledger_does_not_define_is_refused_when_published() -> None:
    """An edition naming an unknown measure is refused at publication, naming the known ones."""
    with pytest.raises(RuleViolation) as caught:
        publish(rules=[Rule("R-X", "未知指标", 10, "smiles_per_visit")])
    assert "smiles_per_visit" in str(caught.value)
    assert "weekly_in_person_visits" in str(caught.value)
