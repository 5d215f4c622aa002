"""accountability: obligations, violations and escalation chains, derived from the events.

Each page appends its facts, then derives again, at the page's knowledge time (the recorded
time of its last event; nothing reads a wall clock), every scope that may have changed — and
only the windows of it that may have changed (its *horizon*):

* a scope given new facts, from the earliest window those facts touch (a record's day, an
  assignment's date, an excused or answered obligation's window; corrections, retractions and
  inspection rounds: everything);
* every scope when the regulation or the county leaders change (everything), or when a new week
  or month begins (new windows open);
* scopes with open obligations now due, and those under a village or township whose leaders
  changed;

where time alone can change only windows that were still open or escalating at the previous
knowledge time: those ending after it minus the longest grace and escalation of any duty.
Rows outside a horizon are left as they are; inside it, only the rows that differ are written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

from projections.accountability.calendar import label_start, local_day, window_of
from projections.accountability.derive import derive
from projections.accountability.facts import DERIVED, Extractor, Fact
from projections.accountability.figures import FIGURES
from projections.accountability.loading import CHUNK, load_context
from projections.accountability.tables import CLOCK, FACT, OBLIGATION, OBLIGATION_COLUMNS, SCOPE
from projections.figure import Figure
from projections.formats import INSTANT_FORMAT, from_json, instant, to_json
from projections.schema import Table
from projections.source import Item
from projections.views.base import View

EVERYTHING = date.min
FROM_ON = frozenset({"registered", "assigned", "unassigned", "exited", "returned", "monitored",
                     "monitoring_ended", "post", "dismissed"})


class AccountabilityView(View):
    """Every duty as an obligation with an owner; missed ones as violations that escalate."""

    name: ClassVar[str] = "accountability"
    tables: ClassVar[tuple[Table, ...]] = (OBLIGATION, FACT, SCOPE, CLOCK)
    figures: ClassVar[tuple[Figure, ...]] = FIGURES

    def apply(self, items: Sequence[Item]) -> None:
        """Record the page's facts, then derive the touched scopes again and write the diff."""
        duties = self._duties()
        extractor = Extractor({d["code"]: d["subject"] for d in duties})
        facts = [fact for item in items for fact in extractor.facts(item)]
        self._write_facts(facts)
        knowledge = items[-1].recorded_at
        horizons = self._horizons(facts, knowledge, duties)
        self._rederive(horizons, knowledge, duties)
        self.upsert("accountability_clock",
                    [("knowledge", instant(knowledge), items[-1].position)])

    def _duties(self) -> list[dict[str, Any]]:
        rows = self.db.fetchall(
            f"SELECT data FROM {self.table('accountability_fact')} WHERE scope = ?",
            ("regulation",))
        return [d for (data,) in rows for d in from_json(data)["duties"]]

    def _write_facts(self, facts: list[Fact]) -> None:
        self.upsert("accountability_fact", [
            (f.scope, f.position, f.seq, f.kind, f.link, f.day, f.recorded_at, to_json(f.data))
            for f in facts])
        self.upsert("accountability_scope", sorted(
            {(f.scope,) for f in facts if f.scope.startswith(DERIVED)}))

    def _horizons(self, facts: list[Fact], knowledge: datetime,
                  duties: list[dict[str, Any]]) -> dict[str, date]:
        """Each scope to derive again, with the first day whose windows may have changed."""
        found: dict[str, date] = {}

        def lower(scope: str, day: date) -> None:
            if scope.startswith(DERIVED):
                found[scope] = min(found.get(scope, date.max), day)

        before = self._knowledge()
        horizon = EVERYTHING if before is None else local_day(before) - timedelta(
            days=_longest_lag(duties))
        scopes = {f.scope for f in facts}
        leaders = any(f.scope == "county" and (f.kind == "dismissed"
                                               or f.data.get("role") == "county_leader")
                      for f in facts)
        if "regulation" in scopes or leaders:
            horizon = EVERYTHING
        if horizon is EVERYTHING or _new_window(before, knowledge):
            for scope in self._all_scopes():
                lower(scope, horizon)
        for fact in facts:
            lower(fact.scope, _fact_horizon(fact))
        for scope in self._under_units(scopes):
            lower(scope, EVERYTHING)
        for (scope,) in self.db.fetchall(
                f"SELECT DISTINCT scope FROM {self.table('obligation')} "
                "WHERE status = ? AND due_at <= ?", ("open", instant(knowledge))):
            lower(scope, horizon)
        return found

    def _under_units(self, scopes: set[str]) -> set[str]:
        units = {s.split("/", 1)[1] for s in scopes if s.startswith(("village/", "township/"))}
        found: set[str] = set()
        for _ in range(2):
            linked = self._linked(units)
            found |= linked
            units = {s.split("/", 1)[1] for s in linked if s.startswith("village/")}
        return found

    def _linked(self, units: set[str]) -> set[str]:
        found: set[str] = set()
        codes = sorted(units)
        for start in range(0, len(codes), CHUNK):
            chunk = codes[start:start + CHUNK]
            rows = self.db.fetchall(
                f"SELECT DISTINCT scope FROM {self.table('accountability_fact')} "
                f"WHERE link IN ({', '.join('?' for _ in chunk)})", chunk)
            found |= {s for (s,) in rows}
        return found

    def _knowledge(self) -> datetime | None:
        row = self.db.fetchone(
            f"SELECT knowledge FROM {self.table('accountability_clock')} WHERE name = ?",
            ("knowledge",))
        return None if row is None else datetime.strptime(row[0], INSTANT_FORMAT).replace(
            tzinfo=UTC)

    def _all_scopes(self) -> list[str]:
        return [s for (s,) in self.db.fetchall(
            f"SELECT scope FROM {self.table('accountability_scope')}")]

    def _rederive(self, horizons: dict[str, date], knowledge: datetime,
                  duties: list[dict[str, Any]]) -> None:
        ordered = sorted(horizons, key=lambda s: (horizons[s], s))
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start:start + CHUNK]
            first = min(horizons[s] for s in chunk)
            ctx = load_context(self.db, self.table("accountability_fact"), chunk, knowledge,
                               records_from=_records_from(first, duties))
            rows = {ob.obligation_id: ob.row()
                    for s in chunk for ob in derive(s, ctx, horizons[s])}
            self._write_diff(chunk, horizons, first, rows)

    def _write_diff(self, scopes: list[str], horizons: dict[str, date], first: date,
                    rows: dict[str, dict[str, Any]]) -> None:
        marks = ", ".join("?" for _ in scopes)
        old = {r["obligation_id"]: r for r in self.db.fetchdicts(
            OBLIGATION.select_sql(self.generation, f"scope IN ({marks}) AND root_end >= ?"),
            [*scopes, first.isoformat()])
            if r["root_end"] >= horizons[r["scope"]].isoformat()}
        gone = sorted(set(old) - set(rows))
        if gone:
            self.db.executemany(
                f"DELETE FROM {self.table('obligation')} WHERE obligation_id = ?",
                [(g,) for g in gone])
        changed = [tuple(r[c] for c in OBLIGATION_COLUMNS) for key, r in sorted(rows.items())
                   if old.get(key) != r]
        self.upsert("obligation", changed)


def _fact_horizon(fact: Fact) -> date:
    if fact.kind == "record":
        return date.fromisoformat(fact.data["day"])
    if fact.kind in FROM_ON and fact.scope.startswith(("household/", "cadre/")):
        return date.fromisoformat(fact.data["on"])
    if fact.kind in ("excused", "answer") and not fact.scope.startswith("round/"):
        parts = str(fact.data.get("obligation") or fact.data.get("target", "")).split("/")
        return label_start(parts[2]) if len(parts) > 2 else EVERYTHING
    return EVERYTHING


def _longest_lag(duties: list[dict[str, Any]]) -> int:
    """Days after a window's last day during which time alone can still change its rows."""
    return max((d["grace_days"] + 1 + len(d["escalation"]) * d["response_days"]
                for d in duties), default=0) + 7


def _records_from(first: date, duties: list[dict[str, Any]]) -> date:
    """The earliest business day a record can have and still fall in a window ending on or
    after ``first``."""
    if first == EVERYTHING:
        return EVERYTHING
    starts = [window_of(d["cadence"], first).start for d in duties
              if d["cadence"] != "per_period"]
    return min(starts, default=first)


def _new_window(before: datetime | None, knowledge: datetime) -> bool:
    if before is None:
        return False
    old, now = local_day(before), local_day(knowledge)
    return any(window_of(c, old) != window_of(c, now) for c in ("weekly", "monthly"))
