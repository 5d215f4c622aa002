"""Who was responsible for what, from when to when (帮扶责任人, 包村, 包保): append-only periods."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ledger.domain.base import LedgerAggregate, TrackedEvent
from ledger.domain.envelope import Envelope
from ledger.domain.values import Immutable, Role
from ledger.errors import RuleViolation


@dataclass(frozen=True)
class Assignment(Immutable):
    """One period of responsibility; ``to_date`` is None while it lasts."""

    cadre_code: str
    role: str
    from_date: date
    to_date: date | None = None

    def covers(self, day: date) -> bool:
        """Whether the assignment was in force on that day."""
        return self.from_date <= day and (self.to_date is None or day <= self.to_date)


class Assignable(LedgerAggregate):
    """An aggregate that cadres are assigned to (household, village, township)."""

    # Unannotated on purpose: an annotation would make the library treat the class as a dataclass.
    ASSIGNABLE_ROLES = frozenset[Role]()
    SINGLE_HOLDER_ROLES = frozenset[Role]()

    def __init__(self) -> None:
        super().__init__()
        self.assignments: list[Assignment] = []

    class CadreAssigned(TrackedEvent):
        """A cadre took responsibility from a date (帮扶责任人变更 / 包村 / 包保)."""

        occurred_on: date
        cadre_code: str
        role: str

        def apply(self, aggregate: Assignable) -> None:
            aggregate.assignments.append(
                Assignment(self.cadre_code, self.role, self.occurred_on)
            )

    class CadreUnassigned(TrackedEvent):
        """A cadre's responsibility ended on a date (inclusive)."""

        occurred_on: date
        cadre_code: str
        reason: str

        def apply(self, aggregate: Assignable) -> None:
            aggregate.assignments = [
                replace(a, to_date=self.occurred_on)
                if a.cadre_code == self.cadre_code and a.to_date is None else a
                for a in aggregate.assignments
            ]

    def assign_cadre(
        self, envelope: Envelope, cadre_code: str, role: Role, from_date: date
    ) -> None:
        """Assign a cadre; a single-holder role hands over from the current holder."""
        if role not in self.ASSIGNABLE_ROLES:
            allowed = ", ".join(sorted(self.ASSIGNABLE_ROLES))
            raise RuleViolation(
                f"a {role} cannot be assigned to a {self.KIND} (allowed: {allowed})",
                field="cadre",
            )
        if self.current_assignment(cadre_code) is not None:
            raise RuleViolation(
                f"cadre {cadre_code} is already assigned to {self.KIND} {self.code}",
                field="cadre",
            )
        if role in self.SINGLE_HOLDER_ROLES:
            self._hand_over(envelope, role, from_date)
        self.record(
            self.CadreAssigned, envelope, from_date,
            occurred_on=from_date, cadre_code=cadre_code, role=role,
        )

    def unassign_cadre(
        self, envelope: Envelope, cadre_code: str, to_date: date, reason: str
    ) -> None:
        """End a cadre's current assignment on ``to_date`` (inclusive)."""
        current = self.current_assignment(cadre_code)
        if current is None:
            raise RuleViolation(
                f"cadre {cadre_code} is not assigned to {self.KIND} {self.code}", field="cadre"
            )
        if to_date < current.from_date:
            raise RuleViolation(
                f"assignment of {cadre_code} cannot end ({to_date}) before it began "
                f"({current.from_date})",
                field="to_date",
            )
        self.record(
            self.CadreUnassigned, envelope, to_date,
            occurred_on=to_date, cadre_code=cadre_code, reason=reason,
        )

    def current_assignment(self, cadre_code: str) -> Assignment | None:
        """The open assignment of that cadre, if any."""
        for assignment in self.assignments:
            if assignment.cadre_code == cadre_code and assignment.to_date is None:
                return assignment
        return None

    def responsible_on(self, day: date, role: Role | None = None) -> list[str]:
        """Codes of the cadres responsible on that day (optionally in one role)."""
        return [
            a.cadre_code
            for a in self.assignments
            if a.covers(day) and (role is None or a.role == role)
        ]

    def _hand_over(self, envelope: Envelope, role: Role, from_date: date) -> None:
        for assignment in list(self.assignments):
            if assignment.role == role and assignment.to_date is None:
                if from_date <= assignment.from_date:
                    raise RuleViolation(
                        f"{assignment.cadre_code} holds this {role} from "
                        f"{assignment.from_date}; a handover must start later",
                        field="from_date",
                    )
                self.unassign_cadre(
                    envelope, assignment.cadre_code,
                    date.fromordinal(from_date.toordinal() - 1), "handed over",
                )
