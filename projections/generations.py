"""Generations of a view: the live one that readers see, and at most one being rebuilt.

A rebuild fills generation N+1 from position 0 while generation N keeps serving; when N+1 has
caught up, one transaction marks it live and points the stable names (SQL views) at its
tables; then the old tables are dropped.
"""

from __future__ import annotations

from projections import tracking
from projections.db import ViewDb
from projections.errors import OutdatedView, ViewStateError
from projections.schema import Table, create_tables, drop_tables, point_views
from projections.tracking import BUILDING, LIVE, RETIRED, Tracked


def ensure_live(db: ViewDb, name: str, tables: tuple[Table, ...]) -> Tracked:
    """The live generation of a view, created (empty, at position 0) if there is none."""
    found = tracking.current(db, name, LIVE)
    if found is not None:
        _check_columns(db, name, tables, found.generation)
        create_tables(db, tables, found.generation)  # tables added by a newer release
        return found
    with db.transaction():
        generation = _next_generation(db, name)
        create_tables(db, tables, generation)
        found = tracking.insert(db, name, generation, LIVE)
        point_views(db, tables, generation)
    return found


def start_rebuild(db: ViewDb, name: str, tables: tuple[Table, ...]) -> Tracked:
    """The generation being rebuilt: an unfinished one resumes (it is exactly tracked)."""
    found = tracking.current(db, name, BUILDING)
    if found is not None:
        return found
    with db.transaction():
        generation = _next_generation(db, name)
        drop_tables(db, tables, generation)
        create_tables(db, tables, generation)
        return tracking.insert(db, name, generation, BUILDING)


def switch(db: ViewDb, building: Tracked, tables: tuple[Table, ...]) -> Tracked:
    """Make a rebuilt generation live in one transaction, then drop the old tables."""
    old = tracking.current(db, building.projection, LIVE)
    with db.transaction():
        if old is not None:
            tracking.set_status(db, old.projection, old.generation, RETIRED)
        tracking.set_status(db, building.projection, building.generation, LIVE)
        point_views(db, tables, building.generation)
    for retired in tracking.rows(db, building.projection):
        if retired.status == RETIRED:
            with db.transaction():
                drop_tables(db, tables, retired.generation)
                tracking.forget(db, retired.projection, retired.generation)
    found = tracking.current(db, building.projection, LIVE)
    if found is None:  # set live just above, in the committed transaction
        raise ViewStateError(f"{building.projection}: no live generation after the switch")
    return found


def _check_columns(db: ViewDb, name: str, tables: tuple[Table, ...], generation: int) -> None:
    """Refuse to feed tables whose columns an older release defined differently."""
    for table in tables:
        found = db.columns(table.physical(generation))
        if found and found != list(table.column_names):
            raise OutdatedView(name, table.name)


def _next_generation(db: ViewDb, name: str) -> int:
    return max((r.generation for r in tracking.rows(db, name)), default=0) + 1
