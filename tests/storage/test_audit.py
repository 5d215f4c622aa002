"""verify_store streams in pages, reports progress, caps its problem list, and serialises."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from ledger.integrity.audit import verify_store
from ledger.integrity.audit_report import MAX_PROBLEMS
from tests.storage.raw_store import RawStore
from tests.storage.toy_ledger import Ledger


@pytest.fixture
def app(store_env: dict[str, str]) -> Iterator[Ledger]:
    ledger = Ledger(env=store_env)
    for batch in range(5):
        ledger.open_accounts([f"户{batch}-{n}" for n in range(50)])
    yield ledger
    ledger.close()


def test_small_pages_verify_the_same_as_one_page(app: Ledger) -> None:
    """Paging boundaries (events and leaves) change nothing in the answer."""
    whole = verify_store(app.recorder, log_verifiers=(), page_size=10_000)
    paged = verify_store(app.recorder, log_verifiers=(), page_size=7)
    assert whole.to_dict() == paged.to_dict()
    assert paged.ok
    assert (paged.tree_size, paged.event_count) == (250, 250)
    assert paged.root_hash == app.recorder.root().hex()


def test_progress_is_reported_per_page_up_to_the_tree_size(app: Ledger) -> None:
    seen: list[tuple[int, int]] = []
    verify_store(
        app.recorder, log_verifiers=(), progress=lambda *done: seen.append(done), page_size=100
    )
    assert seen == [(100, 250), (200, 250), (250, 250)]


def test_many_problems_are_counted_but_the_list_is_capped(
    app: Ledger, store_env: dict[str, str]
) -> None:
    raw = RawStore(app.recorder, store_env)
    raw.execute("UPDATE {events} SET state = ?", (b"{}",))
    raw.close()
    report = verify_store(app.recorder, log_verifiers=(), page_size=64)
    data: dict[str, Any] = json.loads(json.dumps(report.to_dict()))
    assert data["problem_count"] == 250
    assert len(data["problems"]) == MAX_PROBLEMS
    assert data["problems_truncated"] is True
    assert data["first_problem"]["leaf_index"] == 0
    assert [p["leaf_index"] for p in data["problems"]] == list(range(MAX_PROBLEMS))


def test_an_empty_store_verifies(store_env: dict[str, str]) -> None:
    ledger = Ledger(env=store_env)
    report = verify_store(ledger.recorder, log_verifiers=())
    assert report.ok
    assert report.tree_size == 0
    assert report.root_hash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    ledger.close()
