"""Projection benchmarks: catch-up rate beside a raw read, rebuild memory, as-of replay time.

    python bench/projections.py [--events 1000000] [--store /tmp/bench-projections.db]

Writes (or reuses) a synthetic SQLite store of about ``--events`` events: households with
weekly visits, phone calls, diary entries, income lines and points, plus one household with
500 events for the as-of measurement, taken once at 100k and once at the full size. The views
are built in a separate file so the store can be reused. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain.envelope import Envelope
from ledger.domain.household import Household
from ledger.domain.values import IncomeSource, Member, Role
from ledger.storage.config import parse_database_url
from projections.asof import household_as_of
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource

START = datetime(2024, 1, 1, 8, tzinfo=UTC)
BIG = "BIG-0001"


def envelope(at: datetime) -> Envelope:
    return Envelope("C-0001", "household_cadre", "in_person", at)


def generate(path: str, events: int, checkpoint: int) -> dict[str, float]:
    """Write the store through the domain and the ledger's recorder, in batches."""
    ledger = Ledger(env=parse_database_url(path).eventsourcing_env(),
                    clock=SimulatedClock(START))
    ledger.register_township("T01", "长白镇", 41.4, 128.2, date(2024, 1, 1))
    ledger.register_village("V01", "T01", "金华村", 41.4, 128.2, True, date(2024, 1, 1))
    ledger.appoint_cadre("C-0001", "李明", Role.HOUSEHOLD_CADRE, "V01", None, date(2024, 1, 1))
    per_household = 200
    big = _register(BIG)
    for step in range(125):
        _week(big, START + timedelta(minutes=10 * step + 60), step)
    ledger.save(big)
    homes = [_register(f"H-{n:05d}") for n in range(max(1, events // per_household))]
    timings: dict[str, float] = {}
    written, week = 0, 1
    while written < events:
        at = START + timedelta(weeks=week, hours=1)
        for home in homes:
            _week(home, at, week)
        for start in range(0, len(homes), 250):
            ledger.save(*homes[start:start + 250])
        written = ledger.recorder.max_notification_id() or 0
        if written >= checkpoint and "asof_small" not in timings:
            timings["asof_small"] = time_as_of(path)
            timings["asof_small_total"] = written
        week += 1
    return timings


def _register(code: str) -> Household:
    home = Household.register(
        envelope(START), code, "V01", "T01", "金大山",
        [Member(1, "金大山", "户主", "220623195501010011", "男", 1955)], "dibao", "illness",
        date(2024, 1, 1))
    home.assign_cadre(envelope(START), "C-0001", Role.HOUSEHOLD_CADRE, date(2024, 1, 1))
    return home


def _week(home: Household, at: datetime, week: int) -> None:
    home.record_contact(envelope(at), "C-0001", at - timedelta(hours=1), in_person=True,
                        notes="入户走访，了解收入")
    home.record_diary(envelope(at), "C-0001", at.date(), "帮助联系务工")
    home.record_income(envelope(at), IncomeSource.WAGE, 50_000 + week, f"{at.year}-{at.month:02d}",
                       at.date(), "务工")
    home.earn_points(envelope(at), 5, "打扫卫生", at.date())


def time_as_of(path: str) -> float:
    source = EventSource(parse_database_url(path))
    begin = time.perf_counter()
    result = household_as_of(source, BIG, recorded_at=START + timedelta(weeks=200))
    elapsed = time.perf_counter() - begin
    assert len(result.applied) >= 500, len(result.applied)
    source.close()
    return elapsed


def raw_read(path: str) -> tuple[int, float]:
    conn = sqlite3.connect(path)
    begin = time.perf_counter()
    count, last = 0, 0
    while True:
        rows = conn.execute("SELECT rowid, originator_id, originator_version, topic, state FROM "
                            "stored_events WHERE rowid > ? ORDER BY rowid LIMIT 1000",
                            (last,)).fetchall()
        if not rows:
            break
        for row in rows:
            orjson.loads(row[4])
        count += len(rows)
        last = rows[-1][0]
    return count, time.perf_counter() - begin


def catch_up_child(path: str, views: str) -> None:
    """Run in a subprocess: build every view from zero; print rate and peak memory."""
    if os.path.exists(views):
        os.remove(views)
    source, db = EventSource(parse_database_url(path)), ViewDb(parse_database_url(views))
    begin = time.perf_counter()
    report = Projector(source, db).catch_up()
    elapsed = time.perf_counter() - begin
    peak_kib = peak_resident_kib()
    print(orjson.dumps({"events": report.positions.get("household_state", 0),
                        "seconds": elapsed, "peak_mib": peak_kib / 1024,
                        "ok": report.ok}).decode())


def peak_resident_kib() -> int:
    """This process's peak resident memory (VmHWM: ru_maxrss would count the parent's, from
    before exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--store", default="/tmp/bench-projections.db")
    parser.add_argument("--child", nargs=2, metavar=("STORE", "VIEWS"))
    args = parser.parse_args()
    if args.child:
        catch_up_child(*args.child)
        return
    timings: dict[str, float] = {}
    if not os.path.exists(args.store):
        begin = time.perf_counter()
        timings = generate(args.store, args.events, min(100_000, args.events // 2))
        print(f"generated in {time.perf_counter() - begin:.0f} s", file=sys.stderr)
    asof_full = time_as_of(args.store)
    count, raw_seconds = raw_read(args.store)
    views = args.store + ".views"
    child = subprocess.run([sys.executable, __file__, "--child", args.store, views],
                           capture_output=True, text=True, check=True)
    result = orjson.loads(child.stdout.strip().splitlines()[-1])
    rate, raw_rate = result["events"] / result["seconds"], count / raw_seconds
    print(f"| events in store | {count:,} |")
    print(f"| raw SELECT + orjson.loads | {raw_rate:,.0f} rows/s |")
    print(f"| catch-up, all four views (one pass) | {rate:,.0f} events/s "
          f"({rate / raw_rate:.2f} of raw) |")
    print(f"| full rebuild: peak resident memory | {result['peak_mib']:.0f} MiB |")
    if timings:
        print(f"| as-of replay, 500-event household, {int(timings['asof_small_total']):,} "
              f"events in store | {timings['asof_small'] * 1000:.0f} ms |")
    print(f"| as-of replay, 500-event household, {count:,} events in store | "
          f"{asof_full * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
