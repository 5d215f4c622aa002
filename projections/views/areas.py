"""Village, township and county figures, kept in step with the households by deltas.

Each household contributes a vector of counts to its village, its township and the county
(code ``*``). When a page changes households, the runner's transaction adds (new − old) of each
changed household's contribution, so the figures always equal a GROUP BY over household_state
(a test checks it) without ever scanning it. Rows whose figures all reach zero are deleted, so
the tables depend only on the households' final state, never on how the pages were cut.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ledger.domain.values import Policy
from projections.db import ViewDb
from projections.household_model import SOURCES, HouseholdModel
from projections.schema import Table, table
from projections.views.household_rows import five_ones

COUNTY = "*"
STATS_COLUMNS = (
    "households", "people", "registered", "monitored", "exited", "returned", "cat_general",
    "cat_dibao", "cat_tekun_wubao", "cat_dibao_poor", "with_plan", "with_income_project",
    "with_income_ledger", "with_basic_info", "with_diary", "five_ones_complete", "measures",
    "assistance_fen", "points_earned", "points_redeemed", "visits", "phone_contacts",
    "diary_entries", "findings", "open_findings", "honoured", "late_events", "corrections",
    "retractions", "paired", "pairing_contacts", "activity_attendances", "activity_households",
)
AREA = table(
    "area",
    "level T, code T, unit_code T, name T, parent_code T, is_designated_poor I, lat R, lon R, "
    "leaders_json T, assignments_json T, regulation_code T, regulation_edition I",
    "level, code",
    "parent_code, code",
)
STATS = table("area_stats", "level T, code T, " + ", ".join(f"{c} I" for c in STATS_COLUMNS),
              "level, code")
PROGRAMME = table("area_programme",
                  "level T, code T, programme T, households I, measures I, amount_fen I",
                  "level, code, programme")
INCOME_YEAR = table(
    "area_income_year",
    "level T, code T, year I, households I, people I, total_fen I, above_poverty_line I, "
    "above_minimum_living I",
    "level, code, year",
)
DELTA_TABLES: dict[str, tuple[Table, int]] = {
    "stats": (STATS, 2), "programme": (PROGRAMME, 3), "income_year": (INCOME_YEAR, 3),
}
Key = tuple[str, tuple[Any, ...]]
Contribution = dict[Key, list[int]]


def contribution(model: HouseholdModel | None, policy: Policy) -> Contribution:
    """What one household adds to each of its areas' rows (empty before registration)."""
    if model is None or not model.village_code:
        return {}
    found: dict[Key, list[int]] = {("stats", ()): _stats(model)}
    for programme, (count, fen) in model.programmes.items():
        found[("programme", (programme,))] = [1 if count else 0, count, fen]
    people = max(1, len(model.members))
    for year, totals in model.income_years.items():
        total = sum(totals[s] for s in SOURCES)
        per_capita = total // people
        found[("income_year", (year,))] = [
            1, len(model.members), total, int(per_capita > policy.poverty_line_fen),
            int(per_capita > policy.minimum_living_standard_fen),
        ]
    return found


def _stats(m: HouseholdModel) -> list[int]:
    five = five_ones(m)
    return [
        1, len(m.members), *(int(m.status == s) for s in ("registered", "monitored", "exited",
                                                          "returned")),
        *(int(m.category == c) for c in ("general", "dibao", "tekun_wubao", "dibao_poor")),
        int(m.plan is not None), *(int(v) for v in five.values()), int(all(five.values())),
        m.measures, m.assistance_fen, m.points_earned, m.points_redeemed, m.visits,
        m.phone_contacts, m.diary_entries, m.findings, m.open_findings, int(bool(m.honours)),
        m.late_events, m.corrections, m.retractions,
        int(any(p["ended_on"] is None for p in m.pairings)), m.pairing_contacts, m.activities,
        int(m.activities > 0),
    ]


def areas_of(model: HouseholdModel) -> list[tuple[str, str]]:
    """(level, code) of the areas a household counts in."""
    return [("county", COUNTY), ("township", model.township_code), ("village", model.village_code)]


def deltas(
    changes: Iterable[tuple[Contribution, HouseholdModel, Contribution]],
) -> dict[tuple[str, str, Key], list[int]]:
    """Sum of (new − old) contributions per area row (a household never changes village)."""
    total: dict[tuple[str, str, Key], list[int]] = defaultdict(list)
    for before, model, after in changes:
        if before == after:
            continue
        places = areas_of(model)
        for found, sign in ((before, -1), (after, 1)):
            for key, vector in found.items():
                for level, code in places:
                    _add(total[(level, code, key)], vector, sign)
    return {k: v for k, v in total.items() if any(v)}


def _add(into: list[int], vector: list[int], sign: int) -> None:
    if not into:
        into.extend(0 for _ in vector)
    for i, value in enumerate(vector):
        into[i] += sign * value


def write_deltas(db: ViewDb, generation: int, found: dict[tuple[str, str, Key], list[int]]) -> None:
    """Add the deltas to the area rows, then delete rows whose figures are all zero."""
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for (level, code, (kind, extra)), vector in sorted(found.items(), key=repr):
        grouped[kind].append((level, code, *extra, *vector))
    for kind, rows in grouped.items():
        spec, width = DELTA_TABLES[kind]
        db.executemany(_increment_sql(spec, width, generation), rows)
        figures = spec.column_names[width:]
        keys = " AND ".join(f"{k} = ?" for k in spec.key)
        zero = " AND ".join(f"{c} = 0" for c in figures)
        db.executemany(f"DELETE FROM {spec.physical(generation)} WHERE {keys} AND {zero}",
                       [row[:width] for row in rows])


def _increment_sql(spec: Table, width: int, generation: int) -> str:
    names = spec.column_names
    name = spec.physical(generation)
    updates = ", ".join(f"{c} = {name}.{c} + excluded.{c}" for c in names[width:])
    return (f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)}) "
            f"ON CONFLICT ({', '.join(spec.key)}) DO UPDATE SET {updates}")
