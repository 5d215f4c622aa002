"""``/v1/evaluations``: published receipts and a live evaluation, readable by the public."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from ledger.storage.config import parse_database_url
from projections.db import ViewDb
from projections.evaluation.queries import live
from projections.runner import Projector
from projections.source import EventSource
from tests.accountability.conftest import build_county
from tests.evaluation.test_evaluate import january


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """January of the small county, its cadre evaluation published, every view built."""
    config = parse_database_url(str(tmp_path_factory.mktemp("eval-api") / "ledger.db"))
    county = build_county(config)
    january(county)
    source, db = EventSource(config), ViewDb(config)
    assert Projector(source, db).catch_up().ok
    receipt = live(db, source, "2024-01", "cadre")
    county.ledger.publish_evaluation(orjson.dumps(receipt).decode(), "C30")
    assert Projector(source, db).catch_up().ok
    db.close()
    source.close()
    with TestClient(create_app(Settings(config))) as found:
        yield found


def test_published_evaluations_are_listed_and_one_comes_with_its_receipt(
    client: TestClient,
) -> None:
    """The list names period, level, edition and the log prefix; the detail has the receipt."""
    items = client.get("/v1/evaluations").json()["items"]
    assert [(e["period"], e["level"], e["edition"]) for e in items] == [("2024-01", "cadre", 1)]
    detail = client.get(f"/v1/evaluations/{items[0]['code']}").json()
    scores = {s["unit"]: s["percent"] for s in detail["receipt"]["scores"]}
    assert scores == {"C01": "75.00", "C02": "100.00"}
    assert detail["receipt"]["log"]["tree_size"] == items[0]["tree_size"]


def test_a_live_evaluation_scores_the_views_as_they_stand(client: TestClient) -> None:
    """Village level for January: one village, 87.50 %."""
    found = client.get("/v1/evaluations/live?period=2024-01&level=village").json()
    assert [(s["unit"], s["percent"]) for s in found["scores"]] == [("V01", "87.50")]
    assert found["regulation"]["code"] == "REG"


@pytest.mark.parametrize("query", ["period=2024-13", "period=24", "period=2024&level=county",
                                   "period=2024&regulation=9"])
def test_a_bad_period_level_or_edition_is_a_422_naming_it(client: TestClient, query: str) -> None:
    """Refused with a problem document, never a 500."""
    answer = client.get(f"/v1/evaluations/live?{query}")
    assert answer.status_code == 422, answer.text


def test_an_unknown_evaluation_is_a_404(client: TestClient) -> None:
    """Not found, named."""
    assert client.get("/v1/evaluations/2030.cadre.1").status_code == 404
