"""Funds (资金) allocated and disbursed to projects (项目) and households.

A fund never disburses beyond what was allocated. Amounts are never edited: a wrong disbursement
is retracted (which restores the balance) and recorded again under a new code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ledger.domain.base import Created, LedgerAggregate, TrackedEvent
from ledger.domain.checks import check_code, check_fen, check_text
from ledger.domain.coercion import coerce
from ledger.domain.envelope import Envelope
from ledger.domain.project import Project, ProjectStatus, Receipt
from ledger.domain.values import Programme
from ledger.errors import DuplicateError, FundMisdirected, OverBalance, RuleViolation

__all__ = ["Disbursement", "Fund", "Project", "ProjectStatus", "Receipt"]
# Project lives in its own module (size); it is re-exported here, where callers first looked.

RECIPIENT_KINDS = frozenset({"project", "household"})


@dataclass(frozen=True)
class Disbursement:
    """One disbursement as the fund's record holds it."""

    code: str
    version: int
    amount_fen: int
    recipient_kind: str
    recipient_code: str
    programme: Programme
    occurred_on: date
    purpose: str
    approved_by: str
    is_retracted: bool = False


class Fund(LedgerAggregate):
    """资金: money allocated (资金下达) and disbursed to projects or households."""

    KIND = "fund"

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.source = ""
        self.programme: Programme | None = None
        self.allocated_on = date.min
        self.allocated_fen = 0
        self.disbursed_fen = 0
        self.disbursements: dict[str, Disbursement] = {}

    @property
    def balance_fen(self) -> int:
        """What is left to disburse."""
        return self.allocated_fen - self.disbursed_fen

    class Allocated(Created):
        """资金下达: money was allocated from a source, for one programme or for any."""

        occurred_on: date
        name: str
        source: str
        programme: Programme | None
        amount_fen: int
        late_after = timedelta(days=7)

        def apply(self, aggregate: Fund) -> None:
            aggregate.code = self.code
            aggregate.name = self.name
            aggregate.source = self.source
            aggregate.programme = None if self.programme is None else Programme(self.programme)
            aggregate.allocated_on = self.occurred_on
            aggregate.allocated_fen = self.amount_fen

    class AllocationIncreased(TrackedEvent):
        """追加: more money was allocated to the fund."""

        occurred_on: date
        amount_fen: int
        reason: str
        late_after = timedelta(days=7)

        def apply(self, aggregate: Fund) -> None:
            aggregate.allocated_fen += self.amount_fen

    class Disbursed(TrackedEvent):
        """拨付: money was paid to a project or a household."""

        occurred_on: date
        disbursement_code: str
        amount_fen: int
        recipient_kind: str
        recipient_code: str
        programme: Programme
        purpose: str
        approved_by: str
        late_after = timedelta(days=3)
        correctable = frozenset({"purpose"})

        def apply(self, aggregate: Fund) -> None:
            aggregate.disbursements[self.disbursement_code] = Disbursement(
                self.disbursement_code, self.originator_version, self.amount_fen,
                self.recipient_kind, self.recipient_code, Programme(self.programme),
                self.occurred_on, self.purpose, self.approved_by,
            )
            aggregate.disbursed_fen += self.amount_fen

    @classmethod
    def allocate(
        cls, envelope: Envelope, code: str, name: str, source: str,
        programme: Programme | None, amount_fen: int, occurred_on: date,
    ) -> Fund:
        """Record an allocation (资金下达); ``programme`` None leaves the use open."""
        check_text(name, "name")
        check_text(source, "source")
        programme = coerce(Programme | None, programme, "programme")
        check_fen(amount_fen)
        return cls.start(
            cls.Allocated, envelope, occurred_on, code, occurred_on=occurred_on, name=name,
            source=source, programme=programme, amount_fen=amount_fen,
        )

    def increase(self, envelope: Envelope, amount_fen: int, occurred_on: date, reason: str) -> None:
        """Allocate more money to the fund."""
        check_fen(amount_fen)
        check_text(reason, "reason")
        self._not_before_allocation(occurred_on)
        self.record(
            self.AllocationIncreased, envelope, occurred_on, occurred_on=occurred_on,
            amount_fen=amount_fen, reason=reason,
        )

    def disburse(
        self, envelope: Envelope, disbursement_code: str, amount_fen: int, recipient_kind: str,
        recipient_code: str, programme: Programme, occurred_on: date, purpose: str,
        approved_by: str,
    ) -> None:
        """Pay money out; never beyond the balance."""
        check_code(disbursement_code, "disbursement_code")
        check_fen(amount_fen)
        _check_recipient(recipient_kind, recipient_code)
        programme = coerce(Programme, programme, "programme")
        check_text(purpose, "purpose")
        check_code(approved_by, "approved_by")
        self._not_before_allocation(occurred_on)
        self._check_disbursement(disbursement_code, amount_fen, programme)
        self.record(
            self.Disbursed, envelope, occurred_on, occurred_on=occurred_on,
            disbursement_code=disbursement_code, amount_fen=amount_fen,
            recipient_kind=recipient_kind, recipient_code=recipient_code, programme=programme,
            purpose=purpose, approved_by=approved_by,
        )

    def check_correction(self, type_name: str, changes: dict[str, Any]) -> None:
        if "purpose" in changes:
            check_text(changes["purpose"], "changes.purpose")

    def on_correction(self, version: int, type_name: str, changes: dict[str, Any]) -> None:
        found = self._disbursement_at(version)
        if found is not None:
            self.disbursements[found.code] = replace(found, purpose=changes["purpose"])

    def on_retraction(self, version: int, type_name: str) -> None:
        found = self._disbursement_at(version)
        if found is not None:
            self.disbursements[found.code] = replace(found, is_retracted=True)
            self.disbursed_fen -= found.amount_fen

    def _check_disbursement(self, code: str, amount_fen: int, programme: Programme) -> None:
        if code in self.disbursements:
            raise DuplicateError(
                f"disbursement {code} is already recorded in fund {self.code}",
                field="disbursement_code",
            )
        if self.programme is not None and programme != self.programme:
            raise FundMisdirected(
                f"fund {self.code} is for {self.programme}, not {programme}", field="programme"
            )
        if amount_fen > self.balance_fen:
            raise OverBalance(
                f"cannot disburse {amount_fen} fen from fund {self.code}: "
                f"the balance is {self.balance_fen} fen",
                field="amount_fen",
            )

    def _disbursement_at(self, version: int) -> Disbursement | None:
        return next((d for d in self.disbursements.values() if d.version == version), None)

    def _not_before_allocation(self, day: date) -> None:
        if day < self.allocated_on:
            raise RuleViolation(
                f"{day} is before fund {self.code} was allocated ({self.allocated_on})",
                field="occurred_on",
            )


def _check_recipient(recipient_kind: str, recipient_code: str) -> None:
    if recipient_kind not in RECIPIENT_KINDS:
        raise RuleViolation(
            f"recipient_kind {recipient_kind!r} must be one of {sorted(RECIPIENT_KINDS)}",
            field="recipient_kind",
        )
    check_code(recipient_code, "recipient_code")
