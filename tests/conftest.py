"""Shared fixtures: the ledger on each backend (in-memory, SQLite file, real PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.storage.config import resolve_database

POSTGRES_URL = os.environ.get("LEDGER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def postgres_available() -> bool:
    """Whether the PostgreSQL server answers."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL.split("?")[0], connect_timeout=3):
            return True
    except Exception:
        return False


def require_postgres() -> None:
    """Skip without PostgreSQL, unless CI demands it (LEDGER_REQUIRE_POSTGRES=1): then fail."""
    if postgres_available():
        return
    if os.environ.get("LEDGER_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (LEDGER_REQUIRE_POSTGRES=1) but {POSTGRES_URL} "
                    "does not answer")
    pytest.skip(f"PostgreSQL at {POSTGRES_URL} does not answer")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL with a fresh schema, dropped afterwards."""
    require_postgres()
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:12]}"
    base = POSTGRES_URL.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?schema={schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def clock() -> SimulatedClock:
    """A simulated clock starting on 2024-03-01."""
    return SimulatedClock(datetime(2024, 3, 1, 8, tzinfo=UTC))


@pytest.fixture
def ledger(clock: SimulatedClock) -> Ledger:
    """The ledger on the in-memory backend: the fake for use-case tests."""
    return Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)


@pytest.fixture(params=["sqlite", "postgres"])
def stored_env(request: pytest.FixtureRequest, tmp_path: object) -> dict[str, str]:
    """eventsourcing env for a real store: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return resolve_database(f"{tmp_path}/ledger.db", {}).eventsourcing_env()
    url = request.getfixturevalue("postgres_url")
    return resolve_database(url, {}).eventsourcing_env()
