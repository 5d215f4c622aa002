"""Formalism signals (形式主义/留痕主义) found in the stored contacts and diary entries alone:
missed weeks, late records, copied diary text, visit bursts, two distant places in one hour."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import pairwise

from ledger.demo.county import distance_km

BURST_WINDOW = timedelta(hours=72)
BURST_SIZE = 3
SAME_HOUR = timedelta(minutes=60)
FAR_KM = 15.0


@dataclass(frozen=True)
class Contact:
    """A visit or phone contact as the log holds it (after corrections)."""

    household: str
    village: str
    cadre: str
    occurred_at: datetime
    in_person: bool
    is_late: bool

    def moved_to(self, occurred_at: datetime) -> Contact:
        """The contact with a corrected time."""
        return replace(self, occurred_at=occurred_at)


@dataclass(frozen=True)
class DiaryEntry:
    """A diary entry as the log holds it."""

    household: str
    text: str
    is_late: bool


def detect_signals(contacts: list[Contact], diary: list[DiaryEntry],
                   households: dict[str, date], villages: dict[str, tuple[float, float]],
                   origin: date, as_of: date) -> dict[str, int]:
    """Count each signal; ``origin`` starts the weekly grid, ``as_of`` ends it."""
    visits = [c for c in contacts if c.in_person]
    return {
        "missed_weeks": missed_weeks(visits, households, origin, as_of),
        "late_records": sum(c.is_late for c in contacts) + sum(d.is_late for d in diary),
        "copied_diary": copied_entries(diary),
        "burst_visits": burst_visits(visits),
        "same_hour_visits": same_hour_pairs(visits, villages),
    }


def missed_weeks(visits: list[Contact], households: dict[str, date], origin: date,
                 as_of: date) -> int:
    """Household-weeks, after the week of registration, without any visit in person."""
    seen = {(v.household, (v.occurred_at.date() - origin).days // 7) for v in visits}
    last = (as_of - origin).days // 7
    return sum(1 for code, registered in households.items()
               for week in range((registered - origin).days // 7 + 1, last + 1)
               if (code, week) not in seen)


def copied_entries(diary: list[DiaryEntry]) -> int:
    """Diary entries whose exact text also appears in another household's diary."""
    homes: dict[str, set[str]] = defaultdict(set)
    for entry in diary:
        homes[entry.text].add(entry.household)
    return sum(1 for entry in diary if len(homes[entry.text]) > 1)


def burst_visits(visits: list[Contact]) -> int:
    """Visits in a cluster of three or more to one household by one cadre within 72 hours."""
    series: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for visit in visits:
        series[visit.cadre, visit.household].append(visit.occurred_at)
    marked = 0
    for times in series.values():
        times.sort()
        flagged: set[int] = set()
        for first in range(len(times) - BURST_SIZE + 1):
            last = first + BURST_SIZE - 1
            if times[last] - times[first] <= BURST_WINDOW:
                flagged.update(range(first, last + 1))
        marked += len(flagged)
    return marked


def same_hour_pairs(visits: list[Contact], villages: dict[str, tuple[float, float]]) -> int:
    """Consecutive visits by one cadre within an hour at villages more than 15 km apart."""
    by_cadre: dict[str, list[Contact]] = defaultdict(list)
    for visit in visits:
        by_cadre[visit.cadre].append(visit)
    pairs = 0
    for series in by_cadre.values():
        series.sort(key=lambda v: v.occurred_at)
        for a, b in pairwise(series):
            if b.occurred_at - a.occurred_at <= SAME_HOUR and _far(a, b, villages):
                pairs += 1
    return pairs


def _far(a: Contact, b: Contact, villages: dict[str, tuple[float, float]]) -> bool:
    if a.village == b.village or a.village not in villages or b.village not in villages:
        return False
    return distance_km(villages[a.village], villages[b.village]) > FAR_KM
