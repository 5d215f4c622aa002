"""The same API on PostgreSQL: side tables, access log, proofs and masking on the other backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.storage.config import parse_database_url
from tests.api.conftest import PERSONAL_VALUES, Served, issue_tokens, project, record_county

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_url: str) -> Iterator[tuple[TestClient, Served]]:
    """The county on a fresh PostgreSQL schema, projected and served."""
    config = parse_database_url(postgres_url)
    clock = SimulatedClock(datetime(2024, 1, 10, 8, tzinfo=UTC))
    record_county(Ledger(env=config.eventsourcing_env(), clock=clock), clock)
    project(config)
    served = Served(config, "", issue_tokens(config))
    with TestClient(create_app(Settings(config))) as client:
        yield client, served


def test_postgres_serves_masked_lists_full_detail_and_logs_the_read(
        pg: tuple[TestClient, Served]) -> None:
    """Public list masked; discipline detail whole; the read is in the access log."""
    client, served = pg
    public = client.get("/v1/households").text
    assert [v for v in PERSONAL_VALUES if v in public] == []
    headers = {"Authorization": f"Bearer {served.tokens['discipline']}"}
    assert client.get("/v1/households/H001", headers=headers).json()["head_name"] == "金大山"
    log = client.get("/v1/access-log?subject=household:H001", headers=headers).json()
    assert log["items"][-1]["token_label"] == "纪委一室"


def test_postgres_proofs_verification_and_paging(pg: tuple[TestClient, Served]) -> None:
    """Inclusion proofs by notification id, a clean verification, cursors to the end."""
    client, _ = pg
    events = client.get("/v1/households/H001/events?proofs=true&limit=100").json()["items"]
    assert all(e["inclusion"] is not None for e in events)
    assert client.get("/v1/integrity/verify").json()["ok"] is True
    seen, link = 0, "/v1/timeline?limit=10"
    while link:
        page = client.get(link).json()
        seen += len(page["items"])
        link = page["next"]
    assert seen == 38
