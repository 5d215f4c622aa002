"""The demo county reads like real work: visits in working hours over the whole week, each
household at varying times, most entered the same day and some on a catch-up evening, monitoring
and returns after modelled shocks on their own days with their own reasons, occasional gaps; and a
clean county has no anomaly at all."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import cache
from typing import Any

from ledger.application.app import Ledger
from ledger.demo.generator import DemoConfig, DemoReport, demo_clock, generate_demo
from ledger.demo.shocks import RETURN_BELOW
from ledger.demo.simtime import CST
from ledger.demo.stats import DemoStats, collect
from ledger.domain.household import Household

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
LINE_FEN = 4_000 * 100


def generate(config: DemoConfig) -> tuple[Ledger, DemoReport]:
    ledger = Ledger(env=MEMORY, clock=demo_clock(config))
    return ledger, generate_demo(ledger, config)


@cache
def county() -> tuple[Ledger, DemoStats, tuple[Any, ...]]:
    """A 60-household county (seed 2), its statistics and its events, generated once."""
    ledger, _ = generate(DemoConfig(households=60, seed=2))
    last = ledger.recorder.max_notification_id() or 0
    events = tuple(ledger.mapper.to_domain_event(n)
                   for n in ledger.recorder.select_notifications(1, last + 1))
    return ledger, collect(ledger, 2018), events


def visits() -> list[Any]:
    return [e for e in county()[2] if isinstance(e, Household.Visited)]


def test_visits_fall_in_working_hours_with_some_evenings() -> None:
    """No hour holds more than 30 % of visits; most fall in 08:00-17:59, a few in the evening."""
    stats = county()[1]
    assert max(stats.hours.values()) <= 0.3 * stats.visits
    working = sum(n for hour, n in stats.hours.items() if 8 <= hour <= 17)
    assert working >= 0.9 * stats.visits
    assert 0 < sum(n for hour, n in stats.hours.items() if hour >= 18) < 0.1 * stats.visits


def test_visits_spread_over_the_week_with_some_weekends() -> None:
    """Visits on at least five weekdays; weekends happen but are the exception."""
    stats = county()[1]
    assert sum(1 for n in stats.weekdays.values() if n) >= 5
    weekend = stats.weekdays[5] + stats.weekdays[6]
    assert 0 < weekend < 0.15 * stats.visits


def test_each_household_is_visited_at_varying_times_and_days() -> None:
    """No household has half its visits in one 15-minute slot of the day, and each cadre goes
    out on at least three different weekdays over the year."""
    slots: dict[str, Counter[tuple[int, int]]] = defaultdict(Counter)
    days: dict[str, set[int]] = defaultdict(set)
    for visit in visits():
        local = visit.occurred_at.astimezone(CST)
        slots[str(visit.originator_id)][local.hour, local.minute // 15] += 1
        days[visit.cadre_code].add(local.weekday())
    for counter in slots.values():
        assert max(counter.values()) < 0.5 * sum(counter.values())
    busy = [d for d in days.values() if len(d) > 0]
    assert all(len(d) >= 3 for d in busy)


def test_most_visits_are_entered_the_same_day_and_some_on_a_catch_up_evening() -> None:
    """Same day for most; the catch-up evening and the late 补记 both occur; late is flagged."""
    stats = county()[1]
    assert stats.lags["same_day"] >= 0.75 * stats.visits
    assert stats.lags["catch_up_evening"] > 0
    assert 0 < stats.lags["late"] < 0.15 * stats.visits
    for visit in visits():
        lag = visit.recorded_at - visit.occurred_at
        assert visit.is_late == (lag > timedelta(days=3))


def test_monitoring_and_returns_follow_shocks_on_their_own_days() -> None:
    """At least three monitoring dates; every reason is different and names a member of the
    household; a return comes after that household's monitoring, near the line."""
    stats = county()[1]
    assert len({t.day for t in stats.monitoring}) >= 3
    assert stats.returns
    reasons = [t.reason for t in stats.monitoring + stats.returns]
    assert len(set(reasons)) == len(reasons)
    names = {e.code: {m.name for m in e.members} for e in county()[2]
             if isinstance(e, Household.Registered)}
    for turn in stats.monitoring + stats.returns:
        assert any(name in turn.reason for name in names[turn.household]), turn
    started = {t.household: t.day for t in stats.monitoring}
    for turn in stats.returns:
        assert started[turn.household] < turn.day
        assert turn.per_capita_fen < RETURN_BELOW * LINE_FEN
        assert "低于" in turn.reason


def test_records_have_occasional_gaps() -> None:
    """Some cadre-weeks have visits but no diary entry, yet few."""
    gaps, weeks = county()[1].diary_weeks
    assert 0 < gaps < 0.15 * weeks
    missing, months = county()[1].income_months
    assert months > 0
    assert missing < 0.1 * months


def test_a_clean_county_has_no_anomaly() -> None:
    """--clean: nothing injected, nothing late, every household visited every week."""
    config = DemoConfig(households=12, seed=7, clean=True)
    ledger, report = generate(config)
    assert set(report.anomalies.values()) == {0}
    last = ledger.recorder.max_notification_id() or 0
    events = [ledger.mapper.to_domain_event(n)
              for n in ledger.recorder.select_notifications(1, last + 1)]
    assert not [e for e in events if getattr(e, "is_late", False)
                and isinstance(e, Household.Visited | Household.DiaryEntryRecorded)]
    weeks = {(e.originator_id, _week(e.occurred_at.astimezone(CST).date()))
             for e in events if isinstance(e, Household.Visited)}
    homes = {e.originator_id for e in events if isinstance(e, Household.Registered)}
    last_week = _week(config.end - timedelta(days=1))
    assert all((home, week) in weeks for home in homes for week in range(1, last_week + 1))


def _week(day: date) -> int:
    return (day - date(2018, 1, 1)).days // 7

