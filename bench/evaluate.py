"""Evaluation benchmark: a county-year scored at every level, beside the raw floor of reading
the rows it scores (the obligation rows of the year, the household, income-line, assignment,
diary and timeline rows the view-based measures read), measured in the same run.

    python bench/evaluate.py [--db demo.db] [--households 200] [--repeats 3]

Without ``--db`` it generates a demo county of ``--households`` households (one year) in a
temporary file first (not timed). Prints a Markdown table: seconds per level (median), the raw
read, their ratio, and the number of events and obligations.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.storage.config import parse_database_url
from projections.db import ViewDb
from projections.evaluation.periods import parse_period
from projections.evaluation.run import evaluate, log_point
from projections.runner import Projector
from projections.source import EventSource

RAW = (
    "SELECT owner, village_code, township_code, status, duty FROM view_obligation "
    "WHERE step = 0 AND window_end >= ? AND window_end <= ?",
    "SELECT code, village_code, township_code, registered_on, exited_on, exit_stage "
    "FROM view_household_state",
    "SELECT household_code, occurred_on FROM view_household_income_line WHERE is_retracted = 0",
    "SELECT household_code, cadre_code, from_date, to_date, role FROM view_household_assignment",
    "SELECT cadre_code, business_time FROM view_cadre_action WHERE action = 'diary'",
    "SELECT household_code, event_type FROM view_timeline_event WHERE event_type LIKE 'Exit%'",
)


def store(args: argparse.Namespace, folder: str) -> str:
    if args.db:
        return str(args.db)
    path = str(Path(folder) / "county.db")
    subprocess.run(["ledger", "demo", "--db", path, "--households", str(args.households),
                    "--quiet"], check=True, stdout=subprocess.DEVNULL)
    return path


def median_seconds(repeats: int, run: object) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--households", type=int, default=200)
    parser.add_argument("--period", default="2018")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        config = parse_database_url(store(args, folder))
        source, db = EventSource(config), ViewDb(config)
        Projector(source, db).catch_up()
        position = source.max_position()
        point = log_point(source, position)
        period = parse_period(args.period)
        obligations = db.fetchone("SELECT COUNT(*) FROM view_obligation")
        print(f"store: {position:,} events, {obligations[0] if obligations else 0:,} "
              f"obligations; period {period.label}; median of {args.repeats}\n")

        def raw() -> None:
            for sql in RAW:
                params = (period.first.isoformat(), period.last.isoformat()) if "?" in sql else ()
                db.fetchall(sql, params)

        floor = median_seconds(args.repeats, raw)
        print("| level | evaluate (s) | raw read of the rows scored (s) | ratio raw/evaluate |")
        print("|---|---|---|---|")
        for level in ("cadre", "village", "township"):
            took = median_seconds(args.repeats,
                                  lambda lv=level: evaluate(db, source, period, lv, point))
            print(f"| {level} | {took:.2f} | {floor:.3f} | {floor / took:.2f} |")
        db.close()
        source.close()


if __name__ == "__main__":
    main()
