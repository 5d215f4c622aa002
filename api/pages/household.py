"""One household: the replay (户档回放), the handbook (扶贫手册) and the basic-information sheet
(基本信息清单), all generated from its events. Personal detail: signed-in readers only,
within scope or break-glass, and every read is recorded before it is answered."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request, Response

from api.auth import Place, Principal
from api.deps import SourceDep, ViewsDep
from api.errors import ResourceNotFound
from api.pages import pdf, reads, replay
from api.pages.access import PagePrincipal, open_detail
from api.pages.forms import Form, cadre_names, handbook_context, sheet_context
from api.pages.rendering import HEADERS, render
from api.pages.routing import Code, page_router
from projections import queries
from projections.asof import household_as_of
from projections.db import ViewDb

router = page_router()


@router.get("/pages/households/{code}")
def household_replay(request: Request, code: Code, db: ViewsDep, source: SourceDep,
                     principal: PagePrincipal, on: date | None = None) -> Response:
    """The timeline with a scrubber: the state as the ledger knew it after each event."""
    household = _open(request, db, principal, code)
    rows = reads.household_events(db, code)
    names = cadre_names(db, household, rows)
    found = replay.build(household_as_of(source, code, views=db), rows, on, names,
                         visible=principal.sees_personal)
    return render(request, "household.html", household=household, replay=found, on=on,
                  frames=[f.as_json() for f in found.frames], names=names)


@router.get("/pages/households/{code}/handbook")
def household_handbook(request: Request, code: Code, db: ViewsDep,
                       principal: PagePrincipal) -> Response:
    """扶贫手册: the household's record book, printable on A4 (and as PDF)."""
    household = _open(request, db, principal, code)
    return render(request, "handbook.html", **handbook_context(db, household))


@router.get("/pages/households/{code}/sheet")
def household_sheet(request: Request, code: Code, db: ViewsDep,
                    principal: PagePrincipal) -> Response:
    """基本信息清单: one printable page of the household's basic information (and as PDF)."""
    household = _open(request, db, principal, code)
    return render(request, "sheet.html", **sheet_context(db, household))


@router.get("/pages/households/{code}/{form}.pdf")
def household_pdf(request: Request, code: Code, form: Form, db: ViewsDep,
                  principal: PagePrincipal) -> Response:
    """The handbook or the sheet as a PDF, from the same template as the page."""
    household = _open(request, db, principal, code)
    content = pdf.form_pdf(db, household, form)
    return Response(content, media_type="application/pdf", headers={
        **HEADERS, "Content-Disposition": f'inline; filename="{form}-{code}.pdf"'})


def _open(request: Request, db: ViewDb, principal: Principal, code: str) -> dict[str, Any]:
    """The household's current state, after the reach check and the access record."""
    household = queries.household_state(db, code)
    if household is None:
        raise ResourceNotFound("household", code)
    place = Place(household["township_code"], household["village_code"])
    open_detail(db, request, principal, place, f"household:{code}")
    return household
