"""The ``--db PATH|URL`` option every ``ledger`` command takes, for any layer's commands."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, TypeAlias

from ledger.storage.config import DatabaseConfig, resolve_database

if TYPE_CHECKING:
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

DB_HELP = (
    "the store: a SQLite file path (or sqlite:///path) or a PostgreSQL URL "
    "postgresql://user@host:port/dbname?schema=NAME; default: $LEDGER_DATABASE_URL, then the "
    "eventsourcing POSTGRES_* variables if POSTGRES_DBNAME is set, then ./ledger.db"
)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--db PATH|URL``."""
    parser.add_argument("--db", metavar="PATH|URL", default=None, help=DB_HELP)


def database(args: argparse.Namespace) -> DatabaseConfig:
    """The store named by ``--db`` or the environment."""
    return resolve_database(args.db, os.environ)
