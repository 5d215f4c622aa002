"""The ``ledger`` command's entry point for the API: ``serve``, ``token`` and ``handbook``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api import cli_handbook, cli_serve, cli_token

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers


def plugin(commands: Subparsers) -> None:
    """Add ``ledger serve``, ``ledger token`` and ``ledger handbook``."""
    cli_serve.register(commands)
    cli_token.register(commands)
    cli_handbook.register(commands)
