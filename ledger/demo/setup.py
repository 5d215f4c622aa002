"""Record the county as it starts: county (a demo store says so), regulation, places, cadres,
assignments, households and their 五定 plans, all in the first simulated week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import partial

from ledger.demo.county import COUNTY_CODE, COUNTY_NAME
from ledger.demo.duties import SEED_DUTIES
from ledger.demo.people import CATEGORY_LABELS, CAUSE_LABELS
from ledger.demo.simtime import moment
from ledger.demo.world import OFFICE, HouseholdSim, World
from ledger.domain.values import HouseholdCategory, Plan, PovertyCause, Rule

REGULATION_CODE = "KHBF-2018"
REGULATION_TITLE = "《长白县脱贫攻坚工作考核办法（试行）》"
RULES = (
    Rule("R01", "包户干部每周至少入户一次", 20, "weekly_in_person_visits"),
    Rule("R02", "每户一本收入情况明细账，按月记账", 10, "monthly_income_lines"),
    Rule("R03", "扶贫包保人员每人一本扶贫日记", 10, "diary_entries"),
    Rule("R04", "包保乡镇常委每月做到四个一", 15, "monthly_four_ones"),
    Rule("R05", "每季度三了解两协调，每半年一争取", 10, "quarterly_and_half_yearly_acts"),
    Rule("R06", "包村领导督导检查包户干部入户", 10, "visits_checked"),
    Rule("R07", "巡察发现问题按期整改销号", 15, "findings_closed_on_time"),
    Rule("R08", "脱贫退出严格履行程序", 10, "exit_procedure"),
)


def ticks(start: datetime, step_seconds: int = 20) -> Iterator[datetime]:
    """Successive recording instants, ``step_seconds`` apart."""
    current = start
    while True:
        yield current
        current += timedelta(seconds=step_seconds)


def schedule_setup(world: World) -> None:
    """Schedule the registrations of the first week (1-5 January)."""
    day = world.start
    _county_and_places(world, day)
    _cadres(world, day + timedelta(days=1))
    _households(world, day + timedelta(days=2))


def _county_and_places(world: World, day: date) -> None:
    led, clock = world.ledger, ticks(moment(day, 8))
    world.at(next(clock), partial(led.register_county, COUNTY_CODE, COUNTY_NAME, day,
                                  is_demo=True, actor=OFFICE))
    world.at(next(clock), partial(led.publish_regulation, REGULATION_CODE, REGULATION_TITLE,
                                  list(RULES), day, list(SEED_DUTIES), actor=OFFICE))
    for t in world.townships.values():
        world.at(next(clock), partial(led.register_township, t.code, t.name, t.lat, t.lon, day,
                                      actor=OFFICE))
    for v in world.villages.values():
        world.at(next(clock), partial(
            led.register_village, v.code, v.township, v.name, v.lat, v.lon,
            is_designated_poor=len(v.households) >= 8, occurred_on=day, actor=OFFICE))


def _cadres(world: World, day: date) -> None:
    led, clock = world.ledger, ticks(moment(day, 8))
    for c in world.cadres.values():
        phone = f"139{world.rng.randrange(10**8):08d}"
        world.at(next(clock), partial(led.appoint_cadre, c.code, c.name, c.role, c.unit, phone,
                                      day, actor=OFFICE))
    clock = ticks(moment(day, 14))
    for t in world.townships.values():
        world.at(next(clock), partial(led.assign_cadre, t.lead, day, township=t.code,
                                      actor=OFFICE))
    for v in world.villages.values():
        for code in [v.leader, *v.residents]:
            world.at(next(clock), partial(led.assign_cadre, code, day, village=v.code,
                                          actor=OFFICE))


def _households(world: World, first_day: date) -> None:
    led = world.ledger
    plan_day = first_day + timedelta(days=2)
    for index, hh in enumerate(world.households.values()):
        day = first_day + timedelta(days=index % 2)
        when = moment(day, 8) + timedelta(minutes=index // 2 * 2)
        recorder = world.actor(world.village_of(hh.code).residents[0])
        world.at(when, partial(led.register_household, hh.code, hh.village, hh.head,
                               hh.members, hh.category, hh.cause, day, hh.indicators,
                               actor=recorder))
        world.at(when + timedelta(seconds=30), partial(led.assign_cadre, hh.cadre, day,
                                                       household=hh.code, actor=OFFICE))
        world.at(moment(plan_day, 9) + timedelta(minutes=index), partial(
            led.adopt_plan, hh.code, five_fixes(world, hh), plan_day,
            actor=world.actor(hh.cadre)))


def five_fixes(world: World, hh: HouseholdSim) -> Plan:
    """五定: target, policies, measures, responsible cadre and goal for one household."""
    policies = ["光伏扶贫收益分红", "产业扶贫"]
    measures = ["包户干部每周入户走访", "参加增收项目并建立收入明细账"]
    if hh.category is not HouseholdCategory.GENERAL:
        policies.append("农村低保兜底（3720元/人·年）")
    if hh.cause is PovertyCause.ILLNESS or not hh.indicators.basic_medical:
        policies.append("健康扶贫：先诊疗后付费、医疗救助")
        measures.append("巡回医疗队入户诊治")
    if not hh.indicators.safe_housing:
        policies.append("农村危房改造")
        measures.append("危房改造")
    if not hh.indicators.compulsory_education:
        policies.append("教育扶贫：雨露计划、助学补助")
        measures.append("申请助学补助")
    target = (f"{hh.head}户，{len(hh.members)}人，{CATEGORY_LABELS[hh.category]}，"
              f"主要致贫原因：{CAUSE_LABELS[hh.cause]}")
    goal = f"{world.start.year}年起人均纯收入稳定超过扶贫标准，实现两不愁三保障"
    return Plan(target, policies, measures, hh.cadre, goal)
