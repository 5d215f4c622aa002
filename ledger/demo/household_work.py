"""A household cadre's week (包户): one visit in person to each household, phone calls, diary.

Anomalies planned in ``AnomalyPlan`` change the week: skipped, recorded late, diary text pasted,
a burst of visits, a distant household 'visited' within the same hour.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from ledger.demo import anomalies as kinds
from ledger.demo.diary import PHONE_NOTES, copied_text, diary_text, lightly_edited, visit_notes
from ledger.demo.simtime import moment
from ledger.demo.world import CadreSim, World
from ledger.domain.envelope import business_instant
from ledger.domain.household import Household


def plan_week(world: World, week: int) -> None:
    """Schedule every household cadre's contacts of one simulated week."""
    bursts = world.anomalies.bursts.get(week, [])
    bursting = {code for code, _ in bursts}
    for cadre in world.household_cadres():
        if (cadre.code, week) in world.anomalies.skips:
            world.log.add(kinds.MISSED_WEEKS, len(cadre.households))
        elif cadre.code not in bursting:
            _cadre_week(world, cadre, week)
    for cadre_code, days in bursts:
        _burst(world, world.cadres[cadre_code], days)


def schedule_visit(
    world: World, household: str, cadre: str, occurred: datetime, record_at: datetime, *,
    mode: str = "in_person", late_reason: str | None = None, notes: str | None = None,
) -> None:
    """Record a visit (or phone contact) at ``record_at``."""
    hh = world.households[household]
    text = notes or visit_notes(world.rng, hh, occurred.date())
    world.at(record_at, partial(world.ledger.record_visit, household, cadre, occurred, mode,
                                text, actor=world.actor(cadre, late_reason)))
    if mode == "in_person":
        hh.visit_days.append(occurred.date())


def _cadre_week(world: World, cadre: CadreSim, week: int) -> None:
    rng, plan = world.rng, world.anomalies
    start = world.week_start(week)
    day = start + timedelta(days=rng.randint(0, min(5, (world.end - start).days - 1)))
    delay = timedelta(days=rng.randint(5, 15)) if rng.random() < plan.late.get(cadre.code, 0) \
        else timedelta(0)
    if (day + delay + timedelta(days=1)) >= world.end:
        delay = timedelta(0)
    reason = rng.choice(kinds.LATE_REASONS) if delay else None
    pasted = copied_text(rng) if (cadre.code, week) in plan.copies else None
    times = _visit_times(world, cadre, week, day)
    for index, household in enumerate(cadre.households):
        occurred = times[household]
        record_at = moment(occurred.date(), 20, 3 * index) + delay
        schedule_visit(world, household, cadre.code, occurred, record_at, late_reason=reason)
        _count_late(world, Household.Visited.late_after, occurred, record_at)
        if pasted or rng.random() < 0.55:
            text = (lightly_edited(rng, pasted) if pasted and index % 2 else pasted) or \
                diary_text(rng, world.households[household], occurred.date())
            _diary(world, household, cadre.code, occurred.date(), text,
                   record_at + timedelta(minutes=1), reason)
            if pasted:
                world.log.add(kinds.COPIED_DIARY)
        if rng.random() < 0.3:
            _phone(world, household, cadre.code, start, day, index)


def _visit_times(world: World, cadre: CadreSim, week: int, day: date) -> dict[str, datetime]:
    """One trip to the village; the far household of the 'double' cadre gets its own trip,
    except in the weeks it is 'visited' within minutes of a household dozens of km away."""
    rng = world.rng
    times = {code: moment(day, 8, 30 + 70 * i + rng.randint(0, 15))
             for i, code in enumerate(cadre.households)}
    double = world.anomalies.double
    if double is not None and double[0] == cadre.code:
        far = double[2]
        if week in world.anomalies.double_weeks:
            last_near = max(t for code, t in times.items() if code != far)
            times[far] = last_near + timedelta(minutes=rng.randint(5, 20))
            world.log.add(kinds.SAME_HOUR)
        else:
            other = day + timedelta(days=1) if day.weekday() < 5 else day - timedelta(days=1)
            if not world.week_start(week) <= other < world.end:
                other = day
            times[far] = moment(other, 16, rng.randint(0, 50))
    return times


def _diary(world: World, household: str, cadre: str, day: date, text: str,
           record_at: datetime, reason: str | None) -> None:
    world.at(record_at, partial(world.ledger.record_diary, household, cadre, day, text,
                                actor=world.actor(cadre, reason)))
    _count_late(world, Household.DiaryEntryRecorded.late_after, day, record_at)


def _phone(world: World, household: str, cadre: str, start: date, visit_day: date,
           index: int) -> None:
    days = [start + timedelta(days=d) for d in range(7)]
    day = world.rng.choice([d for d in days if d != visit_day and d < world.end] or [visit_day])
    occurred = moment(day, 19, 5 * index + world.rng.randint(0, 4))
    schedule_visit(world, household, cadre, occurred, occurred + timedelta(minutes=10),
                   mode="phone", notes=world.rng.choice(PHONE_NOTES))


def _burst(world: World, cadre: CadreSim, days: list[date]) -> None:
    for day in days:
        for index, household in enumerate(cadre.households):
            occurred = moment(day, 9, 40 * index)
            schedule_visit(world, household, cadre.code, occurred, moment(day, 20, index))
            world.log.add(kinds.BURST_VISITS)


def _count_late(world: World, window: timedelta | None, occurred: date | datetime,
                record_at: datetime) -> None:
    if window is not None and record_at - business_instant(occurred) > window \
            and record_at.date() < world.end:
        world.log.add(kinds.LATE_RECORDS)
