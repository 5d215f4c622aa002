"""The in-memory side of as-of replay: lines kept in dicts, the state as a readable dict, and
what changed between two snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ledger.domain.values import Policy
from projections.formats import from_json, instant
from projections.household_model import HouseholdModel, Line
from projections.views import household_rows as rows

BOOKKEEPING = frozenset({"events", "last_position", "last_recorded_at"})
Key = tuple[str, str | int]


class MemoryLines:
    """Lines of one household replay, in memory."""

    def __init__(self) -> None:
        self.lines: dict[tuple[str, Key], Line] = {}

    def line(self, kind: str, key: Key) -> Line | None:
        """One line, or None."""
        found = self.lines.get((kind, key))
        return None if found is None else dict(found)

    def put_line(self, kind: str, key: Key, line: Line) -> None:
        """Add or replace one line."""
        self.lines[(kind, key)] = dict(line)

    def latest_contact(self, household: str, *, in_person: bool) -> str | None:
        """The latest business time of a contact still on record."""
        times = [c["occurred_at"] for c in self.of_kind("contact")
                 if c["is_in_person"] == in_person and not c["is_retracted"]]
        return max(times, default=None)

    def finding_at(self, round_code: str, version: int) -> Line | None:
        """The finding a round's event version raised."""
        for (kind, key), line in self.lines.items():
            if kind == "finding" and key[0] == round_code and line["version"] == version:
                return dict(line)
        return None

    def of_kind(self, kind: str) -> list[Line]:
        """Every line of one kind, in insertion order."""
        return [line for (k, _), line in self.lines.items() if k == kind]


def state_of(model: HouseholdModel, store: MemoryLines, policy: Policy, *, since: datetime,
             until: datetime) -> dict[str, Any]:
    """The household_state row as a dict (JSON columns parsed), with its years and programmes."""
    state: dict[str, Any] = {}
    for name, value in zip(rows.STATE.column_names, rows.state_row(model), strict=True):
        if name.endswith("_json"):
            state[name.removesuffix("_json")] = from_json(value)
        else:
            state[name] = value
    year_columns = rows.INCOME_YEAR.column_names[1:]
    state["income_years"] = [dict(zip(year_columns, r[1:], strict=True))
                             for r in rows.year_rows(model, policy)]
    state["assistance"] = [{"programme": p, "measures": n, "amount_fen": fen}
                           for _, p, n, fen in rows.programme_rows(model)]
    start, end = instant(since), instant(until)
    state["visits_last_4_weeks"] = sum(
        1 for c in store.of_kind("contact")
        if c["is_in_person"] and not c["is_retracted"] and start < c["occurred_at"] <= end)
    state["findings_list"] = store.of_kind("finding")
    return state


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field an event changed (bookkeeping left out)."""
    return {k: [before.get(k), after.get(k)] for k in sorted(after)
            if k not in BOOKKEEPING and before.get(k) != after.get(k)}
