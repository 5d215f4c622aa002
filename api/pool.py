"""Connections to the views' database, shared by the request threads, never waited for.

A :class:`ViewDb` is one connection and not safe for two threads at once, and FastAPI may run a
request's dependencies and its handler on different worker threads; so each request borrows a
connection for its whole life and gives it back. Borrowing never blocks: an idle connection is
taken, else a new one is opened (so no worker thread ever waits for another request to finish,
which could deadlock the thread pool). Up to ``size`` connections are kept idle; extras are
closed when given back, so the number open follows the requests in flight.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ledger.storage.config import DatabaseConfig
from projections.db import ViewDb


class ViewsPool:
    """Idle connections (up to ``size``), opened on demand; ``prepare`` runs on the first."""

    def __init__(self, config: DatabaseConfig, size: int,
                 prepare: Callable[[ViewDb], None] | None = None) -> None:
        self.config = config
        self.size = max(1, size)
        self._prepare = prepare
        self._idle: queue.LifoQueue[ViewDb] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._prepared = False

    @contextmanager
    def connection(self) -> Iterator[ViewDb]:
        """Borrow a connection for the duration of the block."""
        db = self.take()
        try:
            yield db
        finally:
            self.give_back(db)

    def try_take(self) -> ViewDb | None:
        """An idle connection, or None (never opens one)."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return None

    def take(self) -> ViewDb:
        """An idle connection, else a new one."""
        return self.try_take() or self._open()

    def give_back(self, db: ViewDb) -> None:
        """Return a borrowed connection: kept idle, or closed if enough are idle."""
        if self._idle.qsize() < self.size:
            self._idle.put(db)
        else:
            db.close()

    def close(self) -> None:
        """Close the idle connections (borrowed ones close when given back)."""
        self.size = 0
        while (db := self.try_take()) is not None:
            db.close()

    def _open(self) -> ViewDb:
        db = ViewDb(self.config)
        with self._lock:
            if not self._prepared and self._prepare is not None:
                self._prepare(db)
            self._prepared = True
        return db
