"""How far behind each view is: events not yet applied and seconds of recorded time."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from projections import tracking
from projections.catalog import VIEWS
from projections.db import ViewDb
from projections.formats import INSTANT_FORMAT, instant
from projections.source import EventSource


@dataclass(frozen=True)
class Lag:
    """One view's distance from the head of the log."""

    view: str
    generation: int | None
    position: int
    head: int
    events_behind: int
    seconds_behind: int
    last_recorded_at: str | None
    head_recorded_at: str | None
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for the API)."""
        return asdict(self)


def lag(source: EventSource, db: ViewDb, names: list[str] | None = None) -> list[Lag]:
    """The lag of every view's live generation (position 0 for a view never run)."""
    head = source.max_position()
    head_at = _recorded_at(source, head)
    found = []
    for name in names or list(VIEWS):
        live = tracking.current(db, name, tracking.LIVE)
        position = live.position if live else 0
        behind = _count_after(source, db, position, head)
        last = live.last_recorded_at if live and live.last_recorded_at else _first(source)
        seconds = _seconds(last, head_at) if behind else 0
        found.append(Lag(name, live.generation if live else None, position, head, behind,
                         seconds, live.last_recorded_at if live else None, head_at,
                         live.error if live else None))
    return found


def _count_after(source: EventSource, db: ViewDb, position: int, head: int) -> int:
    """Events after ``position``: counted in SQL when the views share the events' database."""
    if position >= head:
        return 0
    if db.config != source.config:
        return head - position
    recorder: Any = source.recorder
    column = "notification_id" if db.dialect == "postgres" else "rowid"
    row = db.fetchone(f"SELECT COUNT(*) FROM {recorder.events_table_name} WHERE {column} > ?",
                      (position,))
    return int(row[0]) if row else head - position


def _recorded_at(source: EventSource, position: int) -> str | None:
    if not position:
        return None
    found = source.recorder.select_notifications(start=position, limit=1)
    return instant(source.decode(found[0]).recorded_at) if found else None


def _first(source: EventSource) -> str | None:
    """The recorded time of the first event (a view that never ran is behind from there)."""
    found = source.read_after(0, 1)
    return instant(source.decode(found[0]).recorded_at) if found else None


def _seconds(last: str | None, head: str | None) -> int:
    if head is None:
        return 0
    end = datetime.strptime(head, INSTANT_FORMAT).replace(tzinfo=UTC)
    if last is None:
        return 0
    start = datetime.strptime(last, INSTANT_FORMAT).replace(tzinfo=UTC)
    return max(0, int((end - start).total_seconds()))
