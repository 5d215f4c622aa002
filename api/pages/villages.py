"""Village dashboard (村看板): figures, leaders and the week × household visit heatmap.

Anyone may open it: the figures are aggregates, and the heatmap's rows show household codes
with heads' names masked unless the reader's scope covers the village (then the read is
recorded).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response

from api.auth import Place
from api.deps import ViewsDep
from api.errors import ResourceNotFound
from api.pages import heatmap, reads
from api.pages.access import PagePrincipal, record_list, sees, shown_name
from api.pages.rendering import render
from api.pages.routing import Code, page_router
from projections import queries

router = page_router()
Weeks = Annotated[int | None, Query(ge=4, le=520)]


@router.get("/pages/villages/{code}")
def village_dashboard(request: Request, code: Code, db: ViewsDep, principal: PagePrincipal,
                      weeks: Weeks = None) -> Response:
    """The village's figures and its visit heatmap: the whole period from the first
    registration to today, or only the last ``weeks`` weeks when asked."""
    village = queries.village(db, code)
    if village is None:
        raise ResourceNotFound("village", code)
    visible = sees(principal, Place(village.get("parent_code"), code))
    households = [_named(h, visible=visible) for h in reads.village_households(db, code)]
    today = reads.today(db)
    span = (heatmap.whole_period(households, today) if weeks is None
            else heatmap.weeks_ending(today, weeks))
    grid = heatmap.build(span, households, reads.visits_per_day(
        db, f"{span[0].isoformat()}T00:00:00Z", village=code))
    if visible:
        record_list(db, request, principal, f"village:{code}")
    leaders = [str(a["cadre_code"]) for a in village.get("leaders") or []]
    names = reads.cadre_names(db, leaders) if visible else {}
    return render(request, "village.html", village=village, grid=grid, visible=visible,
                  households=households, leader_names=names,
                  leader_units=reads.cadre_units(db, leaders), weeks=weeks)


def _named(household: dict[str, Any], *, visible: bool) -> dict[str, Any]:
    return {**household, "name": shown_name(household["head_name"], visible=visible)}
