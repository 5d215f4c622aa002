"""Which aggregate an event belongs to: originator id → (kind, natural code).

Only an aggregate's first event names its code, and events shared by several aggregates
(corrections, assignments) do not name their kind; the directory remembers both from the
first event. It is a cache of facts fixed by the log (ids derive from kind and code), so it is
shared by every view, written with insert-or-ignore, and never rebuilt: a missing entry is
read back from the aggregate's first event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from projections.db import ViewDb
from projections.source import EventSource, ForeignEvent, Item, created_kind

TABLE = "view_directory"


class Directory:
    """Kinds and codes of aggregates, cached in memory and kept in ``view_directory``."""

    def __init__(self, db: ViewDb, source: EventSource) -> None:
        self.db = db
        self.source = source
        self._known: dict[str, tuple[str, str]] = {}
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (originator_id TEXT PRIMARY KEY, "
            "kind TEXT NOT NULL, code TEXT NOT NULL)"
        )

    def items(self, notifications: Sequence[Notification]) -> list[Item]:
        """Decode a page of notifications into items, remembering new aggregates."""
        new: list[tuple[str, str, str]] = []
        found: list[Item] = []
        for note in notifications:
            event = self.source.decode(note)
            key = _key(note.originator_id)
            kind = created_kind(note.topic) if note.originator_version == 1 else None
            if kind is not None and key not in self._known:
                self._known[key] = (kind, str(event.code))
                new.append((key, kind, str(event.code)))
            kind, code = self.lookup(note.originator_id)
            found.append(Item(note.id, kind, code, note.originator_version,
                              _type_name(event), event))
        if new:
            with self.db.transaction():
                self.db.executemany(
                    f"INSERT INTO {TABLE} (originator_id, kind, code) VALUES (?, ?, ?) "
                    "ON CONFLICT (originator_id) DO NOTHING",
                    new,
                )
        return found

    def lookup(self, originator_id: UUID | str) -> tuple[str, str]:
        """(kind, code) of an aggregate."""
        key = _key(originator_id)
        found = self._known.get(key)
        if found is None:
            row = self.db.fetchone(f"SELECT kind, code FROM {TABLE} WHERE originator_id = ?",
                                   (key,))
            found = (row[0], row[1]) if row else self._from_first_event(originator_id)
            self._known[key] = found
        return found

    def _from_first_event(self, originator_id: UUID | str) -> tuple[str, str]:
        stored = self.source.recorder.select_events(originator_id, lte=1)
        if not stored:
            return ("unknown", _key(originator_id))
        kind = created_kind(stored[0].topic) or "unknown"
        return (kind, str(getattr(self.source.decode(stored[0]), "code", _key(originator_id))))


def _key(originator_id: UUID | str) -> str:
    return originator_id.hex if isinstance(originator_id, UUID) else str(originator_id)


def _type_name(event: Any) -> str:
    return event.type_name if isinstance(event, ForeignEvent) else type(event).__name__
