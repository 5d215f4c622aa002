"""Reading facts back: the scopes a derivation needs, in few set-based queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from projections.accountability.context import Context, Data
from projections.accountability.tables import FACT
from projections.db import ViewDb
from projections.formats import from_json, instant

CHUNK = 500


def load_context(db: ViewDb, fact_table: str, scopes: Iterable[str], knowledge: datetime,
                 recorded_until: datetime | None = None, records_from: date | None = None,
                 ) -> Context:
    """Facts of the scopes and of every context scope they lead to (village, township,
    county, regulation), optionally only those recorded by ``recorded_until``, and only the
    records whose business day is on or after ``records_from``."""
    facts: dict[str, list[Data]] = {}
    wanted = {*scopes, "regulation", "county"}
    until = instant(recorded_until) if recorded_until is not None else None
    since = records_from.isoformat() if records_from and records_from > date.min else None
    while wanted:
        _read(db, fact_table, sorted(wanted), until, since, facts)
        wanted = {s for found in list(facts.values()) for f in found
                  for s in _leads(f)} - set(facts)
    return Context(facts, knowledge)


def _read(db: ViewDb, fact_table: str, scopes: list[str], until: str | None,
          since: str | None, facts: dict[str, list[Data]]) -> None:
    for scope in scopes:
        facts.setdefault(scope, [])
    columns = "scope, position, seq, kind, recorded_at, data"
    for start in range(0, len(scopes), CHUNK):
        chunk = scopes[start:start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        where = f"scope IN ({marks})" + (" AND recorded_at <= ?" if until else "")
        where += " AND (day = '' OR day >= ?)" if since else ""
        params = [*chunk, *([until] if until else []), *([since] if since else [])]
        rows = db.fetchall(f"SELECT {columns} FROM {fact_table} WHERE {where} "
                           "ORDER BY scope, position, seq", params)
        for scope, _, _, kind, recorded_at, data in rows:
            facts[scope].append({**from_json(data), "kind": kind, "recorded_at": recorded_at})


def _leads(fact: Data) -> list[str]:
    kind = fact["kind"]
    if kind == "registered" and "village" in fact:
        return [f"village/{fact['village']}", f"township/{fact['township']}"]
    if kind == "registered" and "township" in fact:
        return [f"township/{fact['township']}"]
    if kind in ("assigned", "unassigned") and fact.get("unit_kind") in ("village", "township"):
        return [f"{fact['unit_kind']}/{fact['unit']}"]
    if kind == "finding" and fact["subject_kind"] in ("village", "township", "household"):
        return [f"{fact['subject_kind']}/{fact['subject_code']}"]
    return []


FACT_COLUMNS = FACT.column_names
