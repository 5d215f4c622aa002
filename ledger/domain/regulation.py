"""The assessment regulation (《脱贫攻坚工作考核办法》), published as versioned data.

Each edition is in force from its effective date until the next edition's; a score is
reproducible because the rules in force on any day can always be looked up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.domain.base import Created, LedgerAggregate, TrackedEvent
from ledger.domain.checks import check_code, check_text
from ledger.domain.envelope import Envelope
from ledger.domain.values import MEASURES, Duty, Role, Rule
from ledger.errors import RuleViolation

MAX_POINTS = 1_000_000
MAX_DAYS = 366
SUBJECTS = frozenset({"household", "village", "township", "county", "finding", "round"})
EVENT_NAME = re.compile(r"^[A-Z][A-Za-z]*\.[A-Z][A-Za-z]*$")


@dataclass(frozen=True)
class Edition:
    """One edition of the regulation: its number, effective date, rules and why it was made."""

    number: int
    effective_on: date
    rules: tuple[Rule, ...]
    reason: str
    duties: tuple[Duty, ...] = ()


class AssessmentRegulation(LedgerAggregate):
    """考核办法: the rules by which cadres, villages and townships are scored."""

    KIND = "regulation"

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.editions: list[Edition] = []

    @property
    def edition(self) -> int:
        """The number of the latest edition."""
        return self.editions[-1].number

    class Published(Created):
        """发布: the regulation's first edition was published."""

        occurred_on: date
        title: str
        edition: int
        rules: list[Rule]
        effective_on: date
        duties: list[Duty]
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Editions published before duties were data owe none."""
            state["duties"] = []

        def apply(self, aggregate: AssessmentRegulation) -> None:
            aggregate.code = self.code
            aggregate.title = self.title
            aggregate.editions.append(Edition(
                self.edition, self.effective_on, tuple(self.rules), "published",
                tuple(self.duties),
            ))

    class Revised(TrackedEvent):
        """修订: a new edition, in force from its effective date."""

        occurred_on: date
        edition: int
        rules: list[Rule]
        effective_on: date
        reason: str
        duties: list[Duty]
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Editions revised before duties were data owe none."""
            state["duties"] = []

        def apply(self, aggregate: AssessmentRegulation) -> None:
            aggregate.editions.append(Edition(
                self.edition, self.effective_on, tuple(self.rules), self.reason,
                tuple(self.duties),
            ))

    @classmethod
    def publish(
        cls, envelope: Envelope, code: str, title: str, rules: list[Rule], effective_on: date,
        published_on: date | None = None, duties: list[Duty] | None = None,
    ) -> AssessmentRegulation:
        """Publish edition 1; ``published_on`` defaults to the day it is recorded."""
        check_text(title, "title")
        _check_rules(rules)
        _check_duties(duties or [])
        occurred_on = envelope.recorded_at.date() if published_on is None else published_on
        return cls.start(
            cls.Published, envelope, occurred_on, code, occurred_on=occurred_on, title=title,
            edition=1, rules=list(rules), effective_on=effective_on, duties=list(duties or []),
        )

    def revise(
        self, envelope: Envelope, rules: list[Rule], effective_on: date, reason: str,
        revised_on: date | None = None, duties: list[Duty] | None = None,
    ) -> None:
        """Publish the next edition (its duties replace the previous ones from its effective
        date; ``None`` keeps them); it cannot take effect before the previous one."""
        _check_rules(rules)
        kept = list(self.editions[-1].duties) if duties is None else list(duties)
        _check_duties(kept)
        check_text(reason, "reason")
        previous = self.editions[-1]
        if effective_on < previous.effective_on:
            raise RuleViolation(
                f"edition {previous.number} takes effect on {previous.effective_on}; "
                f"a revision cannot take effect earlier ({effective_on})",
                field="effective_on",
            )
        occurred_on = envelope.recorded_at.date() if revised_on is None else revised_on
        self.record(
            self.Revised, envelope, occurred_on, occurred_on=occurred_on,
            edition=previous.number + 1, rules=list(rules), effective_on=effective_on,
            reason=reason, duties=kept,
        )

    def edition_on(self, day: date) -> Edition | None:
        """The edition in force on that day (None before the first takes effect)."""
        in_force = [e for e in self.editions if e.effective_on <= day]
        return in_force[-1] if in_force else None

    def rules_on(self, day: date) -> list[Rule]:
        """The rules in force on that day (none before the first edition takes effect)."""
        edition = self.edition_on(day)
        return list(edition.rules) if edition else []


def _check_rules(rules: object) -> None:
    if not isinstance(rules, list) or not rules:
        raise RuleViolation("a regulation needs at least one rule", field="rules")
    seen: set[str] = set()
    for rule in rules:
        if not isinstance(rule, Rule):
            raise RuleViolation(f"{rule!r} is not a Rule", field="rules")
        _check_rule(rule)
        if rule.code in seen:
            raise RuleViolation(f"rule code {rule.code} appears twice", field="rules")
        seen.add(rule.code)


def _check_rule(rule: Rule) -> None:
    check_code(rule.code, "rules")
    check_text(rule.description, "rules")
    check_text(rule.metric, "rules")
    if rule.metric not in MEASURES:
        raise RuleViolation(
            f"rule {rule.code} names the measure {rule.metric!r}, which the ledger does not "
            f"define; known measures: {', '.join(sorted(MEASURES))}",
            field="rules",
        )
    points = rule.points
    if not isinstance(points, int) or isinstance(points, bool) or not 0 < points <= MAX_POINTS:
        raise RuleViolation(
            f"rule {rule.code} must score a positive whole number of points, not {points!r}",
            field="rules",
        )


def _check_duties(duties: object) -> None:
    if not isinstance(duties, list):
        raise RuleViolation("duties must be a list of Duty", field="duties")
    seen: set[str] = set()
    for duty in duties:
        if not isinstance(duty, Duty):
            raise RuleViolation(f"{duty!r} is not a Duty", field="duties")
        _check_duty(duty)
        if duty.code in seen:
            raise RuleViolation(f"duty code {duty.code} appears twice", field="duties")
        seen.add(duty.code)


def _check_duty(duty: Duty) -> None:
    check_code(duty.code, "duties")
    check_text(duty.description, "duties")
    if duty.subject not in SUBJECTS:
        raise RuleViolation(
            f"duty {duty.code}: subject {duty.subject!r} is not one of {sorted(SUBJECTS)}",
            field="duties",
        )
    if not duty.fulfilled_by or not all(
        isinstance(name, str) and EVENT_NAME.match(name) for name in duty.fulfilled_by
    ):
        raise RuleViolation(
            f"duty {duty.code}: fulfilled_by must name events as Aggregate.Event, "
            f"not {duty.fulfilled_by!r}",
            field="duties",
        )
    roles = {role.value for role in Role}
    for role in duty.escalation:
        if role not in roles:
            raise RuleViolation(
                f"duty {duty.code}: escalation role {role!r} is not one of {sorted(roles)}",
                field="duties",
            )
    for name in ("grace_days", "response_days", "post_exit_days"):
        days = getattr(duty, name)
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
            raise RuleViolation(
                f"duty {duty.code}: {name} must be 0-{MAX_DAYS} days, not {days!r}",
                field="duties",
            )
