"""Simulated time of the demo: China Standard Time instants on calendar days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

CST = timezone(timedelta(hours=8))


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    """An instant on a calendar day, China Standard Time (minutes may run past the hour)."""
    return datetime.combine(day, time(hour), tzinfo=CST) + timedelta(minutes=minute)
