"""Read-model queries the pages need beyond ``projections.queries`` (plain SELECTs on views).

Each reads the stable ``view_*`` names only and returns plain rows; nothing here writes.
Days are UTC calendar days (``SUBSTR`` of the stored instant), which both SQLite and
PostgreSQL group the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Protocol

from projections import queries
from projections.db import ViewDb
from projections.formats import from_json

Row = dict[str, Any]


class Paged(Protocol):
    """A page of a keyset-paged query (``projections.queries.Page`` and its kin)."""

    @property
    def items(self) -> list[Row]:
        """The rows of this page."""

    @property
    def next_cursor(self) -> str | None:
        """The cursor of the next page (None at the end)."""


def township_status(db: ViewDb) -> list[Row]:
    """Per township: households registered, monitored, exited and returned."""
    return db.fetchdicts(
        "SELECT a.code, a.name, COALESCE(s.registered, 0) AS registered, "
        "COALESCE(s.monitored, 0) AS monitored, COALESCE(s.exited, 0) AS exited, "
        "COALESCE(s.returned, 0) AS returned FROM view_area a LEFT JOIN view_area_stats s "
        "ON s.level = a.level AND s.code = a.code WHERE a.level = 'township' ORDER BY a.code")


def funds_by_programme(db: ViewDb) -> list[Row]:
    """Per programme: funds allocated and disbursed (fen)."""
    return db.fetchdicts(
        "SELECT programme, COUNT(*) AS funds, COALESCE(SUM(allocated_fen), 0) AS allocated_fen, "
        "COALESCE(SUM(disbursed_fen), 0) AS disbursed_fen FROM view_fund GROUP BY programme "
        "ORDER BY programme")


def visits_per_day(db: ViewDb, since: str, village: str | None = None) -> list[Row]:
    """In-person visits on record per household and UTC day after ``since`` (an instant)."""
    where = ["c.is_in_person = 1", "c.is_retracted = 0", "c.occurred_at > ?"]
    params: list[Any] = [since]
    if village is not None:
        where.append("s.village_code = ?")
        params.append(village)
    return db.fetchdicts(
        "SELECT c.household_code, SUBSTR(c.occurred_at, 1, 10) AS day, COUNT(*) AS visits "
        "FROM view_household_contact c JOIN view_household_state s ON s.code = c.household_code "
        f"WHERE {' AND '.join(where)} GROUP BY c.household_code, SUBSTR(c.occurred_at, 1, 10)",
        params)


def latest_recorded_at(db: ViewDb) -> str | None:
    """The latest recording time the household views have applied (the pages' 'today')."""
    row = db.fetchone("SELECT MAX(last_recorded_at) FROM view_household_state")
    return None if row is None else row[0]


def today(db: ViewDb) -> date:
    """The pages' 'today': the latest recorded day the views know (a demo county runs in the
    past), or the clock's day for empty views."""
    latest = latest_recorded_at(db)
    return date.fromisoformat(latest[:10]) if latest else datetime.now(UTC).date()


def places(db: ViewDb, level: str) -> list[Row]:
    """Townships or villages: code, name and parent, in code order."""
    return db.fetchdicts("SELECT code, name, parent_code FROM view_area WHERE level = ? "
                         "ORDER BY code", (level,))


def every(fetch: Callable[[str | None], Paged]) -> list[Row]:
    """Every item of a keyset-paged query: ``fetch(cursor)`` page after page."""
    found: list[Row] = []
    cursor: str | None = None
    while True:
        page = fetch(cursor)
        found += page.items
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def all_households(db: ViewDb, filters: dict[str, Any]) -> list[Row]:
    """Every household matching the filters."""
    return every(lambda c: queries.list_households(db, filters, c, limit=queries.MAX_LIMIT))


def household_events(db: ViewDb, code: str) -> list[Row]:
    """Every timeline row about one household (its own events and findings naming it)."""
    return every(lambda c: queries.timeline(db, {"household": code}, c, queries.MAX_LIMIT))


def timeline_rows(db: ViewDb, positions: list[int]) -> dict[int, Row]:
    """Timeline rows (JSON columns parsed) by log position, for the events a page lists."""
    found: dict[int, Row] = {}
    for start in range(0, len(positions), 500):
        chunk = positions[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.fetchdicts(
                f"SELECT * FROM view_timeline_event WHERE position IN ({marks})", chunk):
            found[int(row["position"])] = _parsed(row)
    return found


def _parsed(row: Row) -> Row:
    """A row with its ``*_json`` columns decoded under the names without the suffix."""
    return {(k.removesuffix("_json") if k.endswith("_json") else k):
            (from_json(v) if k.endswith("_json") else v) for k, v in row.items()}


def cadre_actions(db: ViewDb, code: str) -> list[Row]:
    """A cadre's whole trail, in log order."""
    return every(lambda c: queries.cadre_trail(db, code, c, queries.MAX_LIMIT))


def income_lines(db: ViewDb, code: str) -> list[Row]:
    """A household's income ledger lines (收入明细账), retracted ones included and marked."""
    return db.fetchdicts("SELECT * FROM view_household_income_line WHERE household_code = ? "
                         "ORDER BY occurred_on, version", (code,))


def measures(db: ViewDb, code: str) -> list[Row]:
    """A household's delivered measures (帮扶措施)."""
    return db.fetchdicts("SELECT * FROM view_household_measure WHERE household_code = ? "
                         "ORDER BY occurred_on, version", (code,))


def contacts(db: ViewDb, code: str) -> list[Row]:
    """A household's visits and phone contacts (走访记录)."""
    return db.fetchdicts("SELECT * FROM view_household_contact WHERE household_code = ? "
                         "ORDER BY occurred_at, version", (code,))


def assignments(db: ViewDb, code: str) -> list[Row]:
    """A household's cadre assignment periods (帮扶责任人 with 起始时间)."""
    return db.fetchdicts("SELECT a.*, c.name AS cadre_name FROM view_household_assignment a "
                         "LEFT JOIN view_cadre c ON c.code = a.cadre_code "
                         "WHERE a.household_code = ? ORDER BY a.from_date, a.version", (code,))


def cadre_names(db: ViewDb, codes: list[str]) -> dict[str, str]:
    """Names of some cadres by code."""
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows = db.fetchall(f"SELECT code, name FROM view_cadre WHERE code IN ({marks})", codes)
    return {str(code): str(name) for code, name in rows}


def cadre_units(db: ViewDb, codes: list[str]) -> dict[str, str]:
    """The unit (工作单位, a code) of some cadres: what the public may know of a leader."""
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows = db.fetchall(f"SELECT code, unit FROM view_cadre WHERE code IN ({marks})", codes)
    return {str(code): str(unit) for code, unit in rows if unit}


def village_households(db: ViewDb, village: str) -> list[Row]:
    """A village's households for its grid: code, head name, registration date, status."""
    return db.fetchdicts("SELECT code, head_name, registered_on, status, last_visit_at, "
                         "open_findings FROM view_household_state WHERE village_code = ? "
                         "ORDER BY code", (village,))
