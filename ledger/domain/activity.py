"""N activities (N项活动): knowledge contests, films, exhibitions, training sessions and
love-supermarket events, with who organised them, where, who took part and the points awarded.

Each participating household records its attendance (``Household.ActivityAttended``) with
this activity's code and the points it earned, so points trace to the activity.
"""

from __future__ import annotations

from datetime import date, timedelta

from ledger.domain.base import Created, LedgerAggregate
from ledger.domain.checks import check_code, check_count, check_text
from ledger.domain.coercion import coerce
from ledger.domain.envelope import Envelope
from ledger.domain.supervision import check_codes
from ledger.domain.values import ActivityKind


class Activity(LedgerAggregate):
    """活动: one activity of the N, held in a village on a day."""

    KIND = "activity"

    def __init__(self) -> None:
        super().__init__()
        self.kind = ActivityKind.TRAINING
        self.title = ""
        self.held_on = date.min
        self.village_code = ""
        self.organiser = ""
        self.households: list[str] = []
        self.points_each = 0

    class Held(Created):
        """举办活动: the activity was held; the participating households and points awarded."""

        occurred_on: date
        kind: ActivityKind
        title: str
        place: str
        organiser: str
        village_code: str
        households: list[str]
        points_each: int
        late_after = timedelta(days=14)

        def apply(self, aggregate: Activity) -> None:
            aggregate.code = self.code
            aggregate.kind = self.kind
            aggregate.title = self.title
            aggregate.held_on = self.occurred_on
            aggregate.village_code = self.village_code
            aggregate.organiser = self.organiser
            aggregate.households = list(self.households)
            aggregate.points_each = self.points_each

    @classmethod
    def hold(
        cls, envelope: Envelope, code: str, kind: ActivityKind, title: str, place: str,
        organiser: str, village_code: str, households: list[str], points_each: int,
        occurred_on: date,
    ) -> Activity:
        """Record an activity with at least one participating household."""
        kind = coerce(ActivityKind, kind, "kind")
        check_text(title, "title")
        check_text(place, "place")
        check_code(organiser, "organiser")
        check_code(village_code, "village")
        homes = check_codes(households, "households")
        check_count(points_each, "points_each", minimum=0, maximum=10_000)
        return cls.start(
            cls.Held, envelope, occurred_on, code, occurred_on=occurred_on, kind=kind,
            title=title, place=place, organiser=organiser, village_code=village_code,
            households=homes, points_each=points_each,
        )
