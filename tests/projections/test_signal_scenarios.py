"""Scenario tests of the signals the demo does not inject: identical indicator sheets across a
village, visits always at one minute of the hour, many records made in one night sitting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ledger.domain.values import Indicators, Member
from ledger.storage.config import DatabaseConfig
from projections.signals.detect import SignalFilter, detect
from tests.projections.conftest import Views, open_ledger, small_county, start_clock

SHEET = Indicators(True, True, True, True, False, True)


def _raised(store: DatabaseConfig, kind: str) -> list[object]:
    views = Views(store)
    views.project()
    found = detect(views.db, SignalFilter(kind=kind, raised_only=True))
    views.close()
    return list(found)


def test_one_sheet_for_five_households_on_one_day_is_raised(sqlite_store: DatabaseConfig) -> None:
    """Five households of 金华村 re-assessed on one day with one identical sheet."""
    clock = start_clock()
    ledger = open_ledger(sqlite_store, clock)
    small_county(ledger)
    for n in range(3, 6):
        ledger.register_household(f"H00{n}", "V01", f"户主{n}", [
            Member(1, f"户主{n}", "户主", f"22062319600101{n:04d}", "男", 1960)],
            "general", "illness", date(2024, 1, 2))
    clock.advance(timedelta(days=1))
    for n in range(1, 6):
        ledger.assess_indicators(f"H00{n}", SHEET, date(2024, 1, 10))
    (signal,) = _raised(sqlite_store, "identical_sheets")
    assert signal.subject_code == "V01"  # type: ignore[attr-defined]
    assert len(signal.evidence) == 5  # type: ignore[attr-defined]


def test_visits_always_at_one_minute_are_raised(sqlite_store: DatabaseConfig) -> None:
    """Twelve weekly visits, each at :17 past the hour."""
    clock = start_clock()
    ledger = open_ledger(sqlite_store, clock)
    small_county(ledger)
    for week in range(12):
        clock.advance(timedelta(days=7))
        ledger.record_visit("H001", "C01", clock.now() - timedelta(hours=3 + week % 3,
                                                                   minutes=clock.now().minute - 17),
                            "in_person", "走访")
    (signal,) = _raised(sqlite_store, "same_minute_visits")
    assert signal.subject_code == "C01"  # type: ignore[attr-defined]
    assert signal.measure == 1.0  # type: ignore[attr-defined]


def test_a_night_sitting_of_records_is_raised(sqlite_store: DatabaseConfig) -> None:
    """Six visits of the past week recorded between 23:05 and 23:30, Beijing time."""
    clock = start_clock()
    ledger = open_ledger(sqlite_store, clock)
    small_county(ledger)
    clock.advance(datetime(2024, 1, 20, 15, 5, tzinfo=UTC) - clock.now())
    for day in range(6):
        ledger.record_visit("H001", "C01", datetime(2024, 1, 14 + day, 2, tzinfo=UTC),
                            "in_person", "走访")
        clock.advance(timedelta(minutes=5))
    (signal,) = _raised(sqlite_store, "night_recording")
    assert signal.measure == 6  # type: ignore[attr-defined]
    assert "+0800" in signal.evidence[0].note  # type: ignore[attr-defined]
