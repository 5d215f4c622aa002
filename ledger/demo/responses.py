"""The county answers some violations (问责): a formal talk naming the missed weeks.

Every other cadre whose weeks were skipped this year is called to a talk by the first county
leader, about three weeks after the last skipped week of a run: late enough that the village
leader's and the township lead's follow-ups have lapsed, so the talk closes each chain at the
county step. The rest stay unanswered and show as open chains at the top. No random draws:
the demo's other figures stay as they were.
"""

from __future__ import annotations

from datetime import timedelta

from ledger.demo.county import COUNTY_CODE
from ledger.demo.simtime import moment
from ledger.demo.world import World
from ledger.domain.values import TalkOutcome

ANSWER_AFTER_DAYS = 25
"""Days after the skipped week's Monday: past the two lower steps (2 + 7 + 7 days after it)."""


def plan_responses(world: World, year: int) -> None:
    """Schedule the talks answering half of the year's skipped weeks."""
    if not world.county_leaders:
        return
    by_cadre: dict[str, list[int]] = {}
    for cadre, week in sorted(world.anomalies.skips):
        if world.week_start(week).year == year:
            by_cadre.setdefault(cadre, []).append(week)
    for cadre in sorted(by_cadre)[::2]:
        _talk(world, cadre, sorted(by_cadre[cadre]))


def _talk(world: World, cadre: str, weeks: list[int]) -> None:
    day = world.week_start(weeks[-1]) + timedelta(days=ANSWER_AFTER_DAYS)
    if day >= world.end:
        return
    leader, sim = world.county_leaders[0], world.cadres[cadre]
    basis = [f"obligation/visit/{household}/{_label(world, week)}"
             for week in weeks for household in sim.households]
    summary = f"约谈包户干部{sim.name}：未按要求每周入户走访，责令整改"
    world.at(moment(day, 15), lambda: world.ledger.hold_talk(
        leader, day, "county", COUNTY_CODE, [cadre], basis,
        TalkOutcome.RECTIFICATION_ORDER, summary, f"formal_talk-visits-{cadre}-W{weeks[-1]}",
        actor=world.actor(leader)))


def _label(world: World, week: int) -> str:
    year, number, _ = world.week_start(week).isocalendar()
    return f"{year}-W{number:02d}"
