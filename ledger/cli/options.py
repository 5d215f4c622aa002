"""Options every command shares, and opening the ledger they name."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ledger.application.app import Ledger
from ledger.application.clock import Clock
from ledger.storage.options import DB_HELP, add_db_option, database

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers

__all__ = ["DB_HELP", "Subparsers", "add_db_option", "database", "open_ledger"]


def open_ledger(args: argparse.Namespace, clock: Clock | None = None) -> Ledger:
    """The ledger application on the chosen store."""
    return Ledger(env=database(args).eventsourcing_env(), clock=clock)
