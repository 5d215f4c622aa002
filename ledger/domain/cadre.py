"""Cadres (干部) and the supervision acts they perform (四个一, 三了解两协调, 约谈, 通报 ...)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, NamedTuple

from ledger.domain.base import Created, TrackedEvent
from ledger.domain.cadre_acts import STRUCTURED_ACTS, SupervisionActs
from ledger.domain.checks import check_code, check_text
from ledger.domain.coercion import coerce
from ledger.domain.envelope import Envelope
from ledger.domain.excusals import DutyHolder
from ledger.domain.four_ones import (
    InspectionRecorded,
    ReportHeardRecorded,
    ReportSubmittedRecorded,
    ResearchVisitRecorded,
)
from ledger.domain.funds_secured import FundsSecuredRecorded
from ledger.domain.supervision import (
    Act,
    BulletinRecorded,
    ReviewRecorded,
    SupervisionRecorded,
    TalkRecorded,
)
from ledger.domain.values import PersonalText, Role, SupervisionKind
from ledger.errors import DuplicateError, RuleViolation

PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,19}$")

ALLOWED_ACTS: dict[Role, frozenset[SupervisionKind]] = {
    Role.TOWNSHIP_LEAD: frozenset({
        SupervisionKind.RESEARCH_VISIT, SupervisionKind.INSPECTION,
        SupervisionKind.REPORT_HEARING, SupervisionKind.REPORT_UP,
        SupervisionKind.QUARTERLY_REVIEW, SupervisionKind.FUNDS_SECURED,
    }),
    Role.VILLAGE_LEADER: frozenset({
        SupervisionKind.VISITS_CHECKED, SupervisionKind.RESIDENT_ASSESSED,
        SupervisionKind.RESEARCH_VISIT, SupervisionKind.INSPECTION,
    }),
    Role.COUNTY_LEADER: frozenset({
        SupervisionKind.FORMAL_TALK, SupervisionKind.BULLETIN, SupervisionKind.RESEARCH_VISIT,
        SupervisionKind.INSPECTION, SupervisionKind.REPORT_HEARING,
    }),
    Role.INSPECTOR: frozenset({SupervisionKind.INSPECTION, SupervisionKind.RESEARCH_VISIT}),
}
"""Which supervision acts each role performs; household and resident cadres perform none."""


class Post(NamedTuple):
    """A role held in a unit (township, village, county or department code) from a date."""

    role: Role
    unit: str
    from_date: date


class Cadre(SupervisionActs, DutyHolder):
    """干部: a cadre of the four-level chain, with their posts and supervision acts."""

    KIND = "cadre"

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.phone: str | None = None
        self.posts: list[Post] = []
        self.appointed_on = date.min
        self.dismissed_on: date | None = None
        self.act_log: dict[int, Act] = {}
        self.act_codes: set[str] = set()

    @property
    def role(self) -> Role:
        """The role held now."""
        return self.posts[-1].role

    @property
    def unit(self) -> str:
        """The unit served now."""
        return self.posts[-1].unit

    @property
    def acts(self) -> list[Act]:
        """The supervision acts on record (retracted ones left out), in recording order."""
        return list(self.act_log.values())

    class Appointed(Created):
        """任命: a cadre was appointed to a role in a unit."""

        occurred_on: date
        name: PersonalText
        phone: PersonalText | None
        role: Role
        unit: str
        late_after = timedelta(days=30)

        def apply(self, aggregate: Cadre) -> None:
            aggregate.code = self.code
            aggregate.name = self.name
            aggregate.phone = self.phone
            aggregate.appointed_on = self.occurred_on
            aggregate.posts.append(Post(Role(self.role), self.unit, self.occurred_on))

    class PostChanged(TrackedEvent):
        """岗位变动: the cadre took another role or unit from a date."""

        occurred_on: date
        role: Role
        unit: str
        late_after = timedelta(days=30)

        def apply(self, aggregate: Cadre) -> None:
            aggregate.posts.append(Post(Role(self.role), self.unit, self.occurred_on))

    class Dismissed(TrackedEvent):
        """免职: the cadre left the work; nothing more is recorded for them."""

        occurred_on: date
        reason: str
        late_after = timedelta(days=30)

        def apply(self, aggregate: Cadre) -> None:
            aggregate.dismissed_on = self.occurred_on

    class ResearchVisitMade(ResearchVisitRecorded):
        """调研: a research visit."""

        kind = SupervisionKind.RESEARCH_VISIT

    class InspectionMade(InspectionRecorded):
        """督查: an inspection."""

        kind = SupervisionKind.INSPECTION

    class ReportHeard(ReportHeardRecorded):
        """听取汇报: a work report was heard."""

        kind = SupervisionKind.REPORT_HEARING

    class ReportSubmitted(ReportSubmittedRecorded):
        """汇报: a report made up to the county party secretary and county head."""

        kind = SupervisionKind.REPORT_UP

    class QuarterlyReviewMade(ReviewRecorded):
        """三了解两协调: the quarterly review of progress, exits, difficulties and inputs."""

        kind = SupervisionKind.QUARTERLY_REVIEW

    class FundsSecured(FundsSecuredRecorded):
        """一争取: social or outside funding secured for the township."""

        kind = SupervisionKind.FUNDS_SECURED

    class VisitsChecked(SupervisionRecorded):
        """检查入户: household cadres' visits were checked."""

        kind = SupervisionKind.VISITS_CHECKED

    class ResidentCadreAssessed(SupervisionRecorded):
        """督导考核: a village-resident cadre was guided and assessed."""

        kind = SupervisionKind.RESIDENT_ASSESSED

    class TalkHeld(TalkRecorded):
        """约谈: a formal talk with a township or department head."""

        kind = SupervisionKind.FORMAL_TALK

    class BulletinIssued(BulletinRecorded):
        """通报: a bulletin on leaders', townships' or departments' work."""

        kind = SupervisionKind.BULLETIN

    @classmethod
    def appoint(
        cls, envelope: Envelope, code: str, name: str, role: Role, unit: str,
        occurred_on: date, phone: str | None = None,
    ) -> Cadre:
        """Appoint a cadre to a role in a unit."""
        check_text(name, "name")
        role = coerce(Role, role, "role")
        check_code(unit, "unit")
        if phone is not None and not (isinstance(phone, str) and PHONE.match(phone)):
            raise RuleViolation(f"phone {phone!r} is not a phone number", field="phone")
        return cls.start(
            cls.Appointed, envelope, occurred_on, code, occurred_on=occurred_on,
            name=name, phone=phone, role=role, unit=unit,
        )

    def change_post(self, envelope: Envelope, role: Role, unit: str, occurred_on: date) -> None:
        """Move the cadre to another role or unit from a date."""
        role = coerce(Role, role, "role")
        check_code(unit, "unit")
        self._still_serving()
        self._not_before_post(occurred_on)
        if (role, unit) == (self.role, self.unit):
            raise RuleViolation(f"{self.code} already serves as {role} in {unit}", field="role")
        self.record(
            self.PostChanged, envelope, occurred_on, occurred_on=occurred_on, role=role, unit=unit
        )

    def dismiss(self, envelope: Envelope, occurred_on: date, reason: str) -> None:
        """Dismiss the cadre; no act can happen after the dismissal day."""
        check_text(reason, "reason")
        self._still_serving()
        self._not_before_post(occurred_on)
        last_act = max((act.occurred_on for act in self.acts), default=date.min)
        if occurred_on < last_act:
            raise RuleViolation(
                f"{self.code} has acts recorded up to {last_act}; dismissal on {occurred_on} "
                "would precede them",
                field="occurred_on",
            )
        self.record(self.Dismissed, envelope, occurred_on, occurred_on=occurred_on, reason=reason)

    def record_supervision(
        self, envelope: Envelope, kind: SupervisionKind, occurred_on: date,
        subject_kind: str, subject_code: str, summary: str, act_code: str,
    ) -> None:
        """Record an act that carries no parts beyond its subject (one event type per kind).

        The acts whose parts are data have their own commands (``STRUCTURED_ACTS``).
        """
        kind = coerce(SupervisionKind, kind, "kind")
        command = STRUCTURED_ACTS.get(kind)
        if command is not None:
            raise RuleViolation(f"record a {kind} act with {command}, which takes its parts",
                                field="kind")
        self._record_act(envelope, kind, occurred_on, subject_kind, subject_code, summary,
                         act_code)

    def _record_act(
        self, envelope: Envelope, kind: SupervisionKind, occurred_on: date, subject_kind: str,
        subject_code: str, summary: str, act_code: str, **parts: Any,
    ) -> None:
        check_code(subject_kind, "subject_kind")
        check_code(subject_code, "subject_code")
        check_text(summary, "summary")
        check_code(act_code, "act_code")
        self._check_act(kind, occurred_on, act_code)
        self.record(
            ACT_EVENTS[kind], envelope, occurred_on, occurred_on=occurred_on,
            subject_kind=subject_kind, subject_code=subject_code, summary=summary,
            act_code=act_code, **parts,
        )

    def role_on(self, day: date) -> Role | None:
        """The role held on that day (None before the appointment or after dismissal)."""
        if day < self.appointed_on or (self.dismissed_on is not None and day > self.dismissed_on):
            return None
        return [post for post in self.posts if post.from_date <= day][-1].role

    def on_retraction(self, version: int, type_name: str) -> None:
        # The act code stays used: the retracted event is still in the log.
        self.act_log.pop(version, None)

    def _check_act(self, kind: SupervisionKind, occurred_on: date, act_code: str) -> None:
        if self.dismissed_on is not None and occurred_on > self.dismissed_on:
            raise RuleViolation(
                f"cadre {self.code} was dismissed on {self.dismissed_on}", field="cadre"
            )
        if occurred_on < self.appointed_on:
            raise RuleViolation(
                f"{occurred_on} is before {self.code} was appointed ({self.appointed_on})",
                field="occurred_on",
            )
        role = self.role_on(occurred_on)
        if role is None or kind not in ALLOWED_ACTS.get(role, frozenset()):
            raise RuleViolation(
                f"a {role} does not perform {kind} acts (cadre {self.code} on {occurred_on})",
                field="kind",
            )
        if act_code in self.act_codes:
            raise DuplicateError(
                f"act {act_code} is already recorded for cadre {self.code}", field="act_code"
            )

    def _still_serving(self) -> None:
        if self.dismissed_on is not None:
            raise RuleViolation(
                f"cadre {self.code} was dismissed on {self.dismissed_on}", field="cadre"
            )

    def _not_before_post(self, day: date) -> None:
        since = self.posts[-1].from_date
        if day < since:
            raise RuleViolation(
                f"{day} is before {self.code}'s current post began ({since})", field="occurred_on"
            )


ACT_EVENTS: dict[SupervisionKind, type[SupervisionRecorded]] = {
    event.kind: event
    for event in (
        Cadre.ResearchVisitMade, Cadre.InspectionMade, Cadre.ReportHeard, Cadre.ReportSubmitted,
        Cadre.QuarterlyReviewMade, Cadre.FundsSecured, Cadre.VisitsChecked,
        Cadre.ResidentCadreAssessed, Cadre.TalkHeld, Cadre.BulletinIssued,
    )
}
"""The event class recorded for each kind of supervision act."""
