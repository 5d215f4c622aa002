"""``/v1/timeline``: every event in log order, filtered (审计时间线)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api import replies
from api.auth import Principal, reach
from api.deps import PrincipalDep, ViewsDep
from api.errors import InvalidParameter
from api.openapi import problems
from api.paging import CursorQuery, LimitQuery, decode_cursor
from api.readmodel import cadre_units, empty_page, event_place, tolerant, village_townships
from api.routes.params import Instant
from api.schemas.common import PageOut, validate_rows
from api.schemas.timeline import EventOut
from projections import queries
from projections.db import ViewDb
from projections.formats import instant

router = APIRouter(tags=["timeline"])
SUBJECT_FILTERS = {"household": "household", "cadre": "cadre", "village": "village",
                   "fund": "fund"}
SUBJECT_PATTERN = r"^(household|cadre|village|fund):[\w.\-]{1,64}$"


@router.get("/v1/timeline", response_model=PageOut[EventOut], responses=problems(),
            summary="Audit timeline · 审计时间线")
async def timeline(
    request: Request, db: ViewsDep, principal: PrincipalDep,
    type: Annotated[str | None, Query(pattern=r"^\w{1,64}$",  # noqa: A002 - the issue's name
                                      description="Event type, e.g. Visited · 事件类型")] = None,
    actor: Annotated[str | None, Query(max_length=128, description="Who recorded · 记录人")]
    = None,
    subject: Annotated[str | None, Query(pattern=SUBJECT_PATTERN, description="household:CODE, "
                                         "cadre:CODE, village:CODE or fund:CODE · 对象")] = None,
    from_: Annotated[Instant | None, Query(alias="from", description="Recorded at or after "
                                           "(ISO 8601) · 记录起")] = None,
    to: Annotated[Instant | None, Query(description="Recorded at or before · 记录止")] = None,
    late: Annotated[bool, Query(description="Only late records · 仅补记")] = False,
    cursor: CursorQuery = None, limit: LimitQuery = 50,
) -> Response:
    """Events in log order by type, actor, subject, recorded time, late only."""
    filters = _filters(type, actor, subject, from_, to, late)
    after = decode_cursor(cursor, int)
    found = tolerant(lambda: queries.timeline(db, filters, after, limit), empty_page())
    townships, units = _places(db, principal, found.items)
    events = validate_rows(EventOut, found.items)
    items = [(event, reach(principal, event_place(row, townships, units), refuse=False))
             for event, row in zip(events, found.items, strict=True)]
    following = None if found.next_cursor is None else int(found.next_cursor)
    return replies.page(request, principal, db, EventOut, items, following, subject="timeline")


def _places(db: ViewDb, principal: Principal,
            rows: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """Village → township, and cadre → unit, when the caller's scope needs them."""
    if principal.scope is None:
        return {}, {}
    cadres = {r["subject_code"] for r in rows if r.get("subject_kind") == "cadre"}
    return village_townships(db), cadre_units(db, cadres)


def _filters(kind: str | None, actor: str | None, subject: str | None,
             start: dt.datetime | None, end: dt.datetime | None, late: bool) -> dict[str, Any]:
    found: dict[str, Any] = {"event_type": kind, "actor": actor,
                             "recorded_from": _instant(start), "recorded_until": _instant(end),
                             "is_late": True if late else None}
    if subject is not None:
        kind_name, _, code = subject.partition(":")
        found[SUBJECT_FILTERS[kind_name]] = code
    if start is not None and end is not None and start > end:
        raise InvalidParameter("from", "must not be after `to`")
    return found


def _instant(value: dt.datetime | None) -> str | None:
    return None if value is None else instant(value)
