"""Shocks (风险冲击) that hit exited households: illness, injury, disaster, job loss. Each falls on
its own day, stops the income it takes away and costs what it costs; the village then puts the
household under monitoring (防返贫监测) and, when the income left is below the line, it returns
to poverty (返贫), each with a reason written from the household's own facts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ledger.demo.money import YUAN, random_yuan
from ledger.demo.people import age
from ledger.demo.shock_texts import describe, monitoring_reason, return_reason
from ledger.demo.simtime import moment
from ledger.demo.world import HouseholdSim, Shock, World
from ledger.domain.values import IncomeSource, Member

POVERTY_LINE_FEN = 4_000 * YUAN
AFTER_EXIT_SHARE = 0.35
YEARLY_SHARE = 0.12
MONITOR_BELOW = 1.5  # 监测范围: expected income under 1.5 times the line
RETURN_BELOW = 1.7  # a return needs the year's recorded income close to the line as well
WELL_OFF = 2.0  # a household earning twice the line absorbs a shock without monitoring
STOPS: dict[str, tuple[IncomeSource, int]] = {  # what a shock stops, for how many days
    "illness": (IncomeSource.WAGE, 365), "injury": (IncomeSource.WAGE, 240),
    "job_loss": (IncomeSource.WAGE, 180), "disaster": (IncomeSource.BUSINESS, 365),
}
KIND_WEIGHTS = {"illness": 4.0, "injury": 2.0, "job_loss": 2.5, "disaster": 1.5}


def after_exit(world: World, hh: HouseholdSim, approved: date) -> None:
    """Now and then a household is hit in the weeks after its exit is approved."""
    rng = world.rng
    if rng.random() < AFTER_EXIT_SHARE:
        strike(world, hh, approved + timedelta(days=rng.randint(4, 30)))


def plan_year(world: World, year: int) -> None:
    """In a later year, an exited household is hit on any day of the year, now and then."""
    for hh in world.households.values():
        if hh.status == "exited" and world.rng.random() < YEARLY_SHARE:
            strike(world, hh, date(year, 1, 10) + timedelta(days=world.rng.randint(0, 340)))


def strike(world: World, hh: HouseholdSim, day: date) -> None:
    """Model one shock on ``day``: its kind, who it hits, what it costs; then schedule the
    village's response (monitoring a few days later, a return after the review)."""
    rng = world.rng
    if day + timedelta(days=4) >= world.end:
        return
    workers = [m for m in hh.members if m.can_work and 18 <= age(m, day.year) < 65]
    kinds = [k for k in KIND_WEIGHTS if workers or k in ("illness", "disaster")]
    kind = rng.choices(kinds, [KIND_WEIGHTS[k] for k in kinds])[0]
    if kind == "disaster":
        member = hh.members[0]  # the household is hit: the head speaks for it
    else:
        member = rng.choice(workers) if workers else _frailest(hh, day.year)
    shock = Shock(kind, day, member.name, _cost(rng, kind), describe(rng, kind, day.month))
    hh.shocks.append(shock)
    reported = day + timedelta(days=rng.randint(2, 16))
    world.at(moment(reported, 9, rng.randint(0, 480)), lambda: _monitor(world, hh, shock))


def stops(hh: HouseholdSim, source: IncomeSource, day: date) -> bool:
    """Whether a shock has taken away this line of income (the wage of a sick worker ...)."""
    for shock in hh.shocks:
        stopped, days = STOPS[shock.kind]
        if source is stopped and shock.day <= day < shock.day + timedelta(days=days):
            return True
    return False


def _monitor(world: World, hh: HouseholdSim, shock: Shock) -> None:
    rng = world.rng
    expected, income = _expected_fen(hh, shock), hh.per_capita_fen(base_year(hh, shock.day))
    if hh.status != "exited" or expected >= MONITOR_BELOW * POVERTY_LINE_FEN \
            or income >= WELL_OFF * POVERTY_LINE_FEN:
        return
    resident = rng.choice(world.village_of(hh.code).residents)
    reason = monitoring_reason(rng, shock, _who(hh, shock.member), expected, POVERTY_LINE_FEN)
    day = world.clock.now().date()
    world.ledger.start_monitoring(hh.code, day, "脱贫不稳定户", reason,
                                  actor=world.actor(resident))
    hh.status = "monitored"
    world.notable.setdefault("monitored", hh.code)
    if expected < POVERTY_LINE_FEN:
        review = day + timedelta(days=rng.randint(7, 21))
        world.at(moment(review, 10, rng.randint(0, 360)), lambda: _return(world, hh, shock))


def _return(world: World, hh: HouseholdSim, shock: Shock) -> None:
    year = base_year(hh, shock.day)
    expected, income = _expected_fen(hh, shock), hh.per_capita_fen(year)
    if hh.status != "monitored" or expected >= POVERTY_LINE_FEN \
            or income >= RETURN_BELOW * POVERTY_LINE_FEN:
        return
    reason = return_reason(world.rng, shock, _who(hh, shock.member), (year, income),
                           _taken_fen(hh, shock), expected, POVERTY_LINE_FEN)
    world.ledger.return_to_poverty(hh.code, world.clock.now().date(), reason,
                                   actor=world.actor(hh.cadre))
    hh.status = "returned"
    world.notable.setdefault("returned", hh.code)


def base_year(hh: HouseholdSim, day: date) -> int:
    """The year whose income a shock is judged against: this year from October (its income is
    mostly in), else the last full year when there is one."""
    if day.month < 10 and day.year - 1 in hh.income_fen:
        return day.year - 1
    return day.year


def _expected_fen(hh: HouseholdSim, shock: Shock) -> int:
    """Per-capita income of the coming twelve months: this year's, less what the shock takes."""
    year, people = base_year(hh, shock.day), max(1, len(hh.members))
    return (hh.income_fen.get(year, 0) - _taken_fen(hh, shock)) // people


def _taken_fen(hh: HouseholdSim, shock: Shock) -> int:
    """What the shock takes from the household: the income it stops (the hit worker's share of
    the year's wages, or the year's business income) and what it costs (刚性支出)."""
    source, days = STOPS[shock.kind]
    lost = hh.earned.get((base_year(hh, shock.day), source), 0) * days // 365
    if shock.kind != "disaster":
        lost //= sum(1 for m in hh.members if m.can_work) or 1
    return lost + shock.cost_fen


def _cost(rng: random.Random, kind: str) -> int:
    # out of pocket after basic medical insurance, serious-illness insurance and medical aid
    low, high = {"illness": (2_000, 9_000), "injury": (1_500, 7_000),
                 "disaster": (1_500, 8_000), "job_loss": (0, 0)}[kind]
    return random_yuan(rng, low, high) if high else 0


def _frailest(hh: HouseholdSim, year: int) -> Member:
    return max(hh.members, key=lambda m: (not m.can_work, age(m, year)))


def _who(hh: HouseholdSim, name: str) -> str:
    member = next((m for m in hh.members if m.name == name), None)
    if member is None or member.relation == "户主":
        return f"户主{name}"
    if member.relation == "配偶":
        return f"户主{hh.head}的{'妻子' if member.sex == '女' else '丈夫'}{name}"
    return f"户主{member.relation}{name}"
