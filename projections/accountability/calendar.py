"""Duty windows on the Asia/Shanghai calendar: labels, first and last days, and due instants.

A window is a run of whole calendar days in Asia/Shanghai; it is judged closed at the start of
the day after ``last day + grace days`` (Asia/Shanghai), as a UTC instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, order=True)
class Window:
    """One window of a cadence: ``2024-W03``, ``2024-01``, ``2024-Q1``, ``2024-H1``, ``2024``."""

    start: date
    end: date
    label: str

    def contains(self, day: date) -> bool:
        """Whether the day falls inside the window."""
        return self.start <= day <= self.end


def local_day(moment: date | datetime) -> date:
    """The Asia/Shanghai calendar day of an instant (a date is itself)."""
    if isinstance(moment, datetime):
        return moment.astimezone(SHANGHAI).date()
    return moment


@lru_cache(maxsize=65536)
def due_at(last_day: date, grace_days: int) -> datetime:
    """The instant a window closes: midnight in Asia/Shanghai after last day + grace, in UTC."""
    closing = last_day + timedelta(days=grace_days + 1)
    return datetime.combine(closing, time.min, tzinfo=SHANGHAI).astimezone(UTC)


@lru_cache(maxsize=65536)
def window_of(cadence: str, day: date) -> Window:
    """The window of a cadence that contains the day."""
    if cadence == "weekly":
        start = day - timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return Window(start, start + timedelta(days=6), f"{year}-W{week:02d}")
    months = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[cadence]
    first = (day.month - 1) // months * months + 1
    start = date(day.year, first, 1)
    end = _month_after(start, months) - timedelta(days=1)
    return Window(start, end, _label(cadence, start))


def windows_between(cadence: str, first: date, last: date) -> list[Window]:
    """Every window of a cadence that overlaps [first, last]."""
    found: list[Window] = []
    day = first
    while day <= last:
        window = window_of(cadence, day)
        found.append(window)
        day = window.end + timedelta(days=1)
    return found


def _month_after(start: date, months: int) -> date:
    index = start.month - 1 + months
    return date(start.year + index // 12, index % 12 + 1, 1)


def _label(cadence: str, start: date) -> str:
    if cadence == "monthly":
        return f"{start.year}-{start.month:02d}"
    if cadence == "quarterly":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if cadence == "half_yearly":
        return f"{start.year}-H{(start.month - 1) // 6 + 1}"
    return f"{start.year}"


def shown(moment: datetime) -> str:
    """An instant as people read it here: Asia/Shanghai with its offset, to the minute."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M+08:00")


def label_start(label: str) -> date:
    """The first day of the window a period label names (``date.min`` if it names none)."""
    try:
        year, _, rest = label.partition("-")
        if not rest:
            return date(int(year), 1, 1)
        if rest.startswith("W"):
            return date.fromisocalendar(int(year), int(rest[1:]), 1)
        if rest.startswith("Q"):
            return date(int(year), 3 * int(rest[1:]) - 2, 1)
        if rest.startswith("H"):
            return date(int(year), 6 * int(rest[1:]) - 5, 1)
        return date(int(year), int(rest), 1)
    except ValueError:
        return date.min
