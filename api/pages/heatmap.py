"""The week × household visit grid (走访热力图): one row per household, one column per week.

Weeks start on Monday (UTC days). A cell counts the in-person visits on record in that week;
weeks before the household was registered are marked as not applicable, so an empty cell
always means "no visit that week" (the weekly duty of the household cadre was missed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

WEEKS = 12


@dataclass(frozen=True)
class Cell:
    """One household-week: visits counted, or None before registration."""

    visits: int | None

    @property
    def css(self) -> str:
        """``na``, ``v0``, ``v1``, ``v2`` or ``v3`` (three or more)."""
        return "na" if self.visits is None else f"v{min(self.visits, 3)}"


@dataclass(frozen=True)
class HeatRow:
    """One household's weeks."""

    code: str
    name: str
    cells: list[Cell]

    @property
    def missed(self) -> int:
        """Weeks with no visit (after registration)."""
        return sum(1 for c in self.cells if c.visits == 0)


@dataclass(frozen=True)
class Heatmap:
    """Week starts (Mondays) and the rows."""

    weeks: list[date]
    rows: list[HeatRow]

    @property
    def since(self) -> str:
        """The first instant the grid covers, as stored-instant text."""
        return f"{self.weeks[0].isoformat()}T00:00:00Z"


def week_of(day: date) -> date:
    """The Monday that starts ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weeks_ending(last: date, count: int = WEEKS) -> list[date]:
    """The Mondays of the ``count`` weeks ending with ``last``'s week, oldest first."""
    end = week_of(last)
    return [end - timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def build(weeks: list[date], households: Iterable[dict[str, Any]],
          visits: Iterable[dict[str, Any]]) -> Heatmap:
    """The grid from households (code, name, registered_on) and per-day visit counts."""
    counts: dict[tuple[str, date], int] = {}
    for row in visits:
        key = (str(row["household_code"]), week_of(date.fromisoformat(str(row["day"]))))
        counts[key] = counts.get(key, 0) + int(row["visits"])
    rows = []
    for household in households:
        registered = _registered_week(household.get("registered_on"))
        cells = [Cell(None if registered is not None and week < registered
                      else counts.get((household["code"], week), 0)) for week in weeks]
        rows.append(HeatRow(household["code"], household.get("name", ""), cells))
    return Heatmap(weeks, rows)


def _registered_week(value: Any) -> date | None:
    return None if not value else week_of(date.fromisoformat(str(value)[:10]))
