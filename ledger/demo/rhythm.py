"""How a household cadre works (工作节奏): a usual village day, a route through the households,
working hours with some evenings and weekends, and the habit of recording on the spot or on a
weekly catch-up evening (补记).

Pure decisions on a ``random.Random``; ``household_work`` turns them into scheduled records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ledger.demo.simtime import moment

WEEKDAY_WEIGHTS = (5.0, 6.0, 6.0, 6.0, 4.5, 1.3, 0.7)  # Monday .. Sunday
CATCH_UP_DAYS = (4, 5, 6, 6)  # Friday, Saturday or Sunday evening
LUNCH = (11 * 60 + 50, 13 * 60 + 30)  # minutes of the day: no visits over lunch


@dataclass
class Rhythm:
    """A cadre's habits, drawn once: usual day, start of day, route order, recording habit."""

    usual_day: int
    catch_up_day: int
    catch_up_share: float
    evening_share: float
    split_share: float
    stops: dict[str, float] = field(default_factory=dict)

    def route(self, rng: random.Random, households: list[str]) -> list[str]:
        """The households in the cadre's usual walking order (a new one joins at its place)."""
        for code in households:
            self.stops.setdefault(code, rng.random())
        return sorted(households, key=lambda code: self.stops[code])


def draw_rhythm(rng: random.Random) -> Rhythm:
    """A cadre's habits: most record on the spot, about one in seven keeps a catch-up evening."""
    weekly = rng.random() < 0.15
    return Rhythm(
        usual_day=rng.choices(range(7), WEEKDAY_WEIGHTS)[0],
        catch_up_day=rng.choice(CATCH_UP_DAYS),
        catch_up_share=rng.uniform(0.3, 0.5) if weekly else rng.uniform(0.0, 0.03),
        evening_share=rng.uniform(0.04, 0.14),
        split_share=rng.uniform(0.15, 0.45),
    )


def trip_days(rng: random.Random, rhythm: Rhythm, days: list[date], trips: int) -> list[date]:
    """The days of the week's trips to the village: the usual day more often than not."""
    chosen: list[date] = []
    usual = [d for d in days if d.weekday() == rhythm.usual_day]
    if usual and rng.random() < 0.55:
        chosen.append(usual[0])
    while len(chosen) < min(trips, len(days)):
        left = [d for d in days if d not in chosen]
        chosen.append(rng.choices(left, [WEEKDAY_WEIGHTS[d.weekday()] for d in left])[0])
    return sorted(chosen)


def trip_start(rng: random.Random, rhythm: Rhythm, day: date, stops: int) -> datetime:
    """When the cadre reaches the village: morning, afternoon or (now and then, for a short
    round) evening, so that a round ends before the evening is over."""
    roll = rng.random()
    if roll < rhythm.evening_share and stops <= 2:
        return moment(day, 18, rng.randint(0, 80))
    if roll < 0.62 or stops > 3:
        return moment(day, 8, 20 + rng.randint(0, 100))
    return moment(day, 13, 30 + rng.randint(0, 110))


def walk(rng: random.Random, start: datetime, stops: int) -> list[datetime]:
    """The times of successive visits from ``start``: 25-60 minutes each, a short walk between,
    and the next stop after lunch when the morning runs into it."""
    times, current = [], start
    for _ in range(stops):
        minute = current.hour * 60 + current.minute
        if LUNCH[0] <= minute < LUNCH[1]:
            current = moment(current.date(), 13, 30 + rng.randint(0, 20))
        times.append(current)
        current += timedelta(minutes=rng.randint(25, 60) + rng.randint(4, 18))
    return times


def recording_time(rng: random.Random, rhythm: Rhythm, occurred: datetime,
                   week_days: list[date]) -> tuple[datetime, str]:
    """When a visit is entered, and how: on the spot, that evening, the next morning at the
    office, or on the catch-up evening."""
    catch_up = [d for d in week_days if d.weekday() == rhythm.catch_up_day and d > occurred.date()]
    roll = rng.random()
    if catch_up and roll < rhythm.catch_up_share:
        return moment(catch_up[0], 19, 30 + rng.randint(0, 110)), "catch_up"
    if roll < rhythm.catch_up_share + 0.25:
        evening = moment(occurred.date(), 20, rng.randint(0, 130))
        return max(evening, occurred + timedelta(minutes=90)), "evening"
    following = [d for d in week_days if d > occurred.date()]
    if following and roll > 0.95:
        return moment(following[0], 8, 30 + rng.randint(0, 120)), "next_morning"
    return occurred + timedelta(minutes=rng.randint(30, 95)), "same_day"
