"""A household cadre's week (包户): one visit in person to each household on one or two rounds
in route order, phone calls, diary entries (most weeks), each entered on the spot, that evening or
on the cadre's weekly catch-up evening (补记, flagged late beyond the window) -- see ``rhythm``.

Anomalies planned in ``AnomalyPlan`` change the week: skipped, recorded late, diary text pasted,
a burst of visits, a distant household 'visited' within the same hour.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from ledger.demo import anomalies as kinds
from ledger.demo.diary import PHONE_NOTES, copied_text, diary_text, lightly_edited, visit_notes
from ledger.demo.rhythm import Rhythm, recording_time, trip_days, trip_start, walk
from ledger.demo.simtime import moment
from ledger.demo.world import CadreSim, World
from ledger.domain.envelope import business_instant
from ledger.domain.household import Household

DIARY_SHARE = 0.85
DIARY_GAP = 0.05  # now and then a week without any diary entry (日记断档)
VISIT_WINDOW = Household.Visited.late_after or timedelta(days=3)
CATCH_UP_REASONS = ("入户时记在笔记本上，周末统一补录", "村里信号不好，回单位后补录", None,
                    "当周工作忙，集中补录")


def plan_week(world: World, week: int) -> None:
    """Schedule every household cadre's contacts of one simulated week."""
    bursts = world.anomalies.bursts.get(week, [])
    bursting = {code for code, _ in bursts}
    for cadre in world.household_cadres():
        if (cadre.code, week) in world.anomalies.skips:
            # an exited household owes no weekly visit (the regulation's post-exit period is 0)
            owed = [h for h in cadre.households if world.households[h].status != "exited"]
            world.log.add(kinds.MISSED_WEEKS, len(owed))
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
    days = _week_days(world, week)
    rhythm = world.rhythm(cadre.code)
    delay = timedelta(days=rng.randint(5, 15)) if rng.random() < plan.late.get(cadre.code, 0) \
        else timedelta(0)
    if (days[-1] + delay + timedelta(days=1)) >= world.end:
        delay = timedelta(0)
    reason = rng.choice(kinds.LATE_REASONS) if delay else None
    pasted = copied_text(rng) if (cadre.code, week) in plan.copies else None
    writes_diary = pasted is not None or rng.random() >= DIARY_GAP
    times = _visit_times(world, cadre, week, days)
    for index, household in enumerate(sorted(times, key=times.__getitem__)):
        occurred = times[household]
        record_at, late_reason = _recorded(world, rhythm, occurred, days)
        if delay:
            record_at, late_reason = record_at + delay, reason
        schedule_visit(world, household, cadre.code, occurred, record_at, late_reason=late_reason)
        _count_late(world, Household.Visited.late_after, occurred, record_at)
        if writes_diary and (pasted or rng.random() < DIARY_SHARE):
            text = (lightly_edited(rng, pasted) if pasted and index % 2 else pasted) or \
                diary_text(rng, world.households[household], occurred.date())
            _diary(world, household, cadre.code, occurred.date(), text,
                   record_at + timedelta(minutes=rng.randint(2, 12)), late_reason)
            if pasted:
                world.log.add(kinds.COPIED_DIARY)
        if rng.random() < 0.3:
            _phone(world, household, cadre.code, days, occurred.date(), index)


def _week_days(world: World, week: int) -> list[date]:
    start = world.week_start(week)
    return [start + timedelta(days=d) for d in range(7) if start + timedelta(days=d) < world.end]


def _recorded(world: World, rhythm: Rhythm, occurred: datetime,
              days: list[date]) -> tuple[datetime, str | None]:
    """When a visit is entered; a catch-up beyond the window is a 补记 (not in a clean county)."""
    rng = world.rng
    record_at, how = recording_time(rng, rhythm, occurred, days)
    if how != "catch_up" or record_at - occurred <= VISIT_WINDOW:
        return record_at, None
    if not world.anomalies.enabled:
        return moment(occurred.date(), 20, rng.randint(0, 120)), None
    return record_at, rng.choice(CATCH_UP_REASONS)


def _visit_times(world: World, cadre: CadreSim, week: int, days: list[date]) -> dict[str, datetime]:
    """The week's rounds in route order on one or two days; the far household of the 'double'
    cadre gets its own trip, except in the weeks it is 'visited' within minutes of a household
    dozens of km away."""
    rng, double = world.rng, world.anomalies.double
    rhythm = world.rhythm(cadre.code)
    far = double[2] if double is not None and double[0] == cadre.code else None
    route = [code for code in rhythm.route(rng, cadre.households) if code != far]
    trips = 2 if len(route) >= 2 and rng.random() < rhythm.split_share else 1
    chosen = trip_days(rng, rhythm, days, trips)
    cut = rng.randint(1, len(route) - 1) if len(chosen) == 2 else len(route)
    times: dict[str, datetime] = {}
    for day, stops in zip(chosen, (route[:cut], route[cut:]), strict=False):
        times |= dict(zip(stops, walk(rng, trip_start(rng, rhythm, day, len(stops)),
                                      len(stops)), strict=True))
    if far is not None:
        times[far] = _far_time(world, rhythm, week, days, times)
    return times


def _far_time(world: World, rhythm: Rhythm, week: int, days: list[date],
              times: dict[str, datetime]) -> datetime:
    rng = world.rng
    last_near = max(times.values())
    if week in world.anomalies.double_weeks:
        world.log.add(kinds.SAME_HOUR)
        return last_near + timedelta(minutes=rng.randint(5, 20))
    used = {t.date() for t in times.values()}
    free = [d for d in days if d not in used]
    if not free:  # before the day's round: every round starts at 08:20 or later
        return moment(last_near.date(), 7, rng.randint(0, 15))
    return trip_start(rng, rhythm, rng.choice(free), 1)


def _diary(world: World, household: str, cadre: str, day: date, text: str,
           record_at: datetime, reason: str | None) -> None:
    world.at(record_at, partial(world.ledger.record_diary, household, cadre, day, text,
                                actor=world.actor(cadre, reason)))
    _count_late(world, Household.DiaryEntryRecorded.late_after, day, record_at)


def _phone(world: World, household: str, cadre: str, days: list[date], visit_day: date,
           index: int) -> None:
    """A call on another day: in office hours, or in the evening when people are home."""
    rng = world.rng
    day = rng.choice([d for d in days if d != visit_day] or [visit_day])
    if rng.random() < 0.6:
        occurred = moment(day, 9, rng.randint(0, 500))
    else:
        occurred = moment(day, 18, 30 + 4 * index + rng.randint(0, 140))
    schedule_visit(world, household, cadre, occurred, occurred + timedelta(minutes=rng.randint(
        3, 25)), mode="phone", notes=rng.choice(PHONE_NOTES))


def _burst(world: World, cadre: CadreSim, days: list[date]) -> None:
    rng = world.rng
    for day in days:
        times = walk(rng, moment(day, 8, 30 + rng.randint(0, 40)), len(cadre.households))
        for occurred, household in zip(times, cadre.households, strict=True):
            schedule_visit(world, household, cadre.code, occurred,
                           occurred + timedelta(minutes=rng.randint(20, 60)))
            world.log.add(kinds.BURST_VISITS)


def _count_late(world: World, window: timedelta | None, occurred: date | datetime,
                record_at: datetime) -> None:
    if window is not None and record_at - business_instant(occurred) > window \
            and record_at.date() < world.end:
        world.log.add(kinds.LATE_RECORDS)
