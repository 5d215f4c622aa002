"""The week × household visit grid (走访热力图): one row per household, one column per week.

Weeks start on Monday (UTC days). A cell counts the in-person visits on record in that week;
weeks before the household was registered are marked as not applicable, so an empty cell
always means "no visit that week" (the weekly duty of the household cadre was missed).

The page shows the whole period, from the first registration to the views' today, as one
block per calendar year (at most 53 weeks, headed by months), so a year fits a screen and an
A4 landscape page whatever the period's length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

WEEKS = 12
"""The county overview's visit chart span; the village grid covers the whole period."""


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
class Segment:
    """One block of the grid: the weeks of one calendar year (by their Mondays)."""

    year: int
    start: int
    weeks: list[date]

    @property
    def stop(self) -> int:
        """The index after the block's last week."""
        return self.start + len(self.weeks)

    @property
    def months(self) -> list[tuple[int, int]]:
        """(month, weeks in it) in order, for the header row over the weeks."""
        found: list[tuple[int, int]] = []
        for week in self.weeks:
            if found and found[-1][0] == week.month:
                found[-1] = (week.month, found[-1][1] + 1)
            else:
                found.append((week.month, 1))
        return found


@dataclass(frozen=True)
class Heatmap:
    """Week starts (Mondays) and the rows."""

    weeks: list[date]
    rows: list[HeatRow]

    @property
    def segments(self) -> list[Segment]:
        """The weeks cut into calendar years, oldest first."""
        found: list[Segment] = []
        for index, week in enumerate(self.weeks):
            if found and found[-1].year == week.year:
                found[-1].weeks.append(week)
            else:
                found.append(Segment(week.year, index, [week]))
        return found

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


def weeks_between(first: date, last: date) -> list[date]:
    """The Mondays of every week from ``first``'s to ``last``'s, oldest first."""
    start, end = week_of(first), week_of(last)
    return [start + timedelta(weeks=n) for n in range((end - start).days // 7 + 1)]


def whole_period(households: Iterable[dict[str, Any]], today: date) -> list[date]:
    """From the earliest registration's week to today's (the last ``WEEKS`` weeks when no
    household has a registration date)."""
    registered = [_registered_week(h.get("registered_on")) for h in households]
    known = [d for d in registered if d is not None and d <= today]
    return weeks_between(min(known), today) if known else weeks_ending(today)


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
