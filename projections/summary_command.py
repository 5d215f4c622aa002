"""``ledger summary``: the county's figures and each township's, from the read views.

Every figure comes from ``projections.figures`` (one definition each), so the summary, the API
and the overview pages agree. ``ledger demo`` runs it after building the views (``after_demo``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from rich.console import Console
from rich.table import Table

from ledger.storage.options import add_db_option, database
from projections import tracking
from projections.db import ViewDb
from projections.figure import FigureValue
from projections.figures import AS_OF_VIEW, area_figures
from projections.lag import lag
from projections.runner import Projector
from projections.signals.detect import SignalFilter, detect
from projections.source import EventSource

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers

SHOWN_BY_TOWNSHIP = ("households", "registered", "exited", "monitored", "returned",
                     "findings_raised", "findings_open")


def register(commands: Subparsers) -> None:
    """Add the ``summary`` subcommand."""
    cmd = commands.add_parser(
        "summary", help="print the county's figures (one definition each) from the read views",
        description="The county's figures and each township's, as the API and the overview "
        "page show them, with each figure's definition. Reads the views: run `ledger project` "
        "first (exit 1 when they were never built).")
    cmd.add_argument("--json", action="store_true", help="print JSON for tools")
    add_db_option(cmd)
    cmd.set_defaults(handler=run_summary)


def run_summary(args: argparse.Namespace) -> int:
    """Print the summary; exit 1 when the views were never built."""
    config = database(args)
    with ViewDb(config) as db:
        if tracking.current(db, AS_OF_VIEW, tracking.LIVE) is None:
            print(f"ledger summary: the read views of {config.display} were never built: run "
                  "`ledger project` with the same --db first", file=sys.stderr)
            return 1
        found = summary(db)
        source = EventSource(config)
        try:
            behind = max((figure.events_behind for figure in lag(source, db)), default=0)
        finally:
            source.close()
    if behind:
        print(f"ledger summary: the views are {behind} events behind the log; run "
              "`ledger project` for current figures", file=sys.stderr)
    if args.json:
        print(orjson.dumps(found, option=orjson.OPT_INDENT_2).decode())
    else:
        render(found, Console())
    return 0


def summary(db: ViewDb) -> dict[str, Any]:
    """The county's figures, each township's, and the definitions, as JSON-ready data."""
    county = area_figures(db)
    name = db.fetchone("SELECT name FROM view_area WHERE level = 'county'")
    townships = db.fetchall("SELECT code, name FROM view_area WHERE level = 'township' "
                            "ORDER BY code")
    return {
        "as_of": county.as_of.isoformat(),
        "county": {"name": name[0] if name else None, "figures": county.values()},
        "townships": [{"code": code, "name": title,
                       "figures": area_figures(db, "township", code, county.as_of).values()}
                      for code, title in townships],
        "definitions": [_definition(f) for f in county.figures],
        "signals": _raised_signals(db),
    }


def _raised_signals(db: ViewDb) -> dict[str, int]:
    """How many formalism signals of each kind reach their threshold (projections.signals;
    they steer sampling and inspection, never a score)."""
    if not db.table_exists("view_signal_note"):
        return {}
    found: dict[str, int] = {}
    for signal in detect(db, SignalFilter(raised_only=True)):
        found[signal.kind] = found.get(signal.kind, 0) + 1
    return dict(sorted(found.items()))


def _definition(figure: FigureValue) -> dict[str, str]:
    return {"key": figure.key, "label_zh": figure.label_zh, "label_en": figure.label_en,
            "unit": figure.unit, "definition": figure.definition}


def render(found: dict[str, Any], console: Console) -> None:
    """The summary as tables: the county's figures, the townships, then the definitions."""
    definitions = found["definitions"]
    county = Table(title=f"{found['county']['name'] or '全县'} · 全县统计 county figures, as of "
                   f"{found['as_of']} (Asia/Shanghai)", title_justify="left", box=None)
    for column in ("", "figure", "value", "note"):
        county.add_column(column, justify="right" if column == "value" else "left")
    for number, item in enumerate(definitions, 1):
        value = found["county"]["figures"][item["key"]]
        county.add_row(item["label_zh"], item["label_en"], _value(value, item["unit"]),
                       f"[{number}]")
    console.print(county)
    console.print(_townships(found))
    raised = found.get("signals") or {}
    console.print("\n[bold]形式主义信号 formalism signals raised[/] (they steer sampling and "
                  "inspection, never a score; /v1/signals): "
                  + (", ".join(f"{kind} {n}" for kind, n in raised.items()) or "none"),
                  highlight=False, soft_wrap=True)
    console.print("\n[bold]Definitions 定义[/]")
    for number, item in enumerate(definitions, 1):
        console.print(f"  [{number}] {item['label_zh']} ({item['key']}): {item['definition']}",
                      highlight=False, soft_wrap=True)


def _townships(found: dict[str, Any]) -> Table:
    labels = {d["key"]: d["label_zh"] for d in found["definitions"]}
    table = Table(title="分乡镇 · by township", title_justify="left", box=None)
    table.add_column("乡镇 township")
    for key in SHOWN_BY_TOWNSHIP:
        table.add_column(labels.get(key, key), justify="right")
    for township in found["townships"]:
        table.add_row(f"{township['name'] or ''} {township['code']}",
                      *(str(township["figures"].get(key, "")) for key in SHOWN_BY_TOWNSHIP))
    return table


def _value(value: int, unit: str) -> str:
    if unit == "fen":
        return f"{value / 100:,.2f} 元"
    return f"{value:,} {unit}"


def after_demo(plain: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """``ledger demo``, then build the views and print the summary of what it generated."""

    def handle(args: argparse.Namespace) -> int:
        status = plain(args)
        if status != 0:
            return status
        config = database(args)
        source, db = EventSource(config), ViewDb(config)
        try:
            report = Projector(source, db).catch_up()
        finally:
            db.close()
            source.close()
        for failure in report.failures:
            print(f"ledger demo: {failure}", file=sys.stderr)
        print(f"\nViews built ({sum(report.applied.values()):,} event applications); "
              "the county's figures (`ledger summary`):\n")
        return run_summary(argparse.Namespace(db=args.db, json=False))

    return handle

