"""The read interface the API uses: plain dicts from the views' stable names (``view_*``).

Lists are paged by keyset: pass the ``next_cursor`` of one page as ``cursor`` to get the next.
Personal columns (``head_name``, ``members``, ``name``, ``phone``, ``personal`` ...) are
returned as stored; masking them for the public is the API's decision.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from projections import tracking
from projections.asof import AsOf, Step, household_as_of
from projections.db import ViewDb
from projections.errors import UnknownFilter
from projections.figures import area_figures
from projections.formats import INSTANT_FORMAT, from_json, instant
from projections.lag import Lag, lag

__all__ = [
    "AsOf", "Lag", "Page", "Step", "cadre", "cadre_trail", "county_stats", "fund",
    "household_as_of", "household_state", "lag", "list_households", "project", "timeline",
    "township", "village",
]

MAX_LIMIT = 500
RECENT = timedelta(weeks=4)
HOUSEHOLD_FILTERS = {
    "village": "village_code = ?", "township": "township_code = ?", "status": "status = ?",
    "category": "category = ?",
    "cadre": "code IN (SELECT household_code FROM view_household_assignment "
             "WHERE cadre_code = ? AND to_date IS NULL)",
    "has_open_findings": "(CASE WHEN open_findings > 0 THEN 1 ELSE 0 END) = ?",
    "five_ones_complete": "five_ones_complete = ?",
}
TIMELINE_FILTERS = {
    "household": "household_code = ?", "cadre": "cadre_code = ?", "village": "village_code = ?",
    "fund": "fund_code = ?", "actor": "actor_id = ?", "event_type": "event_type = ?",
    "kind": "aggregate_kind = ?", "recorded_from": "recorded_at >= ?",
    "recorded_until": "recorded_at <= ?", "is_late": "is_late = ?",
}


@dataclass(frozen=True)
class Page:
    """One page of a list and the cursor of the next (None at the end)."""

    items: list[dict[str, Any]] = field(default_factory=list)
    next_cursor: str | None = None


def household_state(db: ViewDb, code: str, today: datetime | None = None) -> dict[str, Any] | None:
    """One household with its income years, assistance, contacts count and responsible chain.

    ``visits_last_4_weeks`` counts in-person visits in the 28 days up to ``today`` (default: the
    latest recorded time the view has applied, so a replayed or simulated store reads right).
    """
    rows = db.fetchdicts("SELECT * FROM view_household_state WHERE code = ?", (code,))
    if not rows:
        return None
    found = _parsed(rows[0])
    found["income_years"] = db.fetchdicts(
        "SELECT * FROM view_household_income_year WHERE household_code = ? ORDER BY year", (code,))
    found["assistance"] = db.fetchdicts(
        "SELECT programme, measures, amount_fen FROM view_household_assistance "
        "WHERE household_code = ? ORDER BY programme", (code,))
    end = today or _latest(db)
    found["visits_last_4_weeks"] = _recent_visits(db, code, end)
    found["responsible"] = _chain(db, found)
    found["open_findings_list"] = db.fetchdicts(
        "SELECT * FROM view_finding WHERE subject_kind = 'household' AND subject_code = ? "
        "AND status IN ('open', 'rectified') AND is_retracted = 0 ORDER BY raised_on", (code,))
    return found


def list_households(db: ViewDb, filters: dict[str, Any] | None = None,
                    cursor: str | None = None, limit: int = 50) -> Page:
    """Households in code order, filtered by village, township, status, category, cadre ..."""
    where, params = _where(HOUSEHOLD_FILTERS, filters or {})
    if cursor is not None:
        where.append("code > ?")
        params.append(cursor)
    size = _limit(limit)
    rows = db.fetchdicts(
        "SELECT code, village_code, township_code, status, category, head_name, member_count, "
        "points_balance, last_visit_at, open_findings, five_ones_complete FROM "
        f"view_household_state{_clause(where)} ORDER BY code LIMIT ?", [*params, size + 1])
    return _page(rows, size, "code")


def cadre(db: ViewDb, code: str) -> dict[str, Any] | None:
    """A cadre's record: posts, counts of actions, late actions and total lag."""
    rows = db.fetchdicts("SELECT * FROM view_cadre WHERE code = ?", (code,))
    return _parsed(rows[0]) if rows else None


def cadre_trail(db: ViewDb, code: str, cursor: str | None = None, limit: int = 100) -> Page:
    """A cadre's actions in log order (visits, phone, diary, plans, acts, approvals ...)."""
    size = _limit(limit)
    rows = db.fetchdicts(
        "SELECT * FROM view_cadre_action WHERE cadre_code = ? AND position > ? "
        "ORDER BY position LIMIT ?", (code, int(cursor or 0), size + 1))
    return _page([_parsed(row) for row in rows], size, "position")


def timeline(db: ViewDb, filters: dict[str, Any] | None = None, cursor: str | None = None,
             limit: int = 100) -> Page:
    """Events in log order, filtered by household, cadre, village, fund, actor, type, time."""
    where, params = _where(TIMELINE_FILTERS, filters or {})
    where.append("position > ?")
    params.append(int(cursor or 0))
    size = _limit(limit)
    rows = db.fetchdicts(f"SELECT * FROM view_timeline_event{_clause(where)} "
                         "ORDER BY position LIMIT ?", [*params, size + 1])
    return _page([_parsed(r) for r in rows], size, "position")


def fund(db: ViewDb, code: str) -> dict[str, Any] | None:
    """A fund, its disbursements (for projects, the households taking part) and the refused
    commands on it kept in the log (from the audit timeline, when built)."""
    rows = db.fetchdicts("SELECT * FROM view_fund WHERE code = ?", (code,))
    if not rows:
        return None
    found = rows[0]
    found["disbursements"] = db.fetchdicts(
        "SELECT * FROM view_fund_disbursement WHERE fund_code = ? ORDER BY version", (code,))
    for item in found["disbursements"]:
        if item["recipient_kind"] == "project":
            item["project"] = project(db, item["recipient_code"])
    found["refusals"] = db.fetchdicts(
        "SELECT ref, recorded_at, actor_id, summary FROM view_timeline_event WHERE "
        "fund_code = ? AND event_type = 'CommandRefused' ORDER BY position", (code,)) \
        if db.table_exists("view_timeline_event") else []
    found["secured"] = db.fetchdicts(
        "SELECT * FROM view_fund_secured WHERE fund_code = ? ORDER BY occurred_on, cadre_code",
        (code,))
    return found


def project(db: ViewDb, code: str) -> dict[str, Any] | None:
    """A project with its participating households."""
    rows = db.fetchdicts("SELECT * FROM view_project WHERE code = ?", (code,))
    if not rows:
        return None
    found = rows[0]
    found["participants"] = db.fetchdicts(
        "SELECT household_code, joined_on FROM view_project_participant WHERE project_code = ? "
        "ORDER BY household_code", (code,))
    return found


def village(db: ViewDb, code: str) -> dict[str, Any] | None:
    """A village's record and figures."""
    return _area(db, "village", code)


def township(db: ViewDb, code: str) -> dict[str, Any] | None:
    """A township's record and figures, with its villages."""
    found = _area(db, "township", code)
    if found is not None:
        found["villages"] = db.fetchdicts(
            "SELECT a.code, a.name, s.households, s.people, s.exited FROM view_area a "
            "LEFT JOIN view_area_stats s ON s.level = a.level AND s.code = a.code "
            "WHERE a.level = 'village' AND a.parent_code = ? ORDER BY a.code", (code,))
    return found


def county_stats(db: ViewDb) -> dict[str, Any]:
    """The county's figures for the dashboard and the county report, all computed."""
    found = _area(db, "county", "*") or {"level": "county", "code": "*"}
    found["funds"] = db.fetchdicts(
        "SELECT COUNT(*) AS funds, COALESCE(SUM(allocated_fen), 0) AS allocated_fen, "
        "COALESCE(SUM(disbursed_fen), 0) AS disbursed_fen, COALESCE(SUM(balance_fen), 0) "
        "AS balance_fen FROM view_fund")[0]
    found["projects"] = db.fetchdicts(
        "SELECT kind, COUNT(*) AS projects, COALESCE(SUM(received_fen), 0) AS received_fen, "
        "COALESCE(SUM(participants), 0) AS participants FROM view_project GROUP BY kind "
        "ORDER BY kind")
    found["exits_by_year"] = db.fetchdicts(
        "SELECT SUBSTR(exited_on, 1, 4) AS year, COUNT(*) AS households, SUM(member_count) "
        "AS people FROM view_household_state WHERE exited_on IS NOT NULL GROUP BY "
        "SUBSTR(exited_on, 1, 4) ORDER BY year")
    found["actions"] = db.fetchdicts(
        "SELECT action, COUNT(*) AS actions, SUM(is_late) AS late FROM view_cadre_action "
        "WHERE is_retracted = 0 GROUP BY action ORDER BY action")
    found["townships"] = db.fetchdicts(
        "SELECT a.code, a.name, s.households, s.people, s.exited FROM view_area a LEFT JOIN "
        "view_area_stats s ON s.level = a.level AND s.code = a.code WHERE a.level = 'township' "
        "ORDER BY a.code")
    return found


def _area(db: ViewDb, level: str, code: str) -> dict[str, Any] | None:
    """An area's record, its counts, programmes, income years and its figures (one definition
    each, from ``projections.figures``, as of the day of the last applied event)."""
    rows = db.fetchdicts("SELECT * FROM view_area WHERE level = ? AND code = ?", (level, code))
    stats = db.fetchdicts("SELECT * FROM view_area_stats WHERE level = ? AND code = ?",
                          (level, code))
    if not rows and not stats:
        return None
    found: dict[str, Any] = _parsed(rows[0]) if rows else {"level": level, "code": code}
    found["stats"] = stats[0] if stats else None
    figures = area_figures(db, level, code)
    found["as_of"] = figures.as_of.isoformat()
    found["figures"] = [asdict(figure) for figure in figures.figures]
    found["programmes"] = db.fetchdicts(
        "SELECT programme, households, measures, amount_fen FROM view_area_programme "
        "WHERE level = ? AND code = ? ORDER BY programme", (level, code))
    found["income_years"] = db.fetchdicts(
        "SELECT year, households, people, total_fen, above_poverty_line, above_minimum_living "
        "FROM view_area_income_year WHERE level = ? AND code = ? ORDER BY year", (level, code))
    return found


def _chain(db: ViewDb, household: dict[str, Any]) -> dict[str, Any]:
    village_row = db.fetchone("SELECT leaders_json FROM view_area WHERE level = 'village' "
                              "AND code = ?", (household["village_code"],))
    township_row = db.fetchone("SELECT leaders_json FROM view_area WHERE level = 'township' "
                               "AND code = ?", (household["township_code"],))
    return {"household_cadres": household["cadres"],
            "village": from_json(village_row[0]) if village_row else [],
            "township": from_json(township_row[0]) if township_row else []}


def _recent_visits(db: ViewDb, code: str, end: datetime) -> int:
    row = db.fetchone(
        "SELECT COUNT(*) FROM view_household_contact WHERE household_code = ? AND "
        "is_in_person = 1 AND is_retracted = 0 AND occurred_at > ? AND occurred_at <= ?",
        (code, instant(end - RECENT), instant(end)))
    return int(row[0]) if row else 0


def _latest(db: ViewDb) -> datetime:
    live = tracking.current(db, "household_state", tracking.LIVE)
    if live is None or live.last_recorded_at is None:
        return datetime.now(UTC)
    return datetime.strptime(live.last_recorded_at, INSTANT_FORMAT).replace(tzinfo=UTC)


def _parsed(row: dict[str, Any]) -> dict[str, Any]:
    return {(k.removesuffix("_json") if k.endswith("_json") else k):
            (from_json(v) if k.endswith("_json") else v) for k, v in row.items()}


def _where(known: dict[str, str], filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
    unknown = sorted(set(filters) - set(known))
    if unknown:
        raise UnknownFilter(unknown, sorted(known))
    where = [known[k] for k in sorted(filters) if filters[k] is not None]
    params = [_param(filters[k]) for k in sorted(filters) if filters[k] is not None]
    return where, params


def _param(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _clause(where: list[str]) -> str:
    return f" WHERE {' AND '.join(where)}" if where else ""


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _page(rows: list[dict[str, Any]], size: int, key: str) -> Page:
    if len(rows) > size:
        return Page(rows[:size], str(rows[size - 1][key]))
    return Page(rows, None)
