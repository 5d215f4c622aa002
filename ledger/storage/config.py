"""Where the ledger stores its events: one ``--db`` value or environment, resolved once.

Precedence: the ``--db`` value, then ``LEDGER_DATABASE_URL``, then the eventsourcing
``POSTGRES_*`` variables when ``POSTGRES_DBNAME`` is set, then ``./ledger.db``. Accepted forms:
a SQLite file path or ``sqlite:///path`` (``sqlite:////abs/path`` for an absolute path, as
SQLAlchemy spells it), and ``postgresql://user[:password]@host[:port]/dbname[?schema=NAME]``
(``postgres://`` too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ledger.errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_SQLITE_PATH = "./ledger.db"
DEFAULT_POSTGRES_PORT = 5432
DEFAULT_SCHEMA = "public"
LOCK_TIMEOUT_SECONDS = 10
DATABASE_URL_VARIABLE = "LEDGER_DATABASE_URL"
SQLITE_SCHEME_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")
SQLITE_RECORDER_TOPIC = "ledger.storage.sqlite:SealingSQLiteApplicationRecorder"
POSTGRES_RECORDER_TOPIC = "ledger.storage.postgres:SealingPostgresApplicationRecorder"
_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


@dataclass(frozen=True)
class DatabaseConfig:
    """A resolved database: a SQLite file, or a PostgreSQL database and schema."""

    kind: Literal["sqlite", "postgres"]
    sqlite_path: str = ""
    host: str = ""
    port: int = DEFAULT_POSTGRES_PORT
    user: str = ""
    password: str = field(default="", repr=False)
    dbname: str = ""
    schema: str = DEFAULT_SCHEMA
    lock_timeout_seconds: int = LOCK_TIMEOUT_SECONDS

    @property
    def is_postgres(self) -> bool:
        """True for PostgreSQL, False for SQLite."""
        return self.kind == "postgres"

    @property
    def display(self) -> str:
        """A URL for logs and messages: never the password."""
        if not self.is_postgres:
            return f"{SQLITE_SCHEME_PREFIX}{self.sqlite_path}"
        user = quote(self.user, safe="")
        return f"postgresql://{user}@{self.host}:{self.port}/{self.dbname}?schema={self.schema}"

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment for an eventsourcing Application, with our sealing recorders."""
        if not self.is_postgres:
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": self.sqlite_path,
                "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout_seconds),
                "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER_TOPIC,
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_LOCK_TIMEOUT": str(self.lock_timeout_seconds),
            # The table lock orders notification ids by commit; db functions drop it.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER_TOPIC,
        }


def resolve_database(db: str | None, environ: Mapping[str, str]) -> DatabaseConfig:
    """The database named by ``--db``, else by the environment, else ``./ledger.db``."""
    if db is not None and db.strip():
        return parse_database_url(db.strip())
    url = environ.get(DATABASE_URL_VARIABLE, "").strip()
    if url:
        return parse_database_url(url)
    if environ.get("POSTGRES_DBNAME", "").strip():
        return _from_postgres_variables(environ)
    return DatabaseConfig("sqlite", sqlite_path=DEFAULT_SQLITE_PATH)


def parse_database_url(url: str) -> DatabaseConfig:
    """Read a SQLite path, ``sqlite:///path`` or ``postgresql://...`` URL."""
    if not url:
        raise ConfigurationError("the database URL is empty")
    scheme = _URL_SCHEME.match(url)
    if scheme is None:
        return DatabaseConfig("sqlite", sqlite_path=url)
    name = scheme.group(1).lower()
    if name == "sqlite":
        return _parse_sqlite_url(url)
    if name in POSTGRES_SCHEMES:
        return _parse_postgres_url(url)
    msg = f"unsupported database URL scheme {name!r}: use a file path, sqlite:/// or postgresql://"
    raise ConfigurationError(msg)


def _parse_sqlite_url(url: str) -> DatabaseConfig:
    if not url.startswith(SQLITE_SCHEME_PREFIX):
        msg = f"a SQLite URL is sqlite:///path (three slashes), not {url!r}"
        raise ConfigurationError(msg)
    path = unquote(url.removeprefix(SQLITE_SCHEME_PREFIX))
    if not path:
        raise ConfigurationError("the SQLite URL names no file: sqlite:///path")
    return DatabaseConfig("sqlite", sqlite_path=path)


def _parse_postgres_url(url: str) -> DatabaseConfig:
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_POSTGRES_PORT
    except ValueError:
        msg = f"the PostgreSQL URL has an invalid port: {_without_password(url)}"
        raise ConfigurationError(msg) from None
    dbname = unquote(parts.path.removeprefix("/"))
    if not parts.username:
        raise ConfigurationError("the PostgreSQL URL names no user: postgresql://user@host/db")
    if not parts.hostname:
        raise ConfigurationError("the PostgreSQL URL names no host: postgresql://user@host/db")
    if not dbname or "/" in dbname:
        raise ConfigurationError("the PostgreSQL URL needs one database name: .../dbname")
    return DatabaseConfig(
        "postgres",
        host=parts.hostname,
        port=port,
        user=unquote(parts.username),
        password=unquote(parts.password or ""),
        dbname=dbname,
        schema=_schema_from_query(parts.query),
    )


def _schema_from_query(query: str) -> str:
    try:
        params = parse_qs(query, strict_parsing=bool(query), keep_blank_values=True)
    except ValueError:
        msg = f"the PostgreSQL URL has a malformed query {query!r}"
        raise ConfigurationError(msg) from None
    unknown = sorted(set(params) - {"schema"})
    if unknown:
        msg = f"the PostgreSQL URL has unknown parameters {unknown}: only ?schema=NAME"
        raise ConfigurationError(msg)
    values = params.get("schema", [DEFAULT_SCHEMA])
    if len(values) != 1:
        raise ConfigurationError("the PostgreSQL URL gives ?schema= more than once")
    return _checked_schema(values[0])


def _checked_schema(schema: str) -> str:
    if not _SCHEMA_NAME.fullmatch(schema):
        msg = f"schema {schema!r} is not a plain SQL identifier (letters, digits, _; <= 63)"
        raise ConfigurationError(msg)
    return schema


def _from_postgres_variables(environ: Mapping[str, str]) -> DatabaseConfig:
    port_text = environ.get("POSTGRES_PORT", "").strip() or str(DEFAULT_POSTGRES_PORT)
    timeout_text = environ.get("POSTGRES_LOCK_TIMEOUT", "").strip()
    if not port_text.isdigit():
        raise ConfigurationError(f"POSTGRES_PORT {port_text!r} is not a port number")
    if timeout_text and not timeout_text.isdigit():
        raise ConfigurationError(f"POSTGRES_LOCK_TIMEOUT {timeout_text!r} is not whole seconds")
    return DatabaseConfig(
        "postgres",
        host=environ.get("POSTGRES_HOST", "").strip() or "127.0.0.1",
        port=int(port_text),
        user=environ.get("POSTGRES_USER", "").strip() or "postgres",
        password=environ.get("POSTGRES_PASSWORD", ""),
        dbname=environ["POSTGRES_DBNAME"].strip(),
        schema=_checked_schema(environ.get("POSTGRES_SCHEMA", "").strip() or DEFAULT_SCHEMA),
        lock_timeout_seconds=int(timeout_text or LOCK_TIMEOUT_SECONDS),
    )


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
