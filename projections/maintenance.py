"""Rebuilding a view into fresh tables, and fingerprints of the view tables."""

from __future__ import annotations

import hashlib

import orjson

from projections import generations, tracking
from projections.catalog import VIEWS, view_class
from projections.db import ViewDb
from projections.runner import Projector, RunReport
from projections.tracking import LIVE

MAX_ROUNDS = 1000


def rebuild(projector: Projector, name: str) -> RunReport:
    """Fill a new generation from position 0; make it live only once it has caught up.

    Until the switch the old generation keeps serving readers. An interrupted rebuild resumes
    where it stopped (its position is tracked like any other). A failure leaves the old
    generation live and the new one unfinished, with the reason in its tracking row.
    """
    tables = view_class(name).tables
    target = projector.target(generations.start_rebuild(projector.db, name, tables))
    report = RunReport()
    for _ in range(MAX_ROUNDS):
        round_report = projector.catch_up([target])
        report.applied[name] = report.applied.get(name, 0) + round_report.applied.get(name, 0)
        report.failures.extend(round_report.failures)
        if round_report.failures:
            return report
        if target.tracked.position >= projector.source.max_position():
            break
    generations.switch(projector.db, target.tracked, tables)
    report.positions[name] = target.tracked.position
    return report


def table_hashes(db: ViewDb, names: list[str] | None = None) -> dict[str, str]:
    """SHA-256 of every live view table's rows in key order (equal hashes, equal tables)."""
    found: dict[str, str] = {}
    for name in names or list(VIEWS):
        live = tracking.current(db, name, LIVE)
        if live is None:
            continue
        for table in view_class(name).tables:
            digest = hashlib.sha256()
            order = ", ".join(table.key)
            for row in db.fetchall(f"{table.select_sql(live.generation)} ORDER BY {order}"):
                digest.update(orjson.dumps(list(row)))
                digest.update(b"\n")
            found[table.name] = digest.hexdigest()
    return found
