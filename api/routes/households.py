"""``/v1/households``: the list, one household, its full history and its state as of a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api import replies
from api.auth import Place, reach
from api.deps import PrincipalDep, ResourcesDep, SourceDep, ViewsDep
from api.errors import ResourceNotFound
from api.openapi import problems
from api.paging import CursorQuery, LimitQuery, decode_cursor
from api.proofs import Prover
from api.readmodel import empty_page, household_place, is_unbuilt, tolerant
from api.resources import Resources
from api.routes.params import (
    CadreFilter,
    Day,
    HouseholdCode,
    Instant,
    TownshipFilter,
    VillageFilter,
)
from api.schemas.common import PageOut, validate_rows
from api.schemas.households import HouseholdAsOfOut, HouseholdOut, HouseholdSummaryOut
from api.schemas.timeline import EventOut
from ledger.domain.values import HouseholdCategory, HouseholdStatus
from projections import queries
from projections.asof import AsOf
from projections.db import ViewDb
from projections.source import EventSource

router = APIRouter(prefix="/v1/households", tags=["households"])


@router.get("", response_model=PageOut[HouseholdSummaryOut], responses=problems(),
            summary="List households · 贫困户列表")
async def list_households(
    request: Request, db: ViewsDep, principal: PrincipalDep,
    village: VillageFilter = None, township: TownshipFilter = None,
    status: Annotated[HouseholdStatus | None, Query(description="状态 status")] = None,
    category: Annotated[HouseholdCategory | None, Query(description="贫困户属性")] = None,
    cadre: CadreFilter = None, cursor: CursorQuery = None, limit: LimitQuery = 50,
) -> Response:
    """Households in code order, filtered by village, township, status, category or cadre."""
    filters = {"village": village, "township": township, "cadre": cadre,
               "status": status.value if status else None,
               "category": category.value if category else None}
    after = decode_cursor(cursor, str)
    found = tolerant(lambda: queries.list_households(db, filters, after, limit), empty_page())
    models = validate_rows(HouseholdSummaryOut, found.items)
    items = [(model, reach(principal, Place(model.township_code, model.village_code),
                           refuse=False)) for model in models]
    return replies.page(request, principal, db, HouseholdSummaryOut, items, found.next_cursor,
                        subject="households")


@router.get("/{code}", response_model=HouseholdOut, responses=problems(403, 404),
            summary="One household · 户详情")
async def get_household(request: Request, code: HouseholdCode, db: ViewsDep,
                        principal: PrincipalDep, resources: ResourcesDep) -> Response:
    """The household now: members, plan, cadres, income, assistance, open findings."""
    today = resources.views_clock.now(db)
    found = tolerant(lambda: queries.household_state(db, code, today), None)
    if found is None:
        raise ResourceNotFound("household", code)
    seen = reach(principal, Place(found["township_code"], found["village_code"]))
    return replies.detail(request, principal, db, HouseholdOut.model_validate(found),
                          reach=seen, subject=f"household:{code}")


@router.get("/{code}/events", response_model=PageOut[EventOut], responses=problems(403, 404),
            summary="A household's full history · 户全部事件")
async def household_events(
    request: Request, code: HouseholdCode, db: ViewsDep, principal: PrincipalDep,
    resources: ResourcesDep, cursor: CursorQuery = None, limit: LimitQuery = 50,
    proofs: Annotated[bool, Query(description="Add each event's inclusion proof · 附包含证明")]
    = False,
    tree_size: Annotated[int | None, Query(ge=0, description="Prove against this tree size "
                                           "(default: the current tree) · 树大小")] = None,
) -> Response:
    """Every event about the household, in log order; with ``proofs``, each one's proof."""
    place = household_place(db, code)
    if place is None:
        raise ResourceNotFound("household", code)
    seen = reach(principal, place)
    after = decode_cursor(cursor, int)
    found = tolerant(lambda: queries.timeline(db, {"household": code}, after, limit),
                     empty_page())
    rows = await run_in_threadpool(_with_proofs, resources, found.items, tree_size) \
        if proofs else found.items
    items = [(event, seen) for event in validate_rows(EventOut, rows)]
    following = None if found.next_cursor is None else int(found.next_cursor)
    return replies.page(request, principal, db, EventOut, items, following,
                        subject=f"household:{code}/events")


@router.get("/{code}/state", response_model=HouseholdAsOfOut, responses=problems(403, 404),
            summary="A household as of a time · 户历史状态")
def household_state(
    request: Request, code: HouseholdCode, db: ViewsDep, source: SourceDep,
    principal: PrincipalDep,
    as_of: Annotated[Instant | None, Query(description="As recorded up to this instant "
                                           "(ISO 8601) · 记录截止时间")] = None,
    business_date: Annotated[Day | None, Query(description="Only what happened by this "
                                               "date · 业务截止日期")] = None,
) -> Response:
    """Replay the household's events: what the ledger said at ``as_of`` about ``business_date``."""
    found = _as_of(source, db, code, as_of, business_date)
    state = found.state
    seen = reach(principal, Place(state.get("township_code"), state.get("village_code")))
    payload = HouseholdAsOfOut.model_validate({
        "code": code, "as_of": found.recorded_at, "business_date": found.business_date,
        "state": state, "applied": [asdict(s) for s in found.applied],
        "later": [asdict(s) for s in found.later]})
    return replies.detail(request, principal, db, payload, reach=seen,
                          subject=f"household:{code}/state")


def _with_proofs(resources: Resources, rows: list[dict[str, Any]],
                 tree_size: int | None) -> list[dict[str, Any]]:
    prover = Prover(resources.recorder, tree_size)
    return [{**row, "inclusion": prover.inclusion(int(row["position"]))} for row in rows]


def _as_of(source: EventSource, db: ViewDb, code: str, as_of: dt.datetime | None,
           business_date: dt.date | None) -> AsOf:
    try:
        return queries.household_as_of(source, code, as_of, business_date, views=db)
    except Exception as error:
        if not is_unbuilt(error):
            raise
    return queries.household_as_of(source, code, as_of, business_date)
