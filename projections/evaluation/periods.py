"""Evaluation periods: ``2018`` (a year), ``2018-H2``, ``2018-Q3``, ``2018-07``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from projections.errors import ProjectionError

_FORM = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|(0[1-9]|1[0-2])))?$", re.ASCII)


class BadPeriod(ProjectionError):
    """A period that is none of the four forms."""


@dataclass(frozen=True)
class Period:
    """A named run of whole days (Asia/Shanghai calendar), first and last day included."""

    label: str
    first: date
    last: date


def parse_period(text: str) -> Period:
    """``2018`` | ``2018-H2`` | ``2018-Q3`` | ``2018-07``; BadPeriod naming the forms otherwise."""
    match = _FORM.fullmatch(text.strip())
    if match is None:
        raise BadPeriod(f"period {text!r} is not YYYY, YYYY-H1|H2, YYYY-Q1..Q4 or YYYY-MM")
    year, part = int(match.group(1)), match.group(2)
    if not 2000 <= year <= 2100:
        raise BadPeriod(f"period {text!r}: the year must be within 2000..2100")
    if part is None:
        return Period(text, date(year, 1, 1), date(year, 12, 31))
    if part[0] == "H":
        first_month, months = (1, 6) if part == "H1" else (7, 6)
    elif part[0] == "Q":
        first_month, months = 3 * int(part[1]) - 2, 3
    else:
        first_month, months = int(part), 1
    first = date(year, first_month, 1)
    return Period(text, first, _add_months(first, months) - timedelta(days=1))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)
