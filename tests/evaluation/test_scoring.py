"""The scoring formula, rounding, ties and periods (pure functions)."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.domain.values import MEASURES as WRITE_SIDE_MEASURES
from projections.evaluation.measures import MEASURES, Counts
from projections.evaluation.periods import BadPeriod, parse_period
from projections.evaluation.scoring import ranked, rule_score, unit_score


def test_rate_counts_late_as_half_and_leaves_out_excused_and_open() -> None:
    """(met + ½·late) / (met + late + missed); excused and open change nothing."""
    score = rule_score("R01", "weekly_in_person_visits", 20,
                       Counts(met=6, met_late=2, missed=2, excused=3, open=1))
    assert (score.rate, score.earned) == ("0.7000", "14.00")


def test_points_round_half_up_to_the_cent() -> None:
    """20 × 2/3 = 13.333… → 13.33; 15 × 1/8 = 1.875 → 1.88 (half-up, decimal)."""
    assert rule_score("R", "m", 20, Counts(met=2, missed=1)).earned == "13.33"
    assert rule_score("R", "m", 15, Counts(met=1, missed=7)).earned == "1.88"


def test_a_rule_with_nothing_scored_is_not_applicable_and_leaves_the_maximum() -> None:
    """No scored instance: no rate, no points, and the rule's points leave the maximum."""
    unit = unit_score("C01", [rule_score("R01", "m", 20, Counts(met=1)),
                              rule_score("R02", "m", 10, Counts(excused=4))])
    assert (unit.total, unit.maximum, unit.percent) == ("20.00", 20, "100.00")


def test_ties_share_a_rank_listed_by_code_and_units_without_data_come_last() -> None:
    """Competition ranking: 1, 2, 2, 4; a unit with no applicable rule is unranked, last."""
    def unit(code: str, met: int, missed: int) -> object:
        return unit_score(code, [rule_score("R", "m", 10, Counts(met=met, missed=missed))])
    order = ranked([unit("D", 1, 1), unit("B", 1, 1), unit("A", 2, 0), unit("E", 0, 0),
                    unit("C", 0, 1)])
    assert [(s.unit, s.rank) for s in order] == [("A", 1), ("B", 2), ("D", 2), ("C", 4),
                                                  ("E", None)]


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2018", date(2018, 1, 1), date(2018, 12, 31)),
    ("2018-H2", date(2018, 7, 1), date(2018, 12, 31)),
    ("2018-Q1", date(2018, 1, 1), date(2018, 3, 31)),
    ("2018-Q4", date(2018, 10, 1), date(2018, 12, 31)),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
    ("2018-12", date(2018, 12, 1), date(2018, 12, 31)),
])
def test_periods(text: str, first: date, last: date) -> None:
    """The four forms of a period, leap years included."""
    period = parse_period(text)
    assert (period.first, period.last) == (first, last)


@pytest.mark.parametrize("text", ["2018-13", "2018-Q5", "18", "2018-h1", "２０１８", "1899"])
def test_a_bad_period_is_refused_naming_the_forms(text: str) -> None:
    """Anything else is refused with the forms spelled out."""
    with pytest.raises(BadPeriod):
        parse_period(text)


def test_the_write_side_and_the_read_side_know_the_same_measures() -> None:
    """A regulation may name exactly the measures the evaluation defines."""
    assert set(MEASURES) == set(WRITE_SIDE_MEASURES)
