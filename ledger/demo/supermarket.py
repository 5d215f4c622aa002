"""爱心超市: households earn points for tasks on a village activity day each month and redeem them
for goods at the village's love supermarket (积分换购)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from ledger.demo.simtime import moment
from ledger.demo.world import VillageSim, World

TASKS = (("庭院环境整治达标", 10), ("参加村级义务劳动", 20), ("参加脱贫攻坚知识竞赛", 15),
         ("孝老爱亲", 10), ("参加产业技术培训", 15))
GOODS = (("大米10斤", 60), ("豆油5升", 80), ("洗衣粉", 15), ("毛巾", 10), ("食盐", 5),
         ("酱油", 12))


def plan_points(world: World, year: int) -> None:
    """Schedule each village's monthly activity day and redemption day."""
    for month in range(1, 13):
        for village in world.villages.values():
            if village.households:
                _activity_day(world, village, _saturday(date(year, month, 8)))
                _redemption_day(world, village, _saturday(date(year, month, 22)))


def _saturday(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7)


def _activity_day(world: World, village: VillageSim, day: date) -> None:
    recorder = village.residents[-1]
    for index, code in enumerate(village.households):
        if world.rng.random() < 0.6:
            reason, points = world.rng.choice(TASKS)
            hh = world.households[code]
            hh.points += points
            world.at(moment(day, 16, index), partial(world.ledger.earn_points, code, points,
                                                     reason, day, actor=world.actor(recorder)))


def _redemption_day(world: World, village: VillageSim, day: date) -> None:
    recorder = village.residents[-1]
    shop = f"{village.name}爱心超市"
    for index, code in enumerate(village.households):
        hh = world.households[code]
        affordable = [g for g in GOODS if g[1] <= hh.points]
        if affordable and world.rng.random() < 0.5:
            item, points = max(affordable, key=lambda g: g[1])
            hh.points -= points
            world.at(moment(day, 10, index), partial(world.ledger.redeem_points, code, points,
                                                     item, shop, day, actor=world.actor(recorder)))
