"""HTTP API benchmark: requests/s and p50/p99 latency under 32 concurrent clients.

    python bench/api.py [--sizes 100000,1000000] [--seconds 10] [--clients 32]

For each size it writes (or reuses) a synthetic SQLite store of about that many events
(households in two townships with weekly visits, diary entries, income lines and points),
builds the views in the same file, starts ``ledger serve``'s app under uvicorn in a separate
process, and drives it from this process with keep-alive HTTP/1.1 connections: household
detail, household events and the timeline, beside ``/livez`` (a trivial endpoint of the same
app: same middleware and thread pool, no database) in the same run. Prints a Markdown table.
Client and server share the machine; the ratio to ``/livez`` is the figure to watch, and on
a busy machine the server's CPU time per request (from /proc) is steadier than requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn

from api.app import create_app
from api.paging import encode_cursor
from api.settings import Settings
from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain.envelope import Envelope
from ledger.domain.household import Household
from ledger.domain.values import IncomeSource, Member, Role
from ledger.storage.config import parse_database_url
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource

START = datetime(2024, 1, 1, 8, tzinfo=UTC)
PER_HOUSEHOLD = 200
VILLAGES = (("T01", "V01"), ("T02", "V02"))


def envelope(at: datetime) -> Envelope:
    return Envelope("C-0001", "household_cadre", "in_person", at)


def generate(path: str, events: int) -> int:
    """Write about ``events`` events through the domain and the ledger's recorder."""
    ledger = Ledger(env=parse_database_url(path).eventsourcing_env(), clock=SimulatedClock(START))
    for town, village in VILLAGES:
        ledger.register_township(town, f"镇{town}", 41.4, 128.2, date(2024, 1, 1))
        ledger.register_village(village, town, f"村{village}", 41.4, 128.2, True,
                                date(2024, 1, 1))
    for _, village in VILLAGES:
        ledger.appoint_cadre(f"C-{village}", "李明", Role.HOUSEHOLD_CADRE, village, None,
                             date(2024, 1, 1))
    homes = [_register(f"H-{n:05d}", VILLAGES[n % 2][1])
             for n in range(max(2, events // PER_HOUSEHOLD))]
    written, week = 0, 1
    while written < events:
        at = START + timedelta(weeks=week, hours=1)
        for home in homes:
            _week(home, at, week)
        for start in range(0, len(homes), 250):
            ledger.save(*homes[start:start + 250])
        written = ledger.recorder.max_notification_id() or 0
        week += 1
    return len(homes)


def _register(code: str, village: str) -> Household:
    town = {v: t for t, v in VILLAGES}[village]
    home = Household.register(
        envelope(START), code, village, town, "金大山",
        [Member(1, "金大山", "户主", "220623195501010011", "男", 1955)], "dibao", "illness",
        date(2024, 1, 1))
    home.assign_cadre(envelope(START), f"C-{village}", Role.HOUSEHOLD_CADRE, date(2024, 1, 1))
    return home


def _week(home: Household, at: datetime, week: int) -> None:
    cadre = f"C-{home.village_code}"
    home.record_contact(envelope(at), cadre, at - timedelta(hours=1), in_person=True,
                        notes="入户走访")
    home.record_diary(envelope(at), cadre, at.date(), "帮助联系务工")
    home.record_income(envelope(at), IncomeSource.WAGE, 50_000 + week,
                       f"{at.year}-{at.month:02d}", at.date(), "务工")
    home.earn_points(envelope(at), 5, "打扫卫生", at.date())


def prepare(path: str, events: int) -> tuple[int, int]:
    """The store at ``path`` with its views built: (events, households)."""
    if not os.path.exists(path):
        begin = time.perf_counter()
        generate(path, events)
        print(f"{path}: generated in {time.perf_counter() - begin:.0f} s", file=sys.stderr)
    config = parse_database_url(path)
    source, db = EventSource(config), ViewDb(config)
    begin = time.perf_counter()
    Projector(source, db).catch_up()
    print(f"{path}: views in {time.perf_counter() - begin:.0f} s", file=sys.stderr)
    row = db.fetchone("SELECT COUNT(*) FROM view_household_state")
    found = (source.max_position(), int(row[0]) if row else 0)
    db.close()
    source.close()
    return found


def serve(path: str, port: int) -> None:
    """Child process: the API app on uvicorn, one process, no access log."""
    uvicorn.run(create_app(Settings(parse_database_url(path))), host="127.0.0.1", port=port,
                log_level="warning", access_log=False)


async def _client(port: int, paths: list[str], until: float, latencies: list[float],
                  failures: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.perf_counter() < until:
        path = random.choice(paths)
        begin = time.perf_counter()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
        status, _ = await _response(reader)
        latencies.append(time.perf_counter() - begin)
        if status != 200:
            failures.append(status)
    writer.close()


async def _response(reader: asyncio.StreamReader) -> tuple[int, int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(line.split(":", 1)[1]) for line in lines
                  if line.lower().startswith("content-length:"))
    await reader.readexactly(length)
    return status, length


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(port: int, paths: list[str], seconds: float, clients: int,
         server: int | None = None) -> dict[str, float]:
    """Drive ``clients`` connections for ``seconds``: rate, latency, server CPU per request."""
    latencies: list[float] = []
    failures: list[int] = []

    async def run() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(port, paths, until, latencies, failures)
                               for _ in range(clients)))

    cpu = cpu_seconds(server) if server else 0.0
    begin = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - begin
    used = cpu_seconds(server) - cpu if server else 0.0
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / elapsed, "p50": cuts[49] * 1000, "p99": cuts[98] * 1000,
            "failures": len(failures), "cpu_ms": used / len(latencies) * 1000}


def wait_up(port: int) -> None:
    for _ in range(200):
        try:
            load(port, ["/livez"], 0.05, 1)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def scenarios(households: int, events: int) -> dict[str, list[str]]:
    """The URLs each measured endpoint is asked for (random households and pages)."""
    rng = random.Random(7)
    codes = [f"H-{rng.randrange(households):05d}" for _ in range(500)]
    return {
        "/livez (trivial)": ["/livez"],
        "household detail": [f"/v1/households/{c}" for c in codes],
        "household events (50)": [f"/v1/households/{c}/events?limit=50" for c in codes],
        "household events (10)": [f"/v1/households/{c}/events?limit=10" for c in codes],
        "timeline page (50)": [f"/v1/timeline?limit=50&cursor={encode_cursor(p)}"
                               for p in (rng.randrange(events) for _ in range(500))],
        "timeline page (10)": [f"/v1/timeline?limit=10&cursor={encode_cursor(p)}"
                               for p in (rng.randrange(events) for _ in range(500))],
    }


def measure(path: str, events: int, seconds: float, clients: int,
            only: list[str] | None) -> list[tuple[str, dict[str, float]]]:
    total, households = prepare(path, events)
    port = 8600 + random.randrange(300)
    server = subprocess.Popen([sys.executable, __file__, "--serve", path, str(port)])
    try:
        wait_up(port)
        found = []
        for name, paths in scenarios(households, total).items():
            if only is None or name in only or name.startswith("/livez"):
                load(port, paths, 1.0, clients)
                found.append((name, load(port, paths, seconds, clients, server.pid)))
        return [(f"{name} @ {total:,} events", figures) for name, figures in found]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--dir", default="/tmp")
    parser.add_argument("--serve", nargs=2, metavar=("STORE", "PORT"))
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    if args.prepare_only:
        for size in args.sizes.split(","):
            print(prepare(f"{args.dir}/bench-api-{size}.db", int(size)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| endpoint | req/s | × /livez | p50 ms | p99 ms | p99/p50 | server CPU ms/req | "
          "/livez ÷ CPU |")
    print("|---|---|---|---|---|---|---|---|")
    for number, size in enumerate(sizes):
        only = None if number == 0 else ["household detail"]
        rows = measure(f"{args.dir}/bench-api-{size}.db", size, args.seconds, args.clients, only)
        base, base_cpu = rows[0][1]["rps"], rows[0][1]["cpu_ms"]
        for name, f in rows:
            flag = f" ({int(f['failures'])} non-200)" if f["failures"] else ""
            print(f"| {name}{flag} | {f['rps']:,.0f} | {f['rps'] / base:.2f} | "
                  f"{f['p50']:.1f} | {f['p99']:.1f} | {f['p99'] / f['p50']:.1f} | "
                  f"{f['cpu_ms']:.2f} | {base_cpu / f['cpu_ms']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
