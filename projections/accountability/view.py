"""accountability: obligations, violations and escalation chains, derived from the events.

Each page: the events' facts are appended; the scopes they touch (and the scopes under a unit
whose leaders changed, every scope when the regulation or the county leaders change or a new
week or month begins, and scopes whose open obligations have fallen due) are derived again at
the page's knowledge time (the recorded time of its last event) and written as a diff.
Nothing reads a wall clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from projections.accountability.calendar import local_day, window_of
from projections.accountability.derive import derive
from projections.accountability.facts import DERIVED, Extractor, Fact
from projections.accountability.loading import CHUNK, load_context
from projections.accountability.tables import CLOCK, FACT, OBLIGATION, OBLIGATION_COLUMNS, SCOPE
from projections.formats import INSTANT_FORMAT, from_json, instant, to_json
from projections.schema import Table
from projections.source import Item
from projections.views.base import View


class AccountabilityView(View):
    """Every duty as an obligation with an owner; missed ones as violations that escalate."""

    name: ClassVar[str] = "accountability"
    tables: ClassVar[tuple[Table, ...]] = (OBLIGATION, FACT, SCOPE, CLOCK)

    def apply(self, items: Sequence[Item]) -> None:
        """Record the page's facts, then derive the touched scopes again and write the diff."""
        extractor = Extractor(self._subjects())
        facts = [fact for item in items for fact in extractor.facts(item)]
        self._write_facts(facts)
        knowledge = items[-1].recorded_at
        dirty = self._dirty(facts, knowledge)
        self._rederive(sorted(dirty), knowledge)
        self.upsert("accountability_clock",
                    [("knowledge", instant(knowledge), items[-1].position)])

    def _subjects(self) -> dict[str, str]:
        rows = self.db.fetchall(
            f"SELECT data FROM {self.table('accountability_fact')} WHERE scope = ?",
            ("regulation",))
        return {d["code"]: d["subject"] for (data,) in rows for d in from_json(data)["duties"]}

    def _write_facts(self, facts: list[Fact]) -> None:
        self.upsert("accountability_fact", [
            (f.scope, f.position, f.seq, f.kind, f.link, f.recorded_at, to_json(f.data))
            for f in facts])
        self.upsert("accountability_scope", sorted(
            {(f.scope,) for f in facts if f.scope.startswith(DERIVED)}))

    def _dirty(self, facts: list[Fact], knowledge: datetime) -> set[str]:
        scopes = {f.scope for f in facts}
        leaders = any(f.scope == "county" and (f.kind == "dismissed"
                                               or f.data.get("role") == "county_leader")
                      for f in facts)
        if "regulation" in scopes or leaders or self._new_window(knowledge):
            return self._all_scopes()
        units = {s.split("/", 1)[1] for s in scopes if s.startswith(("village/", "township/"))}
        for _ in range(2):
            linked = self._linked(units)
            scopes |= linked
            units = {s.split("/", 1)[1] for s in linked if s.startswith("village/")}
        due = self.db.fetchall(
            f"SELECT DISTINCT scope FROM {self.table('obligation')} "
            "WHERE status = ? AND due_at <= ?", ("open", instant(knowledge)))
        return {s for s in scopes if s.startswith(DERIVED)} | {s for (s,) in due}

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

    def _new_window(self, knowledge: datetime) -> bool:
        row = self.db.fetchone(
            f"SELECT knowledge FROM {self.table('accountability_clock')} WHERE name = ?",
            ("knowledge",))
        if row is None:
            return False
        before = local_day(datetime.strptime(row[0], INSTANT_FORMAT).replace(tzinfo=UTC))
        now = local_day(knowledge)
        return any(window_of(c, before) != window_of(c, now) for c in ("weekly", "monthly"))

    def _all_scopes(self) -> set[str]:
        return {s for (s,) in self.db.fetchall(
            f"SELECT scope FROM {self.table('accountability_scope')}")}

    def _rederive(self, scopes: list[str], knowledge: datetime) -> None:
        for start in range(0, len(scopes), CHUNK):
            chunk = scopes[start:start + CHUNK]
            ctx = load_context(self.db, self.table("accountability_fact"), chunk, knowledge)
            rows = {ob.obligation_id: ob.row() for s in chunk for ob in derive(s, ctx)}
            self._write_diff(chunk, rows)

    def _write_diff(self, scopes: list[str], rows: dict[str, dict[str, Any]]) -> None:
        marks = ", ".join("?" for _ in scopes)
        old = {r["obligation_id"]: r for r in self.db.fetchdicts(
            OBLIGATION.select_sql(self.generation, f"scope IN ({marks})"), scopes)}
        gone = sorted(set(old) - set(rows))
        if gone:
            self.db.executemany(
                f"DELETE FROM {self.table('obligation')} WHERE obligation_id = ?",
                [(g,) for g in gone])
        changed = [tuple(r[c] for c in OBLIGATION_COLUMNS) for key, r in sorted(rows.items())
                   if old.get(key) != r]
        self.upsert("obligation", changed)
