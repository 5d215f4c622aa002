"""What the HTTP API is started with: the store, the views' database, verifier keys, limits.

Resolved once, in ``ledger serve`` (or a test), and handed to :func:`api.app.create_app`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ledger.storage.config import DatabaseConfig, parse_database_url, resolve_database

VKEYS_VARIABLE = "LEDGER_LOG_VKEYS"
"""Whitespace-separated verifier keys of the log's checkpoint signers (for ``/v1/integrity``)."""
VIEWS_URL_VARIABLE = "LEDGER_VIEWS_URL"
"""Where the views live when not beside the events (same forms as ``--db``)."""


@dataclass(frozen=True)
class Settings:
    """The API's settings; every field has a safe default except the store."""

    database: DatabaseConfig
    views_database: DatabaseConfig | None = None
    log_vkeys: tuple[str, ...] = ()
    pool_size: int = 32
    worker_threads: int = 40
    verify_cache_seconds: float = 30.0
    token_cache_seconds: float = 5.0
    title: str = "扶贫痕迹化管理台账 API · Poverty-alleviation accountability ledger"

    @property
    def views(self) -> DatabaseConfig:
        """The database of the views and the API's side tables (default: the store itself)."""
        return self.views_database or self.database

    @classmethod
    def from_environ(
        cls, db: str | None = None, environ: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Settings:
        """From ``--db`` (or the environment), ``LEDGER_VIEWS_URL`` and ``LEDGER_LOG_VKEYS``."""
        env = os.environ if environ is None else environ
        views_url = env.get(VIEWS_URL_VARIABLE, "").strip()
        found = cls(
            database=resolve_database(db, env),
            views_database=parse_database_url(views_url) if views_url else None,
            log_vkeys=tuple(env.get(VKEYS_VARIABLE, "").split()),
        )
        return replace(found, **overrides)
