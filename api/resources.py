"""What the app holds for its lifetime: the views' pool, the event source, small caches.

Nothing opens at construction: connections are made on first use (so the app starts even
before the store or the views exist) and closed by :meth:`Resources.close` at shutdown.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from api import access_log, tokens
from api.metrics import Metrics
from api.pool import ViewsPool
from api.readmodel import ViewsClock
from api.settings import Settings
from api.tokens import TokenRecord
from projections.db import ViewDb
from projections.source import EventSource

MAX_CACHED_TOKENS = 10_000
"""Lookups remembered (unknown tokens too); the cache is emptied when full."""


def prepare_side_tables(db: ViewDb) -> None:
    """Create the API's own tables (tokens, access log) beside the views."""
    tokens.ensure_table(db)
    access_log.ensure_table(db)


class Resources:
    """The pool, the event source and the caches of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = ViewsPool(settings.views, settings.pool_size, prepare_side_tables)
        self.metrics = Metrics()
        self.views_clock = ViewsClock()
        self._source: EventSource | None = None
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[float, TokenRecord | None]] = {}
        self.verify_lock = threading.Lock()
        self.verified: tuple[float, dict[str, Any]] | None = None

    def source(self) -> EventSource:
        """The event source (opened on first use)."""
        if self._source is not None:
            return self._source
        with self._lock:
            if self._source is None:
                self._source = EventSource(self.settings.database)
            return self._source

    @property
    def recorder(self) -> Any:
        """The sealing recorder of the store (roots, proofs, checkpoints)."""
        return self.source().recorder

    def token(self, token: str) -> TokenRecord | None:
        """The stored record of a clear token, cached for a few seconds."""
        key = tokens.hash_token(token)
        now = time.monotonic()
        cached = self._tokens.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        with self.pool.connection() as db:
            record = tokens.lookup(db, token)
        if len(self._tokens) >= MAX_CACHED_TOKENS:
            self._tokens.clear()
        self._tokens[key] = (now + self.settings.token_cache_seconds, record)
        return record

    def close(self) -> None:
        """Close every connection."""
        self.pool.close()
        with self._lock:
            if self._source is not None:
                self._source.close()
                self._source = None
