"""``ledger serve``: the read-only HTTP API (FastAPI on uvicorn), optionally projecting first.

The server reads the projection views and the integrity log and never writes an event. With
``--project`` the views catch up before serving; with ``--follow`` a background thread keeps
them current while serving (PostgreSQL: subscribe; SQLite: poll).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from api.app import create_app
from api.settings import Settings
from ledger.integrity.key_lookup import log_verifier_keys
from ledger.storage.options import add_db_option, database

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000



def register(commands: Subparsers) -> None:
    """Add the ``serve`` subcommand."""
    cmd = commands.add_parser(
        "serve", help="serve the read-only HTTP API (docs/api.md)",
        description="Serve the views and the integrity log over HTTP: OpenAPI at "
        "/openapi.json, problems as RFC 9457, bearer tokens from `ledger token create`.")
    cmd.add_argument("--host", default=DEFAULT_HOST, help=f"address (default {DEFAULT_HOST})")
    cmd.add_argument("--port", type=int, default=DEFAULT_PORT,
                     help=f"port (default {DEFAULT_PORT})")
    cmd.add_argument("--vkey", action="append", default=[], metavar="VKEY",
                     help="a checkpoint signer's verifier key for /v1/integrity/verify "
                     "(repeatable; also $LEDGER_LOG_VKEYS). Without either, the keys "
                     "`ledger verify` would use: $LEDGER_VERIFIER_KEY, the .vkey beside the "
                     "signing key, then the DEMO key beside a SQLite demo store")
    cmd.add_argument("--log-level", default="info",
                     choices=["critical", "error", "warning", "info", "debug"])
    add_db_option(cmd)
    cmd.set_defaults(handler=run_serve, background=[])


def run_serve(args: argparse.Namespace) -> int:
    """Build the app and run it until interrupted."""
    import uvicorn  # noqa: PLC0415 - only the serve command needs the server

    settings = Settings.from_environ(args.db, os.environ, database=database(args))
    settings = replace(settings, log_vkeys=_log_vkeys(args, settings))
    stop = threading.Event()
    # Tasks the composing command line adds (catching the views up, following the log,
    # signing checkpoints), in order; each returns its thread or None. The server itself
    # never writes.
    helpers = [start(args, stop) for start in args.background]
    try:
        uvicorn.run(create_app(settings), host=args.host, port=args.port,
                    log_level=args.log_level)
    finally:
        stop.set()
        for thread in helpers:
            if thread is not None:
                thread.join(timeout=10)
    return 0


def _log_vkeys(args: argparse.Namespace, settings: Settings) -> tuple[str, ...]:
    """``--vkey`` and ``$LEDGER_LOG_VKEYS``; else the same lookup as ``ledger verify``."""
    explicit = (*settings.log_vkeys, *args.vkey)
    if explicit:
        return explicit
    store = settings.database
    found = log_verifier_keys([], getattr(args, "key", None),
                              None if store.is_postgres else store.sqlite_path, os.environ)
    for verifier, source in found:
        print(f"ledger serve: checking checkpoint signatures with {verifier.name} ({source})",
              file=sys.stderr)
    return tuple(verifier.vkey() for verifier, _ in found)
