"""Page routes answer errors as HTML pages, not problem documents.

The status, stable code and title come from :func:`api.errors.translate`, the API's one
mapping of errors to HTTP; only the body differs (a readable page, in Chinese first).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import ApiError, InvalidParameter, ResourceNotFound, Unavailable, translate
from api.pages.rendering import render
from api.readmodel import is_unbuilt

_log = logging.getLogger("api.pages")
CODE_PATTERN = r"^[A-Za-z0-9_.\-]{1,64}$"
Code = Annotated[str, Path(pattern=CODE_PATTERN)]
"""A household, cadre or village code in a page's path."""
Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class PageRoute(APIRoute):
    """An APIRoute whose failures render ``error.html`` with the API's status and code."""

    def get_route_handler(self) -> Handler:
        """The route's handler, wrapped to turn any error into an HTML error page."""
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as error:
                return error_page(request, error)

        return page_handler


def error_page(request: Request, error: Exception) -> Response:
    """The HTML answer for one error (5xx are logged with their traceback)."""
    found = _as_api_error(error)
    if found.status >= 500:
        _log.error("%s %s failed", request.method, request.url.path, exc_info=error)
    return render(request, "error.html", status_code=found.status, error=found,
                  headers=found.headers)


def _as_api_error(error: Exception) -> ApiError:
    if isinstance(error, RequestValidationError):
        first = error.errors()[0] if error.errors() else {}
        location = [str(p) for p in first.get("loc", ("?",))]
        return InvalidParameter(location[-1], str(first.get("msg", "invalid value")))
    if isinstance(error, StarletteHTTPException) and error.status_code == 404:
        return ResourceNotFound("page", str(error.detail))
    if is_unbuilt(error):
        return Unavailable("the views are not built yet: run `ledger project` first")
    return translate(error)


def page_router() -> APIRouter:
    """A router whose routes render their errors as pages."""
    return APIRouter(route_class=PageRoute, include_in_schema=False)
