"""The household's running records: visits (入户), phone contacts, diary (扶贫日记), income ledger
(收入明细账), income projects, assistance measures and love-supermarket points (爱心超市积分)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from ledger.domain.base import LedgerAggregate, TrackedEvent
from ledger.domain.checks import check_code, check_count, check_fen, check_text
from ledger.domain.envelope import Envelope
from ledger.domain.values import Immutable, IncomeSource, PersonalText, Programme
from ledger.errors import RuleViolation

PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Contact(Immutable):
    """A visit or phone contact as the household's record holds it."""

    cadre_code: str
    occurred_at: datetime
    is_in_person: bool


@dataclass(frozen=True)
class IncomeLine(Immutable):
    """One line of the itemised income ledger."""

    source: IncomeSource
    amount_fen: int
    period: str
    item: str


class ContactEvent(TrackedEvent):
    """Base of visits and phone contacts (outside the aggregate: not an event of its own)."""

    occurred_at: datetime
    cadre_code: str
    notes: PersonalText
    late_after = timedelta(days=3)
    correctable = frozenset({"occurred_at", "notes"})
    is_in_person: ClassVar[bool]

    def apply(self, aggregate: HouseholdRecords) -> None:
        aggregate.contacts[self.originator_version] = Contact(
            self.cadre_code, self.occurred_at, is_in_person=self.is_in_person
        )


class HouseholdRecords(LedgerAggregate):
    """Records kept for a household by its cadres and programmes."""

    def __init__(self) -> None:
        super().__init__()
        self.contacts: dict[int, Contact] = {}
        self.diary: dict[int, tuple[str, date]] = {}
        self.income: dict[int, IncomeLine] = {}
        self.projects: list[str] = []
        self.measures: dict[int, tuple[Programme, int]] = {}
        self.points_balance = 0

    class Visited(ContactEvent):
        """入户走访: a cadre visited the household in person."""

        is_in_person = True

    class PhoneContacted(ContactEvent):
        """电话联系: a cadre reached the household by phone."""

        is_in_person = False

    class DiaryEntryRecorded(TrackedEvent):
        """扶贫日记: a cadre's diary entry about this household."""

        occurred_on: date
        cadre_code: str
        text: PersonalText
        late_after = timedelta(days=7)
        correctable = frozenset({"text"})

        def apply(self, aggregate: HouseholdRecords) -> None:
            aggregate.diary[self.originator_version] = (self.cadre_code, self.occurred_on)

    class IncomeRecorded(TrackedEvent):
        """记收入: one itemised income line for a period (a year or a month)."""

        occurred_on: date
        source: IncomeSource
        amount_fen: int
        period: str
        item: str
        late_after = timedelta(days=45)
        correctable = frozenset({"source", "amount_fen", "period", "item"})

        def apply(self, aggregate: HouseholdRecords) -> None:
            aggregate.income[self.originator_version] = IncomeLine(
                self.source, self.amount_fen, self.period, self.item
            )

    class IncomeProjectJoined(TrackedEvent):
        """增收项目: the household joined an income project."""

        occurred_on: date
        project_code: str

        def apply(self, aggregate: HouseholdRecords) -> None:
            aggregate.projects.append(self.project_code)

    class MeasureDelivered(TrackedEvent):
        """措施落实: an assistance measure delivered under a programme."""

        occurred_on: date
        programme: Programme
        amount_fen: int
        fund_code: str | None
        disbursement_code: str | None
        description: str
        late_after = timedelta(days=7)
        correctable = frozenset({"description"})

        def apply(self, aggregate: HouseholdRecords) -> None:
            aggregate.measures[self.originator_version] = (self.programme, self.amount_fen)

    class PointsEarned(TrackedEvent):
        """积分获得: love-supermarket points earned for a task (or donated to the household)."""

        occurred_on: date
        points: int
        reason: str
        is_donated: bool

        def apply(self, aggregate: HouseholdRecords) -> None:
            aggregate.points_balance += self.points

    class PointsRedeemed(TrackedEvent):
        """积分换购: points exchanged for goods at a love supermarket."""

        occurred_on: date
        points: int
        item: str
        supermarket: str

        def apply(self, aggregate: HouseholdRecords) -> None:
            aggregate.points_balance -= self.points

    def record_contact(
        self, envelope: Envelope, cadre_code: str, occurred_at: datetime, *,
        in_person: bool, notes: str,
    ) -> None:
        """Record a visit (in person) or a phone contact."""
        check_code(cadre_code, "cadre")
        self._not_before_registration(occurred_at.date(), "occurred_at")
        event = self.Visited if in_person else self.PhoneContacted
        self.record(event, envelope, occurred_at, occurred_at=occurred_at,
                    cadre_code=cadre_code, notes=notes or "")

    def record_diary(
        self, envelope: Envelope, cadre_code: str, occurred_on: date, text: str
    ) -> None:
        """Record a diary entry about this household."""
        check_text(text, "text")
        self._not_before_registration(occurred_on, "occurred_on")
        self.record(self.DiaryEntryRecorded, envelope, occurred_on, occurred_on=occurred_on,
                    cadre_code=cadre_code, text=text)

    def record_income(
        self, envelope: Envelope, source: IncomeSource, amount_fen: int, period: str,
        occurred_on: date, item: str = "",
    ) -> None:
        """Record one itemised income line."""
        check_fen(amount_fen)
        _check_period(period)
        self.record(self.IncomeRecorded, envelope, occurred_on, occurred_on=occurred_on,
                    source=IncomeSource(source), amount_fen=amount_fen, period=period,
                    item=item or str(source))

    def join_project(self, envelope: Envelope, project_code: str, occurred_on: date) -> None:
        """Join an income project (each project once)."""
        check_code(project_code, "project")
        if project_code in self.projects:
            raise RuleViolation(f"household already takes part in {project_code}", field="project")
        self.record(self.IncomeProjectJoined, envelope, occurred_on,
                    occurred_on=occurred_on, project_code=project_code)

    def deliver_measure(
        self, envelope: Envelope, programme: Programme, amount_fen: int, occurred_on: date,
        description: str, fund_code: str | None = None, disbursement_code: str | None = None,
    ) -> None:
        """Record a measure delivered (amount 0 for in-kind or service measures)."""
        check_fen(amount_fen, positive=False)
        check_text(description, "description")
        self.record(self.MeasureDelivered, envelope, occurred_on, occurred_on=occurred_on,
                    programme=Programme(programme), amount_fen=amount_fen, fund_code=fund_code,
                    disbursement_code=disbursement_code, description=description)

    def earn_points(
        self, envelope: Envelope, points: int, reason: str, occurred_on: date, *,
        is_donated: bool = False,
    ) -> None:
        """Credit love-supermarket points."""
        check_count(points, "points", maximum=100_000)
        check_text(reason, "reason")
        self.record(self.PointsEarned, envelope, occurred_on, occurred_on=occurred_on,
                    points=points, reason=reason, is_donated=is_donated)

    def redeem_points(
        self, envelope: Envelope, points: int, item: str, supermarket: str, occurred_on: date
    ) -> None:
        """Redeem points for goods; never more than the balance."""
        check_count(points, "points", maximum=100_000)
        check_text(item, "item")
        if points > self.points_balance:
            raise RuleViolation(
                f"cannot redeem {points} points: the balance is {self.points_balance}",
                field="points",
            )
        self.record(self.PointsRedeemed, envelope, occurred_on, occurred_on=occurred_on,
                    points=points, item=item, supermarket=supermarket)

    def income_total(self, year: int) -> int:
        """Total recorded income (fen) for a calendar year."""
        prefix = f"{year:04d}"
        return sum(line.amount_fen for line in self.income.values() if line.period[:4] == prefix)

    def on_correction(self, version: int, type_name: str, changes: dict[str, Any]) -> None:
        if version in self.income:
            self.income[version] = replace(self.income[version], **changes)
        elif version in self.contacts and "occurred_at" in changes:
            contact = self.contacts[version]
            self.contacts[version] = replace(contact, occurred_at=changes["occurred_at"])

    def on_retraction(self, version: int, type_name: str) -> None:
        super().on_retraction(version, type_name)
        self.income.pop(version, None)
        self.contacts.pop(version, None)
        self.diary.pop(version, None)
        self.measures.pop(version, None)

    def check_correction(self, type_name: str, changes: dict[str, Any]) -> None:
        if "amount_fen" in changes:
            check_fen(changes["amount_fen"], "changes.amount_fen")
        if "period" in changes:
            _check_period(changes["period"])

    def _not_before_registration(self, day: date, field: str) -> None:
        registered_on: date = getattr(self, "registered_on", date.min)
        if day < registered_on:
            raise RuleViolation(
                f"{day} is before the household was registered ({registered_on})", field=field
            )


def _check_period(period: object) -> None:
    if not isinstance(period, str) or not PERIOD.match(period):
        raise RuleViolation(f"period {period!r} must be YYYY or YYYY-MM", field="period")
