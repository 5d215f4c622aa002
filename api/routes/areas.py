"""``/v1/villages``, ``/v1/townships`` and ``/v1/stats/county``: figures, all aggregates."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api import replies
from api.auth import Reach
from api.deps import PrincipalDep, ViewsDep
from api.errors import ResourceNotFound
from api.openapi import problems
from api.readmodel import tolerant
from api.routes.params import TownshipCode, VillageCode
from api.schemas.areas import CountyStatsOut, TownshipOut, VillageOut
from projections import queries

router = APIRouter(tags=["areas"])


@router.get("/v1/villages/{code}", response_model=VillageOut, responses=problems(404),
            summary="One village · 村详情")
async def get_village(request: Request, code: VillageCode, db: ViewsDep,
                      principal: PrincipalDep) -> Response:
    """A village's record, leaders, statistics, programmes and income by year."""
    found = tolerant(lambda: queries.village(db, code), None)
    if found is None:
        raise ResourceNotFound("village", code)
    return replies.detail(request, principal, db, VillageOut.model_validate(found),
                          reach=Reach.PUBLIC, subject=f"village:{code}")


@router.get("/v1/townships/{code}", response_model=TownshipOut, responses=problems(404),
            summary="One township · 乡镇详情")
async def get_township(request: Request, code: TownshipCode, db: ViewsDep,
                       principal: PrincipalDep) -> Response:
    """A township's record and statistics, with its villages' headline figures."""
    found = tolerant(lambda: queries.township(db, code), None)
    if found is None:
        raise ResourceNotFound("township", code)
    return replies.detail(request, principal, db, TownshipOut.model_validate(found),
                          reach=Reach.PUBLIC, subject=f"township:{code}")


@router.get("/v1/stats/county", response_model=CountyStatsOut, responses=problems(),
            summary="County statistics · 全县统计")
async def county_stats(request: Request, db: ViewsDep,
                       principal: PrincipalDep) -> Response:
    """The county's figures: households by status and category, funds, projects, exits."""
    found: dict[str, Any] = tolerant(lambda: queries.county_stats(db), {})
    return replies.detail(request, principal, db, CountyStatsOut.model_validate(found),
                          reach=Reach.PUBLIC, subject="county")
