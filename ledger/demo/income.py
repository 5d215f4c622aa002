"""收入明细账: each household's itemised income lines for a year (transfers, wages, business,
property), recorded early in the following month by the household cadre."""

from __future__ import annotations

import random
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from ledger.demo.money import YUAN, random_yuan, round_up
from ledger.demo.people import age
from ledger.demo.projects import INDUSTRIES
from ledger.demo.shocks import stops
from ledger.demo.simtime import moment
from ledger.demo.world import HouseholdSim, World
from ledger.domain.values import HouseholdCategory, IncomeSource

DIBAO_MONTHLY = 310  # 3,720 yuan per person per year
TEKUN_MONTHLY = 420
PENSION_MONTHLY = 103
POVERTY_LINE = 4_000
EXIT_MARGIN = 1.08


@dataclass(frozen=True)
class Line:
    """One planned income line."""

    day: date
    source: IncomeSource
    amount_fen: int
    period: str
    item: str


GAP_SHARE = 0.1  # households whose cadre misses one month's recording (a gap in 明细账)


def plan_income(world: World, year: int) -> None:
    """Schedule every household's income lines of the year; now and then one month's lines
    wait for the next month's recording, leaving a month with nothing entered."""
    for hh in world.households.values():
        gap = world.rng.randint(2, 10) if world.rng.random() < GAP_SHARE else None
        for line in income_lines(world, hh, year):
            schedule_line(world, hh, line, late=line.day.month == gap)


def schedule_line(world: World, hh: HouseholdSim, line: Line, *, late: bool = False) -> None:
    """Record a line a few days into the next month (December's before the year closes), or
    with the month after when that month's recording was missed."""
    if line.day.month == 12:
        recorded = date(line.day.year, 12, world.rng.randint(27, 30))
    else:
        month_end = _month_end(line.day)
        if late:
            month_end = _month_end(month_end + timedelta(days=1))
        recorded = month_end + timedelta(days=world.rng.randint(2, 8))

    def record() -> None:
        if stops(hh, line.source, line.day):
            return
        world.ledger.record_income(hh.code, line.source, line.amount_fen, line.period, line.day,
                                   line.item, actor=world.actor(hh.cadre))
        year = int(line.period[:4])
        hh.income_fen[year] = hh.income_fen.get(year, 0) + line.amount_fen
        hh.earned[year, line.source] = hh.earned.get((year, line.source), 0) + line.amount_fen

    world.at(moment(recorded, 10, world.rng.randint(0, 360)), record)


def income_lines(world: World, hh: HouseholdSim, year: int) -> list[Line]:
    """What the household earns in a year, line by line."""
    rng = world.rng
    lines = _transfers(rng, hh, year) + _wages(rng, hh, year) + _business(world, hh, year)
    if rng.random() < 0.4:
        lines.append(Line(date(year, 3, 15), IncomeSource.PROPERTY, random_yuan(rng, 300, 1_200),
                          f"{year}", "土地流转租金"))
    if hh.exit_year == year:
        lines += _top_up(rng, hh, year, lines)
    return sorted(lines, key=lambda line: line.day)


def _transfers(rng: random.Random, hh: HouseholdSim, year: int) -> list[Line]:
    lines, people = [], len(hh.members)
    if hh.category is not HouseholdCategory.GENERAL:
        tekun = hh.category is HouseholdCategory.TEKUN_WUBAO
        monthly, item = (TEKUN_MONTHLY, "特困供养金") if tekun else (DIBAO_MONTHLY, "低保金")
        lines += [Line(date(year, m, 25), IncomeSource.TRANSFER, monthly * people * YUAN,
                       f"{year}-{m:02d}", item) for m in range(1, 13)]
    elders = sum(1 for m in hh.members if age(m, year) >= 60)
    if elders:
        lines += [Line(date(year, m, 20), IncomeSource.TRANSFER,
                       3 * PENSION_MONTHLY * elders * YUAN, f"{year}-{m:02d}", "城乡居民基础养老金")
                  for m in (3, 6, 9, 12)]
    if any(code.endswith("-PV") for code in hh.projects):
        lines += [Line(date(year, m, d), IncomeSource.TRANSFER, random_yuan(rng, 600, 900),
                       f"{year}", "光伏扶贫电站收益分红") for m, d in ((6, 30), (12, 20))]
    return lines


def _wages(rng: random.Random, hh: HouseholdSim, year: int) -> list[Line]:
    workers = [m for m in hh.members if m.can_work and 18 <= age(m, year) < 65]
    lines: list[Line] = []
    if workers and rng.random() < 0.35:
        job = rng.choice(("护林员", "保洁员", "水管员"))
        lines += [Line(date(year, m, 28), IncomeSource.WAGE, 1_500 * YUAN, f"{year}-{m:02d}",
                       f"公益岗位工资（{job}）") for m in (3, 6, 9, 12)]
    for _ in workers:
        if rng.random() < 0.5:
            lines += [Line(date(year, m, d), IncomeSource.WAGE, random_yuan(rng, 2_000, 5_000),
                           f"{year}-{m:02d}", "季节性务工收入") for m, d in ((6, 30), (10, 31))]
    return lines


def _business(world: World, hh: HouseholdSim, year: int) -> list[Line]:
    if not any(code.endswith("-IND") for code in hh.projects):
        return []
    _, item, month = INDUSTRIES[world.projects[hh.township]["product"]]
    months = (month, 10) if month == 7 else (month,)
    return [Line(_month_end(date(year, m, 1)), IncomeSource.BUSINESS,
                 random_yuan(world.rng, 1_500, 5_000), f"{year}-{m:02d}", item) for m in months]


def _top_up(rng: random.Random, hh: HouseholdSim, year: int, lines: list[Line]) -> list[Line]:
    """An exit candidate's work income, enough to be above the line by the October review."""
    people = len(hh.members)
    by_september = sum(line.amount_fen for line in lines if line.day.month <= 9)
    needed = int(POVERTY_LINE * YUAN * people * EXIT_MARGIN) - by_september
    if needed <= 0:
        return []
    amount = round_up(needed, 100 * YUAN) + random_yuan(rng, 300, 1_200) * people
    return [Line(date(year, 9, 28), IncomeSource.WAGE, amount, f"{year}-09", "外出务工工资")]


def _month_end(day: date) -> date:
    return date(day.year, day.month, monthrange(day.year, day.month)[1])

