"""增收项目 and works: a solar station and an industry base per township, water works where
needed, 二十道沟村's mutual-aid care home; every household joins at least one income project."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial

from ledger.demo.money import YUAN
from ledger.demo.simtime import moment
from ledger.demo.world import OFFICE, HouseholdSim, TownshipSim, World
from ledger.domain.values import Programme

INDUSTRIES = {
    "fungi": ("黑木耳种植基地", "黑木耳销售收入", 9),
    "berries": ("蓝莓种植园", "蓝莓采摘销售收入", 8),
    "greenhouse": ("温室大棚蔬菜基地", "大棚蔬菜销售收入", 7),
}
CARE_HOME_VILLAGE = "二十道沟村"


@dataclass(frozen=True)
class Payment:
    """A disbursement the generator plans: from which fund, to whom, for what."""

    day: date
    fund: str
    programme: Programme
    amount_fen: int
    purpose: str
    household: str | None = None
    project: str | None = None
    fixes: tuple[str, ...] = ()


def plan_projects(world: World, fund_year: int) -> list[Payment]:
    """Register the projects (first year), schedule joins and works; return their funding."""
    payments: list[Payment] = []
    for index, township in enumerate(world.townships.values()):
        product = ("fungi", "berries", "greenhouse")[index % 3]
        payments += _township_projects(world, township, product, fund_year)
    payments += _care_home(world, fund_year)
    return payments


def fix_indicators(world: World, hh: HouseholdSim, day: date, fields: tuple[str, ...]) -> None:
    """Schedule a re-assessment that records these indicators as now assured."""
    if not fields:
        return
    assessor = world.village_of(hh.code).residents[0]

    def assess() -> None:
        hh.indicators = replace(hh.indicators, **dict.fromkeys(fields, True))
        world.ledger.assess_indicators(hh.code, hh.indicators, day,
                                       actor=world.actor(assessor))

    world.at(moment(day, 16, world.rng.randint(0, 90)), assess)


def _township_projects(world: World, township: TownshipSim, product: str,
                       year: int) -> list[Payment]:
    members = [hh for hh in world.households.values() if hh.township == township.code]
    codes = {"pv": f"P-{township.code}-PV", "industry": f"P-{township.code}-IND",
             "product": product}
    world.projects[township.code] = codes
    in_industry = [hh for hh in members if world.rng.random() < 0.55]
    pv_budget = max(1, len(members)) * 8_000 * YUAN
    ind_budget = max(50_000, 6_000 * len(in_industry)) * YUAN
    start = world.start + timedelta(days=2)
    _register(world, start, codes["pv"], f"{township.name}光伏扶贫电站", "solar", township.code,
              None, pv_budget)
    _register(world, start, codes["industry"], f"{township.name}{INDUSTRIES[product][0]}",
              "industry", township.code, township.villages[0], ind_budget)
    for offset, hh in enumerate(members):
        _join(world, hh, codes["pv"], start + timedelta(days=12 + offset % 10))
    for offset, hh in enumerate(in_industry):
        _join(world, hh, codes["industry"], start + timedelta(days=33 + offset % 10))
    _water_works(world, township, members, start)
    return [
        Payment(date(year, 2, 20), f"F{year}-PV", Programme.SOLAR, pv_budget,
                "光伏扶贫电站建设", project=codes["pv"]),
        Payment(date(year, 3, 20), f"F{year}-IND", Programme.INDUSTRY, ind_budget * 4 // 5,
                f"{INDUSTRIES[product][0]}建设", project=codes["industry"]),
        Payment(date(year, 5, 15), f"F{year}-PAIR", Programme.INDUSTRY, ind_budget // 5,
                "对口协作产业帮扶", project=codes["industry"]),
    ]


def _water_works(world: World, township: TownshipSim, members: list[HouseholdSim],
                 start: date) -> None:
    dry = [hh for hh in members if not hh.indicators.safe_drinking_water]
    if not dry:
        return
    code = f"P-{township.code}-WATER"
    _register(world, start, code, f"{township.name}农村饮水安全巩固提升工程", "infrastructure",
              township.code, dry[0].village, 150_000 * YUAN)
    done = date(start.year, 6, 28)
    world.at(moment(done, 17), partial(world.ledger.complete_project, code, done,
                                       "自来水入户，水质检测合格", actor=OFFICE))
    for offset, hh in enumerate(dry):
        fix_indicators(world, hh, done + timedelta(days=4 + offset % 4), ("safe_drinking_water",))


def _care_home(world: World, year: int) -> list[Payment]:
    village = next((v for v in world.villages.values() if v.name == CARE_HOME_VILLAGE), None)
    if village is None:
        return []
    code = f"P-{village.code}-CARE"
    budget = 400_000 * YUAN
    _register(world, world.start + timedelta(days=2), code, f"{village.name}互助养老院",
              "elderly_care", village.township, village.code, budget)
    return [Payment(date(year, 4, 10), f"F{year}-PAIR", Programme.ELDERLY_CARE, budget,
                    "互助养老院建设（对口协作）", project=code)]


def _register(world: World, day: date, code: str, name: str, kind: str, township: str,
              village: str | None, budget_fen: int) -> None:
    world.at(moment(day, 7, world.rng.randint(0, 50)), partial(
        world.ledger.register_project, code, name, kind, township, budget_fen, day, village,
        actor=OFFICE))


def _join(world: World, hh: HouseholdSim, project: str, day: date) -> None:
    hh.projects.append(project)
    world.at(moment(day, 15, world.rng.randint(0, 120)), lambda: world.ledger.join_project(
        hh.code, project, day, actor=world.actor(hh.cadre)))
