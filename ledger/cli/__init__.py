"""The ``ledger`` command. Composition happens in ``main()``, never at import.

The write side's commands live here; the read side adds its own (``project``, ``serve``,
``token``, the as-of flags of ``history``) through the ``ledger.commands`` entry points declared
in pyproject.toml, so the ledger never imports projections/ or api/.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from ledger.cli import (
    core_commands,
    demo_command,
    evaluation_command,
    integrity_commands,
    sample_command,
    serve_signing,
)
from ledger.errors import LedgerError

PLUGIN_GROUP = "ledger.commands"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand, the read side's included."""
    parser = argparse.ArgumentParser(
        prog="ledger",
        description="扶贫痕迹化管理台账 — an event-sourced, tamper-evident accountability ledger "
        "for targeted poverty alleviation (五四五N).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (core_commands, demo_command, integrity_commands, sample_command,
                   evaluation_command):
        module.register(commands)
    for plugin in sorted(entry_points(group=PLUGIN_GROUP), key=lambda p: p.name):
        plugin.load()(commands)
    serve_signing.extend_serve(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; exit status 0 on success, 1 on refused input, 2 on errors."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except LedgerError as exc:
        print(f"ledger {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (`ledger history X | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return status


if __name__ == "__main__":
    sys.exit(main())
