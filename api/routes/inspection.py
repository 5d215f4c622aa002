"""``/v1/findings``, ``/v1/rounds`` and ``/v1/rounds/{code}/coverage``: inspection rounds
(巡察), the villages each covered, and findings with their deadlines and overdue status.

Overdue has one definition, :func:`projections.inspection.overdue_condition`; the county
overview page counts it with the same function. A finding's free-text description is personal:
the public and readers out of scope see it blank.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from api import replies
from api.auth import EVERYWHERE, Place, Reach, reach
from api.deps import PrincipalDep, ViewsDep
from api.errors import ResourceNotFound
from api.openapi import problems
from api.paging import CursorQuery, LimitQuery, decode_cursor
from api.readmodel import empty_page, tolerant
from api.routes.params import CODE_PATTERN, CadreFilter
from api.schemas.common import PageOut, validate_rows
from api.schemas.inspection import CoverageOut, FindingItemOut, RoundOut
from projections import inspection

router = APIRouter(tags=["inspection"])
RoundFilter = Annotated[str | None, Query(pattern=CODE_PATTERN, description="Round code · 轮次")]
RoundPath = Path(pattern=CODE_PATTERN, description="Round code · 轮次编号")


@router.get("/v1/findings", response_model=PageOut[FindingItemOut], responses=problems(),
            summary="Findings with deadlines · 巡察问题与整改期限")
async def list_findings(
    request: Request, db: ViewsDep, principal: PrincipalDep,
    status: Annotated[str | None, Query(
        pattern=f"^({'|'.join(inspection.FINDING_STATUSES)})$",
        description="open, rectified, closed or transferred · 状态")] = None,
    overdue: Annotated[bool | None, Query(description="Only overdue (true) or none of them "
                                          "(false) · 逾期")] = None,
    round: RoundFilter = None,  # noqa: A002 - the resource's own name
    owner: CadreFilter = None,
    cursor: CursorQuery = None, limit: LimitQuery = 50,
) -> Response:
    """Findings, nearest deadline first, each with ``overdue`` and ``days_overdue`` on the
    views' as-of day (the day of the last event they applied, Asia/Shanghai)."""
    filters: dict[str, Any] = {"status": status, "overdue": overdue, "round": round,
                               "owner": owner}
    after = decode_cursor(cursor, str)
    found = tolerant(lambda: inspection.findings(db, filters, after, limit), empty_page())
    rows = validate_rows(FindingItemOut, found.items)
    items = [(row, reach(principal, _place(item), refuse=False))
             for row, item in zip(rows, found.items, strict=True)]
    return replies.page(request, principal, db, FindingItemOut, items, found.next_cursor,
                        subject="findings")


@router.get("/v1/rounds", response_model=PageOut[RoundOut], responses=problems(),
            summary="Inspection rounds · 巡察轮次")
async def list_rounds(request: Request, db: ViewsDep, principal: PrincipalDep,
                      lead: CadreFilter = None) -> Response:
    """Every round, oldest first, with villages covered, findings and overdue findings."""
    empty: list[dict[str, Any]] = []
    found = tolerant(lambda: inspection.rounds(db, lead), empty)
    items = [(row, Reach.PUBLIC) for row in validate_rows(RoundOut, found)]
    return replies.page(request, principal, db, RoundOut, items, None, subject="rounds")


@router.get("/v1/rounds/{code}/coverage", response_model=CoverageOut, responses=problems(404),
            summary="A round's coverage of villages · 巡察覆盖")
async def round_coverage(request: Request, code: Annotated[str, RoundPath], db: ViewsDep,
                         principal: PrincipalDep) -> Response:
    """Every village of the round's townships: spot checks, households checked, findings,
    and whether the round covered it; ``is_complete`` when it covered them all."""
    detail = tolerant(lambda: inspection.round_summary(db, code), None)
    villages = tolerant(lambda: inspection.coverage(db, code), None)
    if detail is None or villages is None:
        raise ResourceNotFound("round", code)
    body = CoverageOut.model_validate({"round": detail, "villages": villages,
                                       "is_complete": all(v["is_covered"] for v in villages)})
    return replies.detail(request, principal, db, body, reach=Reach.PUBLIC,
                          subject=f"round:{code}")


def _place(finding: dict[str, Any]) -> Place:
    if finding.get("village_code") or finding.get("township_code"):
        return Place(finding.get("township_code"), finding.get("village_code"))
    if finding.get("subject_kind") == "township":
        return Place(finding.get("subject_code"))
    return EVERYWHERE
