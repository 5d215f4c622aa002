"""The figures the fund_flows view gives the county: money allocated, disbursed and left (资金)."""

from __future__ import annotations

from projections.db import ViewDb
from projections.figure import Compute, Figure, Scope


def _total(column: str) -> Compute:
    """The sum of a column over every fund in ``view_fund``."""

    def compute(db: ViewDb, scope: Scope) -> int:
        row = db.fetchone(f"SELECT COALESCE(SUM({column}), 0) FROM view_fund")
        return int(row[0]) if row else 0

    return compute


COUNTY_ONLY = ("county",)
FIGURES = (
    Figure("funds_allocated_fen", "资金下达", "funds allocated", "fen",
           "Money allocated to the county's funds (下达), top-ups included; funds have no "
           "township, so this figure is the county's only.", _total("allocated_fen"),
           COUNTY_ONLY),
    Figure("funds_disbursed_fen", "资金拨付", "funds disbursed", "fen",
           "Money paid out of the funds to projects and households, retracted disbursements "
           "left out. Refused disbursements never reach the funds.", _total("disbursed_fen"),
           COUNTY_ONLY),
    Figure("funds_balance_fen", "资金结余", "funds balance", "fen",
           "Allocated less disbursed, summed over the funds.", _total("balance_fen"),
           COUNTY_ONLY),
)
"""The fund_flows view's figures, in display order."""
