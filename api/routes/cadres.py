"""``/v1/cadres``: a cadre's record and trail of actions (干部档案、履职痕迹)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api import replies
from api.auth import EVERYWHERE, Principal, Reach, reach
from api.deps import PrincipalDep, ViewsDep
from api.errors import ResourceNotFound
from api.openapi import problems
from api.paging import CursorQuery, LimitQuery, decode_cursor
from api.readmodel import cadre_covered_places, empty_page, tolerant
from api.routes.params import CadreCode
from api.schemas.cadres import CadreActionOut, CadreOut
from api.schemas.common import PageOut, validate_rows
from projections import queries
from projections.db import ViewDb

router = APIRouter(prefix="/v1/cadres", tags=["cadres"])


@router.get("/{code}", response_model=CadreOut, responses=problems(403, 404),
            summary="One cadre · 干部档案")
async def get_cadre(request: Request, code: CadreCode, db: ViewsDep,
                    principal: PrincipalDep) -> Response:
    """A cadre's posts, counts of actions, late actions and total recording lag."""
    found, seen = _cadre(db, code, principal)
    return replies.detail(request, principal, db, CadreOut.model_validate(found), reach=seen,
                          subject=f"cadre:{code}")


@router.get("/{code}/trail", response_model=PageOut[CadreActionOut],
            responses=problems(403, 404), summary="A cadre's trail · 履职痕迹")
async def cadre_trail(request: Request, code: CadreCode, db: ViewsDep,
                      principal: PrincipalDep, cursor: CursorQuery = None,
                      limit: LimitQuery = 50) -> Response:
    """The cadre's actions in log order: visits, calls, diary, plans, approvals, corrections."""
    _, seen = _cadre(db, code, principal)
    after = decode_cursor(cursor, int)
    found = tolerant(lambda: queries.cadre_trail(db, code, after, limit), empty_page())
    items = [(action, seen) for action in validate_rows(CadreActionOut, found.items)]
    following = None if found.next_cursor is None else int(found.next_cursor)
    return replies.page(request, principal, db, CadreActionOut, items, following,
                        subject=f"cadre:{code}/trail")


def _cadre(db: ViewDb, code: str, principal: Principal) -> tuple[dict[str, Any], Reach]:
    found = tolerant(lambda: queries.cadre(db, code), None)
    if found is None:
        raise ResourceNotFound("cadre", code)
    places = cadre_covered_places(found, db) or [EVERYWHERE]
    covered = [p for p in places if principal.covers(p)]
    return found, reach(principal, covered[0] if covered else places[0])
