"""Fixtures for storage tests: a SQLite file, or a fresh PostgreSQL schema dropped afterwards.

PostgreSQL tests skip, with the reason, when the server is unreachable; with
``LEDGER_REQUIRE_POSTGRES=1`` they fail instead. ``LEDGER_TEST_POSTGRES_URL`` names the server
(default ``postgresql://postgres@127.0.0.1:5432/postgres``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from ledger.storage.config import DatabaseConfig, parse_database_url

DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _server() -> DatabaseConfig:
    url = os.environ.get("LEDGER_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    return parse_database_url(url)


def _connect(config: DatabaseConfig) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=config.host,
        port=config.port,
        user=config.user,
        password=config.password,
        dbname=config.dbname,
        autocommit=True,
        connect_timeout=3,
    )


def _require_postgres(config: DatabaseConfig) -> None:
    try:
        _connect(config).close()
    except psycopg.Error as error:
        reason = f"PostgreSQL unreachable at {config.display}: {error}".strip()
        if os.environ.get("LEDGER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason} (LEDGER_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)


@pytest.fixture
def postgres_database(request: pytest.FixtureRequest) -> Iterator[DatabaseConfig]:
    """A PostgreSQL config with a fresh, unique schema; the schema is dropped afterwards.

    On a unittest.TestCase the config is also set as ``self.postgres_database``.
    """
    server = _server()
    _require_postgres(server)
    config = replace(server, schema=f"ledger_test_{uuid.uuid4().hex[:12]}")
    with _connect(config) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(config.schema)))
    if request.instance is not None:
        request.instance.postgres_database = config
    yield config
    with _connect(config) as conn:
        conn.execute("SET lock_timeout = '10s'")
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(config.schema)))


@pytest.fixture
def postgres_env(postgres_database: DatabaseConfig) -> dict[str, str]:
    """The eventsourcing env for an Application on a fresh PostgreSQL schema (sealing recorder)."""
    return postgres_database.eventsourcing_env()


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    """The eventsourcing env for an Application on a fresh SQLite file (sealing recorder)."""
    return DatabaseConfig("sqlite", sqlite_path=str(tmp_path / "ledger.db")).eventsourcing_env()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """The same test on SQLite and on PostgreSQL."""
    return dict(request.getfixturevalue(f"{request.param}_env"))
