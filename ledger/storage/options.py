"""The ``--db PATH|URL`` option every ``ledger`` command takes, for any layer's commands."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, TypeAlias

from ledger.storage.config import DatabaseConfig, resolve_database
from ledger.storage.presence import require_store

if TYPE_CHECKING:
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

DB_HELP = (
    "the store: a SQLite file path (or sqlite:///path) or a PostgreSQL URL "
    "postgresql://user@host:port/dbname?schema=NAME; default: $LEDGER_DATABASE_URL, then the "
    "eventsourcing POSTGRES_* variables if POSTGRES_DBNAME is set, then ./ledger.db"
)


def add_db_option(parser: argparse.ArgumentParser, *, creates_store: bool = False) -> None:
    """Add ``--db PATH|URL``; only a command that writes may say it ``creates_store``."""
    parser.add_argument("--db", metavar="PATH|URL", default=None, help=DB_HELP)
    parser.set_defaults(creates_store=creates_store)


def database(args: argparse.Namespace) -> DatabaseConfig:
    """The store named by ``--db`` or the environment.

    Unless the command creates stores (``init``, ``demo``, ``import``), the store must exist
    already: a missing one is refused with :class:`~ledger.errors.StoreMissing`, never created.
    """
    config = resolve_database(args.db, os.environ)
    if not getattr(args, "creates_store", False):
        require_store(config)
    return config
