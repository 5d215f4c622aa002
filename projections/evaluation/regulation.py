"""The regulation editions as the log holds them, and each edition's canonical bytes."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date
from enum import Enum
from typing import Any

import orjson
from eventsourcing.utils import get_topic

from ledger.domain.regulation import AssessmentRegulation
from projections.errors import ProjectionError
from projections.source import EventSource

TOPICS = [get_topic(AssessmentRegulation.Published), get_topic(AssessmentRegulation.Revised)]
PAGE = 1000


class NoRegulation(ProjectionError):
    """No regulation edition to score by (none published, or not the edition asked for)."""


@dataclass(frozen=True)
class EditionRecord:
    """One published edition: code, number, effective date, rules and duties as plain data."""

    code: str
    number: int
    effective_on: date
    rules: list[dict[str, Any]]
    duties: list[dict[str, Any]]

    def canonical(self) -> bytes:
        """The edition's canonical bytes: JSON, sorted keys, no spaces, UTF-8."""
        data = {"code": self.code, "edition": self.number,
                "effective_on": self.effective_on.isoformat(), "rules": self.rules,
                "duties": self.duties}
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)

    def sha256(self) -> str:
        """SHA-256 of the canonical bytes, hex."""
        return hashlib.sha256(self.canonical()).hexdigest()


def editions(source: EventSource, until: int | None = None) -> list[EditionRecord]:
    """Every edition of every regulation recorded up to position ``until``, in log order."""
    found: list[EditionRecord] = []
    codes: dict[object, str] = {}
    start = 0
    while page := source.recorder.select_notifications(
            start=start, limit=PAGE, stop=until, topics=TOPICS, inclusive_of_start=False):
        for notification in page:
            event = source.decode(notification)
            code = getattr(event, "code", None) or codes.get(notification.originator_id, "")
            codes[notification.originator_id] = code
            found.append(EditionRecord(
                code, event.edition, event.effective_on, [_plain(r) for r in event.rules],
                [_plain(d) for d in getattr(event, "duties", [])]))
        start = page[-1].id
    return found


def choose(found: list[EditionRecord], last_day: date, number: int | None) -> EditionRecord:
    """The edition asked for, else the one in force on the period's last day."""
    if number is not None:
        for record in found:
            if record.number == number:
                return record
        raise NoRegulation(f"no regulation edition {number} in the log "
                           f"(editions: {[r.number for r in found]})")
    in_force = [r for r in found if r.effective_on <= last_day]
    if not in_force:
        raise NoRegulation(f"no regulation edition is in force by {last_day}: publish one first")
    return in_force[-1]


def _plain(value: Any) -> dict[str, Any]:
    data = asdict(value)
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in data.items()}
