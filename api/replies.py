"""Answering a read: mask for the caller, record personal reads, ETag and conditional GET.

Every JSON answer goes through here, so the masking policy, the access log and the ETag are
applied in one place. The ETag is strong: a SHA-256 of the body bytes; ``If-None-Match`` with
that tag answers 304 with no body. Answers vary by caller, so they are ``private``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

from fastapi import Request, Response
from pydantic import BaseModel

from api.access_log import AccessRecord, record_access
from api.auth import Principal, Reach
from api.masking import has_personal, mask_for
from api.paging import encode_cursor, next_link
from api.schemas.common import OutModel, PageOut
from projections.db import ViewDb

M = TypeVar("M", bound=OutModel)
JSON = "application/json"
VARY = "Authorization, X-Access-Reason"


def detail(request: Request, principal: Principal, db: ViewDb, payload: BaseModel, *,
           reach: Reach, subject: str) -> Response:
    """One resource as this caller may see it; a personal read is logged first."""
    shown = mask_for(principal, payload, reach)
    if reach is not Reach.PUBLIC and has_personal(shown):
        log_read(request, principal, db, subject, is_break_glass=reach is Reach.BREAK_GLASS)
    return conditional(request, shown.model_dump_json().encode(), JSON)


def page(request: Request, principal: Principal, db: ViewDb, model: type[M],
         items: Sequence[tuple[M, Reach]], next_key: str | int | None, *,
         subject: str) -> Response:
    """A page of ``model`` items, each masked by its own reach, with its next link."""
    shown = [mask_for(principal, item, reach) for item, reach in items]
    cursor = None if next_key is None else encode_cursor(next_key)
    body = PageOut[model](  # type: ignore[valid-type]  # a runtime-chosen item model
        items=shown, next_cursor=cursor, next=next_link(request, cursor))
    reaches = {reach for (_, reach), item in zip(items, shown, strict=True)
               if reach is not Reach.PUBLIC and has_personal(item)}
    if reaches:
        log_read(request, principal, db, subject, is_break_glass=Reach.BREAK_GLASS in reaches)
    return conditional(request, body.model_dump_json().encode(), JSON)


def log_read(request: Request, principal: Principal, db: ViewDb, subject: str, *,
             is_break_glass: bool) -> None:
    """Write one access-log row for this request."""
    query = request.url.query
    path = f"{request.url.path}?{query}" if query else request.url.path
    record_access(db, principal, AccessRecord(subject, request.method, path, is_break_glass))


def conditional(request: Request, body: bytes, media_type: str) -> Response:
    """200 with a strong ETag, or 304 when the client already holds this body."""
    tag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    headers = {"ETag": tag, "Cache-Control": "private, no-cache", "Vary": VARY}
    if _matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _matches(header: str | None, tag: str) -> bool:
    if not header:
        return False
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in candidates or tag in candidates
