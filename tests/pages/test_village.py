"""The village dashboard: its leaders for the public, and the heatmap over the whole period."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from api.pages import heatmap

LEADER_LINE = re.compile(r"包村责任人：(.*?)</p>", re.S)


def test_the_public_reads_the_leaders_roles_and_units_without_names(public: TestClient) -> None:
    """No empty 「（包村科级领导…）」: the role and unit stand where the name would."""
    html = public.get("/pages/villages/V01").text
    line = LEADER_LINE.search(html)
    assert line is not None
    text = re.sub(r"<[^>]+>", "", line.group(1))
    assert text.startswith("包村科级领导（单位 V01，2024-01-02 起）")
    assert "王强" not in html
    assert "王**" not in html


def test_a_reader_sees_the_leaders_names(discipline: TestClient) -> None:
    """Signed in, the leader is named and linked to their trail."""
    html = discipline.get("/pages/villages/V01").text
    line = LEADER_LINE.search(html)
    assert line is not None
    assert '<a href="/pages/cadres/C10">王强</a>（包村科级领导，2024-01-02 起）' in line.group(1)


def _weeks_shown(html: str) -> list[str]:
    return re.findall(r'<th class="week" title="(\d{4}-\d\d-\d\d) 起的一周">', html)


def test_the_heatmap_covers_registration_to_today_by_default(public: TestClient) -> None:
    """The first week is the first registration's, the last is the views' today's."""
    html = public.get("/pages/villages/V01").text
    shown = _weeks_shown(html)
    assert shown[0] == "2024-01-01"  # registered on Tuesday 2024-01-02, not twelve weeks back
    assert shown == [w.isoformat() for w in heatmap.weeks_between(
        date(2024, 1, 2), date.fromisoformat(shown[-1]))]
    assert "自首户建档至今" in html


def test_a_long_period_is_cut_into_years_headed_by_months(public: TestClient) -> None:
    """Two years and more: one block per year, each at most 53 weeks, months over the weeks."""
    html = public.get("/pages/villages/V01", params={"weeks": 120}).text
    years = re.findall(r'<table class="heatmap" data-year="(\d{4})">', html)
    assert years == ["2021", "2022", "2023", "2024"]
    blocks = html.split('<table class="heatmap"')[1:]
    for block in blocks:
        weeks = len(re.findall(r'<th class="week"', block))
        months = sum(int(n) for n in re.findall(r'<th class="month" colspan="(\d+)"', block))
        assert 0 < weeks <= 53
        assert months == weeks
    assert len(_weeks_shown(html)) == 120


def test_segments_split_at_new_year_and_months_add_up() -> None:
    """The pure grid: Mondays of a year stay together; month spans count the weeks."""
    weeks = heatmap.weeks_between(date(2023, 12, 1), date(2024, 2, 10))
    grid = heatmap.build(weeks, [], [])
    first, second = grid.segments
    assert (first.year, second.year) == (2023, 2024)
    assert first.months == [(11, 1), (12, 4)]  # 2023-11-27 is the Monday of 1 December
    assert second.start == len(first.weeks)
    assert sum(n for _, n in second.months) == len(second.weeks)
