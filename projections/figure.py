"""What a figure (统计指标) is: one key, its labels, its definition, and how the views give it.

Every area figure shown anywhere (``ledger summary``, ``/v1/stats/*``, the overview pages) is a
:class:`Figure` declared by the view whose tables it reads; ``projections.figures`` collects them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from projections.db import ViewDb

LEVELS = ("county", "township", "village")
COUNTY_CODE = "*"


@dataclass(frozen=True)
class Scope:
    """Where and when a figure is taken: an area (level and code) and the as-of date."""

    level: str
    code: str
    as_of: date


Compute = Callable[[ViewDb, Scope], int]


@dataclass(frozen=True)
class Figure:
    """One figure: a stable key, 中文 and English labels, a unit, its definition, its formula."""

    key: str
    label_zh: str
    label_en: str
    unit: str
    definition: str
    compute: Compute
    levels: tuple[str, ...] = LEVELS

    @property
    def is_money(self) -> bool:
        """Amounts are integer fen (分)."""
        return self.unit == "fen"


@dataclass(frozen=True)
class FigureValue:
    """A figure taken for one scope."""

    key: str
    label_zh: str
    label_en: str
    unit: str
    definition: str
    value: int

    @classmethod
    def of(cls, figure: Figure, value: int) -> FigureValue:
        """The figure's labels and definition with its value."""
        return cls(figure.key, figure.label_zh, figure.label_en, figure.unit,
                   figure.definition, value)
