"""A thin connection layer over sqlite3 and psycopg: one SQL text (``?`` placeholders) for both.

Views are written with ``INSERT ... ON CONFLICT`` upserts, which both databases accept. Every
write happens inside :meth:`ViewDb.transaction`; outside it the connection reads in autocommit.
On SQLite a transaction starts with ``BEGIN IMMEDIATE`` (the write lock is taken at once, so a
page of events is applied without a lock upgrade failing half-way); on PostgreSQL the
connection's ``search_path`` is the store's schema, so table names are never qualified.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

from ledger.storage.config import DatabaseConfig

Params = Sequence[Any]
_PLACEHOLDER = re.compile(r"\?")


class ViewDb:
    """One connection to the database that holds the views (SQLite file or PostgreSQL schema)."""

    def __init__(self, config: DatabaseConfig) -> None:
        self.config = config
        self.dialect: Literal["sqlite", "postgres"] = config.kind
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None
        self._in_transaction = False
        self._texts: dict[str, str] = {}
        if config.is_postgres:
            self._pg = _connect_postgres(config)
        else:
            self._sqlite = _connect_sqlite(config)

    @property
    def schema(self) -> str:
        """The PostgreSQL schema (``main`` for SQLite)."""
        return self.config.schema if self.config.is_postgres else "main"

    def sql(self, text: str) -> str:
        """The statement in this database's parameter style."""
        if self._pg is None:
            return text
        found = self._texts.get(text)
        if found is None:
            found = self._texts[text] = _PLACEHOLDER.sub("%s", text.replace("%", "%%"))
        return found

    def execute(self, text: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        if self._sqlite is not None:
            return self._sqlite.execute(text, params).rowcount
        with self._pg.cursor() as cursor:
            cursor.execute(self.sql(text), params)
            return int(cursor.rowcount)

    def executemany(self, text: str, rows: Sequence[Params]) -> None:
        """Run one statement for many parameter rows."""
        if not rows:
            return
        if self._sqlite is not None:
            self._sqlite.executemany(text, rows)
            return
        with self._pg.cursor() as cursor:
            cursor.executemany(self.sql(text), rows)

    def fetchall(self, text: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """All rows of a query, as tuples."""
        if self._sqlite is not None:
            return self._sqlite.execute(text, params).fetchall()
        with self._pg.cursor() as cursor:
            cursor.execute(self.sql(text), params)
            return list(cursor.fetchall())

    def fetchone(self, text: str, params: Params = ()) -> tuple[Any, ...] | None:
        """The first row of a query, or None."""
        rows = self.fetchall(text, params)
        return rows[0] if rows else None

    def fetchdicts(self, text: str, params: Params = ()) -> list[dict[str, Any]]:
        """All rows of a query, as dicts keyed by column name."""
        if self._sqlite is not None:
            cursor = self._sqlite.execute(text, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        with self._pg.cursor() as cursor:
            cursor.execute(self.sql(text), params)
            names = [d.name for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all."""
        if self._in_transaction:
            raise RuntimeError("transactions on a ViewDb do not nest")
        self._in_transaction = True
        try:
            if self._sqlite is not None:
                with _sqlite_transaction(self._sqlite):
                    yield
            else:
                with self._pg.transaction():
                    yield
        finally:
            self._in_transaction = False

    def table_exists(self, name: str) -> bool:
        """Whether a table or view of that name exists (in the schema, for PostgreSQL)."""
        if self._sqlite is not None:
            row = self.fetchone(
                "SELECT 1 FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')",
                (name,),
            )
        else:
            row = self.fetchone(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? "
                "AND table_name = ?",
                (self.schema, name),
            )
        return row is not None

    def columns(self, name: str) -> list[str]:
        """Column names of a table, in order (empty when it does not exist)."""
        if self._sqlite is not None:
            return [row[1] for row in self.fetchall(f"PRAGMA table_info({name})")]
        return [row[0] for row in self.fetchall(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
            "AND table_name = ? ORDER BY ordinal_position", (self.schema, name))]

    def close(self) -> None:
        """Close the connection."""
        if self._sqlite is not None:
            self._sqlite.close()
        if self._pg is not None:
            self._pg.close()

    def __enter__(self) -> ViewDb:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def _sqlite_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _connect_sqlite(config: DatabaseConfig) -> sqlite3.Connection:
    conn = sqlite3.connect(
        config.sqlite_path, isolation_level=None, timeout=float(config.lock_timeout_seconds),
        check_same_thread=False,
    )
    if config.sqlite_path != ":memory:":
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _connect_postgres(config: DatabaseConfig) -> Any:
    import psycopg  # noqa: PLC0415 - PostgreSQL is an optional extra; SQLite needs no psycopg

    return psycopg.connect(
        host=config.host, port=config.port, user=config.user, password=config.password,
        dbname=config.dbname, autocommit=True,
        options=f"-c search_path={config.schema} -c lock_timeout={config.lock_timeout_seconds}s",
    )
