"""``/v1/obligations``, ``/v1/violations`` and ``/v1/accountability`` (可问责), read-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api import replies
from api.auth import Place, Principal, Reach, reach
from api.deps import PrincipalDep, ViewsDep
from api.errors import ResourceNotFound
from api.openapi import problems
from api.paging import CursorQuery, LimitQuery, decode_cursor
from api.readmodel import tolerant
from api.routes.params import CODE_PATTERN, Instant, code_query
from api.schemas.accountability import AccountabilityOut, ObligationOut, ViolationOut
from api.schemas.common import OutModel, PageOut, validate_rows
from projections.accountability import queries
from projections.db import ViewDb

router = APIRouter(tags=["accountability"])
M = TypeVar("M", bound=OutModel)
Owner = Annotated[str | None, code_query("Owner cadre · 责任人")]
Village = Annotated[str | None, code_query("Village · 村")]
Township = Annotated[str | None, code_query("Township · 乡镇")]
LEVELS = r"^(household_cadre|village_leader|township_lead|county_leader|inspector)$"
Level = Annotated[str | None, Query(pattern=LEVELS, description="Level · 层级")]
Duty = Annotated[str | None, Query(pattern=r"^[a-z_.]{1,64}$", description="Duty code · 职责")]
PERIOD = r"^[\w\-]{1,32}$"
STATUSES = r"^(open|met|met_late|missed|excused)$"


def _filters(owner: str | None, level: str | None, village: str | None, township: str | None,
             kind: str | None, status: str | None, period: str | None) -> dict[str, Any]:
    return {"owner": owner, "level": level, "village": village, "township": township,
            "kind": kind, "status": status, "period": period}


@router.get("/v1/obligations", response_model=PageOut[ObligationOut], responses=problems(),
            summary="Obligations · 履职义务")
async def obligations(
    request: Request, db: ViewsDep, principal: PrincipalDep,
    owner: Owner = None, level: Level = None, village: Village = None,
    township: Township = None, kind: Duty = None,
    status: Annotated[str | None, Query(pattern=STATUSES, description="Status · 状态")] = None,
    period: Annotated[str | None, Query(pattern=PERIOD,
                                        description="Period, e.g. 2024-W03 · 周期")] = None,
    cursor: CursorQuery = None, limit: LimitQuery = 50,
) -> Response:
    """Obligations in id order, by owner, level, village, township, duty, status or period."""
    filters = _filters(owner, level, village, township, kind, status, period)
    after = decode_cursor(cursor, str)
    found = tolerant(lambda: queries.obligations(db, filters, after, limit), queries.Page())
    return _page(request, principal, db, ObligationOut, found, "obligations")


@router.get("/v1/violations", response_model=PageOut[ViolationOut], responses=problems(),
            summary="Violations with their escalation · 违规及逐级问责")
async def violations(
    request: Request, db: ViewsDep, principal: PrincipalDep,
    owner: Owner = None, level: Level = None, village: Village = None,
    township: Township = None, kind: Duty = None,
    period: Annotated[str | None, Query(pattern=PERIOD, description="Period · 周期")] = None,
    cursor: CursorQuery = None, limit: LimitQuery = 50,
) -> Response:
    """Violations (windows closed with nothing on record), each with its chain of follow-ups."""
    filters = _filters(owner, level, village, township, kind, None, period)
    after = decode_cursor(cursor, str)
    found = tolerant(lambda: queries.violations(db, filters, after, limit), queries.Page())
    return _page(request, principal, db, ViolationOut, found, "violations")


@router.get("/v1/accountability/{kind}/{code}", response_model=AccountabilityOut,
            responses=problems(404), summary="Chain of responsibility on a day · 问责链")
async def chain(
    request: Request,
    kind: Annotated[Literal["household", "village"], Path(description="Kind · 户或村")],
    code: Annotated[str, Path(pattern=CODE_PATTERN, description="Its code · 户或村编号")],
    db: ViewsDep,
    principal: PrincipalDep,
    on: Annotated[dt.date, Query(description="The day asked about · 日期")],
    as_known_on: Annotated[Instant | None, Query(description="As the ledger knew it then "
                                                 "(ISO 8601 instant) · 当时已知")] = None,
) -> Response:
    """Who held each level that day, what they owed then and every violation up to it."""
    answer = await run_in_threadpool(
        lambda: tolerant(lambda: queries.accountability(db, kind, code, on, as_known_on), None))
    if answer is None:
        raise ResourceNotFound(kind, code)
    body = AccountabilityOut.model_validate(asdict(answer))
    place = Place(None, code if kind == "village" else _village(answer.obligations))
    return replies.detail(request, principal, db, body, reach=_reach_place(principal, place),
                          subject=f"accountability:{kind}:{code}")


def _village(rows: list[dict[str, Any]]) -> str | None:
    return next((r["village_code"] for r in rows if r["village_code"]), None)


def _page(request: Request, principal: Principal, db: ViewDb, model: type[M],
          found: queries.Page, subject: str) -> Response:
    """A page of rows, each masked by the reach of its own place."""
    items = [(item, _reach(principal, row))
             for item, row in zip(validate_rows(model, found.items), found.items, strict=True)]
    return replies.page(request, principal, db, model, items, found.next_cursor,
                        subject=subject)


def _reach(principal: Principal, row: dict[str, Any]) -> Reach:
    return _reach_place(principal, Place(row["township_code"] or None,
                                         row["village_code"] or None))


def _reach_place(principal: Principal, place: Place) -> Reach:
    return reach(principal, place, refuse=False)
