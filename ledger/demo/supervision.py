"""四级联动 above the household cadre: township leads' monthly 四个一, quarterly 三了解两协调 and
half-yearly 一争取; village leaders' checks of visits and of the resident team; county leaders'
formal talks (约谈) and bulletins (通报)."""

from __future__ import annotations

from datetime import date
from functools import partial

from ledger.demo.acts import four_ones, quarterly_review, schedule_act
from ledger.demo.county import COUNTY_CODE
from ledger.demo.programmes import workday
from ledger.demo.secured import funds_secured
from ledger.demo.world import TownshipSim, VillageSim, World
from ledger.domain.values import SupervisionKind as Kind
from ledger.domain.values import TalkOutcome

Subject = tuple[str, str]


def plan_supervision(world: World, year: int) -> None:
    """Schedule every supervision act of the year."""
    for month in range(1, 13):
        for township in world.townships.values():
            _township_month(world, township, year, month)
        for village in world.villages.values():
            _village_month(world, village, year, month)
        if month % 3 == 0:
            _county_quarter(world, year, month // 3)


def _day(world: World, year: int, month: int, first: int, last: int) -> date:
    return workday(world.rng, date(year, month, first), date(year, month, last))


def _act(world: World, cadre: str, kind: Kind, day: date, subject: Subject, summary: str,
         act_code: str) -> None:
    """Record an act without parts (timed by ``schedule_act``)."""
    schedule_act(world, cadre, act_code, day, lambda: world.ledger.record_supervision(
        cadre, kind, day, subject[0], subject[1], summary, act_code, actor=world.actor(cadre)))


def _township_month(world: World, t: TownshipSim, year: int, month: int) -> None:
    village = world.villages[world.rng.choice(t.villages)]
    for kind, record in four_ones(world, t, village).items():
        first = 8 if month == 1 else 3  # households are registered in the first week
        code, day = f"{kind}-{year}{month:02d}", _day(world, year, month, first, 26)
        schedule_act(world, t.lead, code, day, partial(record, day, code))
    last = _day(world, year, month, 22, 28)
    if month % 3 == 0:
        quarterly_review(world, t, last, f"{Kind.QUARTERLY_REVIEW}-{year}Q{month // 3}")
    if month % 6 == 0:
        funds_secured(world, t, last, f"{Kind.FUNDS_SECURED}-{year}H{month // 6}")


def _village_month(world: World, v: VillageSim, year: int, month: int) -> None:
    _act(world, v.leader, Kind.VISITS_CHECKED, _day(world, year, month, 5, 27),
         ("village", v.code), f"检查{v.name}包户干部入户走访记录和扶贫日记",
         f"{Kind.VISITS_CHECKED}-{year}{month:02d}")
    if month % 3:
        return
    for resident in v.residents:
        _act(world, v.leader, Kind.RESIDENT_ASSESSED, _day(world, year, month, 15, 28),
             ("cadre", resident),
             f"对驻村帮扶干部{world.cadres[resident].name}进行工作指导和管理考核",
             f"{Kind.RESIDENT_ASSESSED}-{year}Q{month // 3}-{resident}")


def _county_quarter(world: World, year: int, quarter: int) -> None:
    month = quarter * 3
    basis = [f"evaluation/{year}Q{quarter}"]
    _bulletin(world, year, quarter, basis)
    for leader in world.county_leaders:
        for township in world.rng.sample(list(world.townships.values()), 2):
            _talk(world, leader, township, _day(world, year, month, 8, 20),
                  f"{Kind.FORMAL_TALK}-{year}Q{quarter}-{township.code}", basis)


def _bulletin(world: World, year: int, quarter: int, basis: list[str]) -> None:
    leader, day = world.county_leaders[0], _day(world, year, quarter * 3, 24, 28)
    ranked = world.rng.sample(sorted(world.townships), 3)
    praised, criticised = ranked[:2], ranked[2:] if world.rng.random() < 0.6 else []
    code = f"{Kind.BULLETIN}-{year}Q{quarter}"
    summary = f"通报{year}年第{quarter}季度县级领导、乡镇和包保部门脱贫攻坚工作开展情况"
    schedule_act(world, leader, code, day, lambda: world.ledger.issue_bulletin(
        leader, day, "county", COUNTY_CODE, praised, criticised, basis, summary, code,
        actor=world.actor(leader)))


def _talk(world: World, leader: str, township: TownshipSim, day: date, code: str,
          basis: list[str]) -> None:
    outcome = world.rng.choices(list(TalkOutcome), weights=(70, 27, 3))[0]
    summary = f"约谈{township.name}党政主要负责人，督促落实包保责任"
    schedule_act(world, leader, code, day, lambda: world.ledger.hold_talk(
        leader, day, "township", township.code, [township.code], basis, outcome, summary,
        code, actor=world.actor(leader)))
