"""The request dependencies every route and page uses, as ``Annotated`` aliases.

``ViewsDep`` borrows a connection to the views for the request; ``SourceDep`` is the event
source; ``PrincipalDep`` is the caller (:mod:`api.auth`); ``ResourcesDep`` is the app's
resources (pool, recorder, caches). The pages (``api/pages``) use the same aliases.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from api.auth import Principal, principal
from api.resources import Resources
from projections.db import ViewDb
from projections.source import EventSource


async def get_resources(request: Request) -> Resources:
    """The resources of the app serving this request."""
    found: Resources = request.app.state.resources
    return found


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_views(request: Request) -> AsyncIterator[ViewDb]:
    """A connection to the views, borrowed for this request.

    Async so that taking an idle connection costs no trip to the thread pool; only when none
    is idle does a worker thread open one (it never waits for another request).
    """
    pool = request.app.state.resources.pool
    db = pool.try_take()
    if db is None:
        db = await run_in_threadpool(pool.take)
    try:
        yield db
    finally:
        pool.give_back(db)


async def get_source(resources: ResourcesDep) -> EventSource:
    """The event source (the store's recorder and mapper)."""
    return resources.source()


ViewsDep = Annotated[ViewDb, Depends(get_views)]
SourceDep = Annotated[EventSource, Depends(get_source)]
PrincipalDep = Annotated[Principal, Depends(principal)]
