"""资金与措施: the year's funds (allocated in January), disbursements to projects and households
(each records the household's measure), in-kind measures, and one overspend the guard refuses."""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import partial

from ledger.application.core import Actor
from ledger.demo import anomalies as kinds
from ledger.demo.county import PAIRED_DISTRICTS
from ledger.demo.money import YUAN, random_yuan, round_up
from ledger.demo.people import age
from ledger.demo.projects import Payment, fix_indicators, plan_projects
from ledger.demo.simtime import moment
from ledger.demo.world import HouseholdSim, World
from ledger.domain.values import HouseholdCategory, PovertyCause, Programme
from ledger.errors import RuleViolation

FINANCE = Actor("county-finance-bureau", role="department")
CIVIL_AFFAIRS = Actor("county-civil-affairs-bureau", role="department")
HEALTH_BUREAU = Actor("county-health-bureau", role="department")
LABOUR_BUREAU = Actor("county-labour-bureau", role="department")
FUNDS: dict[str, tuple[str, str, Programme | None, float]] = {
    "PV": ("光伏扶贫电站建设资金", "中央财政专项扶贫资金", Programme.SOLAR, 1.0),
    "IND": ("产业扶贫资金", "省级财政专项扶贫资金", Programme.INDUSTRY, 1.1),
    "HOUSING": ("农村危房改造补助资金", "县级统筹整合涉农资金", Programme.HOUSING, 1.0),
    "EDU": ("教育扶贫资金（雨露计划、助学补助）", "中央和省级教育资金", Programme.EDUCATION, 1.2),
    "HEALTH": ("健康扶贫医疗救助资金", "县医疗救助基金", Programme.HEALTH, 1.15),
    "CREDIT": ("扶贫小额信贷资金", "县信用联社（风险补偿金撬动）", Programme.MICROCREDIT, 1.25),
    "PAIR": ("吉林市对口协作帮扶资金", "", None, 1.1),
}


def plan_year(world: World, year: int) -> None:
    """Plan and schedule the year's money and measures."""
    helped = [hh for hh in world.households.values() if hh.status != "exited"]
    payments = plan_projects(world, year) if year == world.start.year else []
    payments += _household_payments(world, helped, year)
    if helped and not any(p.programme is Programme.HOUSING for p in payments):
        payments.append(Payment(date(year, 5, 8), f"F{year}-HOUSING", Programme.HOUSING,
                                random_yuan(world.rng, 8_000, 12_000),
                                "农村危房改造（C级危房加固）", world.rng.choice(helped).code))
    _allocate(world, year, payments)
    _pay(world, payments)
    _in_kind(world, helped, year)
    _overspend(world, helped, year)


def workday(rng: random.Random, first: date, last: date) -> date:
    """A random weekday between two dates (inclusive)."""
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    return day - timedelta(days=max(0, day.weekday() - 4))


def _household_payments(world: World, helped: list[HouseholdSim], year: int) -> list[Payment]:
    rng, payments = world.rng, []
    for hh in helped:
        if not hh.indicators.safe_housing:
            payments.append(Payment(workday(rng, date(year, 4, 2), date(year, 8, 28)),
                                    f"F{year}-HOUSING", Programme.HOUSING,
                                    random_yuan(rng, 20_000, 35_000), "农村危房改造补助",
                                    hh.code, fixes=("safe_housing",)))
        students = sum(1 for m in hh.members if 6 <= age(m, year) <= 22)
        if students:
            for month, term in ((3, "春季"), (9, "秋季")):
                payments.append(Payment(
                    workday(rng, date(year, month, 10), date(year, month, 25)), f"F{year}-EDU",
                    Programme.EDUCATION, students * random_yuan(rng, 1_000, 1_500),
                    f"雨露计划、助学补助（{term}学期）", hh.code,
                    fixes=("compulsory_education",) if month == 3 else ()))
        if hh.cause is PovertyCause.ILLNESS:
            payments.append(Payment(workday(rng, date(year, 5, 4), date(year, 11, 20)),
                                    f"F{year}-HEALTH", Programme.HEALTH,
                                    random_yuan(rng, 800, 5_000), "大病医疗救助（二次报销）",
                                    hh.code, fixes=("basic_medical",)))
        if any(m.can_work for m in hh.members) and rng.random() < 0.15:
            payments.append(Payment(workday(rng, date(year, 4, 10), date(year, 4, 28)),
                                    f"F{year}-CREDIT", Programme.MICROCREDIT,
                                    rng.choice((30_000, 50_000)) * YUAN,
                                    "扶贫小额信贷（免抵押、免担保、财政贴息）", hh.code))
    return payments


def _allocate(world: World, year: int, payments: list[Payment]) -> None:
    totals: dict[str, int] = {}
    for payment in payments:
        totals[payment.fund] = totals.get(payment.fund, 0) + payment.amount_fen
    day = date(year, 1, 2)
    for key, (name, source, programme, margin) in FUNDS.items():
        code = f"F{year}-{key}"
        amount = round_up(int(totals.get(code, 0) * margin)) if margin > 1 else totals.get(code, 0)
        if amount:
            world.at(moment(day, 10, len(key)), partial(
                world.ledger.allocate_fund, code, f"{year}年{name}",
                source or world.rng.choice(PAIRED_DISTRICTS), amount, day, programme,
                actor=FINANCE))


def _pay(world: World, payments: list[Payment]) -> None:
    numbers: dict[str, int] = {}
    for index, p in enumerate(sorted(payments, key=lambda p: (p.day, p.fund))):
        numbers[p.fund] = numbers.get(p.fund, 0) + 1
        code = f"{p.fund}-{numbers[p.fund]:04d}"
        world.at(moment(p.day, 10, 1 + index % 400), partial(
            world.ledger.disburse, p.fund, code, p.amount_fen, p.programme, p.day, p.purpose,
            world.county_leaders[-1], project=p.project, household=p.household, actor=FINANCE))
        if p.household:
            fix_indicators(world, world.households[p.household], p.day + timedelta(days=30),
                           p.fixes)


def _in_kind(world: World, helped: list[HouseholdSim], year: int) -> None:
    rng = world.rng
    for hh in helped:
        if hh.category is not HouseholdCategory.GENERAL:
            rate = 5_040 if hh.category is HouseholdCategory.TEKUN_WUBAO else 3_720
            _measure(world, hh, workday(rng, date(year, 1, 15), date(year, 1, 19)),
                     Programme.MINIMUM_LIVING_ALLOWANCE, rate * len(hh.members) * YUAN,
                     f"纳入农村低保/特困供养，{rate}元/人·年，按月发放", CIVIL_AFFAIRS)
        if not (hh.indicators.food and hh.indicators.clothing):
            fix_indicators(world, hh, workday(rng, date(year, 2, 5), date(year, 2, 16)),
                           ("food", "clothing"))
        if hh.cause is PovertyCause.ILLNESS:
            day = workday(rng, date(year, 2, 19), date(year, 4, 27))
            _measure(world, hh, day, Programme.HEALTH, 0, "巡回医疗救治队入户诊治，发放诊疗证",
                     HEALTH_BUREAU)
            fix_indicators(world, hh, day + timedelta(days=7), ("basic_medical",))
        if hh.cause is PovertyCause.LACK_SKILLS and any(m.can_work for m in hh.members):
            _measure(world, hh, workday(rng, date(year, 5, 7), date(year, 5, 25)),
                     Programme.EMPLOYMENT, 0, "食用菌栽培技术培训", LABOUR_BUREAU)
        if world.village_of(hh.code).name == "二十道沟村" and len(hh.members) == 1:
            _measure(world, hh, workday(rng, date(year, 4, 16), date(year, 4, 27)),
                     Programme.ELDERLY_CARE, 0, "二十道沟村互助养老院：助餐、代购、照料",
                     CIVIL_AFFAIRS)


def _measure(world: World, hh: HouseholdSim, day: date, programme: Programme, amount_fen: int,
             description: str, actor: Actor) -> None:
    world.at(moment(day, 15, world.rng.randint(0, 100)), partial(
        world.ledger.deliver_measure, hh.code, programme, day, description, amount_fen,
        actor=actor))


def _overspend(world: World, helped: list[HouseholdSim], year: int) -> None:
    """A flood-damaged house after the housing fund is spent: refused, topped up, then paid."""
    if not helped:
        return
    hh, fund = world.rng.choice(helped), f"F{year}-HOUSING"
    amount, day = random_yuan(world.rng, 26_000, 32_000), date(year, 9, 6)
    purpose = "汛期暴雨致房屋受损，危房改造补助"

    def attempt() -> None:
        try:
            world.ledger.disburse(fund, f"{fund}-X001", amount, Programme.HOUSING, day, purpose,
                                  world.county_leaders[-1], household=hh.code, actor=FINANCE)
        except RuleViolation:
            world.log.add(kinds.REFUSED_OVERSPEND)

    if world.anomalies.enabled:
        world.at(moment(day, 11), attempt)
    top_up = day + timedelta(days=3)
    world.at(moment(top_up, 10), partial(world.ledger.increase_fund, fund, amount, top_up,
                                         "县财政追加危房改造资金（汛期受灾户）", actor=FINANCE))
    world.at(moment(top_up, 11), partial(world.ledger.disburse, fund, f"{fund}-X002", amount,
                                         Programme.HOUSING, top_up, purpose,
                                         world.county_leaders[-1], household=hh.code,
                                         actor=FINANCE))


