"""Inspection rounds (巡察), their coverage of villages and their findings with deadlines.

Read functions over the household view's ``view_finding`` and the audit timeline's round
events; the API (``/v1/findings``, ``/v1/rounds``), the pages and the county overview all call
these, so "overdue" has one definition: :data:`OVERDUE`.

* A finding is **overdue** (逾期未整改) when it is still ``open`` (no rectification reported,
  neither closed nor transferred), not retracted, and its deadline (整改期限) is before the
  as-of day. The as-of day is the day (Asia/Shanghai) of the last event the household view
  applied (:func:`as_of_date`): the views never read a wall clock.
* A round **covers** a village of its townships when at least one spot check (抽查) not
  retracted was recorded in the round on one of the village's households.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from projections import tracking
from projections.db import ViewDb
from projections.errors import UnknownFilter
from projections.formats import INSTANT_FORMAT, from_json
from projections.overdue import overdue_condition
from projections.queries import Page

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
AS_OF_VIEW = "household_state"


OVERDUE = overdue_condition()
FINDING_FILTERS = {
    "status": "f.status = ?", "round": "f.round_code = ?", "owner": "f.owner_cadre = ?",
    "subject_kind": "f.subject_kind = ?", "subject_code": "f.subject_code = ?",
}
"""Filters of :func:`findings` besides ``overdue`` (on ``view_finding f``)."""
FINDING_STATUSES = ("open", "rectified", "closed", "transferred")
MAX_LIMIT = 1000


def as_of_date(db: ViewDb) -> date:
    """The day (Asia/Shanghai) of the last recorded event the household view applied; the
    clock's day when it has applied none."""
    live = tracking.current(db, AS_OF_VIEW, tracking.LIVE)
    if live is None or live.last_recorded_at is None:
        return datetime.now(SHANGHAI).date()
    moment = datetime.strptime(live.last_recorded_at, INSTANT_FORMAT).replace(tzinfo=UTC)
    return moment.astimezone(SHANGHAI).date()


def is_overdue(finding: dict[str, Any], as_of: date) -> bool:
    """:data:`OVERDUE` for one finding row (what the SQL counts, row by row)."""
    deadline = finding.get("deadline_on")
    return (finding.get("status") == "open" and not finding.get("is_retracted")
            and deadline is not None and str(deadline) < as_of.isoformat())


def overdue_count(db: ViewDb, as_of: date | None = None) -> int:
    """How many findings are overdue on ``as_of`` (default :func:`as_of_date`)."""
    day = (as_of or as_of_date(db)).isoformat()
    row = db.fetchone(f"SELECT COUNT(*) FROM view_finding WHERE {OVERDUE}", (day,))
    return int(row[0]) if row else 0


def findings(db: ViewDb, filters: dict[str, Any] | None = None, cursor: str | None = None,
             limit: int = 100, as_of: date | None = None) -> Page:
    """Findings by deadline, oldest first, each with ``overdue`` and ``days_overdue``.

    Filters: ``status`` (open, rectified, closed, transferred), ``round``, ``owner``,
    ``subject_kind``, ``subject_code`` and ``overdue`` (True: only overdue; False: none of
    them). Retracted findings are left out. The cursor is the last row's
    ``deadline_on|round_code|finding_code``."""
    given = {k: v for k, v in (filters or {}).items() if v is not None}
    overdue = given.pop("overdue", None)
    unknown = sorted(set(given) - set(FINDING_FILTERS))
    if unknown:
        raise UnknownFilter(unknown, sorted([*FINDING_FILTERS, "overdue"]))
    day = (as_of or as_of_date(db)).isoformat()
    where = ["f.is_retracted = 0", *(FINDING_FILTERS[k] for k in sorted(given))]
    params: list[Any] = [given[k] for k in sorted(given)]
    if overdue is not None:
        condition = overdue_condition("f")
        where.append(f"({condition})" if overdue else f"NOT ({condition})")
        params.append(day)
    if cursor is not None:
        where.append("(COALESCE(f.deadline_on, '') || '|' || f.round_code || '|' || "
                     "f.finding_code) > ?")
        params.append(cursor)
    size = max(1, min(int(limit), MAX_LIMIT))
    rows = db.fetchdicts(
        "SELECT f.*, COALESCE(s.village_code, v.code) AS village_code, "
        "COALESCE(s.township_code, v.parent_code) AS township_code FROM view_finding f "
        "LEFT JOIN view_household_state s ON f.subject_kind = 'household' "
        "AND s.code = f.subject_code LEFT JOIN view_area v ON f.subject_kind = 'village' "
        f"AND v.level = 'village' AND v.code = f.subject_code WHERE {' AND '.join(where)} "
        "ORDER BY COALESCE(f.deadline_on, ''), f.round_code, f.finding_code LIMIT ?",
        [*params, size + 1])
    items = [_with_overdue(r, date.fromisoformat(day)) for r in rows[:size]]
    last = items[-1] if items else None
    key = (None if last is None or len(rows) <= size else
           f"{last['deadline_on'] or ''}|{last['round_code']}|{last['finding_code']}")
    return Page(items, key)


def _with_overdue(row: dict[str, Any], as_of: date) -> dict[str, Any]:
    late = is_overdue(row, as_of)
    days = (as_of - date.fromisoformat(str(row["deadline_on"]))).days if late else 0
    return {**row, "is_retracted": bool(row["is_retracted"]), "overdue": late,
            "days_overdue": days}


def rounds(db: ViewDb, lead: str | None = None) -> list[dict[str, Any]]:
    """Every inspection round (oldest first): name, lead inspector, townships, opened and
    closed days, and its counts of villages covered, findings and overdue findings."""
    opened = _round_events(db, "Opened", None)
    found = []
    for row in opened:
        fields = row["fields"]
        if lead is not None and fields.get("lead_inspector") != lead:
            continue
        found.append(_round(db, row))
    return found


def round_summary(db: ViewDb, code: str) -> dict[str, Any] | None:
    """One round as :func:`rounds` gives it (None for an unknown round)."""
    opened = _round_events(db, "Opened", code)
    return _round(db, opened[0]) if opened else None


def coverage(db: ViewDb, code: str) -> list[dict[str, Any]] | None:
    """Per village of the round's townships: its spot checks in the round, the households
    checked, its findings, and whether the round covered it. None for an unknown round."""
    opened = _round_events(db, "Opened", code)
    if not opened:
        return None
    townships = [str(t) for t in opened[0]["fields"].get("township_codes") or []]
    if not townships:
        return []
    marks = ", ".join("?" for _ in townships)
    villages = db.fetchdicts(
        f"SELECT code, name, parent_code FROM view_area WHERE level = 'village' "
        f"AND parent_code IN ({marks}) ORDER BY code", townships)
    checks: dict[str, set[str]] = {}
    counted: dict[str, int] = {}
    for row in _round_events(db, "SpotCheckRecorded", code):
        village = row.get("village_code")
        household = row.get("household_code")
        if village and row.get("retracted_by") is None:
            counted[village] = counted.get(village, 0) + 1
            if household:
                checks.setdefault(village, set()).add(str(household))
    per_village = _findings_per_village(db, code)
    return [{"village_code": v["code"], "village_name": v["name"],
             "township_code": v["parent_code"], "spot_checks": counted.get(v["code"], 0),
             "households_checked": sorted(checks.get(v["code"], set())),
             "findings": per_village.get(v["code"], 0),
             "is_covered": counted.get(v["code"], 0) > 0} for v in villages]


def _round(db: ViewDb, opened: dict[str, Any]) -> dict[str, Any]:
    code = str(opened["aggregate_code"])
    fields = opened["fields"]
    closed = [r for r in _round_events(db, "Closed", code) if r.get("retracted_by") is None]
    villages = coverage(db, code) or []
    counts = db.fetchone(
        f"SELECT COUNT(*), SUM(CASE WHEN {OVERDUE} THEN 1 ELSE 0 END) FROM view_finding "
        "WHERE round_code = ? AND is_retracted = 0", (as_of_date(db).isoformat(), code))
    return {"code": code, "name": fields.get("name"),
            "lead_inspector": fields.get("lead_inspector"),
            "township_codes": list(fields.get("township_codes") or []),
            "opened_on": opened["business_time"],
            "closed_on": closed[0]["business_time"] if closed else None,
            "villages": len(villages), "villages_covered": sum(v["is_covered"] for v in villages),
            "findings": int(counts[0] or 0) if counts else 0,
            "findings_overdue": int(counts[1] or 0) if counts else 0}


def _round_events(db: ViewDb, event_type: str, code: str | None) -> list[dict[str, Any]]:
    where = ["aggregate_kind = 'round'", "event_type = ?"]
    params: list[Any] = [event_type]
    if code is not None:
        where.append("aggregate_code = ?")
        params.append(code)
    rows = db.fetchdicts(f"SELECT * FROM view_timeline_event WHERE {' AND '.join(where)} "
                         "ORDER BY position", params)
    return [{**r, "fields": from_json(r["fields_json"]) or {}} for r in rows]


def _findings_per_village(db: ViewDb, code: str) -> dict[str, int]:
    rows = db.fetchall(
        "SELECT s.village_code, COUNT(*) FROM view_finding f JOIN view_household_state s "
        "ON f.subject_kind = 'household' AND s.code = f.subject_code "
        "WHERE f.round_code = ? AND f.is_retracted = 0 GROUP BY s.village_code", (code,))
    found = {str(v): int(n) for v, n in rows}
    for village, n in db.fetchall(
            "SELECT subject_code, COUNT(*) FROM view_finding WHERE round_code = ? AND "
            "subject_kind = 'village' AND is_retracted = 0 GROUP BY subject_code", (code,)):
        found[str(village)] = found.get(str(village), 0) + int(n)
    return found
