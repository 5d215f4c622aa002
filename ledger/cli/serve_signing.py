"""Checkpoints while the server runs: the ``ledger`` command adds ``--checkpoint-every``,
``--checkpoint-minutes`` and ``--key`` to ``serve`` and a background signer to its tasks.

The signer lives here, beside the other signing commands, because signing needs the ledger's
keys and store; the server (api/) only starts the tasks it is handed and never writes an event.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ledger.cli.integrity_setup import SIGNING_KEY_HELP, auto_checkpointer
from ledger.cli.options import database, open_ledger

if TYPE_CHECKING:
    from ledger.cli.options import Subparsers

CHECKPOINT_POLL_SECONDS = 5.0


def extend_serve(commands: Subparsers) -> None:
    """If a ``serve`` command was registered, let it sign checkpoints every N events/M minutes."""
    serve = commands.choices.get("serve")
    if serve is None:
        return
    serve.add_argument("--checkpoint-every", type=int, metavar="N",
                       help="sign a checkpoint whenever N new events were recorded (needs a key)")
    serve.add_argument("--checkpoint-minutes", type=float, metavar="M",
                       help="... or every M minutes when the log grew")
    serve.add_argument("--key", type=Path, metavar="FILE", help=SIGNING_KEY_HELP)
    serve.set_defaults(background=[*serve.get_default("background"), start_checkpointer])


def start_checkpointer(args: argparse.Namespace, stop: threading.Event) -> threading.Thread | None:
    """Sign checkpoints in the background every N events or M minutes (only with a limit).

    Checkpoints go to their own side table; no event is written.
    """
    if args.checkpoint_every is None and args.checkpoint_minutes is None:
        return None
    auto = auto_checkpointer(open_ledger(args), database(args), args.key,
                             args.checkpoint_every, args.checkpoint_minutes)
    if auto is None:
        return None

    def run() -> None:
        while not stop.wait(CHECKPOINT_POLL_SECONDS):
            auto.maybe_checkpoint()

    thread = threading.Thread(target=run, name="ledger-checkpointer", daemon=True)
    thread.start()
    return thread
