"""``/v1/access-log``: who read personal detail, when and why (discipline role only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api import replies
from api.access_log import list_access
from api.auth import Reach, require_role
from api.deps import PrincipalDep, ViewsDep
from api.openapi import problems
from api.paging import CursorQuery, LimitQuery, decode_cursor
from api.readmodel import tolerant
from api.routes.params import Instant
from api.schemas.common import PageOut, validate_rows
from api.schemas.system import AccessEntryOut
from api.tokens import Role

router = APIRouter(prefix="/v1/access-log", tags=["access"])


@router.get("", response_model=PageOut[AccessEntryOut], responses=problems(403),
            summary="Access log · 查阅记录 (纪委监委)")
async def access_log(
    request: Request, db: ViewsDep, principal: PrincipalDep,
    token_label: Annotated[str | None, Query(max_length=64, description="令牌标签 label")]
    = None,
    subject: Annotated[str | None, Query(max_length=200, description="查阅对象, e.g. "
                                         "household:H001")] = None,
    break_glass: Annotated[bool, Query(description="Only out-of-scope reads · 仅越权")] = False,
    from_: Annotated[Instant | None, Query(alias="from", description="From · 起")] = None,
    to: Annotated[Instant | None, Query(description="Until · 止")] = None,
    cursor: CursorQuery = None, limit: LimitQuery = 50,
) -> Response:
    """Every read of personal detail, oldest first; only the discipline role may read it."""
    require_role(principal, Role.DISCIPLINE)
    filters = {"token_label": token_label, "subject": subject,
               "is_break_glass": True if break_glass else None, "from": from_, "to": to}
    after = int(decode_cursor(cursor, int) or 0)
    rows: list[dict[str, Any]] = tolerant(lambda: list_access(db, filters, after, limit), [])
    more = len(rows) > limit
    items = [(entry, Reach.FULL) for entry in validate_rows(AccessEntryOut, rows[:limit])]
    following = int(rows[limit - 1]["id"]) if more else None
    return replies.page(request, principal, db, AccessEntryOut, items, following,
                        subject="access-log")
