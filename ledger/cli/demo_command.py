"""``ledger demo``: generate a synthetic demo county into an empty store and print its summary."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from importlib.util import find_spec
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ledger.application.app import Ledger
from ledger.cli.options import add_db_option, database, open_ledger
from ledger.demo.generator import (
    DemoConfig,
    DemoReport,
    ProgressCallback,
    demo_clock,
    generate_demo,
)
from ledger.demo.render import render_summary
from ledger.demo.summary import summarise
from ledger.integrity.checkpointing import checkpoint_now
from ledger.integrity.keys import ensure_demo_key, read_signer
from ledger.storage.config import DatabaseConfig

if TYPE_CHECKING:
    from ledger.cli.options import Subparsers

HIGHLIGHTS = {
    "exited": "an exited household: review → notice → confirmation → county approval",
    "burst": "a burst of visits just before an inspection round",
    "same_hour": "'visited' within the hour of a household dozens of km away",
    "corrected": "an income line corrected (reason, authoriser); the original stays",
}


def register(commands: Subparsers) -> None:
    """Add the demo subcommand."""
    demo = commands.add_parser(
        "demo", help="generate a synthetic demo county into an empty store",
        description="Generate a realistic synthetic Changbai county (8 townships, villages, "
        "households, cadres at all four levels, visits, diaries, income, funds, supervision, "
        "inspections, exits) through the ledger's own use cases, on a simulated clock, with "
        "formalism anomalies injected; deterministic for a seed. The store must be empty and "
        "is marked as a demo store forever.",
    )
    demo.add_argument("--households", type=_count(1, 20_000), default=200, metavar="N",
                      help="registered poor households (default 200)")
    demo.add_argument("--years", type=_count(1, 5), default=1, metavar="Y",
                      help="simulated years from 1 January 2018 (default 1)")
    demo.add_argument("--seed", type=int, default=2016, metavar="S",
                      help="random seed; the same seed stores the same events (default 2016)")
    demo.add_argument("--quiet", action="store_true", help="no progress bar")
    demo.add_argument("--clean", action="store_true",
                      help="inject no formalism anomalies (a county that should raise no signal)")
    add_db_option(demo)
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    """Generate, summarise, print; refuse (exit 1) if the store already has events."""
    config = DemoConfig(households=args.households, years=args.years, seed=args.seed,
                        with_anomalies=not args.clean)
    store = database(args).display
    ledger = open_ledger(args, clock=demo_clock(config))
    existing = ledger.recorder.max_notification_id() or 0
    if existing:
        print(f"ledger demo: refusing to write into {store}: it already holds {existing:,} "
              "events. Nothing was changed; give a new --db path for the demo.",
              file=sys.stderr)
        return 1
    with _progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        report = generate_demo(ledger, config, progress)
    console = Console()
    _sign_demo_checkpoint(ledger, database(args), console)
    render_summary(summarise(ledger), console, store=store, injected=report.anomalies)
    _next_steps(console, report, args.db or store)
    return 0


def _sign_demo_checkpoint(ledger: Ledger, config: DatabaseConfig, console: Console) -> None:
    """Sign the demo's tree head with a clearly marked demo key kept beside a SQLite store."""
    if config.is_postgres or not config.sqlite_path:
        console.print("[yellow]No demo key for a PostgreSQL store: sign a checkpoint with "
                      "`ledger keygen` and `ledger checkpoint --key`.[/]")
        return
    skey, _vkey = ensure_demo_key(config.sqlite_path)
    checkpoint_now(ledger, read_signer(skey))
    console.print(f"Signed a checkpoint with the DEMO key in {skey.parent} (not for production).")


@contextmanager
def _progress(*, enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("weeks"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("simulating", total=None)

        def advance(week: int, weeks: int, start: date) -> None:
            bar.update(task, total=weeks, completed=week, description=f"week of {start}")

        yield advance


def _next_steps(console: Console, report: DemoReport, db: str) -> None:
    console.print("\n[bold]Next steps 下一步[/]")
    steps = [(note, f"ledger history {report.highlights[key]} --db {shlex.quote(db)}")
             for key, note in HIGHLIGHTS.items() if key in report.highlights]
    if find_spec("ledger.cli.integrity_commands") is not None:
        steps.append(("check the sealed log", f"ledger verify --db {shlex.quote(db)}"))
    for note, command in steps:
        console.print(f"  [dim]# {note}[/]\n  {command}", highlight=False, soft_wrap=True)


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}")
        return value

    return parse
