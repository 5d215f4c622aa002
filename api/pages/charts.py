"""Bar charts as plain SVG geometry (图表): the template draws what these functions place.

Charts are computed on the server, so they render without scripts, print, and read the same
in every browser. Bars are stacked (one column per category) or grouped (side by side).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 16, 56
TICKS = 4


@dataclass(frozen=True)
class Series:
    """One named series of values, one per category (CSS class picks its colour)."""

    label: str
    css: str
    values: Sequence[int]


@dataclass(frozen=True)
class Bar:
    """One rectangle with its tooltip."""

    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Tick:
    """A horizontal grid line and its label."""

    y: float
    label: str


@dataclass(frozen=True)
class Label:
    """A category label under the axis (blank to thin out crowded axes)."""

    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template needs."""

    title: str
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[Label]
    legend: list[Series]
    baseline: float
    left: int = LEFT


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], *,
              stacked: bool = True, unit: str = "", every: int = 1) -> Chart:
    """A bar chart of ``series`` over ``categories``; ``every`` labels every n-th category."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_step(_tallest(categories, series, stacked=stacked) / TICKS) * TICKS
    slot = plot_w / max(1, len(categories))
    bars: list[Bar] = []
    for index, category in enumerate(categories):
        bars += _column(index, category, series, slot, plot_h / top, stacked=stacked, unit=unit)
    ticks = [Tick(TOP + plot_h - plot_h * n / TICKS, _number(top * n / TICKS, unit))
             for n in range(TICKS + 1)]
    labels = [Label(LEFT + slot * (i + 0.5), c if i % every == 0 else "")
              for i, c in enumerate(categories)]
    return Chart(title, WIDTH, HEIGHT, bars, ticks, labels, list(series), TOP + plot_h)


def _column(index: int, category: str, series: Sequence[Series], slot: float, scale: float,
            *, stacked: bool, unit: str) -> list[Bar]:
    bars: list[Bar] = []
    base = float(TOP + HEIGHT - TOP - BOTTOM)
    width = slot * 0.7 if stacked else slot * 0.8 / max(1, len(series))
    x = LEFT + slot * index + slot * (0.15 if stacked else 0.1)
    for number, one in enumerate(series):
        value = one.values[index]
        height = value * scale
        left = x if stacked else x + width * number
        bars.append(Bar(round(left, 1), round(base - height, 1), round(width, 1),
                        round(height, 1), one.css,
                        f"{category} · {one.label}: {_number(value, unit)}"))
        if stacked:
            base -= height
    return bars


def _tallest(categories: Sequence[str], series: Sequence[Series], *, stacked: bool) -> int:
    columns = [[s.values[i] for s in series] for i in range(len(categories))]
    heights = [sum(c) if stacked else max(c, default=0) for c in columns]
    return max(heights, default=0)


def nice_step(value: float) -> int:
    """The smallest whole 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (at least 1).

    Values are counts or fen, so a grid step is a whole number and tick labels stay exact.
    """
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    steps = (step * power for step in (1, 2, 2.5, 5, 10))
    return next(int(step) for step in steps if step >= value and step == int(step))


def _number(value: float, unit: str) -> str:
    if unit == "yuan":
        yuan = value / 100
        return f"¥{yuan / 10_000:,.0f}万" if yuan >= 100_000 else f"¥{yuan:,.0f}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
