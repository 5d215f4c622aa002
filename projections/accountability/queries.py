"""Read functions of the accountability view (what the CLI, the API and the pages call).

Every figure comes from ``view_obligation``: the same rows answer ``ledger accountability``,
``/v1/obligations`` and the pages, so they agree. ``as_known_on`` answers from the facts the
ledger had recorded by then, judged at that instant, never from today's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from projections.accountability.calendar import SHANGHAI
from projections.accountability.context import Context
from projections.accountability.derive import derive
from projections.accountability.loading import load_context
from projections.db import ViewDb
from projections.errors import UnknownFilter
from projections.formats import from_json, instant

OBLIGATION_FILTERS = {
    "owner": "(',' || owner || ',') LIKE ('%,' || ? || ',%')", "level": "owner_role = ?",
    "village": "village_code = ?", "township": "township_code = ?", "kind": "duty = ?",
    "status": "status = ?", "period": "period = ?", "scope": "scope = ?",
    "is_violation": "is_violation = ?", "step": "step = ?",
}
"""Filters of :func:`obligations` (owner matches one of a step's county leaders too)."""
MAX_LIMIT = 1000
LEVELS = ("household_cadre", "village_leader", "township_lead", "county_leader")


@dataclass
class Page:
    """One page of obligations and the cursor of the next (None at the end)."""

    items: list[dict[str, Any]] = field(default_factory=list)
    next_cursor: str | None = None


def obligations(db: ViewDb, filters: dict[str, Any] | None = None, cursor: str | None = None,
                limit: int = 100) -> Page:
    """Obligations in id order, filtered by owner, level, village, township, kind (duty),
    status, period, scope, is_violation or step."""
    where, params = _where(filters or {})
    if cursor is not None:
        where.append("obligation_id > ?")
        params.append(cursor)
    size = max(1, min(int(limit), MAX_LIMIT))
    rows = db.fetchdicts(f"SELECT * FROM view_obligation{_clause(where)} "
                         "ORDER BY obligation_id LIMIT ?", [*params, size + 1])
    items = [_parsed(r) for r in rows[:size]]
    return Page(items, items[-1]["obligation_id"] if len(rows) > size else None)


def violations(db: ViewDb, filters: dict[str, Any] | None = None, cursor: str | None = None,
               limit: int = 100) -> Page:
    """Violations (obligations whose window closed with nothing on record), each with its
    escalation chain (``chain``: the follow-ups in step order)."""
    page = obligations(db, {**(filters or {}), "is_violation": 1, "step": 0}, cursor, limit)
    roots = [r["obligation_id"] for r in page.items]
    steps = _chains(db, roots)
    for item in page.items:
        item["chain"] = steps.get(item["obligation_id"], [])
    return page


def obligation(db: ViewDb, obligation_id: str) -> dict[str, Any] | None:
    """One obligation with its chain."""
    rows = db.fetchdicts("SELECT * FROM view_obligation WHERE obligation_id = ?",
                         (obligation_id,))
    if not rows:
        return None
    found = _parsed(rows[0])
    found["chain"] = _chains(db, [found["root_id"]]).get(found["root_id"], [])
    return found


def counts(db: ViewDb, village: str | None = None,
           township: str | None = None) -> dict[str, int]:
    """Obligations by status and the open violations (one definition for every reader: the
    API, the pages, ``ledger summary`` through the figure ``violations_open``)."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("village_code", village), ("township_code", township)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    rows = db.fetchall(f"SELECT status, COUNT(*) FROM view_obligation{_clause(where)} "
                       "GROUP BY status", params)
    found = {status: int(n) for status, n in rows}
    scoped = "".join(f" AND r.{clause}" for clause in where)
    open_chains = db.fetchall(
        "SELECT COUNT(*) FROM view_obligation r WHERE r.step = 0 AND r.is_violation = 1"
        + scoped
        + " AND NOT EXISTS (SELECT 1 FROM view_obligation s WHERE s.root_id = r.obligation_id"
        " AND s.step > 0 AND s.status IN ('met', 'met_late'))", params)
    found["open_violations"] = int(open_chains[0][0])
    return found


@dataclass
class Answer:
    """Who was responsible for a household or village on a day, what they owed and did."""

    kind: str
    code: str
    on: date
    known_at: str
    levels: list[dict[str, Any]]
    obligations: list[dict[str, Any]]
    violations: list[dict[str, Any]]


def accountability(db: ViewDb, kind: str, code: str, on: date,
                   as_known_on: datetime | None = None) -> Answer | None:
    """The chain of responsibility for a household or village on a day: holders per level,
    the obligations of the subject whose window holds that day (theirs and their
    superiors'), and every violation up to that day with its escalation chain.

    With ``as_known_on`` the rows are derived from the facts recorded by that instant, judged
    at it (or at the view's own knowledge time if earlier)."""
    scope = f"{kind}/{code}"
    known = _knowledge(db)
    if known is None:
        return None
    at = known if as_known_on is None else min(known, as_known_on)
    ctx = load_context(db, "view_accountability_fact", [scope], at, as_known_on)
    units = _units(ctx, kind, code)
    if units is None:
        return None
    village, township = units
    levels = _levels(ctx, kind, code, village, township, on)
    if kind == "village":
        levels[0]["cadres"] = _village_cadres(db, village, on, at, as_known_on)
    rows = _rows(db, ctx, kind, code, village, levels, as_known_on)
    mine = [r for r in rows if r["window_start"] <= on.isoformat() <= r["window_end"]]
    missed = [r for r in rows if r["step"] == 0 and r["is_violation"]
              and r["due_at"] <= instant(_end_of(on))]
    chains: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["step"] > 0:
            chains.setdefault(r["root_id"], []).append(r)
    for r in missed:
        r["chain"] = sorted(chains.get(r["obligation_id"], []), key=lambda s: s["step"])
    return Answer(kind, code, on, instant(at), levels, mine, missed)


def _rows(db: ViewDb, ctx: Context, kind: str, code: str, village: str,
          levels: list[dict[str, Any]], as_known_on: datetime | None) -> list[dict[str, Any]]:
    holders = sorted({c for lv in levels if lv["level"] != "household_cadre"
                      for c in lv["cadres"] if lv["level"] != "county_leader"})
    scopes = [f"cadre/{c}" for c in holders]
    if kind == "household":
        scopes.append(f"household/{code}")
    else:
        scopes += _households_of(db, village)
    if as_known_on is None:
        marks = ", ".join("?" for _ in scopes)
        rows = [_parsed(r) for r in db.fetchdicts(
            f"SELECT * FROM view_obligation WHERE scope IN ({marks})", scopes)] if scopes else []
    else:
        full = load_context(db, "view_accountability_fact", scopes, ctx.knowledge, as_known_on)
        rows = [_parsed({**ob.row()}) for s in scopes for ob in derive(s, full)]
    if kind == "village":
        rows = [r for r in rows if r["village_code"] in (village, "")]
    return sorted(rows, key=lambda r: (r["window_start"], r["obligation_id"]))


def _units(ctx: Context, kind: str, code: str) -> tuple[str, str] | None:
    if kind == "household":
        for reg in ctx.of(f"household/{code}", "registered"):
            return reg["village"], reg["township"]
        return None
    if kind == "village":
        township = ctx.township_of(code)
        return (code, township) if township else None
    return None


def _levels(ctx: Context, kind: str, code: str, village: str, township: str,
            on: date) -> list[dict[str, Any]]:
    household = (ctx.holders("household", code, "household_cadre", on)
                 if kind == "household" else [])
    return [
        {"level": "household_cadre", "unit": code if kind == "household" else village,
         "cadres": household},
        {"level": "village_leader", "unit": village,
         "cadres": ctx.holders("village", village, "village_leader", on)},
        {"level": "township_lead", "unit": township,
         "cadres": ctx.holders("township", township, "township_lead", on)},
        {"level": "county_leader", "unit": "county", "cadres": ctx.county_leaders(on)},
    ]


def _village_cadres(db: ViewDb, village: str, on: date, at: datetime,
                    as_known_on: datetime | None) -> list[str]:
    """Household cadres holding a household of the village that day."""
    homes = _households_of(db, village)
    ctx = load_context(db, "view_accountability_fact", homes, at, as_known_on, records_from=on)
    return sorted({c for home in homes
                   for c in ctx.holders("household", home.split("/", 1)[1], "household_cadre",
                                        on)})


def _households_of(db: ViewDb, village: str) -> list[str]:
    return [s for (s,) in db.fetchall(
        "SELECT DISTINCT scope FROM view_accountability_fact WHERE link = ? AND scope LIKE ?",
        (village, "household/%"))]


def _knowledge(db: ViewDb) -> datetime | None:
    if not db.table_exists("view_accountability_clock"):
        return None
    row = db.fetchone("SELECT knowledge FROM view_accountability_clock WHERE name = ?",
                      ("knowledge",))
    return None if row is None else datetime.fromisoformat(row[0].replace("Z", "+00:00"))


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=SHANGHAI)


def _chains(db: ViewDb, roots: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    if not roots:
        return found
    marks = ", ".join("?" for _ in roots)
    for row in db.fetchdicts(f"SELECT * FROM view_obligation WHERE root_id IN ({marks}) "
                             "AND step > 0 ORDER BY root_id, step", roots):
        found.setdefault(row["root_id"], []).append(_parsed(row))
    return found


def _parsed(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["events"] = from_json(row.pop("events_json"))
    return row


def _where(filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
    unknown = sorted(set(filters) - set(OBLIGATION_FILTERS))
    if unknown:
        raise UnknownFilter(unknown, sorted(OBLIGATION_FILTERS))
    keys = [k for k in sorted(filters) if filters[k] is not None]
    return ([OBLIGATION_FILTERS[k] for k in keys],
            [int(filters[k]) if isinstance(filters[k], bool) else filters[k] for k in keys])


def _clause(where: list[str]) -> str:
    return f" WHERE {' AND '.join(where)}" if where else ""
