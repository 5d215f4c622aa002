"""脱贫退出 by the full procedure: review (on the ledger's own income and indicators) → public
notice of a week → the household's confirmation → county approval; then honours (脱贫光荣户),
and, when a shock hits after the exit, monitoring and perhaps a return (see ``shocks``)."""

from __future__ import annotations

from datetime import date, timedelta

from ledger.demo import shocks
from ledger.demo.programmes import workday
from ledger.demo.simtime import moment
from ledger.demo.world import HouseholdSim, World

POVERTY_LINE_FEN = shocks.POVERTY_LINE_FEN
NOTICE_DAYS = 7
EXIT_SHARE = 0.38
OBJECTION = "村民反映其子女在外务工收入未如实申报，经入户核实后重新评议"


def choose_candidates(world: World, year: int) -> list[HouseholdSim]:
    """This year's exit plan (年度脱贫计划): about four in ten households still poor."""
    poor = [hh for hh in world.households.values() if hh.status in ("registered", "returned")]
    count = min(len(poor), max(1, round(len(poor) * EXIT_SHARE))) if poor else 0
    weights = [2.0 if any(m.can_work for m in hh.members) else 1.0 for hh in poor]
    chosen: list[HouseholdSim] = []
    while len(chosen) < count:
        pick = world.rng.choices(poor, weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    for hh in chosen:
        hh.exit_year = year
    return sorted(chosen, key=lambda hh: hh.code)


def plan_exits(world: World, year: int, candidates: list[HouseholdSim]) -> None:
    """Schedule the reviews (October-November) and the year-end honours and returns."""
    for index, hh in enumerate(candidates):
        day = workday(world.rng, date(year, 10, 8), date(year, 11, 9))
        _review(world, hh, year, day, objection=index == 0)
    _year_end(world, year)


def _review(world: World, hh: HouseholdSim, year: int, day: date, *, objection: bool) -> None:
    def review() -> None:
        if hh.per_capita_fen(year) <= POVERTY_LINE_FEN or not hh.indicators.all_met():
            retry = day + timedelta(days=14)
            if retry < date(year, 12, 1):
                _review(world, hh, year, retry, objection=objection)
            return
        leader = world.village_of(hh.code).leader
        world.ledger.review_exit(hh.code, day, year, actor=world.actor(leader))
        _notice(world, hh, year, day + timedelta(days=1), objection=objection)

    world.at(moment(day, 9, world.rng.randint(0, 120)), review)


def _notice(world: World, hh: HouseholdSim, year: int, day: date, *, objection: bool) -> None:
    lead = world.townships[hh.township].lead
    world.at(moment(day, 10), lambda: world.ledger.post_exit_notice(
        hh.code, day, NOTICE_DAYS, actor=world.actor(lead)))
    if objection:
        objected = day + timedelta(days=3)
        leader = world.village_of(hh.code).leader
        world.at(moment(objected, 15), lambda: world.ledger.raise_exit_objection(
            hh.code, objected, OBJECTION, actor=world.actor(leader)))
        _review(world, hh, year, day + timedelta(days=17), objection=False)
        return
    confirmed = day + timedelta(days=NOTICE_DAYS + world.rng.randint(0, 3))
    world.at(moment(confirmed, 11), lambda: world.ledger.confirm_exit(
        hh.code, confirmed, hh.head, actor=world.actor(hh.cadre)))
    _approve(world, hh, confirmed + timedelta(days=world.rng.randint(3, 10)))


def _approve(world: World, hh: HouseholdSim, day: date) -> None:
    approver = world.county_leaders[0]

    def approve() -> None:
        world.ledger.approve_exit(hh.code, day, approver, actor=world.actor(approver))
        hh.status = "exited"
        shocks.after_exit(world, hh, day)

    world.at(moment(day, 16), approve)


def _year_end(world: World, year: int) -> None:
    world.at(moment(date(year, 12, 19), 9), lambda: _honours(world, year))


def _exited_this_year(world: World, year: int) -> list[HouseholdSim]:
    return [hh for hh in world.households.values()
            if hh.status == "exited" and hh.exit_year == year]


def _honours(world: World, year: int) -> None:
    day = date(year, 12, 19)
    approver = world.county_leaders[0]
    for hh in _exited_this_year(world, year):
        if world.rng.random() < 0.5:
            world.ledger.award_honour(hh.code, day, "“我脱贫、我光荣”脱贫光荣户",
                                      actor=world.actor(approver))
