"""``/v1/obligations``, ``/v1/violations`` and ``/v1/accountability`` over the small county."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from ledger.application.core import Actor
from ledger.storage.config import DatabaseConfig, parse_database_url
from projections.accountability import queries
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource
from tests.accountability.conftest import EVIDENCE, D, build_county


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> DatabaseConfig:
    """Week 3 of H001 skipped, week 3 of H002 excused as 病假; every view built."""
    config = parse_database_url(str(tmp_path_factory.mktemp("api") / "ledger.db"))
    county = build_county(config)
    county.visit("H001", D(2024, 1, 9))
    county.ledger.excuse_duty("C02", "visit/H002/2024-W03", "病假住院", "C10", D(2024, 1, 9),
                              actor=Actor("C10", evidence=EVIDENCE))
    county.tick(D(2024, 1, 25))
    source, db = EventSource(config), ViewDb(config)
    assert Projector(source, db).catch_up().ok
    db.close()
    source.close()
    return config


@pytest.fixture(scope="module")
def client(store: DatabaseConfig) -> Iterator[TestClient]:
    """A client of the app over that store."""
    with TestClient(create_app(Settings(store))) as found:
        yield found


def test_obligations_filter_by_owner_status_and_period(client: TestClient) -> None:
    """The missed week of H001 is C01's; filters narrow the list."""
    page = client.get("/v1/obligations?owner=C01&status=missed&period=2024-W03").json()
    assert [o["obligation_id"] for o in page["items"]] == ["visit/H001/2024-W03"]
    assert page["items"][0]["is_violation"] is True


def test_violations_come_with_their_escalation_chain(client: TestClient) -> None:
    """Each violation lists its follow-ups; the excused week is not a violation."""
    items = client.get("/v1/violations?village=V01&kind=visit").json()["items"]
    ids = [v["obligation_id"] for v in items]
    assert "visit/H001/2024-W03" in ids
    assert "visit/H002/2024-W03" not in ids
    chain = next(v for v in items if v["obligation_id"] == "visit/H001/2024-W03")["chain"]
    assert chain[0]["owner"] == "C10"


def test_the_public_sees_states_but_not_the_reason_of_an_excusal(client: TestClient) -> None:
    """Reasons may quote personal circumstances (病假): masked for the public."""
    page = client.get("/v1/obligations?period=2024-W03&status=excused").json()
    assert page["items"][0]["obligation_id"] == "visit/H002/2024-W03"
    assert page["items"][0]["reason"] is None
    assert "病假" not in str(page)


def test_the_chain_of_responsibility_for_a_household_on_a_day(client: TestClient) -> None:
    """Every level's holder and the week's obligation; unknown codes are 404."""
    body = client.get("/v1/accountability/household/H001?on=2024-01-17").json()
    assert [lv["cadres"] for lv in body["levels"]] == [["C01"], ["C10"], ["C20"], ["C30", "C31"]]
    assert "visit/H001/2024-W03" in [o["obligation_id"] for o in body["obligations"]]
    assert client.get("/v1/accountability/household/H999?on=2024-01-17").status_code == 404


def test_the_open_violations_figure_counts_violations_no_step_has_answered(
    store: DatabaseConfig,
) -> None:
    """counts() agrees with the violations the API lists (one definition of the figure)."""
    with ViewDb(store) as db:
        listed = queries.violations(db, limit=1000).items
        unanswered = [v for v in listed
                      if not any(s["status"] in ("met", "met_late") for s in v["chain"])]
        found = queries.counts(db)
    assert found["open_violations"] == len(unanswered) > 0
    assert found["excused"] == 1


def test_the_chain_of_responsibility_for_a_village_names_its_household_cadres(
    client: TestClient,
) -> None:
    """For a village, the first level lists the cadres holding its households that day."""
    body = client.get("/v1/accountability/village/V01?on=2024-01-17").json()
    assert body["levels"][0] == {"level": "household_cadre", "unit": "V01",
                                 "cadres": ["C01", "C02"]}
