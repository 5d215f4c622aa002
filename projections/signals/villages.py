"""Signals about a village's figures: exit incomes bunched just above the poverty line (数字脱贫)
and identical indicator sheets across a village on one day (千户一面)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from projections.db import ViewDb
from projections.signals.config import Thresholds
from projections.signals.model import Evidence, Signal

EXITS = (
    "SELECT h.village_code, h.code, h.exited_on, y.year, y.per_capita_fen, y.poverty_line_fen "
    "FROM view_household_state h JOIN view_household_income_year y "
    "ON y.household_code = h.code AND y.year = CAST(substr(h.exited_on, 1, 4) AS INTEGER) "
    "WHERE h.exited_on IS NOT NULL ORDER BY h.village_code, h.code"
)


def exit_income(db: ViewDb, limits: Thresholds) -> list[Signal]:
    """Per village and year: the share of exits whose income is just above the line."""
    t = limits.section("exit_income")
    groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in db.fetchdicts(EXITS):
        groups[row["village_code"], int(row["year"])].append(row)
    signals = []
    for (village, year), exits in sorted(groups.items()):
        near = [e for e in exits if e["poverty_line_fen"] <= e["per_capita_fen"]
                <= e["poverty_line_fen"] * (1 + t["band"])]
        if len(exits) < t["min_exits"] or not near:
            continue
        share = round(len(near) / len(exits), 4)
        evidence = tuple(
            Evidence(ref, int(position), f"income line of {code} for {year}")
            for code in sorted(e["code"] for e in near)
            for ref, position in db.fetchall(
                "SELECT t.ref, t.position FROM view_household_income_line l "
                "JOIN view_timeline_event t ON t.aggregate_kind = 'household' "
                "AND t.aggregate_code = l.household_code AND t.version = l.version "
                "WHERE l.household_code = ? AND l.year = ? AND l.is_retracted = 0 "
                "ORDER BY t.position", (code, year)))
        signals.append(Signal(
            "exit_income", "village", village, share, t["share"],
            f"{len(near)} of {len(exits)} households leaving poverty in {year} in {village} "
            f"have a per-capita income within {t['band']:.0%} above the poverty line; "
            f"threshold {t['share']:.0%}.",
            evidence, (village,),
            {"year": year, "exits": len(exits), "near_line": sorted(e["code"] for e in near)},
            str(year)))
    return signals


def identical_sheets(db: ViewDb, limits: Thresholds) -> list[Signal]:
    """Per village and day: households assessed with one identical indicator sheet."""
    t = limits.section("identical_sheets")
    groups: dict[tuple[str, str, str], list[tuple[str, int, str]]] = defaultdict(list)
    for village, day, sheet, ref, position, code in db.fetchall(
            "SELECT h.village_code, s.occurred_on, s.sheet_json, s.ref, s.position, "
            "s.household_code FROM view_signal_sheet s "
            "JOIN view_household_state h ON h.code = s.household_code ORDER BY s.position"):
        groups[village, day, sheet].append((ref, int(position), code))
    signals = []
    for (village, day, _sheet), sheets in sorted(groups.items()):
        homes = {code for _, _, code in sheets}
        if len(homes) < max(2, t["min_households"] / 2):
            continue
        signals.append(Signal(
            "identical_sheets", "village", village, float(len(homes)), t["min_households"],
            f"{len(homes)} households of {village} were assessed on {day} with one identical "
            f"indicator sheet; threshold {int(t['min_households'])} households.",
            tuple(Evidence(ref, position, f"indicator sheet of {code} on {day}")
                  for ref, position, code in sheets), (village,),
            {"day": day, "households": sorted(homes)}, day))
    return signals
