"""Where each view stands: one row per view and generation in ``view_tracking``.

A page of events and the new position are written in one transaction, and the position moves
by compare-and-set (``UPDATE ... WHERE position = <expected>``) as the transaction's first
write: a second process applying the same page finds the row moved and rolls back, so no event
is ever applied twice, and none is skipped (positions are only ever the ids actually read).
"""

from __future__ import annotations

from dataclasses import dataclass

from projections.db import ViewDb
from projections.errors import TrackingConflict

TABLE = "view_tracking"
LIVE, BUILDING, RETIRED = "live", "building", "retired"
_COLUMNS = (
    "projection, generation, status, position, events, last_recorded_at, failed_position, "
    "failed_ref, error"
)


@dataclass(frozen=True)
class Tracked:
    """One view generation's position, and why it stopped if it did."""

    projection: str
    generation: int
    status: str
    position: int
    events: int
    last_recorded_at: str | None
    failed_position: int | None
    failed_ref: str | None
    error: str | None


def ensure_table(db: ViewDb) -> None:
    """Create the tracking table if missing."""
    kind = "BIGINT" if db.dialect == "postgres" else "INTEGER"
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (projection TEXT NOT NULL, "
        f"generation {kind} NOT NULL, status TEXT NOT NULL, position {kind} NOT NULL, "
        f"events {kind} NOT NULL, last_recorded_at TEXT, failed_position {kind}, "
        "failed_ref TEXT, error TEXT, PRIMARY KEY (projection, generation))"
    )


def rows(db: ViewDb, projection: str | None = None) -> list[Tracked]:
    """Every tracked generation (of one projection), oldest first; none before the first run."""
    if not db.table_exists(TABLE):
        return []
    where = " WHERE projection = ?" if projection else ""
    params = (projection,) if projection else ()
    found = db.fetchall(
        f"SELECT {_COLUMNS} FROM {TABLE}{where} ORDER BY projection, generation", params
    )
    return [Tracked(*row) for row in found]


def current(db: ViewDb, projection: str, status: str) -> Tracked | None:
    """The live (or building) generation of a projection."""
    found = [r for r in rows(db, projection) if r.status == status]
    return found[-1] if found else None


def insert(db: ViewDb, projection: str, generation: int, status: str) -> Tracked:
    """Start tracking a new generation at position 0."""
    db.execute(
        f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES (?, ?, ?, 0, 0, NULL, NULL, NULL, NULL)",
        (projection, generation, status),
    )
    return Tracked(projection, generation, status, 0, 0, None, None, None, None)


def advance(
    db: ViewDb, at: Tracked, position: int, events: int, last_recorded_at: str
) -> Tracked:
    """Move a generation from its known position to ``position`` (compare-and-set)."""
    changed = db.execute(
        f"UPDATE {TABLE} SET position = ?, events = events + ?, last_recorded_at = ?, "
        "failed_position = NULL, failed_ref = NULL, error = NULL "
        "WHERE projection = ? AND generation = ? AND position = ? AND position < ?",
        (position, events, last_recorded_at, at.projection, at.generation, at.position, position),
    )
    if changed != 1:
        raise TrackingConflict(at.projection, at.position)
    return Tracked(at.projection, at.generation, at.status, position, at.events + events,
                   last_recorded_at, None, None, None)


def record_failure(db: ViewDb, at: Tracked, position: int, ref: str, error: str) -> None:
    """Say why a generation stopped (it stays at its position)."""
    db.execute(
        f"UPDATE {TABLE} SET failed_position = ?, failed_ref = ?, error = ? "
        "WHERE projection = ? AND generation = ?",
        (position, ref, error[:2000], at.projection, at.generation),
    )


def set_status(db: ViewDb, projection: str, generation: int, status: str) -> None:
    """Mark a generation live, building or retired."""
    db.execute(
        f"UPDATE {TABLE} SET status = ? WHERE projection = ? AND generation = ?",
        (status, projection, generation),
    )


def forget(db: ViewDb, projection: str, generation: int) -> None:
    """Drop a retired generation's row."""
    db.execute(
        f"DELETE FROM {TABLE} WHERE projection = ? AND generation = ?", (projection, generation)
    )
