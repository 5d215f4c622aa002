"""Table definitions of the views, and their DDL on SQLite and PostgreSQL.

Every view table exists as generations: the physical table ``view_<name>__<generation>`` and a
stable SQL view ``view_<name>`` over the live generation, which is what readers query. A
rebuild fills a new generation while the old one keeps serving, then one transaction points
the stable views at the new tables (see :mod:`projections.generations`).
"""

from __future__ import annotations

from dataclasses import dataclass

from projections.db import ViewDb

INT, TEXT, REAL = "INTEGER", "TEXT", "REAL"
PREFIX = "view_"


@dataclass(frozen=True)
class Table:
    """One view table: columns (name, type) in order, primary key and secondary indexes."""

    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(name for name, _ in self.columns)

    @property
    def stable_name(self) -> str:
        """The name readers use (a SQL view over the live generation)."""
        return f"{PREFIX}{self.name}"

    def physical(self, generation: int) -> str:
        """The table holding one generation."""
        return f"{PREFIX}{self.name}__{generation}"

    def upsert_sql(self, generation: int) -> str:
        """``INSERT ... ON CONFLICT (key) DO UPDATE`` for a whole row."""
        names = self.column_names
        values = ", ".join("?" for _ in names)
        updates = ", ".join(f"{n} = excluded.{n}" for n in names if n not in self.key)
        conflict = "NOTHING" if not updates else f"UPDATE SET {updates}"
        return (
            f"INSERT INTO {self.physical(generation)} ({', '.join(names)}) VALUES ({values}) "
            f"ON CONFLICT ({', '.join(self.key)}) DO {conflict}"
        )

    def select_sql(self, generation: int, where: str = "") -> str:
        """``SELECT`` every column of one generation."""
        clause = f" WHERE {where}" if where else ""
        return f"SELECT {', '.join(self.column_names)} FROM {self.physical(generation)}{clause}"


def create_statements(table: Table, generation: int, dialect: str) -> list[str]:
    """``CREATE TABLE`` and ``CREATE INDEX`` for one generation of a table."""
    physical = table.physical(generation)
    columns = ", ".join(f"{n} {_type(t, dialect)}" for n, t in table.columns)
    statements = [
        f"CREATE TABLE IF NOT EXISTS {physical} ({columns}, "
        f"PRIMARY KEY ({', '.join(table.key)}))"
    ]
    for number, index in enumerate(table.indexes):
        statements.append(
            f"CREATE INDEX IF NOT EXISTS {physical}_ix{number} ON {physical} ({', '.join(index)})"
        )
    return statements


def create_tables(db: ViewDb, tables: tuple[Table, ...], generation: int) -> None:
    """Create one generation of some tables (idempotent)."""
    for table in tables:
        for statement in create_statements(table, generation, db.dialect):
            db.execute(statement)


def point_views(db: ViewDb, tables: tuple[Table, ...], generation: int) -> None:
    """Make the stable names show this generation (inside the caller's transaction)."""
    for table in tables:
        db.execute(f"DROP VIEW IF EXISTS {table.stable_name}")
        db.execute(
            f"CREATE VIEW {table.stable_name} AS SELECT * FROM {table.physical(generation)}"
        )


def drop_tables(db: ViewDb, tables: tuple[Table, ...], generation: int) -> None:
    """Drop one generation's tables (never the live one: the caller checks)."""
    for table in tables:
        db.execute(f"DROP TABLE IF EXISTS {table.physical(generation)}")


def _type(kind: str, dialect: str) -> str:
    if dialect == "postgres":
        return {INT: "BIGINT", TEXT: "TEXT", REAL: "DOUBLE PRECISION"}[kind]
    return kind


def table(name: str, columns: str, key: str, *indexes: str) -> Table:
    """A table from compact text: ``"code T, year I"``, key ``"code, year"``, indexes alike."""
    parsed = tuple(
        (part.split()[0], {"T": TEXT, "I": INT, "R": REAL}[part.split()[1]])
        for part in columns.split(",")
    )
    return Table(
        name,
        parsed,
        tuple(k.strip() for k in key.split(",")),
        tuple(tuple(c.strip() for c in index.split(",")) for index in indexes),
    )
