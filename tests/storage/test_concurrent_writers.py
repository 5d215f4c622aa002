"""Concurrent writers on PostgreSQL: the table lock keeps one linear, complete chain."""

from __future__ import annotations

import itertools
import random
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from ledger.integrity.audit import verify_store
from ledger.integrity.leaf import StoredRow
from tests.storage.raw_store import UNBOUNDED
from tests.storage.toy_ledger import Ledger

WRITERS = 6
SAVES_PER_WRITER = 40


def write_many(env: dict[str, str], seed: int) -> int:
    """One writer: its own application instance, saves of 1 to 8 events."""
    app = Ledger(env=env)
    chance = random.Random(seed)
    written = 0
    try:
        for number in range(SAVES_PER_WRITER):
            count = chance.randint(1, 8)
            app.open_accounts([f"写{seed}-{number}-{n}" for n in range(count)])
            written += count
    finally:
        app.close()
    return written


def writer_switches(rows: list[StoredRow]) -> int:
    """How often consecutive events come from different writers (their owner names say)."""
    seeds = [re.findall(r'"owner":"写(\d+)-', row.state.decode()) for row in rows]
    return sum(1 for before, after in itertools.pairwise(seeds) if before != after)


@pytest.mark.postgres
def test_concurrent_writers_keep_one_leaf_per_event_in_order(
    postgres_env: dict[str, str],
) -> None:
    """Every notification id has exactly one leaf; indexes are contiguous; the store verifies."""
    Ledger(env=postgres_env).close()
    # The library's CREATE OR REPLACE FUNCTION fails when run concurrently: create once.
    writer_env = {**postgres_env, "CREATE_TABLE": "n"}
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        written = sum(pool.map(write_many, [writer_env] * WRITERS, range(WRITERS)))
    app = Ledger(env=postgres_env)
    rows = app.recorder.select_stored_rows(0, UNBOUNDED, UNBOUNDED)
    leaves = app.recorder.select_leaves(0, UNBOUNDED, UNBOUNDED)
    assert len(rows) == written
    assert [leaf.leaf_index for leaf in leaves] == list(range(written))
    assert [leaf.notification_id for leaf in leaves] == [row.notification_id for row in rows]
    assert writer_switches(rows) > WRITERS, "the writers did not actually interleave"
    report = verify_store(app.recorder, log_verifiers=())
    assert report.ok, report.to_dict()
    app.close()
