"""The demo's supervision acts with parts: when each is recorded and what its parts say.

三了解两协调 is now and then partial (a part not reached that quarter); the parts name the
township's projects and villages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ledger.demo import anomalies as kinds
from ledger.demo.county import COUNTY_CODE
from ledger.demo.simtime import moment
from ledger.demo.world import Action, TownshipSim, VillageSim, World
from ledger.domain.values import ReviewPart, ReviewPartName
from ledger.domain.values import SupervisionKind as Kind

INSPECTED = ["包户干部入户走访记录", "民情日记", "一户一档"]
ActRecorder = Callable[[date, str], object]
PARTIAL_REVIEW_RATE = 0.12
"""About one quarterly review in eight misses a part (the seed's 'now and then')."""


def schedule_act(world: World, cadre: str, act_code: str, day: date, record: Action) -> None:
    """Record an act the same afternoon, or (now and then) a few days later."""
    if f"{cadre}:{act_code}" in world.anomalies.missed_acts:
        world.log.add(kinds.MISSED_ACTS)
        return
    if world.rng.random() < 0.15:
        when = moment(day + timedelta(days=world.rng.randint(1, 3)), 9)
    else:
        when = moment(day, 17, world.rng.randint(0, 60))
    world.at(when, record)


def four_ones(world: World, t: TownshipSim, village: VillageSim) -> dict[Kind, ActRecorder]:
    """The township lead's 四个一 this month, each as ``record(day, act_code)``."""
    ledger, lead, actor = world.ledger, t.lead, world.actor(t.lead)
    homes = sorted(world.rng.sample(village.households, min(3, len(village.households))))
    leaders = sorted({world.villages[v].leader for v in t.villages})[:2]
    secretary, head = world.county_leaders[0], world.county_leaders[1]
    return {
        Kind.RESEARCH_VISIT: lambda day, code: ledger.record_research_visit(
            lead, day, "village", village.code, [village.code], homes,
            f"到{village.name}调研脱贫攻坚工作，走访贫困户，了解产业项目进展", code, actor=actor),
        Kind.INSPECTION: lambda day, code: ledger.record_inspection(
            lead, day, "village", village.code, INSPECTED, [],
            f"督查{village.name}包户干部入户和扶贫日记记录情况", code, actor=actor),
        Kind.REPORT_HEARING: lambda day, code: ledger.hear_report(
            lead, day, "township", t.code, leaders,
            f"听取{t.name}包村领导干部脱贫攻坚工作汇报", code, actor=actor),
        Kind.REPORT_UP: lambda day, code: ledger.submit_report(
            lead, day, "county", COUNTY_CODE, secretary, head,
            f"向县委书记、县长汇报{t.name}包保工作情况", code, actor=actor),
    }


def quarterly_review(world: World, t: TownshipSim, day: date, code: str) -> None:
    """三了解两协调 for a township, with its five parts (or four, now and then)."""
    parts = review_parts(world, t)
    if world.rng.random() < PARTIAL_REVIEW_RATE:
        parts.pop(world.rng.randrange(len(parts)))
    summary = "了解扶贫项目实施进度、贫困户脱贫进度和工作中的困难；协调资金项目投入和行业扶贫投入"
    schedule_act(world, t.lead, code, day, lambda: world.ledger.record_quarterly_review(
        t.lead, day, "township", t.code, parts, summary, code, actor=world.actor(t.lead)))


def review_parts(world: World, t: TownshipSim) -> list[ReviewPart]:
    """The five parts as a township lead would write them."""
    projects = sorted(v for k, v in world.projects.get(t.code, {}).items() if k != "product")
    villages = list(t.villages)
    village = world.villages[world.rng.choice(villages)] if villages else None
    where = village.name if village else t.name
    return [
        ReviewPart(ReviewPartName.PROJECT_PROGRESS,
                   f"{t.name}光伏电站和产业项目按计划推进，完成投资约{world.rng.randint(55, 95)}%",
                   projects, "督促施工单位月底前完成剩余工程"),
        ReviewPart(ReviewPartName.EXIT_PROGRESS,
                   f"{where}拟脱贫户入户核实完成，两不愁三保障逐户对标",
                   villages[:2], "对未达标户制定补短板措施"),
        ReviewPart(ReviewPartName.DIFFICULTIES,
                   world.rng.choice(["部分村产业项目销路不畅", "雨季道路塌方影响入户",
                                     "驻村干部人手不足", "个别户因病支出增加"]),
                   [village.code] if village else [], "报县扶贫办协调解决"),
        ReviewPart(ReviewPartName.FUND_COORDINATION,
                   "协调整合涉农资金投入村级产业和基础设施项目", projects[:1], ""),
        ReviewPart(ReviewPartName.SECTOR_COORDINATION,
                   world.rng.choice(["协调交通局硬化通村道路", "协调水利局解决饮水安全",
                                     "协调卫健局开展巡回义诊", "协调人社局组织技能培训"]),
                   [], "下季度跟进落实情况"),
    ]
