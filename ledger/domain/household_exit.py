"""Exit from poverty (脱贫) by procedure, return to poverty (返贫), monitoring and honours.

Exit: review → public notice of at least N days → household confirmation → county approval.
"""

from __future__ import annotations

from datetime import date, timedelta

from ledger.domain.base import LedgerAggregate, TrackedEvent
from ledger.domain.checks import check_count, check_text
from ledger.domain.envelope import Envelope
from ledger.domain.values import ExitStage, HouseholdStatus, Indicators, PersonalText, Policy
from ledger.errors import ExitConditionsUnmet, RuleViolation


class ExitProcedure(LedgerAggregate):
    """The household's status and the exit procedure's stage."""

    def __init__(self) -> None:
        super().__init__()
        self.status = HouseholdStatus.REGISTERED
        self.exit_stage = ExitStage.NONE
        self.notice_ends_on: date | None = None
        self.exited_on: date | None = None
        self.honours: list[str] = []
        self.monitoring_since: date | None = None
        self.monitoring_ended_on: date | None = None

    class ExitReviewed(TrackedEvent):
        """民主评议 / 入户核实: the household was reviewed as meeting the exit criteria."""

        occurred_on: date
        year: int
        per_capita_fen: int
        poverty_line_fen: int

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.exit_stage = ExitStage.REVIEWED

    class ExitNoticePosted(TrackedEvent):
        """公示: the proposed exit was publicly posted for ``days`` days."""

        occurred_on: date
        days: int

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.exit_stage = ExitStage.NOTICE_POSTED
            aggregate.notice_ends_on = self.occurred_on + timedelta(days=self.days)

    class ExitObjectionRaised(TrackedEvent):
        """异议: an objection during the notice; the procedure starts again."""

        occurred_on: date
        summary: PersonalText

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.exit_stage = ExitStage.NONE
            aggregate.notice_ends_on = None

    class ExitConfirmed(TrackedEvent):
        """农户签字确认: the household confirmed the exit."""

        occurred_on: date
        confirmed_by: PersonalText

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.exit_stage = ExitStage.CONFIRMED

    class Exited(TrackedEvent):
        """县级审定: the county approved the exit; the household is exited (脱贫户)."""

        occurred_on: date
        approved_by: str

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.status = HouseholdStatus.EXITED
            aggregate.exit_stage = ExitStage.NONE
            aggregate.exited_on = self.occurred_on

    class ReturnedToPoverty(TrackedEvent):
        """返贫: an exited household fell back into poverty."""

        occurred_on: date
        reason: str

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.status = HouseholdStatus.RETURNED

    class MonitoringStarted(TrackedEvent):
        """监测: an exited household is put under return-to-poverty monitoring."""

        occurred_on: date
        category: str
        reason: str

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.status = HouseholdStatus.MONITORED
            aggregate.monitoring_since = self.occurred_on
            aggregate.monitoring_ended_on = None

    class MonitoringEnded(TrackedEvent):
        """风险消除: monitoring ends; the household is exited again, its monitoring duties end.

        Carries what justifies it: the year's per-capita income against the line, and the
        两不愁三保障 indicators as assessed, both taken from the household's own record.
        """

        occurred_on: date
        reason: str
        year: int
        per_capita_fen: int
        poverty_line_fen: int
        indicators: Indicators

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.status = HouseholdStatus.EXITED
            aggregate.monitoring_ended_on = self.occurred_on

    class HonourAwarded(TrackedEvent):
        """脱贫光荣户: an exited household was honoured."""

        occurred_on: date
        title: str

        def apply(self, aggregate: ExitProcedure) -> None:
            aggregate.honours.append(self.title)

    def review_exit(
        self, envelope: Envelope, occurred_on: date, year: int, per_capita_fen: int,
        policy: Policy, *, indicators_met: bool,
    ) -> None:
        """Record the exit review; refused unless income and 两不愁三保障 are met."""
        if self.status not in (HouseholdStatus.REGISTERED, HouseholdStatus.RETURNED):
            raise RuleViolation(f"a {self.status} household cannot start an exit", field="status")
        if self.exit_stage is not ExitStage.NONE:
            raise RuleViolation(f"an exit is already in progress ({self.exit_stage})",
                                field="status")
        if not indicators_met:
            raise ExitConditionsUnmet("两不愁三保障 and safe water are not all met",
                                      field="indicators")
        if per_capita_fen <= policy.poverty_line_fen:
            raise ExitConditionsUnmet(
                f"per-capita income {per_capita_fen} fen in {year} is not above the line "
                f"{policy.poverty_line_fen} fen", field="income",
            )
        self.record(self.ExitReviewed, envelope, occurred_on, occurred_on=occurred_on, year=year,
                    per_capita_fen=per_capita_fen, poverty_line_fen=policy.poverty_line_fen)

    def post_exit_notice(
        self, envelope: Envelope, occurred_on: date, days: int, policy: Policy
    ) -> None:
        """Post the public notice (at least the policy's minimum days)."""
        self._require_stage(ExitStage.REVIEWED, "post the notice")
        check_count(days, "days", minimum=policy.exit_notice_min_days, maximum=60)
        self.record(self.ExitNoticePosted, envelope, occurred_on, occurred_on=occurred_on,
                    days=days)

    def raise_exit_objection(self, envelope: Envelope, occurred_on: date, summary: str) -> None:
        """Record an objection during the notice; the exit procedure starts again."""
        self._require_stage(ExitStage.NOTICE_POSTED, "object")
        check_text(summary, "summary")
        self.record(self.ExitObjectionRaised, envelope, occurred_on, occurred_on=occurred_on,
                    summary=summary)

    def confirm_exit(self, envelope: Envelope, occurred_on: date, confirmed_by: str) -> None:
        """The household confirms, only after the notice period has run."""
        self._require_stage(ExitStage.NOTICE_POSTED, "confirm")
        if self.notice_ends_on is not None and occurred_on < self.notice_ends_on:
            raise RuleViolation(
                f"the public notice runs until {self.notice_ends_on}", field="occurred_on"
            )
        check_text(confirmed_by, "confirmed_by")
        self.record(self.ExitConfirmed, envelope, occurred_on, occurred_on=occurred_on,
                    confirmed_by=confirmed_by)

    def approve_exit(self, envelope: Envelope, occurred_on: date, approved_by: str) -> None:
        """County approval completes the exit."""
        self._require_stage(ExitStage.CONFIRMED, "approve")
        self.record(self.Exited, envelope, occurred_on, occurred_on=occurred_on,
                    approved_by=approved_by)

    def return_to_poverty(self, envelope: Envelope, occurred_on: date, reason: str) -> None:
        """An exited or monitored household returns to poverty."""
        if self.status not in (HouseholdStatus.EXITED, HouseholdStatus.MONITORED):
            raise RuleViolation(f"a {self.status} household cannot return to poverty",
                                field="status")
        check_text(reason, "reason")
        self.record(self.ReturnedToPoverty, envelope, occurred_on, occurred_on=occurred_on,
                    reason=reason)

    def start_monitoring(
        self, envelope: Envelope, occurred_on: date, category: str, reason: str
    ) -> None:
        """Put an exited household under monitoring (防返贫监测)."""
        if self.status is not HouseholdStatus.EXITED:
            raise RuleViolation("only an exited household is put under monitoring",
                                field="status")
        check_text(category, "category")
        self.record(self.MonitoringStarted, envelope, occurred_on, occurred_on=occurred_on,
                    category=category, reason=reason)

    def end_monitoring(
        self, envelope: Envelope, occurred_on: date, reason: str, year: int,
        per_capita_fen: int, indicators: Indicators, policy: Policy,
    ) -> None:
        """End monitoring once the risk is removed: income above the line, indicators all met."""
        if self.status is not HouseholdStatus.MONITORED:
            raise RuleViolation(f"a {self.status} household is not under monitoring",
                                field="status")
        if self.monitoring_since is not None and occurred_on < self.monitoring_since:
            raise RuleViolation(f"monitoring began on {self.monitoring_since}",
                                field="occurred_on")
        check_text(reason, "reason")
        if not indicators.all_met():
            raise RuleViolation("两不愁三保障 and safe water are not all met", field="indicators")
        if per_capita_fen <= policy.poverty_line_fen:
            raise RuleViolation(
                f"per-capita income {per_capita_fen} fen in {year} is not above the line "
                f"{policy.poverty_line_fen} fen; the risk is not removed", field="income",
            )
        self.record(self.MonitoringEnded, envelope, occurred_on, occurred_on=occurred_on,
                    reason=reason, year=year, per_capita_fen=per_capita_fen,
                    poverty_line_fen=policy.poverty_line_fen, indicators=indicators)

    def award_honour(self, envelope: Envelope, occurred_on: date, title: str) -> None:
        """Honour an exited household (脱贫光荣户)."""
        if self.status is not HouseholdStatus.EXITED:
            raise RuleViolation("only an exited household is honoured", field="status")
        check_text(title, "title")
        self.record(self.HonourAwarded, envelope, occurred_on, occurred_on=occurred_on,
                    title=title)

    def _require_stage(self, stage: ExitStage, action: str) -> None:
        if self.exit_stage is not stage:
            raise RuleViolation(
                f"cannot {action}: the exit is at stage {self.exit_stage}, needs {stage}",
                field="status",
            )
