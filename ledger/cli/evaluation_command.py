"""``ledger publish-evaluation RECEIPT.json --authorised-by CODE``: seal an evaluation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ledger.cli.options import add_db_option, open_ledger
from ledger.errors import ConfigurationError

if TYPE_CHECKING:
    from ledger.cli.options import Subparsers


def register(commands: Subparsers) -> None:
    """Add ``publish-evaluation``."""
    cmd = commands.add_parser(
        "publish-evaluation", help="record an evaluation receipt in the sealed log (考核结果公布)",
        description="Record what `ledger evaluate --json` printed, byte for byte, as the event "
        "Evaluation.ScoresPublished (code <period>.<level>.<tree size>). The receipt's tree "
        "size and root must be a prefix of this log. Anyone can then recompute it with "
        "`ledger evaluate --check`.")
    cmd.add_argument("receipt", type=Path, metavar="RECEIPT.json")
    cmd.add_argument("--authorised-by", required=True, metavar="CADRE",
                     help="the cadre who authorises publication")
    add_db_option(cmd)
    cmd.set_defaults(handler=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    """Publish; exit 2 naming what was refused."""
    try:
        text = args.receipt.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"cannot read {args.receipt}: {error}") from None
    ledger = open_ledger(args)
    try:
        accepted = ledger.publish_evaluation(text, args.authorised_by)
    finally:
        ledger.close()
    print(f"published as {', '.join(accepted.event_refs) or '(already published)'}")
    return 0
