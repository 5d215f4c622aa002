"""防返贫监测 ends (风险消除) for a monitored household once its income is back above the line
and 两不愁三保障 hold; most monitored households leave monitoring within a year, some stay."""

from __future__ import annotations

from datetime import date

from ledger.demo.money import YUAN
from ledger.demo.simtime import moment
from ledger.demo.world import World

POVERTY_LINE_FEN = 4_000 * YUAN
END_RATE = 0.7
REASON = "家庭成员病情稳定，务工收入恢复，经入户核实风险已消除"


def plan_monitoring_end(world: World, year: int) -> None:
    """Late November: the village leader ends monitoring where the risk is removed."""
    day = date(year, 11, 25)
    world.at(moment(day, 10), lambda: _end_where_removed(world, year, day))


def _end_where_removed(world: World, year: int, day: date) -> None:
    for hh in world.households.values():
        if hh.status != "monitored" or world.rng.random() >= END_RATE:
            continue
        if hh.per_capita_fen(year) > POVERTY_LINE_FEN and hh.indicators.all_met():
            leader = world.village_of(hh.code).leader
            world.ledger.end_monitoring(hh.code, day, year, REASON, actor=world.actor(leader))
            hh.status = "exited"
