"""结亲交友 and the N activities in the demo.

Each January about four households in ten are paired with a party member of a county unit; the
member calls or visits about monthly, now and then bringing help. About one pairing in ten
(at least one a year) lapses mid-year when the member is transferred. Each village holds an
activity every other month: a knowledge contest, a film, an exhibition, a training session or a
love-supermarket event; contests, training and supermarket events award points, which each
household records against the activity.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial

from ledger.demo.build import department
from ledger.demo.people import person_name
from ledger.demo.simtime import moment
from ledger.demo.world import HouseholdSim, VillageSim, World
from ledger.domain.values import ActivityKind

PAIRING_SHARE = 0.4
LAPSE_RATE = 0.1
HELP = (("送米面油", 20_000), ("帮助联系务工", 0), ("讲解惠农政策", 0), ("送去冬衣", 15_000),
        ("帮助销售农产品", 0), ("看望病人送慰问金", 50_000))
ACTIVITIES = {
    ActivityKind.KNOWLEDGE_CONTEST: ("脱贫攻坚政策知识竞赛", 15),
    ActivityKind.FILM: ("送电影下乡", 0),
    ActivityKind.EXHIBITION: ("脱贫攻坚成就展", 0),
    ActivityKind.TRAINING: ("木耳种植技术培训", 10),
    ActivityKind.SUPERMARKET_EVENT: ("爱心超市感恩日", 5),
}


def plan_community(world: World, year: int) -> None:
    """Schedule the year's pairings, their contacts, and the villages' activities."""
    paired = [hh for hh in world.households.values() if world.rng.random() < PAIRING_SHARE]
    lapsing = world.rng.sample(paired, min(len(paired), max(1, round(len(paired) * LAPSE_RATE))))
    for hh in paired:
        _pairing(world, hh, year, lapses=hh in lapsing)
    for village in world.villages.values():
        if village.households:
            for month in range(2, 13, 2):
                _activity(world, village, year, month)


def _pairing(world: World, hh: HouseholdSim, year: int, *, lapses: bool) -> None:
    code, started = f"JQ-{hh.code}-{year}", date(year, 1, world.rng.randint(10, 25))
    member = person_name(world.rng, world.rng.choice("男女"), korean=world.rng.random() < 0.4)
    recorder = world.village_of(hh.code).residents[0]
    world.at(moment(started, 14), partial(world.ledger.start_pairing, hh.code, code, member,
                                          department(world), started,
                                          actor=world.actor(recorder)))
    lapse = world.rng.randint(4, 9) if lapses else None
    for month in range(2, 13):
        if lapse is not None and month == lapse:
            ended = date(year, month, 5)
            world.at(moment(ended, 10), partial(world.ledger.end_pairing, hh.code, code, ended,
                                                "结对党员工作调动，结对中断", True,
                                                actor=world.actor(recorder)))
            return
        if world.rng.random() < 0.85:
            help_given, fen = world.rng.choice(HELP)
            at = datetime(year, month, world.rng.randint(1, 27), world.rng.randint(1, 9),
                          tzinfo=UTC)
            world.at(at + timedelta(hours=10), partial(
                world.ledger.record_pairing_contact, hh.code, code, at,
                "in_person" if world.rng.random() < 0.7 else "phone", help_given, fen,
                actor=world.actor(recorder)))
    ended = date(year, 12, 28)
    world.at(moment(ended, 10), partial(world.ledger.end_pairing, hh.code, code, ended,
                                        "年度结对期满", False, actor=world.actor(recorder)))


def _activity(world: World, village: VillageSim, year: int, month: int) -> None:
    kind = world.rng.choice(list(ACTIVITIES))
    title, points = ACTIVITIES[kind]
    day = date(year, month, world.rng.randint(10, 20))
    homes = sorted(h for h in village.households if world.rng.random() < 0.6)
    if not homes:
        return
    for code in homes:
        world.households[code].points += points
    world.at(moment(day, 15), partial(
        world.ledger.hold_activity, f"ACT-{village.code}-{year}{month:02d}", kind, title,
        f"{village.name}文化活动室", village.leader, village.code, homes, points, day,
        actor=world.actor(village.leader)))
