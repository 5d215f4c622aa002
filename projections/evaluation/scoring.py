"""Points from counts: the documented formula, decimal rounding, ties.

rate = (met + ½·met_late) / (met + met_late + missed); excused and open instances are left out.
A rule with no scored instance for a unit is *not applicable* to it: it earns nothing and its
points leave the unit's maximum. earned = points × rate, rounded half-up to 0.01; the unit's
percent = Σ earned / Σ applicable points × 100, rounded half-up to 0.01 (None when no rule
applies). Units rank by percent, highest first; ties share a rank (1, 2, 2, 4) and are listed
by code; units with no applicable rule come last, unranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from projections.evaluation.measures import Counts

CENT = Decimal("0.01")
HALF = Decimal("0.5")


@dataclass
class RuleScore:
    """One rule for one unit: the counts behind it and the points they earn."""

    code: str
    metric: str
    points: int
    counts: dict[str, int]
    rate: str | None
    earned: str

    @property
    def is_applicable(self) -> bool:
        return self.rate is not None


@dataclass
class UnitScore:
    """A unit's score: per rule, then in total."""

    unit: str
    rules: list[RuleScore] = field(default_factory=list)
    total: str = "0.00"
    maximum: int = 0
    percent: str | None = None
    rank: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "rank": self.rank, "percent": self.percent,
                "total": self.total, "maximum": self.maximum,
                "rules": [vars(rule) for rule in self.rules]}


def rule_score(code: str, metric: str, points: int, counts: Counts) -> RuleScore:
    """Score one rule from its counts."""
    scored = counts.met + counts.met_late + counts.missed
    if scored == 0:
        return RuleScore(code, metric, points, counts.as_dict(), None, "0.00")
    rate = (Decimal(counts.met) + HALF * counts.met_late) / Decimal(scored)
    earned = (Decimal(points) * rate).quantize(CENT, ROUND_HALF_UP)
    return RuleScore(code, metric, points, counts.as_dict(),
                     str(rate.quantize(Decimal("0.0001"), ROUND_HALF_UP)), str(earned))


def unit_score(unit: str, rules: list[RuleScore]) -> UnitScore:
    """Sum a unit's rules."""
    applicable = [r for r in rules if r.is_applicable]
    total = sum((Decimal(r.earned) for r in applicable), Decimal(0))
    maximum = sum(r.points for r in applicable)
    percent = (None if maximum == 0 else
               str((total * 100 / Decimal(maximum)).quantize(CENT, ROUND_HALF_UP)))
    return UnitScore(unit, rules, str(total.quantize(CENT)), maximum, percent)


def ranked(scores: list[UnitScore]) -> list[UnitScore]:
    """Sort and rank (competition ranking; ties share a rank and are listed by code)."""
    scored = sorted((s for s in scores if s.percent is not None),
                    key=lambda s: (-Decimal(s.percent or "0"), s.unit))
    previous, rank = None, 0
    for position, score in enumerate(scored, 1):
        if score.percent != previous:
            rank, previous = position, score.percent
        score.rank = rank
    return scored + sorted((s for s in scores if s.percent is None), key=lambda s: s.unit)
