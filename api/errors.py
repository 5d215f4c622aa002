"""Every error the API answers with, and the one place that maps errors to HTTP (RFC 9457).

A problem document is ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and a stable ``code``; a 422 also names the ``parameter``. Codes are a contract:
clients branch on them, so never rename one.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ledger.errors import LedgerError, NotFound
from projections.errors import UnknownFilter

PROBLEM_TYPE_BASE = "https://ledger.example/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
_log = logging.getLogger("api.errors")


class ApiError(Exception):
    """An answer other than success: status, stable code, title and detail."""

    status = 500
    code = "internal_error"
    title = "Internal error · 内部错误"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra

    def problem(self, instance: str) -> dict[str, Any]:
        """The problem document."""
        return {"type": PROBLEM_TYPE_BASE + self.code, "title": self.title,
                "status": self.status, "detail": self.detail, "code": self.code,
                "instance": instance, **self.extra}


class ResourceNotFound(ApiError):
    """No such household, cadre, village, fund, checkpoint or path (404)."""

    status, code, title = 404, "not_found", "Not found · 未找到"

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} not found", kind=kind, key=key)


class InvalidParameter(ApiError):
    """A query or path parameter is malformed or out of range (422)."""

    status, code, title = 422, "invalid_parameter", "Invalid parameter · 参数无效"

    def __init__(self, parameter: str, detail: str) -> None:
        super().__init__(f"{parameter}: {detail}", parameter=parameter)


class Unauthenticated(ApiError):
    """A bearer token was given but is unknown, revoked or malformed (401)."""

    status, code, title = 401, "invalid_token", "Invalid token · 令牌无效"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


class RoleForbidden(ApiError):
    """The caller's role may not read this resource at all (403)."""

    status, code, title = 403, "role_forbidden", "Forbidden for this role · 角色无权访问"


class OutOfScope(ApiError):
    """An inspector asked for detail outside its scope without ``X-Access-Reason`` (403)."""

    status, code, title = 403, "out_of_scope", "Outside your scope · 超出授权范围"


class ReadOnly(ApiError):
    """Any method other than GET or HEAD: the API never writes (405)."""

    status, code, title = 405, "read_only", "Read-only API · 只读接口"

    def __init__(self, method: str) -> None:
        super().__init__(f"{method} is not allowed: this API only reads",
                         headers={"Allow": "GET, HEAD"})


class Unavailable(ApiError):
    """The store or the views cannot answer right now (503)."""

    status, code, title = 503, "unavailable", "Temporarily unavailable · 暂不可用"


def problem_response(error: ApiError, instance: str) -> JSONResponse:
    """The HTTP response for one error."""
    return JSONResponse(error.problem(instance), status_code=error.status,
                        headers=error.headers, media_type=PROBLEM_MEDIA_TYPE)


def translate(error: Exception) -> ApiError:
    """Our errors and the libraries' as API errors (anything unknown is a 500).

    ``OperationalError`` (sqlite3's and psycopg's: locked, unreachable) is a 503.
    """
    if isinstance(error, ApiError):
        return error
    if isinstance(error, NotFound):
        return ResourceNotFound(error.kind, error.key)
    if isinstance(error, UnknownFilter):
        return InvalidParameter(error.unknown[0], str(error))
    if type(error).__name__ == "OperationalError":
        return Unavailable("the database cannot answer now; try again")
    return ApiError(str(error) if isinstance(error, LedgerError) else
                    "an unexpected error occurred; it was logged")


def install(app: FastAPI) -> None:
    """Register the handlers: every error leaves the app as a problem document."""

    async def api_error(request: Request, error: Exception) -> JSONResponse:
        found = translate(error)
        if found.status >= 500:
            _log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        return problem_response(found, request.url.path)

    async def validation(request: Request, error: Exception) -> JSONResponse:
        return problem_response(_invalid(error), request.url.path)

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        return problem_response(_from_http(error, request.url.path), request.url.path)

    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http_error)
    for known in (ApiError, LedgerError, Exception):
        app.add_exception_handler(known, api_error)


def _invalid(error: Exception) -> InvalidParameter:
    errors = error.errors() if isinstance(error, RequestValidationError) else []
    first = errors[0] if errors else {"loc": ("query", "?"), "msg": str(error)}
    location = [str(part) for part in first.get("loc", ())]
    name = location[-1] if location else "?"
    return InvalidParameter(name, str(first.get("msg", "invalid value")))


def _from_http(error: Exception, path: str) -> ApiError:
    status = error.status_code if isinstance(error, StarletteHTTPException) else 500
    if status == 404:
        return ResourceNotFound("path", path)
    if status == 405:
        return ReadOnly("this method")
    found = ApiError(str(getattr(error, "detail", "error")))
    found.status = status
    return found
