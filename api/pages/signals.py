"""A village's formalism signals (村形式主义信号): each signal explained, its events one click
away (the event's inclusion proof page). Note texts only for readers whose scope covers the
village; signals steer inspection and never sanction anyone."""

from __future__ import annotations

from fastapi import Request, Response

from api.auth import Place
from api.deps import ViewsDep
from api.errors import ResourceNotFound
from api.pages.access import PagePrincipal, record_list, sees
from api.pages.rendering import render
from api.pages.routing import Code, page_router
from projections import queries
from projections.signals.detect import SignalFilter, detect

router = page_router()


@router.get("/pages/villages/{code}/signals")
def village_signals(request: Request, code: Code, db: ViewsDep,
                    principal: PagePrincipal) -> Response:
    """Every signal touching the village, raised ones first, near misses after."""
    village = queries.village(db, code)
    if village is None:
        raise ResourceNotFound("village", code)
    visible = sees(principal, Place(village.get("parent_code"), code))
    signals = [s.as_dict() for s in detect(db, SignalFilter(village=code))]
    if visible and any(e["text"] for s in signals for e in s["evidence"]):
        record_list(db, request, principal, f"village:{code}/signals")
    return render(request, "village_signals.html", village=village, signals=signals,
                  visible=visible)
