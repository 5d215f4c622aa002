"""The envelope every event carries: who, how, on what evidence, when it happened, when recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, Self

from eventsourcing.domain import Aggregate

from ledger.errors import RuleViolation

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class LedgerEvent(Aggregate.Event):
    """Base of every ledger event: the envelope fields are required, never defaulted.

    ``late_after`` is the per-type window: recorded later than this after the business time,
    the event is flagged late (补记) with a reason.
    """

    actor_id: str
    actor_role: str
    channel: str
    recorded_at: datetime
    evidence: list[str]
    is_late: bool
    late_reason: str | None

    late_after: ClassVar[timedelta | None] = None
    correctable: ClassVar[frozenset[str]] = frozenset()

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        # Events are immutable facts: a copied aggregate may share its pending events.
        return self


@dataclass(frozen=True)
class Envelope:
    """What a command knows about its context, before the event type is chosen."""

    actor_id: str
    actor_role: str
    channel: str
    recorded_at: datetime
    evidence: tuple[str, ...] = field(default=())
    late_reason: str | None = None

    def __post_init__(self) -> None:
        if self.recorded_at.tzinfo is None:
            raise RuleViolation("recorded_at must be timezone-aware", field="recorded_at")
        for digest in self.evidence:
            if not SHA256_HEX.match(digest):
                raise RuleViolation(
                    f"evidence digest {digest!r} is not a lowercase SHA-256 hex string",
                    field="evidence",
                )
        if not self.actor_id:
            raise RuleViolation("actor must not be empty", field="actor")


def business_instant(occurred: date | datetime) -> datetime:
    """The instant a business time stands for (a date counts from its start, in UTC)."""
    if isinstance(occurred, datetime):
        return occurred
    return datetime.combine(occurred, time.min, tzinfo=UTC)


def stamp(
    envelope: Envelope, event_class: type[LedgerEvent], occurred: date | datetime
) -> dict[str, Any]:
    """Decide the envelope fields for one event: refuse the future, flag a late record."""
    if isinstance(occurred, datetime) and occurred.tzinfo is None:
        raise RuleViolation("occurred_at must be timezone-aware", field="occurred_at")
    instant = business_instant(occurred)
    if instant > envelope.recorded_at + _tolerance(occurred):
        raise RuleViolation(
            f"business time {occurred.isoformat()} is after the recorded time "
            f"{envelope.recorded_at.isoformat()}",
            field="occurred_at" if isinstance(occurred, datetime) else "occurred_on",
        )
    is_late, reason = _lateness(envelope, event_class, instant)
    return {
        "actor_id": envelope.actor_id,
        "actor_role": envelope.actor_role,
        "channel": envelope.channel,
        "recorded_at": envelope.recorded_at,
        "evidence": list(envelope.evidence),
        "is_late": is_late,
        "late_reason": reason,
        "timestamp": envelope.recorded_at,
    }


def _tolerance(occurred: date | datetime) -> timedelta:
    # A calendar date is "today" for its whole day, in any time zone of the county.
    return timedelta(seconds=60) if isinstance(occurred, datetime) else timedelta(days=1)


def _lateness(
    envelope: Envelope, event_class: type[LedgerEvent], instant: datetime
) -> tuple[bool, str | None]:
    window = event_class.late_after
    if window is None:
        return False, None
    lag = envelope.recorded_at - instant
    if lag <= window:
        return False, None
    computed = f"recorded {_days(lag)} after it happened (window {_days(window)})"
    given = f"; reason given: {envelope.late_reason}" if envelope.late_reason else ""
    return True, computed + given


def _days(span: timedelta) -> str:
    days = span.total_seconds() / 86400
    return f"{days:.1f} days"
