"""Excused duties (免责): an obligation its owner could not meet for a recorded reason.

The excusal is recorded on the owner cadre, authorised by a cadre one level up, with evidence
digests; nobody excuses their own duty. Which obligation it names is a natural key computed by
the read side (``visit/H001/2024-W03``, see docs/accountability.md); the write side checks its
form only, since obligations are derived from events and never stored as aggregates.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ledger.domain.base import LedgerAggregate, TrackedEvent
from ledger.domain.checks import check_code, check_text
from ledger.domain.envelope import Envelope
from ledger.domain.values import Role
from ledger.errors import RuleViolation

OBLIGATION_ID = re.compile(r"^[a-z][a-z_.]*/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")
LEVEL: dict[Role, int] = {
    Role.HOUSEHOLD_CADRE: 1, Role.RESIDENT_CADRE: 1, Role.VILLAGE_LEADER: 2,
    Role.TOWNSHIP_LEAD: 3, Role.INSPECTOR: 3, Role.COUNTY_LEADER: 4,
}
"""The level of each role in the four-level chain (an inspector answers to county leaders)."""


class DutyHolder(LedgerAggregate):
    """A cadre who owes duties and may have some of them excused."""

    def __init__(self) -> None:
        super().__init__()
        self.excused: set[str] = set()

    class DutyExcused(TrackedEvent):
        """免责: one obligation excused, with a reason, evidence and an authoriser one level up."""

        occurred_on: date
        obligation_id: str
        reason: str
        authorised_by: str
        late_after = timedelta(days=30)

        def apply(self, aggregate: DutyHolder) -> None:
            aggregate.excused.add(self.obligation_id)

    def excuse_duty(
        self, envelope: Envelope, obligation_id: str, reason: str, authorised_by: str,
        authoriser_role: Role | None, owner_role: Role | None, occurred_on: date,
    ) -> None:
        """Excuse one of this cadre's obligations; the authoriser's role is decided by the caller
        from the authoriser's record on ``occurred_on``."""
        if not isinstance(obligation_id, str) or not OBLIGATION_ID.match(obligation_id):
            raise RuleViolation(
                f"{obligation_id!r} is not an obligation id (duty/subject/period)",
                field="obligation_id",
            )
        check_text(reason, "reason")
        check_code(authorised_by, "authorised_by")
        if authorised_by == self.code:
            raise RuleViolation(f"{self.code} cannot excuse their own duty", field="authorised_by")
        if not envelope.evidence:
            raise RuleViolation("an excusal needs at least one evidence digest", field="evidence")
        _check_level(authorised_by, authoriser_role, owner_role)
        if obligation_id in self.excused:
            raise RuleViolation(f"{obligation_id} is already excused", field="obligation_id")
        self.record(
            self.DutyExcused, envelope, occurred_on, occurred_on=occurred_on,
            obligation_id=obligation_id, reason=reason, authorised_by=authorised_by,
        )


def _check_level(authoriser: str, authoriser_role: Role | None, owner_role: Role | None) -> None:
    if owner_role is None or authoriser_role is None:
        raise RuleViolation(
            f"the owner and the authoriser {authoriser} must both hold a post on that day",
            field="authorised_by",
        )
    wanted = min(LEVEL[owner_role] + 1, LEVEL[Role.COUNTY_LEADER])
    if LEVEL[authoriser_role] < wanted:
        raise RuleViolation(
            f"{authoriser} is a {authoriser_role}; a {owner_role}'s duty is excused by level "
            f"{wanted} or above",
            field="authorised_by",
        )
