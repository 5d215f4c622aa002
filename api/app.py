"""The composition root of the HTTP API: :func:`create_app` builds everything, nothing at import.

``create_app(settings)`` makes the resources (nothing opens until first use), installs the
error handlers, includes one router per resource and the inspector pages when present
(``api.pages``: ``router`` and ``mount_static``), and wraps it all in the read-only layer.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from api import errors
from api.middleware import ReadOnlyMiddleware
from api.openapi import DESCRIPTION, TAGS
from api.resources import Resources
from api.routes import (
    access,
    accountability,
    areas,
    cadres,
    evaluations,
    funds,
    households,
    inspection,
    integrity,
    samples,
    service,
    signals,
    timeline,
)
from api.settings import Settings

VERSION = "1.0.0"
_DOCUMENTS: dict[tuple[object, ...], dict[str, Any]] = {}
ROUTERS = (households.router, cadres.router, areas.router, timeline.router, funds.router,
           accountability.router, inspection.router, evaluations.router, signals.router,
           samples.router, integrity.router, service.router, access.router)


def create_app(settings: Settings) -> FastAPI:
    """A read-only FastAPI app serving the views and the integrity log of one store."""
    resources = Resources(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        yield
        resources.close()

    app = FastAPI(title=settings.title, version=VERSION, description=DESCRIPTION,
                  openapi_tags=TAGS, lifespan=lifespan, redoc_url=None)
    app.state.resources = resources
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    include_pages(app)
    app.add_middleware(ReadOnlyMiddleware, metrics=resources.metrics)
    # FastAPI documents replacing app.openapi to customise the document.
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    return app


def include_pages(app: FastAPI) -> bool:
    """Include the inspector pages (``api.pages``) if they are installed."""
    try:
        from api.pages import mount_static  # noqa: PLC0415 - optional, built separately
        from api.pages import router as pages_router  # noqa: PLC0415
    except ImportError:
        return False
    app.include_router(pages_router)
    mount_static(app)
    return True


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI 3.1 document, with problems served as ``application/problem+json``.

    Generating it takes FastAPI a second or more, and it depends only on the code: it is
    made once per process for each set of routes and shared by every app built from them.
    """
    if app.openapi_schema is None:
        routes = [r for r in app.routes if isinstance(r, APIRoute) and r.include_in_schema]
        key = (app.title, app.version, tuple((id(r.endpoint), r.path) for r in routes))
        if key not in _DOCUMENTS:
            _DOCUMENTS[key] = _generate(app)
        app.openapi_schema = copy.deepcopy(_DOCUMENTS[key])
    return app.openapi_schema


def _generate(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(title=app.title, version=app.version, openapi_version="3.1.0",
                           description=app.description, routes=app.routes, tags=TAGS)
    for path in document.get("paths", {}).values():
        for operation in path.values():
            _problem_media_type(operation.get("responses", {}))
    return document


def _problem_media_type(responses: dict[str, Any]) -> None:
    for status, response in responses.items():
        content = response.get("content", {})
        if status[0] in "45" and "application/json" in content:
            content[errors.PROBLEM_MEDIA_TYPE] = content.pop("application/json")
