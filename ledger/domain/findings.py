"""Findings (问题) handed to an owner with a deadline, followed to 销号 or to the 纪委."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ledger.domain.base import LedgerAggregate, TrackedEvent
from ledger.domain.checks import check_code, check_text
from ledger.domain.envelope import Envelope
from ledger.domain.values import PersonalText
from ledger.errors import DuplicateError, RuleViolation


class FindingStatus(StrEnum):
    """Where a finding stands: open → rectified → closed (销号), or transferred to 纪委."""

    OPEN = "open"
    RECTIFIED = "rectified"
    CLOSED = "closed"
    TRANSFERRED = "transferred"


@dataclass
class Finding:
    """A problem found, its owner, its deadline and how far it got."""

    code: str
    subject_kind: str
    subject_code: str
    owner_cadre: str
    raised_on: date
    deadline_on: date
    status: FindingStatus = FindingStatus.OPEN
    rectified_on: date | None = None
    settled_on: date | None = None

    @property
    def is_settled(self) -> bool:
        """Closed or transferred: nothing more is expected of it."""
        return self.status in (FindingStatus.CLOSED, FindingStatus.TRANSFERRED)

    def is_overdue(self, day: date) -> bool:
        """Past its deadline on that day with neither a rectification report nor a transfer."""
        answered = [d for d in (self.rectified_on, self.settled_on) if d is not None]
        return self.deadline_on < day and not any(d <= day for d in answered)


class FindingHolder(LedgerAggregate):
    """An aggregate that raises findings and follows each to 销号 or transfer."""

    def __init__(self) -> None:
        super().__init__()
        self.findings: dict[str, Finding] = {}

    class FindingRaised(TrackedEvent):
        """问题交办: a problem was found and handed to its owner with a deadline."""

        occurred_on: date
        finding_code: str
        subject_kind: str
        subject_code: str
        owner_cadre: str
        description: PersonalText
        deadline_on: date
        late_after = timedelta(days=3)
        correctable = frozenset({"description"})

        def apply(self, aggregate: FindingHolder) -> None:
            aggregate.findings[self.finding_code] = Finding(
                self.finding_code, self.subject_kind, self.subject_code, self.owner_cadre,
                self.occurred_on, self.deadline_on,
            )

    class RectificationReported(TrackedEvent):
        """整改报告: the owner reported what was done about a finding."""

        occurred_on: date
        finding_code: str
        summary: PersonalText
        late_after = timedelta(days=7)

        def apply(self, aggregate: FindingHolder) -> None:
            finding = aggregate.findings[self.finding_code]
            finding.status = FindingStatus.RECTIFIED
            finding.rectified_on = finding.rectified_on or self.occurred_on

    class FindingClosed(TrackedEvent):
        """销号: the rectification was verified and the finding closed."""

        occurred_on: date
        finding_code: str
        summary: PersonalText
        late_after = timedelta(days=7)

        def apply(self, aggregate: FindingHolder) -> None:
            finding = aggregate.findings[self.finding_code]
            finding.status = FindingStatus.CLOSED
            finding.settled_on = self.occurred_on

    class CaseLeadTransferred(TrackedEvent):
        """移交问题线索: the finding was handed to the discipline commission (纪委监委)."""

        occurred_on: date
        finding_code: str
        to_body: str
        summary: PersonalText
        late_after = timedelta(days=3)

        def apply(self, aggregate: FindingHolder) -> None:
            finding = aggregate.findings[self.finding_code]
            finding.status = FindingStatus.TRANSFERRED
            finding.settled_on = self.occurred_on

    def raise_finding(
        self, envelope: Envelope, finding_code: str, subject_kind: str, subject_code: str,
        owner_cadre: str, description: str, occurred_on: date, deadline_on: date,
    ) -> None:
        """Hand a problem to its owning cadre with a deadline after the day it was found."""
        self.check_accepting(occurred_on)
        check_code(finding_code, "finding_code")
        check_code(subject_kind, "subject_kind")
        check_code(subject_code, "subject_code")
        check_code(owner_cadre, "owner_cadre")
        check_text(description, "description")
        if deadline_on <= occurred_on:
            raise RuleViolation(
                f"deadline {deadline_on} must be after {occurred_on}", field="deadline_on"
            )
        if finding_code in self.findings:
            raise DuplicateError(f"finding {finding_code} already exists", field="finding_code")
        self.record(
            self.FindingRaised, envelope, occurred_on, occurred_on=occurred_on,
            finding_code=finding_code, subject_kind=subject_kind, subject_code=subject_code,
            owner_cadre=owner_cadre, description=description, deadline_on=deadline_on,
        )

    def report_rectification(
        self, envelope: Envelope, finding_code: str, occurred_on: date, summary: str
    ) -> None:
        """Record the owner's rectification report (a further report is allowed)."""
        self._check_finding(finding_code, occurred_on, FindingStatus.OPEN, FindingStatus.RECTIFIED)
        check_text(summary, "summary")
        self.record(
            self.RectificationReported, envelope, occurred_on, occurred_on=occurred_on,
            finding_code=finding_code, summary=summary,
        )

    def close_finding(
        self, envelope: Envelope, finding_code: str, occurred_on: date, summary: str
    ) -> None:
        """销号: close a finding once its rectification was reported."""
        self._check_finding(finding_code, occurred_on, FindingStatus.RECTIFIED)
        check_text(summary, "summary")
        self.record(
            self.FindingClosed, envelope, occurred_on, occurred_on=occurred_on,
            finding_code=finding_code, summary=summary,
        )

    def transfer_case(
        self, envelope: Envelope, finding_code: str, occurred_on: date, to_body: str,
        summary: str,
    ) -> None:
        """Hand an unsettled finding to the discipline commission as a case lead."""
        self._check_finding(finding_code, occurred_on, FindingStatus.OPEN, FindingStatus.RECTIFIED)
        check_text(to_body, "to_body")
        check_text(summary, "summary")
        self.record(
            self.CaseLeadTransferred, envelope, occurred_on, occurred_on=occurred_on,
            finding_code=finding_code, to_body=to_body, summary=summary,
        )

    def overdue_findings(self, on: date) -> list[Finding]:
        """Findings past their deadline on that day with no rectification report or transfer."""
        return [f for f in self.findings.values() if f.is_overdue(on)]

    def unsettled_findings(self) -> list[str]:
        """Codes of the findings neither closed nor transferred, sorted."""
        return sorted(code for code, f in self.findings.items() if not f.is_settled)

    def check_accepting(self, day: date) -> None:
        """Refuse finding commands on that day when the holder takes none (override)."""

    def _check_finding(self, code: str, day: date, *allowed: FindingStatus) -> None:
        self.check_accepting(day)
        finding = self.findings.get(code)
        if finding is None:
            raise RuleViolation(f"{self.KIND} {self.code} has no finding {code!r}",
                                field="finding_code")
        if finding.status not in allowed:
            raise RuleViolation(
                f"finding {code} is {finding.status}; expected {' or '.join(allowed)}",
                field="finding_code",
            )
        if day < finding.raised_on:
            raise RuleViolation(
                f"{day} is before finding {code} was raised ({finding.raised_on})",
                field="occurred_on",
            )
