"""Who is asking, and how far their detail reaches: roles, scopes and break-glass.

* ``public`` 公众: no token; aggregates and non-personal fields only (see :mod:`api.masking`).
* ``inspector`` 巡察组: full detail within its scope (``township:CODE`` or ``village:CODE``);
  outside it only with an ``X-Access-Reason`` header, recorded as break-glass (紧急查阅).
* ``discipline`` 纪委监委: everything, including the access log.

:func:`current_principal` is the FastAPI dependency; :func:`reach` decides per resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import unquote

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from api.errors import OutOfScope, RoleForbidden, Unauthenticated
from api.tokens import Role, Scope, TokenRecord

if TYPE_CHECKING:
    from api.resources import Resources

ANONYMOUS = "anonymous"
REASON_HEADER = "X-Access-Reason"
MAX_REASON = 500
BEARER = "bearer"


@dataclass(frozen=True)
class Place:
    """Where a resource belongs: its township and village (None when above that level)."""

    township: str | None = None
    village: str | None = None


EVERYWHERE = Place()


@dataclass(frozen=True)
class Principal:
    """The caller: role, scope (None: no limit), token label, and the reason it gave."""

    role: Role
    scope: Scope | None = None
    label: str = ANONYMOUS
    reason: str | None = None

    @property
    def sees_personal(self) -> bool:
        """Whether this caller may ever see personal fields (not the public)."""
        return self.role is not Role.PUBLIC

    def covers(self, place: Place) -> bool:
        """Whether the place lies within this caller's scope."""
        if self.role is Role.DISCIPLINE or self.scope is None:
            return self.role is not Role.PUBLIC
        if self.scope.kind == "township":
            return place.township == self.scope.code
        return place.village == self.scope.code


PUBLIC = Principal(Role.PUBLIC)


class Reach(StrEnum):
    """How much of one resource a caller sees."""

    PUBLIC = "public"
    FULL = "full"
    BREAK_GLASS = "break_glass"


def reach(principal: Principal, place: Place, *, refuse: bool = True) -> Reach:
    """Full detail in scope; out of scope, break-glass with a reason, else refused (or public)."""
    if not principal.sees_personal:
        return Reach.PUBLIC
    if principal.covers(place):
        return Reach.FULL
    if principal.reason:
        return Reach.BREAK_GLASS
    if refuse:
        raise OutOfScope(f"{principal.label} ({principal.scope}) may read this only with an "
                         f"{REASON_HEADER} header, which is recorded")
    return Reach.PUBLIC


def require_role(principal: Principal, *roles: Role) -> None:
    """Refuse callers of any other role."""
    if principal.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise RoleForbidden(f"this resource is for the roles: {allowed}")


async def principal(request: Request) -> Principal:
    """The caller, as a dependency: without a token at once, else looked up in a worker thread."""
    if request.headers.get("authorization") is None:
        return Principal(Role.PUBLIC, reason=access_reason(request.headers.get(REASON_HEADER)))
    return await run_in_threadpool(current_principal, request)


def current_principal(request: Request) -> Principal:
    """The caller of this request (FastAPI dependency): public without a token."""
    reason = access_reason(request.headers.get(REASON_HEADER))
    header = request.headers.get("authorization")
    if header is None:
        return Principal(Role.PUBLIC, reason=reason)
    record = _authenticate(request.app.state.resources, header)
    return Principal(record.role, record.scope, record.label, reason)


def access_reason(raw: str | None) -> str | None:
    """The reason header as text (UTF-8 or percent-encoded), trimmed; None when empty."""
    if raw is None:
        return None
    try:
        text = raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        text = raw
    found = unquote(text).strip()[:MAX_REASON]
    return found or None


def _authenticate(resources: Resources, header: str) -> TokenRecord:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != BEARER or not token.strip():
        raise Unauthenticated("use Authorization: Bearer <token>")
    record = resources.token(token.strip())
    if record is None:
        raise Unauthenticated("unknown token")
    if record.is_revoked:
        raise Unauthenticated("this token was revoked")
    return record
