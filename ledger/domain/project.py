"""Projects (项目: income, infrastructure, solar): the money they received and who takes part."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from ledger.domain.base import Created, LedgerAggregate, TrackedEvent
from ledger.domain.checks import check_code, check_fen, check_text
from ledger.domain.envelope import Envelope
from ledger.errors import DuplicateError, RuleViolation


class ProjectStatus(StrEnum):
    """Where a project stands (persisted names: never rename a value)."""

    ACTIVE = "active"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Receipt:
    """Money a project received from one disbursement."""

    fund_code: str
    disbursement_code: str
    version: int
    amount_fen: int
    occurred_on: date
    is_retracted: bool = False


class Project(LedgerAggregate):
    """项目: an income, infrastructure or solar project, its money and its participants."""

    KIND = "project"

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.kind = ""
        self.township_code = ""
        self.village_code: str | None = None
        self.budget_fen = 0
        self.registered_on = date.min
        self.received_fen = 0
        self.receipts: dict[str, Receipt] = {}
        self.participants: set[str] = set()
        self.status = ProjectStatus.ACTIVE
        self.completed_on: date | None = None

    class Registered(Created):
        """立项: a project was registered in a township (and village)."""

        occurred_on: date
        name: str
        kind: str
        township_code: str
        village_code: str | None
        budget_fen: int
        late_after = timedelta(days=30)

        def apply(self, aggregate: Project) -> None:
            aggregate.code = self.code
            aggregate.name, aggregate.kind = self.name, self.kind
            aggregate.township_code = self.township_code
            aggregate.village_code = self.village_code
            aggregate.budget_fen = self.budget_fen
            aggregate.registered_on = self.occurred_on

    class FundsReceived(TrackedEvent):
        """资金到位: money from one disbursement reached the project."""

        occurred_on: date
        fund_code: str
        disbursement_code: str
        amount_fen: int
        late_after = timedelta(days=3)
        correctable = frozenset({"occurred_on"})

        def apply(self, aggregate: Project) -> None:
            aggregate.receipts[self.disbursement_code] = Receipt(
                self.fund_code, self.disbursement_code, self.originator_version,
                self.amount_fen, self.occurred_on,
            )
            aggregate.received_fen += self.amount_fen

    class ParticipantJoined(TrackedEvent):
        """参与: a household joined the project."""

        occurred_on: date
        household_code: str
        late_after = timedelta(days=7)

        def apply(self, aggregate: Project) -> None:
            aggregate.participants.add(self.household_code)

    class Completed(TrackedEvent):
        """竣工/完成: the project was completed."""

        occurred_on: date
        summary: str
        late_after = timedelta(days=7)

        def apply(self, aggregate: Project) -> None:
            aggregate.status = ProjectStatus.COMPLETED
            aggregate.completed_on = self.occurred_on

    @classmethod
    def register(
        cls, envelope: Envelope, code: str, name: str, kind: str, township_code: str,
        village_code: str | None, budget_fen: int, occurred_on: date,
    ) -> Project:
        """Register a project (kind such as "income", "infrastructure", "solar")."""
        check_text(name, "name")
        check_code(kind, "kind")
        check_code(township_code, "township_code")
        if village_code is not None:
            check_code(village_code, "village_code")
        check_fen(budget_fen, "budget_fen")
        return cls.start(
            cls.Registered, envelope, occurred_on, code, occurred_on=occurred_on, name=name,
            kind=kind, township_code=township_code, village_code=village_code,
            budget_fen=budget_fen,
        )

    def receive_funds(
        self, envelope: Envelope, fund_code: str, disbursement_code: str, amount_fen: int,
        occurred_on: date,
    ) -> None:
        """Record money received from a fund's disbursement (each disbursement once)."""
        check_code(fund_code, "fund_code")
        check_code(disbursement_code, "disbursement_code")
        check_fen(amount_fen)
        self._still_active(occurred_on)
        if disbursement_code in self.receipts:
            raise DuplicateError(
                f"disbursement {disbursement_code} was already received by project {self.code}",
                field="disbursement_code",
            )
        self.record(
            self.FundsReceived, envelope, occurred_on, occurred_on=occurred_on,
            fund_code=fund_code, disbursement_code=disbursement_code, amount_fen=amount_fen,
        )

    def add_participant(self, envelope: Envelope, household_code: str, occurred_on: date) -> None:
        """A household joins the project (once)."""
        check_code(household_code, "household_code")
        self._still_active(occurred_on)
        if household_code in self.participants:
            raise DuplicateError(
                f"household {household_code} already takes part in project {self.code}",
                field="household_code",
            )
        self.record(
            self.ParticipantJoined, envelope, occurred_on, occurred_on=occurred_on,
            household_code=household_code,
        )

    def complete(self, envelope: Envelope, occurred_on: date, summary: str) -> None:
        """Complete the project; no money or participants after."""
        check_text(summary, "summary")
        self._still_active(occurred_on)
        self.record(self.Completed, envelope, occurred_on, occurred_on=occurred_on, summary=summary)

    def check_correction(self, type_name: str, changes: dict[str, Any]) -> None:
        day = changes.get("occurred_on", self.registered_on)
        if day < self.registered_on:
            raise RuleViolation(
                f"{day} is before project {self.code} was registered ({self.registered_on})",
                field="changes.occurred_on",
            )

    def on_correction(self, version: int, type_name: str, changes: dict[str, Any]) -> None:
        found = self._receipt_at(version)
        if found is not None:
            self.receipts[found.disbursement_code] = replace(
                found, occurred_on=changes["occurred_on"]
            )

    def on_retraction(self, version: int, type_name: str) -> None:
        found = self._receipt_at(version)
        if found is not None:
            self.receipts[found.disbursement_code] = replace(found, is_retracted=True)
            self.received_fen -= found.amount_fen

    def _receipt_at(self, version: int) -> Receipt | None:
        return next((r for r in self.receipts.values() if r.version == version), None)

    def _still_active(self, day: date) -> None:
        if self.status is ProjectStatus.COMPLETED:
            raise RuleViolation(
                f"project {self.code} was completed on {self.completed_on}", field="project"
            )
        if day < self.registered_on:
            raise RuleViolation(
                f"{day} is before project {self.code} was registered ({self.registered_on})",
                field="occurred_on",
            )
