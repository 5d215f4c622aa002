"""One definition per area figure (统计指标), used everywhere a figure is shown.

``ledger summary``, ``/v1/stats/county``, ``/v1/townships/{code}``, ``/v1/villages/{code}`` and
the overview pages all take their figures from :func:`area_figures`. The figures themselves are
declared by the views whose tables they read (``View.figures``): a new view (say, one of open
violations) adds its figures by declaring them, and every place that shows figures shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from projections import tracking
from projections.catalog import VIEWS
from projections.db import ViewDb
from projections.errors import DuplicateFigure, UnknownLevel
from projections.figure import COUNTY_CODE, LEVELS, Figure, FigureValue, Scope
from projections.formats import INSTANT_FORMAT

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
AS_OF_VIEW = "household_state"


@dataclass(frozen=True)
class AreaFigures:
    """Every figure of one area, taken on one as-of date."""

    level: str
    code: str
    as_of: date
    figures: tuple[FigureValue, ...]

    def values(self) -> dict[str, int]:
        """``{key: value}`` in display order."""
        return {f.key: f.value for f in self.figures}


def registered_figures(level: str | None = None) -> tuple[Figure, ...]:
    """Every view's figures in catalogue order (only those an area of ``level`` has)."""
    found = [figure for view in VIEWS.values() for figure in view.figures]
    keys = [figure.key for figure in found]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise DuplicateFigure(twice)
    return tuple(f for f in found if level is None or level in f.levels)


def area_figures(db: ViewDb, level: str = "county", code: str = COUNTY_CODE,
                 as_of: date | None = None) -> AreaFigures:
    """The figures of the county (``*``), a township or a village, as of a date.

    ``as_of`` defaults to :func:`as_of_date`: the day of the last event the views applied.
    """
    if level not in LEVELS:
        raise UnknownLevel(level, LEVELS)
    scope = Scope(level, code, as_of or as_of_date(db))
    values = tuple(FigureValue.of(f, f.compute(db, scope)) for f in registered_figures(level))
    return AreaFigures(level, code, scope.as_of, values)


def as_of_date(db: ViewDb) -> date:
    """The day (Asia/Shanghai) of the last recorded event the views have applied; today's date
    when they have applied none."""
    live = tracking.current(db, AS_OF_VIEW, tracking.LIVE)
    if live is None or live.last_recorded_at is None:
        return datetime.now(SHANGHAI).date()
    moment = datetime.strptime(live.last_recorded_at, INSTANT_FORMAT).replace(tzinfo=UTC)
    return moment.astimezone(SHANGHAI).date()
