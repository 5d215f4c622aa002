"""``ledger evaluate --period P [--level L] [--regulation N] [--json] [--check FILE]``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ledger.errors import LedgerError
from ledger.integrity.leaf import event_leaf_hash
from ledger.integrity.verify import root_from_leaf_hashes
from ledger.storage.config import parse_database_url
from ledger.storage.options import add_db_option, database
from projections.db import ViewDb
from projections.evaluation.measures import LEVELS
from projections.evaluation.periods import parse_period
from projections.evaluation.regulation import NoRegulation
from projections.evaluation.run import NEEDED, differences, evaluate, log_point, views_position
from projections.runner import Projector
from projections.source import EventSource

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers

def register(commands: Subparsers) -> None:
    """Add the ``evaluate`` subcommand."""
    cmd = commands.add_parser(
        "evaluate", help="score cadres, villages or townships under the regulation (可评价)",
        description="Score every unit of a level for a period by the rules and weights of the "
        "published assessment regulation, from the obligations and the other views, with a "
        "receipt (regulation digest, log tree size and root, counts behind every point). "
        "--check FILE recomputes a receipt from the store truncated at its tree size: exit 0 "
        "when identical, 1 naming what differs. Formulas: docs/evaluation.md.")
    cmd.add_argument("--period", metavar="2018|2018-H2|2018-Q3|2018-07",
                     help="the period scored (required unless --check)")
    cmd.add_argument("--level", choices=LEVELS, default="cadre", help="what is scored")
    cmd.add_argument("--regulation", type=int, metavar="EDITION",
                     help="the edition to score by (default: the one in force on the period's "
                     "last day)")
    cmd.add_argument("--json", action="store_true", help="print the whole receipt as JSON")
    cmd.add_argument("--out", type=Path, metavar="FILE",
                     help="also write the receipt (JSON) to FILE, never overwriting one")
    cmd.add_argument("--check", type=Path, metavar="FILE",
                     help="recompute the receipt FILE (what --json printed) and compare")
    add_db_option(cmd)
    cmd.set_defaults(handler=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    """Evaluate (or check a receipt); exit 2 on a usage error."""
    config = database(args)
    source = EventSource(config)
    try:
        if args.check is not None:
            return _check(args.check, source)
        if not args.period:
            print("ledger evaluate: give --period (or --check FILE)", file=sys.stderr)
            return 2
        if args.out is not None and args.out.exists():
            print(f"ledger evaluate: {args.out} exists already: refusing to overwrite it",
                  file=sys.stderr)
            return 2
        db = ViewDb(config)
        try:
            report = Projector(source, db, names=NEEDED).catch_up()
            if not report.ok:
                print(f"ledger evaluate: a view stopped: {report.failures[0]}", file=sys.stderr)
                return 1
            point = log_point(source, views_position(db))
            receipt = evaluate(db, source, parse_period(args.period), args.level, point,
                               args.regulation)
        finally:
            db.close()
    except LedgerError as error:
        print(f"ledger evaluate: {error}", file=sys.stderr)
        return 2
    finally:
        source.close()
    _print(receipt, args.json)
    if args.out is not None:
        args.out.write_bytes(orjson.dumps(receipt, option=orjson.OPT_INDENT_2) + b"\n")
    return 0


def _check(path: Path, source: EventSource) -> int:
    try:
        expected: dict[str, Any] = orjson.loads(path.read_bytes())
        log = expected["log"]
        size, root = int(log["tree_size"]), str(log["root_hash"])
        period = parse_period(expected["period"]["label"])
        level, edition = expected["level"], int(expected["regulation"]["edition"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"ledger evaluate --check: {path} is not an evaluation receipt: {error}",
              file=sys.stderr)
        return 2
    recorder: Any = source.recorder
    if not 0 < size <= recorder.tree_size() or _recomputed_root(recorder, size) != root:
        print(f"DIFFERENT: the log's first {size:,} events, rehashed from their stored bytes, "
              f"do not give the root the receipt read ({root[:16]}…): the history changed or "
              "this is another log")
        return 1
    position = recorder.select_leaves(size - 1, size, 1)[0].notification_id
    with tempfile.TemporaryDirectory() as folder:
        scratch = ViewDb(parse_database_url(str(Path(folder) / "views.db")))
        try:
            Projector(source, scratch, names=NEEDED).catch_up(until=position)
            actual = evaluate(scratch, source, period, level, log_point(source, position), edition)
        except NoRegulation as error:
            print(f"DIFFERENT: {error}")
            return 1
        finally:
            scratch.close()
    found = differences(expected, actual)
    if not found:
        print(f"IDENTICAL: {len(actual['scores'])} {level} scores for {period.label} "
              f"recomputed from the first {size:,} leaves")
        return 0
    print(f"DIFFERENT: {len(found)} difference(s)")
    for line in found[:50]:
        print(f"  {line}")
    return 1


def _recomputed_root(recorder: Any, size: int) -> str:
    """The root of the first ``size`` events, each leaf recomputed from the stored bytes (so
    an edited event changes it even where the stored seals were left alone)."""
    hashes: list[bytes] = []
    after = 0
    while len(hashes) < size and (page := recorder.select_stored_rows(after, 2**62, 5000)):
        hashes += [event_leaf_hash(row) for row in page]
        after = page[-1].notification_id
    return root_from_leaf_hashes(hashes[:size]).hex()


def _print(receipt: dict[str, Any], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(orjson.dumps(receipt, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    reg, log = receipt["regulation"], receipt["log"]
    print(f"{receipt['level']} scores for {receipt['period']['label']} under {reg['code']} "
          f"edition {reg['edition']} (sha256 {reg['sha256'][:16]}…)")
    print(f"log: tree size {log['tree_size']:,}, root {log['root_hash'][:16]}…, "
          f"{'signed checkpoint' if log['checkpoint'] else 'no signed checkpoint of that size'}")
    for score in receipt["scores"]:
        rank = score["rank"] if score["rank"] is not None else "-"
        percent = score["percent"] if score["percent"] is not None else "no data"
        rules = "  ".join(f"{r['code']} {r['earned']}/{r['points']}" if r["rate"] is not None
                          else f"{r['code']} n/a" for r in score["rules"])
        print(f"{rank:>4}  {score['unit']:<16} {percent:>7}  {score['total']}/{score['maximum']}"
              f"  {rules}")
