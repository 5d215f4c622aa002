"""Whether a store exists: only the commands that write may create one.

``ledger init``, ``ledger demo`` and ``ledger import`` create a store on first use; every other
command refuses a missing SQLite file, a SQLite file without the events table, or a PostgreSQL
schema without it, with :class:`~ledger.errors.StoreMissing` (exit status 2), and creates nothing.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from ledger.errors import ConfigurationError, StoreMissing
from ledger.storage.config import DatabaseConfig

SQLITE_EVENTS_TABLE = "stored_events"
"""The events table of the library's SQLite recorder (one application per file)."""
POSTGRES_EVENTS_TABLE = "ledger_events"
"""``<application name>_events``: the library names the PostgreSQL table after the app (Ledger)."""
IN_MEMORY = ":memory:"


def require_store(config: DatabaseConfig) -> None:
    """Refuse (``StoreMissing``) unless ``config`` names a store that holds the events table."""
    if config.is_postgres:
        _require_postgres(config)
    elif config.sqlite_path != IN_MEMORY:
        _require_sqlite(config)


def _require_sqlite(config: DatabaseConfig) -> None:
    path = Path(config.sqlite_path)
    if not path.exists():
        raise StoreMissing(config.sqlite_path, "no such file")
    if not path.is_file():
        raise StoreMissing(config.sqlite_path, "not a file")
    try:
        # A read-only URI: looking must never create or change the file.
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            found = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (SQLITE_EVENTS_TABLE,),
            ).fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreMissing(config.sqlite_path, f"not a SQLite database: {error}") from None
    if found is None:
        raise StoreMissing(config.sqlite_path, "the file holds no ledger events table")


def _require_postgres(config: DatabaseConfig) -> None:
    import psycopg  # noqa: PLC0415 - only PostgreSQL stores need the driver

    table = f'"{config.schema}".{POSTGRES_EVENTS_TABLE}'
    try:
        with psycopg.connect(host=config.host, port=config.port, user=config.user,
                             password=config.password, dbname=config.dbname,
                             connect_timeout=10) as connection:
            row = connection.execute("SELECT to_regclass(%s)", (table,)).fetchone()
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ConfigurationError(f"cannot open {config.display}: {first}") from None
    if row is None or row[0] is None:
        raise StoreMissing(config.display, f"schema {config.schema} has no ledger events table")
