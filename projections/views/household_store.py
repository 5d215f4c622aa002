"""A page's working set for the household_state view: models and lines, loaded in batches from
the view's tables and written back at the end of the page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ledger.domain.values import Policy
from projections.db import ViewDb
from projections.household_model import HouseholdModel, Line
from projections.views import household_rows as rows
from projections.views.areas import Contribution, contribution

Key = tuple[str, str | int]
Rows = list[tuple[Any, ...]]
BATCH = 500


@dataclass
class Written:
    """A household's rows as stored (or about to be), and its contribution to its areas."""

    state: tuple[Any, ...] | None = None
    children: tuple[Rows, Rows, Rows] = ([], [], [])
    contribution: Contribution = field(default_factory=dict)


class PageStore:
    """Household models and their lines for one page; ``flush`` writes what changed."""

    def __init__(self, db: ViewDb, generation: int, policy: Policy) -> None:
        self.db = db
        self.generation = generation
        self.policy = policy
        self.models: dict[str, HouseholdModel] = {}
        self.originals: dict[str, Written] = {}
        self._lines: dict[tuple[str, Key], Line | None] = {}
        self._dirty: set[tuple[str, Key]] = set()

    def name(self, table: str) -> str:
        """Physical name of a table in this generation."""
        return f"view_{table}__{self.generation}"

    def preload(self, codes: Iterable[str]) -> None:
        """Load the stored models of these households in a few queries."""
        wanted = sorted(set(codes) - set(self.originals))
        for start in range(0, len(wanted), BATCH):
            self._load(wanted[start:start + BATCH])

    def _load(self, codes: list[str]) -> None:
        marks = ", ".join("?" for _ in codes)
        where = f"household_code IN ({marks})"
        states = self.db.fetchdicts(
            rows.STATE.select_sql(self.generation, f"code IN ({marks})"), codes)
        years = self._group(rows.INCOME_YEAR.select_sql(self.generation, where), codes)
        programmes = self._group(rows.ASSISTANCE.select_sql(self.generation, where), codes)
        for code in codes:
            self.originals[code] = Written()
        for state in states:
            code = state["code"]
            mine = sorted(years.get(code, []), key=lambda r: r["year"])
            given = sorted(programmes.get(code, []), key=lambda r: r["programme"])
            model = rows.model_from(state, mine, given)
            children = ([tuple(r.values()) for r in mine], [tuple(r.values()) for r in given],
                        _assignment_rows(model))
            self.originals[code] = Written(tuple(state.values()), children,
                                           contribution(model, self.policy))
            self.models[code] = model

    def _group(self, sql: str, codes: list[str]) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in self.db.fetchdicts(sql, codes):
            grouped.setdefault(row["household_code"], []).append(row)
        return grouped

    def model(self, code: str, *, create: bool = False) -> HouseholdModel | None:
        """The household's model as of the events applied so far in this page."""
        if code not in self.originals:
            self.preload([code])
        found = self.models.get(code)
        if found is None and create:
            found = self.models[code] = HouseholdModel(code)
        return found

    def line(self, kind: str, key: Key) -> Line | None:
        """One line (from this page's changes, else from the table)."""
        slot = (kind, key)
        if slot not in self._lines:
            self._lines[slot] = self._read_line(kind, key)
        found = self._lines[slot]
        return None if found is None else dict(found)

    def _read_line(self, kind: str, key: Key) -> Line | None:
        spec = rows.LINE_TABLES[kind]
        where = " AND ".join(f"{k} = ?" for k in spec.key)
        found = self.db.fetchdicts(spec.select_sql(self.generation, where), key)
        return rows.line_from(kind, found[0]) if found else None

    def put_line(self, kind: str, key: Key, line: Line) -> None:
        """Add or replace one line (written at flush)."""
        self._lines[(kind, key)] = dict(line)
        self._dirty.add((kind, key))

    def finding_at(self, round_code: str, version: int) -> Line | None:
        """The finding raised by a round's event version."""
        for (kind, key), line in self._lines.items():
            if kind == "finding" and line and key[0] == round_code and \
                    line["version"] == version:
                return dict(line)
        found = self.db.fetchdicts(
            rows.FINDING.select_sql(self.generation, "round_code = ? AND version = ?"),
            (round_code, version))
        if not found:
            return None
        line = rows.line_from("finding", found[0])
        self._lines[("finding", (round_code, line["finding_code"]))] = line
        return dict(line)

    def latest_contact(self, household: str, *, in_person: bool) -> str | None:
        """The latest contact on record (lines are flushed before this is asked)."""
        row = self.db.fetchone(
            f"SELECT MAX(occurred_at) FROM {self.name('household_contact')} "
            "WHERE household_code = ? AND is_in_person = ? AND is_retracted = 0",
            (household, 1 if in_person else 0))
        return None if row is None else row[0]

    def flush_lines(self) -> None:
        """Write every changed line."""
        by_kind: dict[str, list[tuple[Any, ...]]] = {}
        for kind, key in sorted(self._dirty, key=repr):
            line = self._lines[(kind, key)]
            if line is not None:
                by_kind.setdefault(kind, []).append(rows.line_row(kind, key, line))
        for kind, found in by_kind.items():
            self.db.executemany(rows.LINE_TABLES[kind].upsert_sql(self.generation), found)
        self._dirty.clear()

    def written(self, model: HouseholdModel) -> Written:
        """The rows a model makes, and its contribution."""
        children = (rows.year_rows(model, self.policy), rows.programme_rows(model),
                    _assignment_rows(model))
        return Written(rows.state_row(model), children, contribution(model, self.policy))

    def flush_models(self) -> list[tuple[Contribution, HouseholdModel, Contribution]]:
        """Write the rows that changed; return (old, model, new) contributions per household."""
        states: Rows = []
        changes = []
        children: list[tuple[int, str, Rows]] = []
        for code, model in sorted(self.models.items()):
            before, after = self.originals.get(code, Written()), self.written(model)
            if after.state != before.state and after.state is not None:
                states.append(after.state)
            children.extend((n, code, new) for n, (old, new) in
                            enumerate(zip(before.children, after.children, strict=True))
                            if old != new)
            changes.append((before.contribution, model, after.contribution))
        self.db.executemany(rows.STATE.upsert_sql(self.generation), states)
        for number, spec in enumerate((rows.INCOME_YEAR, rows.ASSISTANCE, rows.ASSIGNMENT)):
            mine = [(code, new) for n, code, new in children if n == number]
            self.db.executemany(
                f"DELETE FROM {spec.physical(self.generation)} WHERE household_code = ?",
                [(code,) for code, _ in mine])
            self.db.executemany(spec.upsert_sql(self.generation),
                                [r for _, new in mine for r in new])
        return changes


def _assignment_rows(model: HouseholdModel) -> list[tuple[Any, ...]]:
    return [(model.code, a["version"], a["cadre_code"], a["role"], a["from_date"], a["to_date"])
            for a in model.assignments]
