"""The demo simulation: a synthetic Changbai county, week by week, through the ledger's use cases.

Deterministic for a seed: one ``random.Random(seed)``, a simulated clock moved forward only, and
actions run in recording-time order, so the same seed stores byte-identical events.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.demo import anomalies, exits, income, monitoring, programmes, shocks, supervision
from ledger.demo.build import populate
from ledger.demo.changes import plan_changes
from ledger.demo.community import plan_community
from ledger.demo.handovers import hand_over, plan_handovers
from ledger.demo.household_work import plan_week
from ledger.demo.inspections import plan_rounds, round_schedule
from ledger.demo.responses import plan_responses
from ledger.demo.setup import schedule_setup
from ledger.demo.simtime import moment
from ledger.demo.supermarket import plan_points
from ledger.demo.world import Scheduler, World
from ledger.errors import ConfigurationError, RuleViolation

ProgressCallback = Callable[[int, int, date], None]


@dataclass(frozen=True)
class DemoConfig:
    """How big and how long the demo county is, and its seed."""

    households: int = 200
    years: int = 1
    seed: int = 2016
    start_year: int = 2018
    clean: bool = False

    @property
    def with_anomalies(self) -> bool:
        """Formalism anomalies are injected unless the county is clean."""
        return not self.clean

    @property
    def start(self) -> date:
        """The first simulated day (1 January)."""
        return date(self.start_year, 1, 1)

    @property
    def end(self) -> date:
        """The day after the last simulated day."""
        return date(self.start_year + self.years, 1, 1)


@dataclass(frozen=True)
class DemoReport:
    """What the generator did: anomalies injected and households worth a look."""

    config: DemoConfig
    weeks: int
    anomalies: dict[str, int]
    highlights: dict[str, str] = field(default_factory=dict)


class StoreNotEmpty(RuleViolation):
    """The demo writes only into an empty store."""


def demo_clock(config: DemoConfig) -> SimulatedClock:
    """The simulated clock the demo ledger must be built with."""
    return SimulatedClock(moment(config.start, 7))


def generate_demo(ledger: Ledger, config: DemoConfig,
                  progress: ProgressCallback | None = None) -> DemoReport:
    """Generate the demo county into an empty ledger built on ``demo_clock(config)``."""
    clock = ledger.clock
    if not isinstance(clock, SimulatedClock):
        raise ConfigurationError("the demo needs a ledger built on a SimulatedClock")
    if ledger.recorder.max_notification_id():
        raise StoreNotEmpty("the store already has events; the demo writes only into an empty "
                            "store")
    if config.households < 1 or config.years < 1:
        raise ConfigurationError("the demo needs at least one household and one year")
    if clock.now() > moment(config.start, 8):
        raise ConfigurationError(f"the demo clock must start by {config.start}: use demo_clock()")
    rng = random.Random(config.seed)  # noqa: S311 -- a reproducible simulation, not secrets
    world = World(ledger, rng, clock, Scheduler(clock), config.start, config.end)
    world.anomalies.enabled = not config.clean
    populate(world, config.households)
    world.with_anomalies = config.with_anomalies
    if config.with_anomalies:
        anomalies.choose_double(world)
    schedule_setup(world)
    weeks = -(-(config.end - config.start).days // 7)
    with ledger.batch():
        _run(world, weeks, progress)
    return DemoReport(config, weeks, world.log.as_dict(), _highlights(world))


def _run(world: World, weeks: int, progress: ProgressCallback | None) -> None:
    handovers: dict[int, list[str]] = {}
    for week in range(weeks):
        year = _year_opening(world, week)
        if year is not None:
            handovers |= _open_year(world, year)
        if week in handovers:
            hand_over(world, week, handovers[week])
        if week:
            plan_week(world, week)
        until = min(moment(world.week_start(week + 1), 0), moment(world.end, 0))
        world.scheduler.run_until(until)
        world.ledger.flush()
        if progress is not None:
            progress(week + 1, weeks, world.week_start(week))


def _year_opening(world: World, week: int) -> int | None:
    """The year whose planning day (2 January) falls in this week, if any."""
    start, stop = world.week_start(week), world.week_start(week + 1)
    for year in (start.year, start.year + 1):
        if start <= date(year, 1, 2) < min(stop, world.end):
            return year
    return None


def _open_year(world: World, year: int) -> dict[int, list[str]]:
    """Plan a year: money and measures, exits, income, supervision, inspections, anomalies."""
    programmes.plan_year(world, year)
    shocks.plan_year(world, year)
    candidates = exits.choose_candidates(world, year)
    income.plan_income(world, year)
    exits.plan_exits(world, year, candidates)
    monitoring.plan_monitoring_end(world, year)
    rounds = round_schedule(world, year)
    anomalies.plan_year(world, year, rounds)
    plan_responses(world, year)
    supervision.plan_supervision(world, year)
    plan_rounds(world, rounds)
    plan_changes(world, year)
    plan_points(world, year)
    plan_community(world, year)
    return plan_handovers(world, year)


def _highlights(world: World) -> dict[str, str]:
    """Households and cadres whose history shows the demo's features."""
    found = dict(world.notable)
    exited = [hh.code for hh in world.households.values() if hh.status != "registered"]
    if exited:
        found["exited"] = exited[0]
    burst = next(iter(world.anomalies.burst_cadres.values()), None)
    if burst and world.cadres[burst].households:
        found["burst"] = world.cadres[burst].households[0]
    if world.anomalies.double:
        found["same_hour"] = world.anomalies.double[2]
    return found
