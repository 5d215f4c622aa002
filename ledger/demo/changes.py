"""Records that change without anything being overwritten: corrections (更正) and a retraction
(撤销), each a new event authorised by the village leader with a reason; a birth and a death."""

from __future__ import annotations

from datetime import date, timedelta

from ledger.application.core import Accepted
from ledger.demo.money import YUAN
from ledger.demo.people import synthetic_id_number
from ledger.demo.simtime import moment
from ledger.demo.world import HouseholdSim, World
from ledger.domain.values import Health, IncomeSource, Member


def plan_changes(world: World, year: int) -> None:
    """Schedule one typo corrected, one wrong visit time corrected, one duplicate retracted,
    and the year's birth and death."""
    quiet = [hh for hh in world.households.values()
             if hh.exit_year != year and hh.cadre not in world.anomalies.involved()]
    if not quiet:
        return
    picks = [world.rng.choice(quiet) for _ in range(3)]
    world.notable.setdefault("corrected", picks[0].code)
    _income_typo(world, picks[0], year)
    _visit_time_corrected(world, picks[1], date(year, 7, 11))
    _duplicate_retracted(world, picks[2], date(year, 6, 13))
    _birth(world, quiet, year)
    _death(world, quiet, year)


def _authoriser(world: World, hh: HouseholdSim) -> str:
    return world.village_of(hh.code).leader


def _income_typo(world: World, hh: HouseholdSim, year: int) -> None:
    right, day, refs = 860 * YUAN, date(year, 4, 30), Refs()

    def record() -> None:
        refs.keep(world.ledger.record_income(
            hh.code, IncomeSource.BUSINESS, right * 10, f"{year}-04", day, "庭院经济（山野菜）收入",
            actor=world.actor(hh.cadre)))
        hh.income_fen[year] = hh.income_fen.get(year, 0) + right * 10

    def correct() -> None:
        world.ledger.correct_record(refs.first, {"amount_fen": right},
                                    "录入时多输一位数字，据收购凭证更正为860元",
                                    _authoriser(world, hh), actor=world.actor(hh.cadre))
        hh.income_fen[year] -= right * 9

    world.at(moment(date(year, 5, 6), 10), record)
    world.at(moment(date(year, 5, 20), 11), correct)


def _visit_time_corrected(world: World, hh: HouseholdSim, day: date) -> None:
    refs, wrong, right = Refs(), moment(day, 15), moment(day, 10)
    notes = "回访：核实危房改造和饮水安全情况"
    world.at(moment(day, 20, 30), lambda: refs.keep(world.ledger.record_visit(
        hh.code, hh.cadre, wrong, "in_person", notes, actor=world.actor(hh.cadre))))
    world.at(moment(day + timedelta(days=6), 9), lambda: world.ledger.correct_record(
        refs.first, {"occurred_at": right}, "走访时间误录（上午误录为下午），据工作笔记更正",
        _authoriser(world, hh), actor=world.actor(hh.cadre)))
    hh.visit_days.append(day)


def _duplicate_retracted(world: World, hh: HouseholdSim, day: date) -> None:
    refs, when = Refs(), moment(day, 14)
    notes = "回访：了解产业项目分红到账情况"
    for minute in (30, 35):
        world.at(moment(day, 20, minute), lambda: refs.keep(world.ledger.record_visit(
            hh.code, hh.cadre, when, "in_person", notes, actor=world.actor(hh.cadre))))
    world.at(moment(day + timedelta(days=7), 9), lambda: world.ledger.retract_record(
        refs.last, "同一次走访重复录入，撤销重复记录", _authoriser(world, hh),
        actor=world.actor(hh.cadre)))
    hh.visit_days.append(day)


def _birth(world: World, quiet: list[HouseholdSim], year: int) -> None:
    young = [hh for hh in quiet if any(25 <= year - (m.birth_year or 0) <= 40 for m in hh.members)]
    if not young:
        return
    hh, day = world.rng.choice(young), date(year, 8, 16)
    baby = Member(max(m.member_no for m in hh.members) + 1, hh.head[0] + "小宝", "之孙",
                  synthetic_id_number(world.rng, year, "男"), sex="男", birth_year=year,
                  health=Health.HEALTHY, can_work=False)

    def add() -> None:
        world.ledger.add_member(hh.code, baby, day, "新生儿落户", actor=world.actor(hh.cadre))
        hh.members.append(baby)

    world.at(moment(day + timedelta(days=3), 10), add)


def _death(world: World, quiet: list[HouseholdSim], year: int) -> None:
    elderly = [hh for hh in quiet if len(hh.members) >= 2
               and year - (hh.members[1].birth_year or year) >= 75]
    if not elderly:
        return
    hh, day = world.rng.choice(elderly), date(year, 11, 3)
    member = hh.members[1]

    def remove() -> None:
        world.ledger.remove_member(hh.code, member.member_no, day, "病故",
                                   actor=world.actor(hh.cadre))
        hh.members.remove(member)

    world.at(moment(day + timedelta(days=2), 10), remove)


class Refs:
    """Event references a command returned, kept for a later correction or retraction."""

    def __init__(self) -> None:
        self._refs: list[str] = []

    def keep(self, accepted: Accepted) -> None:
        """Keep the references of an accepted command."""
        self._refs.extend(accepted.event_refs)

    @property
    def first(self) -> str:
        """The first reference kept."""
        return self._refs[0]

    @property
    def last(self) -> str:
        """The last reference kept."""
        return self._refs[-1]
