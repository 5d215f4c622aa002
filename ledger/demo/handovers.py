"""帮扶责任人变更: now and then a household cadre is transferred; a new cadre from the same
department takes over every household from a Monday, and the old one leaves the campaign."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from ledger.demo.build import appoint
from ledger.demo.simtime import moment
from ledger.demo.world import OFFICE, World
from ledger.domain.values import Role


def plan_handovers(world: World, year: int) -> dict[int, list[str]]:
    """Which cadres hand over in which week of the year (one to three, mid-year)."""
    involved = world.anomalies.involved()
    cadres = [c.code for c in world.household_cadres() if c.code not in involved]
    if not cadres:
        return {}
    leaving = world.rng.sample(cadres, min(len(cadres), world.rng.randint(1, 3)))
    plan: dict[int, list[str]] = {}
    for code in leaving:
        week = world.week_of(date(year, world.rng.randint(4, 9), 15))
        plan.setdefault(week, []).append(code)
    return plan


def hand_over(world: World, week: int, leaving: list[str]) -> None:
    """Schedule the handovers of a week, Monday morning, and update the world at once."""
    day = world.week_start(week)
    for index, code in enumerate(leaving):
        old = world.cadres[code]
        new = appoint(world, Role.HOUSEHOLD_CADRE, old.unit)
        start = moment(day, 7, 10 * index)
        phone = f"138{world.rng.randrange(10**8):08d}"
        world.at(start, partial(world.ledger.appoint_cadre, new.code, new.name, new.role,
                                new.unit, phone, day, actor=OFFICE))
        for offset, household in enumerate(old.households, start=1):
            world.at(start + timedelta(minutes=offset), partial(
                world.ledger.assign_cadre, new.code, day, household=household, actor=OFFICE))
            world.households[household].cadre = new.code
        world.at(start + timedelta(minutes=9), partial(
            world.ledger.dismiss_cadre, code, day, "工作调动，帮扶责任已移交", actor=OFFICE))
        new.households, old.households = old.households, []
