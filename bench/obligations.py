"""Accountability view benchmark: catch-up beside the raw floor of the same work, and the cost
of one new visit in a small and a large store.

    python bench/obligations.py [--households 600] [--years 1] [--store /tmp/bench-oblig.db]

Generates (or reuses) a demo county, then in separate view files:

* catch-up: ``Projector(names=["accountability"]).catch_up()`` from zero, pages of 1,000;
* raw floor of the same work: SELECT + orjson decode of every event in pages of 1,000, and
  executemany of the very rows the view ended with (obligations, facts, scopes) into tables of
  the same schemas and indexes, spread over one transaction per page;
* one new visit: the view caught up to just before a ``Household.Visited`` near 10k events and
  near the end of the store, then that one event applied (median of five visits each).

Prints a Markdown table with the ratio (raw time / view time; aim >= 0.5).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.application.app import Ledger
from ledger.demo.generator import DemoConfig, demo_clock, generate_demo
from ledger.storage.config import parse_database_url
from projections.accountability.view import AccountabilityView
from projections.db import ViewDb
from projections.runner import Projector
from projections.schema import create_tables
from projections.source import EventSource

PAGE = 1000


def ensure_store(path: str, households: int, years: int) -> int:
    """The demo store (generated once); its number of events."""
    if not os.path.exists(path):
        config = DemoConfig(households=households, years=years)
        ledger = Ledger(env=parse_database_url(path).eventsourcing_env(),
                        clock=demo_clock(config))
        generate_demo(ledger, config)
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    return int(count)


def fresh(path: str) -> ViewDb:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return ViewDb(parse_database_url(path))


def catch_up(store: str, views: str) -> float:
    source, db = EventSource(parse_database_url(store)), fresh(views)
    begin = time.perf_counter()
    report = Projector(source, db, names=["accountability"], page_size=PAGE).catch_up()
    elapsed = time.perf_counter() - begin
    assert report.ok, report.failures
    source.close()
    db.close()
    return elapsed


def raw_floor(store: str, views: str, floor: str) -> float:
    """Read and decode every event, write the view's final rows with executemany."""
    tables = AccountabilityView.tables
    with sqlite3.connect(views) as conn:
        rows = {t.name: conn.execute(t.select_sql(1)).fetchall() for t in tables}
    db = fresh(floor)
    create_tables(db, tables, 1)
    db.close()
    conn = sqlite3.connect(floor, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    source = sqlite3.connect(store)
    pages = -(-source.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0] // PAGE)
    chunks = {n: -(-len(r) // max(1, pages)) for n, r in rows.items()}
    begin = time.perf_counter()
    last, page = 0, 0
    while True:
        found = source.execute("SELECT rowid, originator_id, originator_version, topic, state "
                               "FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT ?",
                               (last, PAGE)).fetchall()
        if not found:
            break
        for row in found:
            orjson.loads(row[4])
        conn.execute("BEGIN IMMEDIATE")
        for table in tables:
            part = rows[table.name][page * chunks[table.name]:(page + 1) * chunks[table.name]]
            if part:
                conn.executemany(table.upsert_sql(1), part)
        conn.execute("COMMIT")
        last, page = found[-1][0], page + 1
    elapsed = time.perf_counter() - begin
    conn.close()
    source.close()
    return elapsed


def one_visit(store: str, views: str, near: int) -> float:
    """Median time to apply one Household.Visited event to a view caught up just before it."""
    with sqlite3.connect(store) as conn:
        positions = [p for (p,) in conn.execute(
            "SELECT rowid FROM stored_events WHERE topic LIKE '%Household.Visited' AND rowid > ? "
            "ORDER BY rowid LIMIT 5", (near,))]
    times = []
    source, db = EventSource(parse_database_url(store)), fresh(views)
    projector = Projector(source, db, names=["accountability"], page_size=PAGE)
    for position in positions:
        projector.catch_up(until=position - 1)
        begin = time.perf_counter()
        projector.catch_up(until=position)
        times.append(time.perf_counter() - begin)
    source.close()
    db.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=600)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--store", default="/tmp/bench-oblig.db")
    args = parser.parse_args()
    events = ensure_store(args.store, args.households, args.years)
    views = args.store + ".views"
    view_s = catch_up(args.store, views)
    floor_s = raw_floor(args.store, views, args.store + ".floor")
    with sqlite3.connect(views) as conn:
        (obligations,) = conn.execute("SELECT COUNT(*) FROM view_obligation").fetchone()
    small = one_visit(args.store, views + ".small", 10_000)
    large = one_visit(args.store, views + ".large", max(10_000, events - 2_000))
    print("| store | events | obligations | view catch-up | raw floor | ratio |")
    print("|---|---|---|---|---|---|")
    print(f"| demo {args.households} households × {args.years} y | {events:,} | "
          f"{obligations:,} | {events / view_s:,.0f} ev/s ({view_s:.1f} s) | "
          f"{events / floor_s:,.0f} ev/s ({floor_s:.1f} s) | {floor_s / view_s:.2f} |")
    print()
    print("| one new visit | at ~10k events | at ~" f"{events // 1000}k events | growth |")
    print("|---|---|---|---|")
    print(f"| apply one `Household.Visited` | {small * 1000:.1f} ms | {large * 1000:.1f} ms | "
          f"{large / small:.2f}× |")


if __name__ == "__main__":
    main()
