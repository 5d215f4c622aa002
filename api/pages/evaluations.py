"""Evaluation pages (考核评价): a ranking of townships, villages or cadres for a period, each
with its points per rule, and the receipt anyone can recompute (``ledger evaluate --check``);
the evaluations published in the sealed log beside it.

Scores name units by code and carry counts only, so anyone may open these pages.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from api.deps import SourceDep, ViewsDep
from api.errors import InvalidParameter
from api.pages.access import PagePrincipal
from api.pages.rendering import render
from api.pages.routing import page_router
from projections.db import ViewDb
from projections.evaluation import queries
from projections.evaluation.periods import BadPeriod
from projections.evaluation.regulation import NoRegulation

router = page_router()
PERIOD = r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"


@router.get("/pages/evaluations")
def ranking(request: Request, db: ViewsDep, source: SourceDep, principal: PagePrincipal,
            period: Annotated[str | None, Query(pattern=PERIOD)] = None,
            level: Annotated[str, Query(pattern=r"^(cadre|village|township)$")] = "township",
            ) -> Response:
    """The ranking of one level for a period (default: the year of the views' last day)."""
    chosen = period or _this_year(db)
    try:
        found = queries.live(db, source, chosen, level)
    except (BadPeriod, NoRegulation) as error:
        raise InvalidParameter("period", str(error)) from None
    return render(request, "evaluations.html", receipt=found, period=chosen, level=level,
                  published=queries.published(db))


def _this_year(db: ViewDb) -> str:
    row = db.fetchone("SELECT knowledge FROM view_accountability_clock WHERE name = ?",
                      ("knowledge",)) if db.table_exists("view_accountability_clock") else None
    return str(row[0])[:4] if row and row[0] else "2018"
