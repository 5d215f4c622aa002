"""Who reads a page, how far they reach, and the access log of personal detail (查阅记录).

A browser cannot send ``Authorization`` on a link, so pages also take the API token from an
HttpOnly cookie set by ``/pages/login``; an ``Authorization`` header still wins when present.
Break-glass (紧急查阅) on a page is a ``reason`` query parameter, the page form of the API's
``X-Access-Reason`` header: it is recorded with the read.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Request

from api.access_log import AccessRecord, record_access
from api.auth import PUBLIC, Place, Principal, Reach, access_reason, current_principal, reach
from api.errors import ApiError
from api.resources import Resources
from projections.db import ViewDb

COOKIE = "ledger_page_token"
COOKIE_SECONDS = 8 * 3600


def page_principal(request: Request) -> Principal:
    """The reader of this page: header token, else cookie token, else the public."""
    if request.headers.get("authorization") is not None:
        found = current_principal(request)
    else:
        found = _from_cookie(request)
    reason = access_reason(request.query_params.get("reason"))
    if reason is not None:
        found = replace(found, reason=reason)
    request.state.page_principal = found
    return found


PagePrincipal = Annotated[Principal, Depends(page_principal)]


def _from_cookie(request: Request) -> Principal:
    token = request.cookies.get(COOKIE)
    if not token:
        return PUBLIC
    resources: Resources = request.app.state.resources
    record = resources.token(token)
    if record is None or record.is_revoked:
        request.state.stale_login = True
        return PUBLIC
    return Principal(record.role, record.scope, record.label)


class SignInRequired(ApiError):
    """A public reader opened a page of personal detail (401): nothing is wrong with them,
    the page asks them to sign in (an unknown or revoked token is a separate notice)."""

    status, code, title = 401, "sign_in_required", "需要登录 · sign in to read this page"

    def __init__(self) -> None:
        super().__init__("本页含个人信息，仅巡察组、纪委监委登录后可查阅。This page shows personal "
                         "detail: sign in with an inspector or discipline token.",
                         headers={"WWW-Authenticate": 'Bearer realm="ledger pages"'})


def require_reader(principal: Principal) -> None:
    """Personal-detail pages are for signed-in readers: the public is asked to sign in."""
    if not principal.sees_personal:
        raise SignInRequired


def open_detail(db: ViewDb, request: Request, principal: Principal, place: Place,
                subject: str) -> Reach:
    """Check the reader's reach over a place and record the read before answering."""
    require_reader(principal)
    found = reach(principal, place)
    record_access(db, principal, AccessRecord(
        subject, request.method, _path(request), is_break_glass=found is Reach.BREAK_GLASS))
    return found


def record_list(db: ViewDb, request: Request, principal: Principal, subject: str) -> None:
    """Record a list read that showed names to a signed-in reader."""
    if principal.sees_personal:
        record_access(db, principal, AccessRecord(subject, request.method, _path(request)))


def sees(principal: Principal, place: Place) -> bool:
    """Whether this reader sees personal fields of something at ``place`` (no break-glass)."""
    return reach(principal, place, refuse=False) is not Reach.PUBLIC


def _path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def shown_name(name: str | None, *, visible: bool) -> str:
    """A person's name as this reader may see it: whole, or the surname only (金**)."""
    if not name:
        return "—"
    return name if visible else name[0] + "*" * max(2, len(name) - 1)
