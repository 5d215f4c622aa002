"""结亲交友 and the N activities, as the household's record holds them.

A party member paired with the household (结亲交友) contacts it and gives help like a cadre's
visit, but on their own event type and channel, so pairing contacts never count as cadre
visits. Taking part in an activity (知识竞赛、电影、展览、培训、爱心超市活动) is recorded on the
household, with the points it earned and the activity's code: points trace to the activity.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from ledger.domain.base import LedgerAggregate, TrackedEvent
from ledger.domain.checks import check_code, check_count, check_fen, check_text
from ledger.domain.envelope import Envelope
from ledger.domain.values import Immutable, PersonalText
from ledger.errors import DuplicateError, RuleViolation


@dataclass(frozen=True)
class Pairing(Immutable):
    """One pairing with a party member, as the household's record holds it."""

    member_name: str
    member_unit: str
    started_on: date
    ended_on: date | None = None
    contacts: int = 0
    help_fen: int = 0
    is_lapsed: bool = False


class HouseholdCommunity(LedgerAggregate):
    """结亲交友 pairings and activity participation of a household."""

    def __init__(self) -> None:
        super().__init__()
        self.pairings: dict[str, Pairing] = {}
        self.activities: dict[str, int] = {}
        self.activity_points = 0
        self.pairing_contacts: dict[int, tuple[str, int]] = {}

    @property
    def active_pairing(self) -> str | None:
        """The code of the pairing in force, if any."""
        return next((c for c, p in self.pairings.items() if p.ended_on is None), None)

    class PairingStarted(TrackedEvent):
        """结亲交友: a party member was paired with the household."""

        occurred_on: date
        pairing_code: str
        member_name: PersonalText
        member_unit: str
        late_after = timedelta(days=30)

        def apply(self, aggregate: HouseholdCommunity) -> None:
            aggregate.pairings[self.pairing_code] = Pairing(
                self.member_name, self.member_unit, self.occurred_on)

    class PairingContacted(TrackedEvent):
        """结亲走访: the paired party member contacted the household, with the help given."""

        occurred_at: datetime
        pairing_code: str
        is_in_person: bool
        help_given: PersonalText
        help_fen: int
        late_after = timedelta(days=3)
        correctable = frozenset({"help_given"})

        def apply(self, aggregate: HouseholdCommunity) -> None:
            aggregate.pairing_contacts[self.originator_version] = (self.pairing_code,
                                                                   self.help_fen)
            found = aggregate.pairings[self.pairing_code]
            aggregate.pairings[self.pairing_code] = replace(
                found, contacts=found.contacts + 1, help_fen=found.help_fen + self.help_fen)

    class PairingEnded(TrackedEvent):
        """结亲结束: the pairing ended (``is_lapsed``: it lapsed rather than completed)."""

        occurred_on: date
        pairing_code: str
        reason: str
        is_lapsed: bool
        late_after = timedelta(days=30)

        def apply(self, aggregate: HouseholdCommunity) -> None:
            aggregate.pairings[self.pairing_code] = replace(
                aggregate.pairings[self.pairing_code], ended_on=self.occurred_on,
                is_lapsed=self.is_lapsed)

    class ActivityAttended(TrackedEvent):
        """参加活动: the household took part in an activity and earned its points there."""

        occurred_on: date
        activity_code: str
        points: int
        late_after = timedelta(days=14)

        def apply(self, aggregate: HouseholdCommunity) -> None:
            aggregate.activities[self.activity_code] = self.points
            aggregate.activity_points += self.points
            aggregate.points_balance += self.points

    points_balance: int

    def start_pairing(self, envelope: Envelope, pairing_code: str, member_name: str,
                      member_unit: str, occurred_on: date) -> None:
        """Pair a party member with the household (one pairing in force at a time)."""
        check_code(pairing_code, "pairing")
        check_text(member_name, "member_name")
        check_code(member_unit, "member_unit")
        if pairing_code in self.pairings:
            raise DuplicateError(f"pairing {pairing_code} is already recorded", field="pairing")
        if self.active_pairing is not None:
            raise RuleViolation(f"pairing {self.active_pairing} is still in force; end it first",
                                field="pairing")
        self.record(self.PairingStarted, envelope, occurred_on, occurred_on=occurred_on,
                    pairing_code=pairing_code, member_name=member_name, member_unit=member_unit)

    def record_pairing_contact(self, envelope: Envelope, pairing_code: str,
                               occurred_at: datetime, *, in_person: bool, help_given: str,
                               help_fen: int) -> None:
        """A contact by the paired party member while the pairing is in force."""
        self._in_force(pairing_code, occurred_at.date(), "occurred_at")
        check_text(help_given, "help_given")
        check_fen(help_fen, "help_fen", positive=False)
        self.record(self.PairingContacted, envelope, occurred_at, occurred_at=occurred_at,
                    pairing_code=pairing_code, is_in_person=in_person, help_given=help_given,
                    help_fen=help_fen)

    def end_pairing(self, envelope: Envelope, pairing_code: str, occurred_on: date,
                    reason: str, *, is_lapsed: bool) -> None:
        """End a pairing in force, saying whether it lapsed."""
        self._in_force(pairing_code, occurred_on, "occurred_on")
        check_text(reason, "reason")
        self.record(self.PairingEnded, envelope, occurred_on, occurred_on=occurred_on,
                    pairing_code=pairing_code, reason=reason, is_lapsed=bool(is_lapsed))

    def attend_activity(self, envelope: Envelope, activity_code: str, occurred_on: date,
                        points: int) -> None:
        """Record taking part in an activity once, with the points earned there (0 allowed)."""
        check_code(activity_code, "activity")
        check_count(points, "points", minimum=0, maximum=100_000)
        if activity_code in self.activities:
            raise DuplicateError(f"{self.code} already took part in {activity_code}",
                                 field="households")
        self.record(self.ActivityAttended, envelope, occurred_on, occurred_on=occurred_on,
                    activity_code=activity_code, points=points)

    def on_retraction(self, version: int, type_name: str) -> None:
        super().on_retraction(version, type_name)
        contact = self.pairing_contacts.pop(version, None)
        if contact is not None:
            found = self.pairings[contact[0]]
            self.pairings[contact[0]] = replace(
                found, contacts=found.contacts - 1, help_fen=found.help_fen - contact[1])

    def _in_force(self, pairing_code: str, day: date, field: str) -> None:
        found = self.pairings.get(pairing_code)
        if found is None:
            raise RuleViolation(f"no pairing {pairing_code} for {self.code}", field="pairing")
        if found.ended_on is not None:
            raise RuleViolation(f"pairing {pairing_code} ended on {found.ended_on}",
                                field="pairing")
        if day < found.started_on:
            raise RuleViolation(f"pairing {pairing_code} began on {found.started_on}",
                                field=field)
