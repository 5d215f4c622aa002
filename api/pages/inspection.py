"""Inspection pages (巡察): every round with its coverage of villages, findings with deadlines
and overdue status, and one round's villages. Counts and codes for anyone; a finding's
description only for readers without a scope limit or whose scope covers its place."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from api.auth import EVERYWHERE, Place, Principal
from api.deps import ViewsDep
from api.errors import ResourceNotFound
from api.pages.access import PagePrincipal, record_list
from api.pages.rendering import render
from api.pages.routing import Code, page_router
from projections import inspection

router = page_router()


@router.get("/pages/inspection")
def inspection_overview(request: Request, db: ViewsDep, principal: PagePrincipal,
                        overdue: bool | None = None) -> Response:
    """Rounds, coverage and every finding by deadline (only the overdue ones when asked)."""
    findings = _shown(principal, inspection.findings(
        db, {"overdue": overdue}, limit=inspection.MAX_LIMIT).items)
    visible = any(f["description"] for f in findings)
    if visible:
        record_list(db, request, principal, "findings")
    return render(request, "inspection.html", rounds=inspection.rounds(db), findings=findings,
                  overdue=overdue, overdue_count=inspection.overdue_count(db),
                  as_of=inspection.as_of_date(db), visible=principal.sees_personal)


@router.get("/pages/rounds/{code}")
def round_page(request: Request, code: Code, db: ViewsDep, principal: PagePrincipal) -> Response:
    """One round: each village of its townships covered or not, and its findings."""
    found = inspection.round_summary(db, code)
    villages = inspection.coverage(db, code)
    if found is None or villages is None:
        raise ResourceNotFound("round", code)
    findings = _shown(principal, inspection.findings(
        db, {"round": code}, limit=inspection.MAX_LIMIT).items)
    if any(f["description"] for f in findings):
        record_list(db, request, principal, f"round:{code}")
    return render(request, "round.html", round=found, villages=villages, findings=findings,
                  visible=principal.sees_personal)


def _shown(principal: Principal, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings with the description blanked where the reader may not see it."""
    return [{**f, "description": f["description"] if principal.covers(_place(f)) else None}
            for f in findings]


def _place(finding: dict[str, Any]) -> Place:
    if finding.get("village_code") or finding.get("township_code"):
        return Place(finding.get("township_code"), finding.get("village_code"))
    return EVERYWHERE
