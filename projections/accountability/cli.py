"""``ledger accountability HOUSEHOLD|VILLAGE [--on DATE] [--as-known-on DATE] [--json]``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

import orjson

from ledger.storage.options import add_db_option, database
from projections.accountability.calendar import SHANGHAI
from projections.accountability.queries import Answer, accountability
from projections.db import ViewDb

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers


def register(commands: Subparsers) -> None:
    """Add the ``accountability`` subcommand."""
    cmd = commands.add_parser(
        "accountability", help="who answered for a household or village on a date (可问责)",
        description="Who was responsible at each level on that date, every obligation they held "
        "then, what each did or failed to do, and the escalations, each with the positions of "
        "its events (inclusion proof: GET /v1/integrity/inclusion?position=N). Reads the "
        "accountability view: run `ledger project` first (docs/accountability.md).")
    cmd.add_argument("code", metavar="HOUSEHOLD|VILLAGE", help="a household or village code")
    cmd.add_argument("--on", type=date.fromisoformat, metavar="DATE",
                     help="the day asked about (default: the view's latest day)")
    cmd.add_argument("--as-known-on", metavar="DATE|INSTANT",
                     help="answer as the ledger knew it then: a date means the end of that day "
                     "in Asia/Shanghai; an ISO instant with offset is taken as is")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(cmd)
    cmd.set_defaults(handler=run_accountability)


def run_accountability(args: argparse.Namespace) -> int:
    """Print the answer; exit 1 when the code is neither a household nor a village."""
    db = ViewDb(database(args))
    try:
        known = _known(args.as_known_on)
        answer = None
        for kind in ("household", "village"):
            day = args.on or date.today()
            answer = accountability(db, kind, args.code, day, known)
            if answer is not None:
                if args.on is None:
                    answer = accountability(db, kind, args.code,
                                            _day(answer.known_at), known) or answer
                break
        if answer is None:
            print(f"no household or village {args.code} in the accountability view "
                  "(run `ledger project`)", file=sys.stderr)
            return 1
        if args.json:
            sys.stdout.write(orjson.dumps(asdict(answer), option=orjson.OPT_INDENT_2).decode())
            sys.stdout.write("\n")
        else:
            print_answer(answer)
        return 0
    finally:
        db.close()


def print_answer(answer: Answer) -> None:
    """The answer as readable text, one obligation per line with its event positions."""
    print(f"{answer.kind} {answer.code} on {answer.on} "
          f"(as the ledger knew it at {_local(answer.known_at)})")
    print("Responsible:")
    for level in answer.levels:
        print(f"  {level['level']:<16} {level['unit']:<10} {', '.join(level['cadres']) or '-'}")
    print("Obligations held that day:")
    for row in answer.obligations:
        print("  " + _line(row))
    print("Violations up to that day, with their escalation:")
    for row in answer.violations:
        print("  " + _line(row))
        for step in row.get("chain", []):
            print("      -> " + _line(step))
    if not answer.violations:
        print("  none")


def _line(row: dict[str, Any]) -> str:
    positions = ",".join(f"#{e['position']}" for e in row["events"]) or "-"
    return (f"{row['obligation_id']}  {row['owner'] or '-'} ({row['owner_role']})  "
            f"{row['window_start']}..{row['window_end']}  {row['status']}  events {positions}  "
            f"{row['reason']}")


def _known(text: str | None) -> datetime | None:
    if text is None:
        return None
    if "T" in text:
        return datetime.fromisoformat(text)
    return datetime.combine(date.fromisoformat(text), time.max, tzinfo=SHANGHAI)


def _day(known_at: str) -> date:
    return datetime.fromisoformat(known_at.replace("Z", "+00:00")).astimezone(SHANGHAI).date()


def _local(known_at: str) -> str:
    moment = datetime.fromisoformat(known_at.replace("Z", "+00:00")).astimezone(SHANGHAI)
    return moment.isoformat()
