"""Ingest benchmark: `ledger import` events/s, one command per commit and batched, beside raw
sqlite3 inserts of the same stored rows with the same durability, in the same run.

    python bench/ingest.py [--households 200] [--weeks 10] [--repeats 3]

Prints medians and the ratio ledger/raw (aim for batched: >= 0.5).
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson

from ledger.application.app import Ledger
from ledger.application.importer import import_lines
from ledger.storage.config import resolve_database

START = date(2024, 1, 1)


def generate(households: int, weeks: int) -> list[str]:
    """A county-like import file: setup, then weekly visits and monthly income lines."""
    rows: list[dict[str, object]] = [
        {"command": "register_township", "code": "T01", "name": "长白镇"},
        {"command": "register_village", "code": "V01", "township": "T01", "name": "金华村"},
    ]
    for h in range(households):
        cadre, code = f"C{h // 5:04d}", f"H{h:05d}"
        if h % 5 == 0:
            rows.append({"command": "appoint_cadre", "code": cadre, "name": "干部",
                         "role": "household_cadre", "unit": "V01", "occurred_on": "2024-01-01"})
        rows.append({"command": "register_household", "code": code, "village": "V01",
                     "head": "户主", "members": [{"name": "户主"}], "category": "general",
                     "poverty_cause": "illness", "registered_on": "2024-01-01"})
        rows.append({"command": "assign_cadre", "household": code, "cadre": cadre,
                     "from_date": "2024-01-01"})
    for week in range(weeks):
        day = datetime.combine(START + timedelta(weeks=week, days=1), datetime.min.time(), UTC)
        for h in range(households):
            rows.append({"command": "record_visit", "household": f"H{h:05d}",
                         "cadre": f"C{h // 5:04d}", "occurred_at": day.isoformat(),
                         "mode": "in_person", "notes": "每周走访，了解生产生活情况"})
            if week % 4 == 0:
                rows.append({"command": "record_income", "household": f"H{h:05d}",
                             "source": "transfer", "amount_fen": 31_000, "period": "2024",
                             "occurred_on": day.date().isoformat(), "item": "低保"})
    return [orjson.dumps(r).decode() for r in rows]


def run_ledger(lines: list[str], folder: Path, batch_size: int) -> tuple[float, int, Path]:
    """Import into a fresh SQLite store; (seconds, events, path)."""
    path = folder / f"ledger-{batch_size}-{time.monotonic_ns()}.db"
    ledger = Ledger(env=resolve_database(str(path), {}).eventsourcing_env())
    began = time.perf_counter()
    report = import_lines(ledger, lines, batch_size=batch_size)
    elapsed = time.perf_counter() - began
    if report.errors:
        sys.exit(f"benchmark file refused: {report.errors[:3]}")
    ledger.close()
    return elapsed, report.events, path


def stored_rows(path: Path) -> list[tuple[object, ...]]:
    """The rows the ledger stored, to insert raw."""
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT originator_id, originator_version, topic, state "
                            "FROM stored_events ORDER BY rowid").fetchall()


def run_raw(rows: list[tuple[object, ...]], folder: Path, batch_size: int) -> float:
    """Insert the same rows with plain sqlite3 (WAL, the library's durability)."""
    path = folder / f"raw-{batch_size}-{time.monotonic_ns()}.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
                 "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))")
    began = time.perf_counter()
    for start in range(0, len(rows), batch_size):
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO stored_events VALUES (?,?,?,?)",
                         rows[start:start + batch_size])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - began
    conn.close()
    return elapsed


def main() -> None:
    """Run both modes, several times, and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    lines = generate(args.households, args.weeks)
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{len(lines)} command lines")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, batch in (("one command per commit", 1), ("batched (500 lines)", 500)):
            ledger_rates, raw_rates = [], []
            for _ in range(args.repeats):
                seconds, events, path = run_ledger(lines, folder, batch)
                rows = stored_rows(path)
                raw_batch = 1 if batch == 1 else max(1, len(rows) * batch // len(lines))
                ledger_rates.append(events / seconds)
                raw_rates.append(len(rows) / run_raw(rows, folder, raw_batch))
            ledger_rate, raw_rate = statistics.median(ledger_rates), statistics.median(raw_rates)
            print(f"{label:24} ledger {ledger_rate:9,.0f} ev/s   raw sqlite3 {raw_rate:9,.0f} "
                  f"rows/s   ratio {ledger_rate / raw_rate:.2f}")


if __name__ == "__main__":
    main()
