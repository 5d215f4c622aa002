"""Integrity benchmark: full verification, inclusion proofs, and what sealing adds to ingest.

    python bench/verify.py [--events 20000] [--proof-sizes 10000,100000] [--ingest 5000]
                           [--runs 5] [--big]

1. ``verify_store`` events/s beside a raw read of the same rows (sqlite3, ordered by rowid)
   plus SHA-256 of each state, in the same run; ratio verify/raw (aim >= 0.5).
2. ``inclusion_proof(i, n)`` on stores of each size (``--big`` adds 1,000,000): median time
   over random leaves; it reads O(log n) stored nodes, so the time should grow like log n.
3. Batched saves (``--batch`` aggregates per save) through the sealing recorder versus the
   library's plain SQLite recorder; the overhead of sealing (aim <= 15 %).

Stores for 1 and 2 are built fast by writing synthetic stored events (a realistic ~400-byte
JSON visit record each) straight through the sealing recorder's ``insert_events`` in batches
of 5,000: the same sealing code as the application, without the domain model. Part 3 uses
an eventsourcing Application and aggregates, so it includes mapping and transcoding.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sealing import Visit  # the sealing benchmark's toy aggregate (bench/ is on sys.path)

from ledger.integrity.audit import verify_store
from ledger.integrity.checkpoint import Signer, Verifier, generate_signing_key
from ledger.integrity.checkpointing import checkpoint_now, sealed_recorder
from ledger.integrity.verify import verify_inclusion

SEALING = "ledger.storage.sqlite:SealingSQLiteApplicationRecorder"
NOTE = "走访记录：家庭人口四人，主要收入来源为务工与种植，住房安全，饮水安全，已落实帮扶措施。" * 3
BUILD_BATCH = 5000




class Bench(Application[uuid.UUID]):
    is_snapshotting_enabled = False


def sqlite_env(path: Path, *, sealed: bool = True) -> dict[str, str]:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    return {**env, "APPLICATION_RECORDER_TOPIC": SEALING} if sealed else env


def synthetic(first: int, count: int) -> list[StoredEvent]:
    """Stored events as the application would write them (one new aggregate each)."""
    return [
        StoredEvent(
            uuid.uuid4(),
            1,
            "bench:Visit.Recorded",
            f'{{"household":"户{n}","note":"{NOTE}","timestamp":"2024-01-02"}}'.encode(),
        )
        for n in range(first, first + count)
    ]


def build_store(path: Path, events: int) -> Bench:
    """A sealed SQLite store of ``events`` synthetic events, with one signed checkpoint."""
    app = Bench(env=sqlite_env(path))
    started = time.perf_counter()
    for first in range(0, events, BUILD_BATCH):
        app.recorder.insert_events(synthetic(first, min(BUILD_BATCH, events - first)))
    elapsed = time.perf_counter() - started
    print(f"  built {events:,} sealed events in {elapsed:.1f}s ({events / elapsed:,.0f} ev/s)")
    return app


def raw_read_and_hash(path: Path) -> int:
    """Read every row ordered by rowid with plain sqlite3 and SHA-256 its state."""
    connection = sqlite3.connect(path)
    count, after = 0, 0
    while rows := connection.execute(
        "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
        "WHERE rowid > ? ORDER BY rowid LIMIT 2000",
        (after,),
    ).fetchall():
        for row in rows:
            hashlib.sha256(row[4]).digest()
        count, after = count + len(rows), rows[-1][0]
    connection.close()
    return count


def timed(function: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_verification(directory: Path, events: int, runs: int) -> None:
    print(f"1. full verification vs raw read + SHA-256 ({events:,} events, SQLite)")
    path = directory / "verify.db"
    app = build_store(path, events)
    skey, vkey = generate_signing_key("bench.example/log")
    checkpoint_now(app, Signer.from_skey(skey))
    verifier = Verifier.from_vkey(vkey)
    recorder = sealed_recorder(app)
    raw, count = timed(lambda: raw_read_and_hash(path), runs)
    full, report = timed(lambda: verify_store(recorder, log_verifiers=[verifier]), runs)
    assert report.ok
    assert count == events
    print(f"  raw read + SHA-256  {events / raw:>10,.0f} ev/s  (median {raw:.2f}s)")
    print(f"  verify_store        {events / full:>10,.0f} ev/s  (median {full:.2f}s)")
    print(f"  ratio verify/raw    {raw / full:.2f}  (aim >= 0.5)")
    app.close()


def bench_proofs(directory: Path, sizes: list[int], samples: int) -> None:
    print(f"2. inclusion proof time by tree size (median of {samples} random leaves)")
    medians: dict[int, float] = {}
    for size in sizes:
        app = build_store(directory / f"proofs-{size}.db", size)
        recorder = sealed_recorder(app)
        root, rng, times = recorder.root(size), random.Random(size), []
        for _ in range(samples):
            index = rng.randrange(size)
            started = time.perf_counter()
            proof = recorder.inclusion_proof(index, size)
            times.append(time.perf_counter() - started)
            (leaf,) = recorder.select_leaves(index, index + 1, 1)
            verify_inclusion(leaf.leaf_hash, index, size, proof, root)
        medians[size] = statistics.median(times)
        print(f"  n = {size:>9,}: {medians[size] * 1e6:8.0f} µs per proof ({len(proof)} hashes)")
        app.close()
    smallest, largest = min(sizes), max(sizes)
    expected = math.log2(largest) / math.log2(smallest)
    print(
        f"  ratio {largest:,}/{smallest:,}: {medians[largest] / medians[smallest]:.2f} "
        f"(log n would give {expected:.2f}; linear {largest / smallest:.0f})"
    )


def save_all(env: dict[str, str], events: int, batch: int) -> tuple[float, float]:
    """Wall and CPU seconds to save ``events`` new aggregates, ``batch`` per save."""
    app = Bench(env=env)
    started, cpu = time.perf_counter(), time.process_time()
    for first in range(0, events, batch):
        app.save(*[Visit(f"户{n}", NOTE) for n in range(first, first + batch)])
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    app.close()
    return elapsed


def bench_ingest(directory: Path, events: int, batch: int, runs: int) -> None:
    print(f"3. batched ingest: {events:,} events, {batch} per save, median of {runs} runs")
    wall: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    for run in range(runs):
        for sealed in (False, True):
            path = directory / f"ingest-{run}-{sealed}.db"
            seconds, cpu_seconds = save_all(sqlite_env(path, sealed=sealed), events, batch)
            wall[sealed].append(seconds)
            cpu[sealed].append(cpu_seconds)
    plain, sealed_time = statistics.median(wall[False]), statistics.median(wall[True])
    cpu_ratio = statistics.median(cpu[True]) / statistics.median(cpu[False])
    print(f"  library recorder    {events / plain:>10,.0f} ev/s")
    print(f"  sealing recorder    {events / sealed_time:>10,.0f} ev/s")
    print(
        f"  sealing overhead    wall {sealed_time / plain - 1:+.1%}, CPU {cpu_ratio - 1:+.1%}"
        "  (aim <= +15 %)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=20_000, help="events for part 1")
    parser.add_argument("--proof-sizes", default="10000,100000", help="tree sizes for part 2")
    parser.add_argument("--big", action="store_true", help="add a 1,000,000-event tree to part 2")
    parser.add_argument("--samples", type=int, default=300, help="proofs timed per size")
    parser.add_argument("--ingest", type=int, default=5000, help="events for part 3")
    parser.add_argument("--batch", type=int, default=100, help="aggregates per save in part 3")
    parser.add_argument("--runs", type=int, default=5, help="runs per median")
    args = parser.parse_args()
    sizes = [int(size) for size in args.proof_sizes.split(",")] + ([1_000_000] if args.big else [])
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as directory:
        bench_verification(Path(directory), args.events, args.runs)
        bench_proofs(Path(directory), sizes, args.samples)
        bench_ingest(Path(directory), args.ingest, args.batch, args.runs)


if __name__ == "__main__":
    main()
