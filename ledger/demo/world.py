"""The generator's own picture of the demo county, and the scheduler that drives the clock.

The world holds what the generator *intends* (who is assigned where, which household exits);
the ledger learns it only through use cases, run in recording-time order by the ``Scheduler``.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.application.core import Actor
from ledger.demo.anomalies import AnomalyLog, AnomalyPlan
from ledger.demo.rhythm import Rhythm, draw_rhythm
from ledger.domain.values import (
    HouseholdCategory,
    IncomeSource,
    Indicators,
    Member,
    PovertyCause,
    Role,
)

OFFICE = Actor("county-poverty-office", role="office")
Action = Callable[[], object]


class Scheduler:
    """Actions ordered by the time they are recorded; the simulated clock follows them."""

    def __init__(self, clock: SimulatedClock) -> None:
        self._clock = clock
        self._queue: list[tuple[datetime, int, Action]] = []
        self._sequence = 0

    def at(self, when: datetime, action: Action) -> None:
        """Record ``action`` at ``when`` (ties keep the order they were scheduled in)."""
        heapq.heappush(self._queue, (when, self._sequence, action))
        self._sequence += 1

    def run_until(self, until: datetime) -> int:
        """Run every action due before ``until``; returns how many ran."""
        ran = 0
        while self._queue and self._queue[0][0] < until:
            when, _, action = heapq.heappop(self._queue)
            self._clock.set(when)
            action()
            ran += 1
        return ran


@dataclass
class TownshipSim:
    """A township and its 包保 township lead."""

    code: str
    name: str
    lat: float
    lon: float
    lead: str = ""
    villages: list[str] = field(default_factory=list)


@dataclass
class VillageSim:
    """A village, its 包村 leader and resident work team."""

    code: str
    name: str
    township: str
    lat: float
    lon: float
    leader: str = ""
    residents: list[str] = field(default_factory=list)
    households: list[str] = field(default_factory=list)


@dataclass
class CadreSim:
    """A cadre as the generator knows them."""

    code: str
    name: str
    role: Role
    unit: str
    households: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shock:
    """A modelled shock (风险冲击): its kind, day, the member hit, what it costs, what happened."""

    kind: str
    day: date
    member: str
    cost_fen: int
    event: str


@dataclass
class HouseholdSim:
    """A registered household as the generator knows it."""

    code: str
    village: str
    township: str
    head: str
    members: list[Member]
    category: HouseholdCategory
    cause: PovertyCause
    indicators: Indicators
    cadre: str = ""
    status: str = "registered"
    exit_year: int | None = None
    points: int = 0
    projects: list[str] = field(default_factory=list)
    income_fen: dict[int, int] = field(default_factory=dict)
    visit_days: list[date] = field(default_factory=list)
    earned: dict[tuple[int, IncomeSource], int] = field(default_factory=dict)
    shocks: list[Shock] = field(default_factory=list)

    def per_capita_fen(self, year: int) -> int:
        """Recorded income of the year per member, as the ledger computes it."""
        return self.income_fen.get(year, 0) // max(1, len(self.members))


@dataclass
class World:
    """Everything the generator knows while it runs."""

    ledger: Ledger
    rng: random.Random
    clock: SimulatedClock
    scheduler: Scheduler
    start: date
    end: date
    townships: dict[str, TownshipSim] = field(default_factory=dict)
    villages: dict[str, VillageSim] = field(default_factory=dict)
    households: dict[str, HouseholdSim] = field(default_factory=dict)
    cadres: dict[str, CadreSim] = field(default_factory=dict)
    county_leaders: list[str] = field(default_factory=list)
    inspectors: list[str] = field(default_factory=list)
    projects: dict[str, dict[str, str]] = field(default_factory=dict)
    anomalies: AnomalyPlan = field(default_factory=AnomalyPlan)
    with_anomalies: bool = True
    log: AnomalyLog = field(default_factory=AnomalyLog)
    notable: dict[str, str] = field(default_factory=dict)
    rhythms: dict[str, Rhythm] = field(default_factory=dict)

    def rhythm(self, cadre: str) -> Rhythm:
        """A cadre's working habits, drawn the first time they are needed."""
        if cadre not in self.rhythms:
            self.rhythms[cadre] = draw_rhythm(self.rng)
        return self.rhythms[cadre]

    def at(self, when: datetime, action: Action) -> None:
        """Schedule an action, unless it falls after the simulated period."""
        if when.date() < self.end:
            self.scheduler.at(when, action)

    def actor(self, code: str, late_reason: str | None = None) -> Actor:
        """The cadre as the actor of a command (role given: no lookup needed)."""
        return Actor(code, role=str(self.cadres[code].role), late_reason=late_reason)

    def household_cadres(self) -> list[CadreSim]:
        """Household cadres with households, in code order."""
        return [c for c in self.cadres.values()
                if c.role is Role.HOUSEHOLD_CADRE and c.households]

    def village_of(self, household: str) -> VillageSim:
        """The village of a household."""
        return self.villages[self.households[household].village]

    def week_start(self, week: int) -> date:
        """The first day of simulated week ``week`` (weeks count from 1 January)."""
        return self.start + timedelta(days=7 * week)

    def week_of(self, day: date) -> int:
        """The simulated week a day falls in."""
        return (day - self.start).days // 7

    def next_code(self, prefix: str) -> str:
        """A fresh code with this prefix (C-HC-051 ...)."""
        taken = sum(1 for code in self.cadres if code.startswith(prefix))
        return f"{prefix}{taken + 1:03d}"
