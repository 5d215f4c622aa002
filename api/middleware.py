"""The outer ASGI layer: refuse every write (405), serve HEAD as GET, time every request.

Plain ASGI rather than ``BaseHTTPMiddleware``: it adds no task or stream per request.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ReadOnly, problem_response
from api.metrics import Metrics

READ_METHODS = frozenset({"GET", "HEAD"})
UNMATCHED = "(unmatched)"


class ReadOnlyMiddleware:
    """Answers 405 to any method but GET and HEAD, on any path; records metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in READ_METHODS:
            await problem_response(ReadOnly(method), scope["path"])(scope, receive, send)
            self.metrics.observe(UNMATCHED, method, ReadOnly.status, 0.0)
            return
        await self._timed({**scope, "method": "GET"}, receive, send, is_head=method == "HEAD")

    async def _timed(self, scope: Scope, receive: Receive, send: Send, *, is_head: bool) -> None:
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif is_head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self.metrics.observe(_route(scope), "HEAD" if is_head else "GET", status,
                                 time.perf_counter() - started)


def _route(scope: Scope) -> str:
    route: Any = scope.get("route")
    return str(getattr(route, "path", UNMATCHED))
