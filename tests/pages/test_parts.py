"""The pages' pure parts: chart geometry, the heatmap grid, formatting, replay folding, xlsx."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from api.pages import charts, formatting, heatmap, replay, xlsx
from projections.asof import AsOf, Step


def test_grid_steps_are_whole_and_cover_the_tallest_bar() -> None:
    """Four whole grid steps always reach the tallest bar."""
    for tallest in (0, 1, 3, 7, 12, 99, 5_000_000):
        step = charts.nice_step(tallest / charts.TICKS)
        assert step == int(step) >= 1
        assert step * charts.TICKS >= tallest


def test_stacked_bars_sit_on_each_other() -> None:
    """In a stacked column each bar starts where the one below ends."""
    chart = charts.bar_chart("t", ["长白镇"], [charts.Series("a", "a", [2]),
                                              charts.Series("b", "b", [3])])
    low, high = chart.bars
    assert abs(low.y - (high.y + high.height)) < 0.2
    assert abs(low.y + low.height - chart.baseline) < 0.2


def test_grouped_bars_stand_side_by_side() -> None:
    """In a grouped chart the series' bars share the baseline, one beside the other."""
    chart = charts.bar_chart("t", ["光伏"], [charts.Series("a", "a", [4]),
                                             charts.Series("b", "b", [2])], stacked=False)
    first, second = chart.bars
    assert second.x >= first.x + first.width - 0.2
    assert abs(first.y + first.height - (second.y + second.height)) < 0.2


def test_weeks_start_on_monday_and_end_with_todays_week() -> None:
    """weeks_ending gives Mondays, oldest first, the last one holding the day."""
    weeks = heatmap.weeks_ending(date(2024, 3, 15), 3)
    assert weeks == [date(2024, 2, 26), date(2024, 3, 4), date(2024, 3, 11)]


def test_heatmap_counts_visits_and_blanks_weeks_before_registration() -> None:
    """Days fold into their week; weeks before registration are not applicable."""
    weeks = heatmap.weeks_ending(date(2024, 3, 15), 3)
    grid = heatmap.build(weeks, [{"code": "H1", "name": "金**", "registered_on": "2024-03-05"}],
                         [{"household_code": "H1", "day": "2024-03-12", "visits": 1},
                          {"household_code": "H1", "day": "2024-03-14", "visits": 2}])
    assert [c.css for c in grid.rows[0].cells] == ["na", "v0", "v3"]
    assert grid.rows[0].missed == 1


def test_money_and_times_read_in_yuan_and_beijing_time() -> None:
    """Fen become yuan with two decimals; UTC instants become 北京时间; dates stay dates."""
    assert formatting.yuan(1_044_000) == "¥10,440.00"
    assert formatting.yuan(-5) == "-¥0.05"
    assert formatting.local_time("2024-01-10T09:00:00Z") == "2024-01-10 17:00"
    assert formatting.local_time("2024-01-10") == "2024-01-10"


def test_personal_values_read_as_a_line() -> None:
    """Members read as name (relation); nested values as one line."""
    members = [{"name": "金大山", "relation": "户主"}, {"name": "崔顺姬", "relation": "配偶"}]
    assert formatting.compact(members) == "金大山（户主）、崔顺姬（配偶）"


def _step(ref: str, changes: dict[str, list[object]], event_type: str = "IncomeRecorded",
          *, is_late: bool = False) -> Step:
    return Step(ref, 1, event_type, "收入记账", "income", "2024-01-10",
                "2024-01-10T08:00:00Z", "C01", is_late, "", changes)


def test_replay_folds_changes_into_whole_states() -> None:
    """Each frame is the whole state after its event; only rows whose text changed are marked."""
    steps = [_step("household/H/1", {"points_balance": [0, 20]}),
             _step("household/H/2", {"visits": [0, 1]}, "Visited", is_late=True),
             _step("household/H/3", {"points_balance": [20, 5]}, "Corrected")]
    found = replay.frames(AsOf("H", None, None, {}, steps), {"household/H/1": {
        "corrected_by": ["household/H/3"]}})
    assert [f.values["points"] for f in found] == ["20", "20", "5"]
    assert [f.values["visits"] for f in found] == ["0", "1", "1"]
    assert [f.changed for f in found] == [["points"], ["visits"], ["points"]]
    assert [f.kind for f in found] == ["amended", "late", "correction"]


def test_xlsx_cells_never_become_formulas() -> None:
    """Text that starts like a formula is stored as text."""
    content = xlsx.workbook("名录", ["名称"], [["=HYPERLINK(\"x\")"], ["金华村"]])
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows == [("名称",), ("'=HYPERLINK(\"x\")",), ("金华村",)]


def test_a_cosignature_time_beyond_the_calendar_still_reads() -> None:
    """A witness line with an absurd timestamp shows the number instead of failing."""
    from api.pages.integrity import Signature

    assert Signature("w", "00", True, 2**62, False).signed_at == f"{2**62} s"
