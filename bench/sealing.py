"""What sealing costs: saves with the library's recorder versus our sealing recorder.

Run: ``python bench/sealing.py [--events 5000] [--batch 100] [--runs 5] [--postgres URL]``.
Prints events/s for both recorders and the overhead ratio (median of the runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ledger.integrity.audit import verify_store
from ledger.storage.config import parse_database_url

NOTE = "走访记录：家庭人口四人，主要收入来源为务工与种植，住房安全，饮水安全，已落实帮扶措施。" * 3


class Visit(Aggregate):
    """A visit record with a realistic ~400-byte stored state."""

    class Recorded(Aggregate.Created):
        household: str
        note: str

    @event(Recorded)
    def __init__(self, household: str, note: str) -> None:
        self.household = household
        self.note = note


class Bench(Application):
    is_snapshotting_enabled = False


def run_once(env: dict[str, str], events: int, batch: int) -> tuple[float, float]:
    """Wall and CPU seconds to save ``events`` new aggregates, ``batch`` per save."""
    app = Bench(env=env)
    started, cpu_started = time.perf_counter(), time.process_time()
    for first in range(0, events, batch):
        app.save(*[Visit(f"户{n}", NOTE) for n in range(first, first + batch)])
    elapsed = time.perf_counter() - started, time.process_time() - cpu_started
    app.close()
    return elapsed


def sqlite_env(directory: str, *, sealed: bool) -> dict[str, str]:
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": f"{directory}/{uuid.uuid4().hex}.db",
    }
    if sealed:
        env["APPLICATION_RECORDER_TOPIC"] = "ledger.storage.sqlite:SealingSQLiteApplicationRecorder"
    return env


def postgres_env(url: str, schema: str, *, sealed: bool) -> dict[str, str]:
    env = parse_database_url(f"{url}?schema={schema}").eventsourcing_env()
    if not sealed:
        del env["APPLICATION_RECORDER_TOPIC"]
    return env


def compare(label: str, make_env: object, events: int, batch: int, runs: int) -> None:
    """Alternate library and sealing runs; report medians of wall time and of CPU time."""
    wall: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(runs):
        for sealed in (False, True):
            seconds, cpu_seconds = run_once(make_env(sealed), events, batch)  # type: ignore[operator]
            wall[sealed].append(seconds)
            cpu[sealed].append(cpu_seconds)
    plain, sealed_time = statistics.median(wall[False]), statistics.median(wall[True])
    cpu_ratio = statistics.median(cpu[True]) / statistics.median(cpu[False])
    print(
        f"{label}: {events} events, {batch}/save | library {events / plain:,.0f} ev/s | "
        f"sealing {events / sealed_time:,.0f} ev/s | overhead wall {sealed_time / plain - 1:+.0%}"
        f", CPU {cpu_ratio - 1:+.0%}"
    )


def bench_postgres(url: str, events: int, batch: int, runs: int) -> None:
    config = parse_database_url(url)
    with psycopg.connect(
        host=config.host,
        port=config.port,
        user=config.user,
        password=config.password,
        dbname=config.dbname,
        autocommit=True,
    ) as conn:
        schemas: list[str] = []

        def make_env(sealed: bool) -> dict[str, str]:
            schemas.append(f"bench_{uuid.uuid4().hex[:10]}")
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schemas[-1])))
            return postgres_env(url, schemas[-1], sealed=sealed)

        try:
            compare("PostgreSQL", make_env, events, batch, runs)
        finally:
            for schema in schemas:
                conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def bench_verify(directory: str, events: int) -> None:
    env = sqlite_env(directory, sealed=True)
    run_once(env, events, 100)
    app = Bench(env=env)
    started = time.perf_counter()
    report = verify_store(app.recorder, log_verifiers=())  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    print(
        f"verify_store (SQLite): {report.tree_size} events in {elapsed:.2f}s "
        f"= {report.tree_size / elapsed:,.0f} ev/s, ok={report.ok}"
    )
    app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="postgresql://user@host:port/dbname")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        compare(
            "SQLite",
            lambda sealed: sqlite_env(directory, sealed=sealed),
            args.events,
            args.batch,
            args.runs,
        )
        compare(
            "SQLite",
            lambda sealed: sqlite_env(directory, sealed=sealed),
            args.events // 10,
            1,
            args.runs,
        )
        bench_verify(directory, args.events * 4)
    if args.postgres:
        bench_postgres(args.postgres, args.events, args.batch, args.runs)


if __name__ == "__main__":
    main()
