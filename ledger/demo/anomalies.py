"""Formalism injected on purpose (形式主义/留痕主义), so that checks and inspectors have something
to find: missed weeks, late records, copied diaries, a burst before an inspection, one cadre in
two distant places at the same hour, a skipped supervision act, and a refused overspend."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ledger.demo.county import distance_km

if TYPE_CHECKING:
    from ledger.demo.world import CadreSim, World

MISSED_WEEKS = "missed_weeks"
LATE_RECORDS = "late_records"
COPIED_DIARY = "copied_diary"
BURST_VISITS = "burst_visits"
SAME_HOUR = "same_hour_visits"
MISSED_ACTS = "missed_supervision"
REFUSED_OVERSPEND = "refused_overspend"
KINDS = (MISSED_WEEKS, LATE_RECORDS, COPIED_DIARY, BURST_VISITS, SAME_HOUR, MISSED_ACTS,
         REFUSED_OVERSPEND)
LATE_REASONS = ("村里网络中断，纸质记录事后补录", "手机丢失，根据工作笔记补录", None,
                "参加县里培训，回来后补录")
BURST_DAYS = 4


@dataclass
class AnomalyLog:
    """How many of each anomaly the generator really injected."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, count: int = 1) -> None:
        """Count ``count`` injected anomalies of a kind."""
        self.counts[kind] += count

    def as_dict(self) -> dict[str, int]:
        """Every kind with its count (zero when none)."""
        return {kind: self.counts[kind] for kind in KINDS}


@dataclass
class AnomalyPlan:
    """Which cadres misbehave, and when (nobody, when not ``enabled``: a clean county)."""

    enabled: bool = True
    skips: set[tuple[str, int]] = field(default_factory=set)
    late: dict[str, float] = field(default_factory=dict)
    copies: set[tuple[str, int]] = field(default_factory=set)
    double: tuple[str, str, str] | None = None
    double_weeks: set[int] = field(default_factory=set)
    missed_acts: set[str] = field(default_factory=set)
    burst_cadres: dict[str, str] = field(default_factory=dict)
    bursts: dict[int, list[tuple[str, list[date]]]] = field(default_factory=dict)

    def involved(self) -> set[str]:
        """Cadres taking part in any anomaly (kept out of handovers)."""
        named = {c for c, _ in self.skips} | set(self.late) | {c for c, _ in self.copies}
        double = {self.double[0]} if self.double else set()
        return named | set(self.burst_cadres.values()) | double


def choose_double(world: World) -> None:
    """Give one cadre a second household far away, to 'visit' both within the same hour."""
    if not world.anomalies.enabled:
        return
    cadres = [c for c in world.household_cadres() if len(c.households) <= 4]
    if not cadres:
        return
    chosen = world.rng.choice(cadres)
    home = world.village_of(chosen.households[0])
    donors = [c for c in world.household_cadres() if len(c.households) >= 2 and c is not chosen]
    if not donors:
        return
    donor = max(donors, key=lambda c: distance_km(_place(world, c), (home.lat, home.lon)))
    far = donor.households.pop()
    chosen.households.append(far)
    world.households[far].cadre = chosen.code
    world.anomalies.double = (chosen.code, chosen.households[0], far)


def plan_year(world: World, year: int, rounds: list[tuple[str, date, list[str]]]) -> None:
    """Decide the year's misbehaviour: a copier, skippers, late recorders, then the bursts."""
    if not world.anomalies.enabled:
        return
    weeks = [w for w in range(1, world.week_of(world.end - timedelta(days=1)) + 1)
             if world.week_start(w).year == year]
    plan, rng = world.anomalies, world.rng
    copiers = [c for c in _free(world) if len(c.households) >= 2]
    if copiers:
        copier = max(copiers, key=lambda c: len(c.households))
        plan.copies |= {(copier.code, w) for w in rng.sample(weeks, min(len(weeks), 8))}
    for cadre in _pick(world, _free(world), 0.04):
        count = min(len(weeks), rng.randint(3, 6))
        plan.skips |= {(cadre.code, w) for w in rng.sample(weeks, count)}
    for cadre in _pick(world, _free(world), 0.06):
        plan.late[cadre.code] = 0.35
    for code, opening, townships in rounds:
        _plan_burst(world, code, opening, townships, _free(world))
    plan.double_weeks |= set(rng.sample(weeks, min(len(weeks), 10)))
    township = rng.choice(sorted(world.townships)) if world.townships else None
    if township is not None:
        month = rng.randint(2, 11)
        plan.missed_acts.add(f"{world.townships[township].lead}:report_up-{year}{month:02d}")


def _free(world: World) -> list[CadreSim]:
    involved = world.anomalies.involved()
    return [c for c in world.household_cadres() if c.code not in involved]


def _plan_burst(world: World, round_code: str, opening: date, townships: list[str],
                free: list[CadreSim]) -> None:
    """A cadre skips three weeks, then visits every household daily just before the round."""
    local = [c for c in free if world.households[c.households[0]].township in townships]
    if not local:
        return
    cadre = world.rng.choice(local)
    world.anomalies.burst_cadres[round_code] = cadre.code
    burst_week = world.week_of(opening) - 1
    world.anomalies.skips |= {(cadre.code, w) for w in range(burst_week - 3, burst_week)
                              if w >= 1}
    days = [opening - timedelta(days=offset) for offset in range(BURST_DAYS, 0, -1)]
    world.anomalies.bursts.setdefault(burst_week, []).append((cadre.code, days))


def _pick(world: World, cadres: list[CadreSim], share: float) -> list[CadreSim]:
    if not cadres:
        return []
    return world.rng.sample(cadres, max(1, min(len(cadres), round(len(cadres) * share))))


def _place(world: World, cadre: CadreSim) -> tuple[float, float]:
    village = world.village_of(cadre.households[-1])
    return village.lat, village.lon
