"""``ledger project``: build and follow the read views; the as-of flags of ``ledger history``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import signal
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ledger.domain.describe import (
    SHANGHAI,
    field_label,
    member_line,
    plain,
    readable,
    shanghai,
)
from ledger.domain.values import Member
from ledger.domain.vocabulary import INCOME_SOURCE
from ledger.storage.options import add_db_option, database
from projections import summary_command
from projections.accountability import cli as accountability_cli
from projections.asof import AsOf, household_as_of
from projections.catalog import VIEWS
from projections.db import ViewDb
from projections.evaluation import cli as evaluation_cli
from projections.follow import follow
from projections.lag import lag
from projections.maintenance import rebuild, table_hashes
from projections.runner import DEFAULT_PAGE, Projector, RunReport
from projections.source import EventSource

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers

_UTC_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def plugin(commands: Subparsers) -> None:
    """The ``ledger`` command's entry point: ``project``, ``summary``, as-of views in
    ``history``, ``--project``/``--follow`` for ``serve`` (the views are built here, never by
    the API), and the views and summary after ``demo``."""
    register(commands)
    summary_command.register(commands)
    demo = commands.choices.get("demo")
    if demo is not None:
        demo.set_defaults(handler=summary_command.after_demo(demo.get_default("handler")))
    accountability_cli.register(commands)
    evaluation_cli.register(commands)
    history = commands.choices.get("history")
    if history is not None:
        register_history_flags(history)
        history.set_defaults(handler=_with_as_of(history.get_default("handler")))
    serve = commands.choices.get("serve")
    if serve is not None:
        serve.add_argument("--project", action="store_true",
                           help="catch the views up with the log before serving")
        serve.add_argument("--follow", action="store_true",
                           help="keep the views current in a background thread while serving")
        serve.set_defaults(background=[*serve.get_default("background"), catch_up_first,
                                       start_follower])


def catch_up_first(args: argparse.Namespace, stop: threading.Event) -> None:
    """``serve --project``: apply every recorded event to the views before serving."""
    if not args.project:
        return
    source, db = EventSource(database(args)), ViewDb(database(args))
    try:
        report = Projector(source, db).catch_up()
    finally:
        db.close()
        source.close()
    for failure in report.failures:
        print(f"ledger serve: {failure}", file=sys.stderr)
    applied = sum(report.applied.values())
    print(f"ledger serve: views caught up ({applied} event applications)", file=sys.stderr)


def start_follower(args: argparse.Namespace, stop: threading.Event) -> threading.Thread | None:
    """``serve --follow``: a daemon thread follows the log into the views until ``stop``."""
    if not args.follow:
        return None

    def run() -> None:
        source, db = EventSource(database(args)), ViewDb(database(args))
        try:
            follow(Projector(source, db), stop, say=lambda text: print(text, file=sys.stderr))
        finally:
            db.close()
            source.close()

    thread = threading.Thread(target=run, name="ledger-follow", daemon=True)
    thread.start()
    return thread


def _with_as_of(plain: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def handle(args: argparse.Namespace) -> int:
        return run_history_as_of(args) if wants_as_of(args) else plain(args)

    return handle


def register(commands: Subparsers) -> None:
    """Add the ``project`` subcommand."""
    cmd = commands.add_parser(
        "project", help="build the read views (catch up, follow, rebuild) and show their lag",
        description="Apply every recorded event to the read views (docs/projections.md). A "
        "second run does nothing; a failing event stops its view with the reason (exit 1).")
    cmd.add_argument("--follow", action="store_true",
                     help="keep applying new events (PostgreSQL: subscribe; SQLite: poll)")
    cmd.add_argument("--rebuild", metavar="NAME", choices=sorted(VIEWS),
                     help="rebuild one view into fresh tables, switch over when caught up")
    cmd.add_argument("--view", metavar="NAME", action="append", choices=sorted(VIEWS),
                     help="only this view (repeatable; default: all)")
    cmd.add_argument("--lag", action="store_true", help="only print each view's lag")
    cmd.add_argument("--hashes", action="store_true",
                     help="print a SHA-256 of every view table after the run")
    cmd.add_argument("--page-size", type=int, default=DEFAULT_PAGE, metavar="N",
                     help=f"events per transaction (default {DEFAULT_PAGE})")
    cmd.add_argument("--poll", type=float, default=1.0, metavar="SECONDS",
                     help="polling interval when following without a subscription")
    cmd.add_argument("--no-subscribe", action="store_true",
                     help="poll even on PostgreSQL (e.g. on a read replica)")
    add_db_option(cmd)
    cmd.set_defaults(handler=run_project)


def run_project(args: argparse.Namespace) -> int:
    """Catch up, follow or rebuild; exit 1 if a view stopped on a failing event."""
    config = database(args)
    source, db = EventSource(config), ViewDb(config)
    try:
        if args.lag:
            _print_lag(source, db, args.view)
            return 0
        projector = Projector(source, db, names=args.view, page_size=max(1, args.page_size))
        report = _run(projector, args)
        _print_report(report)
        if args.hashes:
            for table, digest in sorted(table_hashes(db, args.view).items()):
                print(f"{digest}  {table}")
        _print_lag(source, db, args.view)
        return 0 if report.ok else 1
    finally:
        db.close()
        source.close()


def _run(projector: Projector, args: argparse.Namespace) -> RunReport:
    if args.rebuild:
        return rebuild(projector, args.rebuild)
    if not args.follow:
        return projector.catch_up()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    return follow(projector, stop, poll_seconds=args.poll,
                  subscribe=False if args.no_subscribe else None)


def _print_report(report: RunReport) -> None:
    for name in sorted(report.positions):
        applied = report.applied.get(name, 0)
        print(f"{name}: {applied} events applied, at position {report.positions[name]}")
    for failure in report.failures:
        print(f"ledger project: {failure}", file=sys.stderr)


def _print_lag(source: EventSource, db: ViewDb, names: list[str] | None) -> None:
    for figure in lag(source, db, names):
        state = f"; STOPPED: {figure.error}" if figure.error else ""
        print(f"lag {figure.view}: {figure.events_behind} events, {figure.seconds_behind} s "
              f"behind (position {figure.position} of {figure.head}){state}")


def register_history_flags(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of T`` and ``--business-date D`` to ``ledger history``."""
    parser.add_argument("--as-of", metavar="T", type=_instant, default=None,
                        help="as the ledger knew it at recorded time T (ISO 8601; Asia/Shanghai "
                        "if no offset; a date means the end of that day there)")
    parser.add_argument("--business-date", metavar="D", type=_date, default=None,
                        help="only what happened on or before business date D (YYYY-MM-DD)")


def wants_as_of(args: argparse.Namespace) -> bool:
    """Whether ``ledger history`` was asked for an as-of view."""
    return getattr(args, "as_of", None) is not None or \
        getattr(args, "business_date", None) is not None


def run_history_as_of(args: argparse.Namespace) -> int:
    """Print a household as of T and/or D, each event with what it changed."""
    config = database(args)
    source, views = EventSource(config), ViewDb(config)
    try:
        has_timeline = views.table_exists("view_timeline_event")
        result = household_as_of(source, args.household, args.as_of, args.business_date,
                                 views=views if has_timeline else None)
        if getattr(args, "json", False):
            print(json.dumps(as_of_record(result), ensure_ascii=False))
        else:
            print_as_of(result)
        return 0
    finally:
        views.close()
        source.close()


def as_of_record(result: AsOf) -> dict[str, Any]:
    """``--as-of ... --json``: the whole answer as one JSON object, instants in Asia/Shanghai."""
    record: dict[str, Any] = _local_instants(plain(result))
    return record


def _local_instants(value: Any) -> Any:
    if isinstance(value, str) and _UTC_INSTANT.fullmatch(value):
        return shanghai(datetime.fromisoformat(value))
    if isinstance(value, dict):
        return {key: _local_instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_local_instants(item) for item in value]
    return value


def print_as_of(result: AsOf) -> None:
    """The as-of state, the events that made it, and the events after the cut-off.

    Times in Asia/Shanghai (ISO 8601 with the offset), values readable as in plain history.
    """
    cut = [f"recorded up to {shanghai(result.recorded_at)}" if result.recorded_at else "",
           f"business date up to {result.business_date}" if result.business_date else ""]
    print(f"household {result.code} as of {' and '.join(c for c in cut if c)} "
          "(times in Asia/Shanghai)")
    state = result.state
    for key in ("status", "exit_stage", "category", "member_count", "income_years",
                "assistance", "points_balance", "last_visit_at", "visits_last_4_weeks",
                "open_findings", "five_ones_complete", "cadres"):
        zh, en = field_label(key)
        print(f"  {zh} ({en}): {_short(_show(state.get(key), key))}")
    print(f"\n{len(result.applied)} events up to the cut-off:")
    for step in result.applied:
        _print_step(step)
    print(f"\n{len(result.later)} events after the cut-off (not in the state above):")
    for step in result.later:
        _print_step(step)
    if not result.includes_findings:
        print("\n(findings not included: run `ledger project` to build the audit timeline)")


def _print_step(step: Any) -> None:
    late = "  LATE 补记" if step.is_late else ""
    print(f"  {step.ref}  {step.label_zh} ({step.label_en})  happened "
          f"{_show(step.business_time, '')}  recorded {_show(step.recorded_at, '')}  "
          f"by {step.actor_id}{late}")
    for name, (before, after) in step.changes.items():
        zh, en = field_label(name)
        print(f"      {zh} ({en}): {_short(_show(before, name))} → {_short(_show(after, name))}")


def _show(value: Any, name: str) -> str:
    """A projected value as a person reads it: no Python reprs, instants in Asia/Shanghai."""
    if isinstance(value, str) and _UTC_INSTANT.fullmatch(value):
        return shanghai(datetime.fromisoformat(value))
    if isinstance(value, dict):
        return _show_mapping(value, name)
    if isinstance(value, int) and not isinstance(value, bool) and name in INCOME_SOURCE:
        return readable(value, f"{name}_fen")  # income by source, in fen
    if isinstance(value, list):
        return "; ".join(_show(item, name) for item in value) or "—"
    return "—" if value is None or value == "" else readable(value, name)


def _show_mapping(value: dict[Any, Any], name: str) -> str:
    if {"member_no", "name", "relation"} <= value.keys():
        known = {f.name for f in dataclasses.fields(Member)}
        return member_line(Member(**{k: v for k, v in value.items() if k in known}))
    if value and all(isinstance(v, dict) for v in value.values()):
        members = all("member_no" in v for v in value.values())
        return "; ".join(_show(v, name) if members else f"{k}: {_show(v, name)}"
                         for k, v in value.items())
    return ", ".join(f"{field_label(str(k))[0]} {_show(v, str(k))}" for k, v in value.items()
                     if v is not None) or "—"


def _short(text: str) -> str:
    return text if len(text) <= 160 else text[:159] + "…"


EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
"""The dates a county's ledger can hold; anything outside is refused, never overflowed."""
DATE_ONLY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$", re.ASCII)


def _instant(text: str) -> datetime:
    """``--as-of``: an ISO 8601 time (Asia/Shanghai if no offset). A date alone, in either ISO
    form (``2018-05-20`` or ``20180520``), means the whole day: its end in Asia/Shanghai."""
    day = _date_only(text)
    if day is not None:
        return datetime.combine(day, datetime.max.time()).replace(tzinfo=SHANGHAI)
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time") from None
    found = found if found.tzinfo else found.replace(tzinfo=SHANGHAI)
    try:
        local = found.astimezone(SHANGHAI).date()
    except OverflowError:  # the first or last representable day, shifted past the edge
        local = found.date()
    _in_range(local, text)
    return found


def _date_only(text: str) -> date | None:
    match = DATE_ONLY.fullmatch(text.strip())
    if match is None:
        return None
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a calendar date") from None
    return _in_range(day, text)


def _in_range(day: date, text: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside the dates a ledger can hold ({EARLIEST} to {LATEST})")
    return day


def _date(text: str) -> date:
    """``--business-date``: a day of the Asia/Shanghai calendar, in either ISO form."""
    day = _date_only(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD")
    return day
