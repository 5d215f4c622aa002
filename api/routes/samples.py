"""``/v1/samples``: each round's sampling frame, seed commitment and draw, to redraw."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from api import replies
from api.auth import Reach
from api.deps import PrincipalDep, ViewsDep
from api.errors import ResourceNotFound
from api.openapi import problems
from api.readmodel import tolerant
from api.routes.params import CODE_PATTERN
from api.schemas.samples import SampleOut
from projections.signals.samples import samples

router = APIRouter(tags=["samples"])
RoundCode = Annotated[str, Path(pattern=CODE_PATTERN, description="Round code · 巡察轮次")]


@router.get("/v1/samples", response_model=None, responses=problems(),
            summary="Spot-check samples · 抽样")
async def list_samples(request: Request, db: ViewsDep, principal: PrincipalDep) -> Response:
    """Every round's sample in log order (frames included): public, so anyone can redraw."""
    none: list[dict[str, Any]] = []
    items = [(SampleOut.model_validate(row), Reach.PUBLIC)
             for row in tolerant(lambda: samples(db), none)]
    return replies.page(request, principal, db, SampleOut, items, None, subject="samples")


@router.get("/v1/samples/{code}", response_model=SampleOut, responses=problems(404),
            summary="One round's sample · 某轮抽样")
async def get_sample(request: Request, code: RoundCode, db: ViewsDep,
                     principal: PrincipalDep) -> Response:
    """A round's frame, commitment and draw."""
    none: list[dict[str, Any]] = []
    found = tolerant(lambda: samples(db, code), none)
    if not found:
        raise ResourceNotFound("sample", code)
    return replies.detail(request, principal, db, SampleOut.model_validate(found[0]),
                          reach=Reach.PUBLIC, subject=f"sample:{code}")
