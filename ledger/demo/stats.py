"""The demo county's rhythms in numbers, from the stored events (the eventsourcing read path):
visit hour and weekday, recording lag, monitoring starts and returns, gaps in 五个一 records.

``scripts/demo_stats.py`` prints them as the tables of docs/demo.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from ledger.application.app import Ledger
from ledger.demo.simtime import CST
from ledger.domain.household import Household

LAGS = ("same_day", "next_days", "catch_up_evening", "late")
CATCH_UP_FROM = 19  # a later day's entry made from 19:00 on is a catch-up evening


@dataclass(frozen=True)
class Turn:
    """A monitoring start or a return: when, which household, why, and its income per person
    in the year it is judged against (as the ledger knew it that day)."""

    day: date
    household: str
    reason: str
    income_year: int
    per_capita_fen: int


@dataclass
class DemoStats:
    """Counts over the whole log."""

    hours: Counter[int] = field(default_factory=Counter)
    weekdays: Counter[int] = field(default_factory=Counter)
    lags: Counter[str] = field(default_factory=Counter)
    monitoring: list[Turn] = field(default_factory=list)
    returns: list[Turn] = field(default_factory=list)
    diary_weeks: tuple[int, int] = (0, 0)
    income_months: tuple[int, int] = (0, 0)

    @property
    def visits(self) -> int:
        """Visits in person."""
        return sum(self.hours.values())


def collect(ledger: Ledger, year: int) -> DemoStats:
    """Read every event once and count (``year``: the year of the income and diary gaps)."""
    stats, codes = DemoStats(), dict[UUID, str]()
    visited: set[tuple[str, int]] = set()
    wrote: set[tuple[str, int]] = set()
    lines: dict[UUID, set[int]] = defaultdict(set)
    monthly: dict[UUID, set[str]] = defaultdict(set)
    turns: list[tuple[str, Any]] = []
    for event in _events(ledger):
        if isinstance(event, Household.Registered):
            codes[event.originator_id] = event.code
        elif isinstance(event, Household.Visited):
            _count_visit(stats, event)
            visited.add((event.cadre_code, _week(event.occurred_at.astimezone(CST).date())))
        elif isinstance(event, Household.DiaryEntryRecorded):
            wrote.add((event.cadre_code, _week(event.occurred_on)))
        elif isinstance(event, Household.IncomeRecorded) and event.period.startswith(str(year)):
            lines[event.originator_id].add(event.recorded_at.astimezone(CST).month)
            monthly[event.originator_id].add(event.period)
        elif isinstance(event, Household.MonitoringStarted | Household.ReturnedToPoverty):
            turns.append((type(event).__name__, event))
    stats.diary_weeks = (len(visited - wrote), len(visited))
    stats.income_months = _income_gaps(lines, monthly)
    for kind, event in turns:
        home: Household = ledger.repository.get(event.originator_id,
                                                version=event.originator_version)
        year = _income_year(home, event.occurred_on)
        turn = Turn(event.occurred_on, codes.get(event.originator_id, "?"), event.reason, year,
                    home.per_capita_income(year))
        (stats.monitoring if kind == "MonitoringStarted" else stats.returns).append(turn)
    return stats


def lag_kind(occurred: datetime, recorded: datetime, *, is_late: bool) -> str:
    """Same day, next days, a later day's catch-up evening, or late (beyond the window)."""
    if is_late:
        return "late"
    happened, entered = occurred.astimezone(CST), recorded.astimezone(CST)
    if entered.date() == happened.date():
        return "same_day"
    return "catch_up_evening" if entered.hour >= CATCH_UP_FROM else "next_days"


def _income_year(home: Household, day: date) -> int:
    """This year from October, else the last full year when the household has income in it."""
    if day.month < 10 and home.income_total(day.year - 1):
        return day.year - 1
    return day.year


def _count_visit(stats: DemoStats, event: Any) -> None:
    local = event.occurred_at.astimezone(CST)
    stats.hours[local.hour] += 1
    stats.weekdays[local.weekday()] += 1
    stats.lags[lag_kind(event.occurred_at, event.recorded_at, is_late=event.is_late)] += 1


def _income_gaps(lines: dict[UUID, set[int]], monthly: dict[UUID, set[str]]) -> tuple[int, int]:
    """Household-months (February to December) with no income line entered, among households
    whose ledger is kept monthly (a line for every month: 低保金 or 特困供养金)."""
    kept = [home for home, periods in monthly.items() if sum("-" in p for p in periods) >= 12]
    return sum(1 for home in kept for month in range(2, 13) if month not in lines[home]), \
        11 * len(kept)


def _week(day: date) -> int:
    return (day.toordinal() - 1) // 7  # weeks from Monday to Sunday


def _events(ledger: Ledger) -> Iterable[Any]:
    start = 1
    while notifications := ledger.recorder.select_notifications(start=start, limit=1_000):
        yield from (ledger.mapper.to_domain_event(n) for n in notifications)
        start = notifications[-1].id + 1
