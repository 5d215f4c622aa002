"""``ledger import``, ``ledger init`` and ``ledger history``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ledger.application.importer import import_lines
from ledger.cli.integrity_setup import SIGNING_KEY_HELP, auto_checkpointer
from ledger.cli.options import add_db_option, database, open_ledger
from ledger.cli.reading import JSON_KEYS, print_history
from ledger.errors import StoreMissing
from ledger.storage.config import DatabaseConfig
from ledger.storage.presence import require_store

if TYPE_CHECKING:
    from ledger.cli.options import Subparsers



def register(commands: Subparsers) -> None:
    """Add the import, init and history subcommands."""
    imp = commands.add_parser(
        "import", help="record commands from a JSON-lines file (docs/commands.md)",
        description="Record one command per line: {\"command\": NAME, ...fields}. A bad line is "
        "reported with its number, field and reason and nothing of it is stored.",
    )
    imp.add_argument("file", type=Path, help="the .jsonl file ('-' for standard input)")
    imp.add_argument("--atomic", action="store_true",
                     help="store nothing at all if any line is refused")
    imp.add_argument("--batch-size", type=int, default=500, metavar="N",
                     help="lines saved per transaction (default 500; 1 = one per commit)")
    imp.add_argument("--checkpoint-every", type=int, metavar="N",
                     help="sign a checkpoint every N new events (needs a signing key)")
    imp.add_argument("--checkpoint-minutes", type=float, metavar="M",
                     help="... or every M minutes")
    imp.add_argument("--key", type=Path, metavar="FILE", help=SIGNING_KEY_HELP)
    add_db_option(imp, creates_store=True)
    imp.set_defaults(handler=run_import)

    init = commands.add_parser(
        "init", help="create an empty store (the other reading commands never create one)",
        description="Create the ledger's tables in a new SQLite file or PostgreSQL schema. "
        "Only init, import and demo create a store; every other command refuses a missing "
        "one (exit 2) and creates nothing. An existing store is left as it is.",
    )
    add_db_option(init, creates_store=True)
    init.set_defaults(handler=run_init)

    hist = commands.add_parser(
        "history", help="a household's events in order, readable",
        description="Every event of one household in order: what happened (中文 with the "
        "English in brackets), when it happened and was recorded (Asia/Shanghai, ISO 8601 "
        "with the offset), who recorded it, its details, late flags and correction links.")
    hist.add_argument("household", help="the household's code")
    hist.add_argument("--json", action="store_true",
                      help="one JSON object per event (keys: " + ", ".join(JSON_KEYS) + ")")
    add_db_option(hist)
    hist.set_defaults(handler=run_history)


def run_import(args: argparse.Namespace) -> int:
    """Import a file; exit 1 when any line was refused."""
    ledger = open_ledger(args)
    text = sys.stdin.read() if str(args.file) == "-" else _read(args.file)
    batch_size = max(1, args.batch_size)
    auto = auto_checkpointer(ledger, database(args), args.key, args.checkpoint_every,
                             args.checkpoint_minutes)

    def after_line(number: int) -> None:
        if auto is not None and number % batch_size == 0:  # import_lines has just saved
            auto.maybe_checkpoint()

    report = import_lines(ledger, text.splitlines(), atomic=args.atomic,
                          batch_size=batch_size, progress=after_line)
    if auto is not None and report.stored:
        auto.finish()
    for error in report.errors:
        print(error, file=sys.stderr)
    stored = "stored" if report.stored else "NOT stored (--atomic: a line was refused)"
    print(f"{report.accepted} commands accepted ({report.events} events), "
          f"{report.retried} retries ignored, {len(report.errors)} lines refused; {stored}")
    return 0 if report.ok else 1


def run_init(args: argparse.Namespace) -> int:
    """Create the store's tables; say whether it was new."""
    config = database(args)
    existed = _holds_a_store(config)
    ledger = open_ledger(args)
    try:
        events = ledger.recorder.max_notification_id() or 0
    finally:
        ledger.close()
    state = f"exists already ({events:,} events); left as it is" if existed else "created (empty)"
    print(f"ledger store {config.display}: {state}")
    return 0


def _holds_a_store(config: DatabaseConfig) -> bool:
    try:
        require_store(config)
    except StoreMissing:
        return False
    return True


def run_history(args: argparse.Namespace) -> int:
    """Print a household's history (the read side adds --as-of and --business-date)."""
    print_history(open_ledger(args), args.household, as_json=args.json)
    return 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SystemExit(f"ledger import: cannot read {path}: {exc.strerror}") from None
