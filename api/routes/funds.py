"""``/v1/funds``: a fund, its disbursements and projects (资金去向)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api import replies
from api.auth import EVERYWHERE, reach
from api.deps import PrincipalDep, ViewsDep
from api.errors import ResourceNotFound
from api.openapi import problems
from api.readmodel import tolerant
from api.routes.params import FundCode
from api.schemas.funds import FundOut
from projections import queries

router = APIRouter(prefix="/v1/funds", tags=["funds"])


@router.get("/{code}", response_model=FundOut, responses=problems(404),
            summary="One fund · 资金详情")
async def get_fund(request: Request, code: FundCode, db: ViewsDep,
                   principal: PrincipalDep) -> Response:
    """A fund's allocation, disbursements, balance, and the projects and households reached."""
    found = tolerant(lambda: queries.fund(db, code), None)
    if found is None:
        raise ResourceNotFound("fund", code)
    seen = reach(principal, EVERYWHERE, refuse=False)
    return replies.detail(request, principal, db, FundOut.model_validate(found), reach=seen,
                          subject=f"fund:{code}")
