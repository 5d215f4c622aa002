"""The one definition of an overdue finding (逾期未整改), shared by the figures, the findings
API and the inspection pages."""

from __future__ import annotations


def overdue_condition(alias: str = "") -> str:
    """The one definition of an overdue finding, as SQL on ``view_finding`` (under ``alias``
    when given); its one parameter is the as-of day, ``YYYY-MM-DD``."""
    p = f"{alias}." if alias else ""
    return f"{p}status = 'open' AND {p}is_retracted = 0 AND {p}deadline_on < ?"
