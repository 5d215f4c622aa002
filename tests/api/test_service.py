"""Health, metrics, projection lag, and an app started before the views were ever built."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.settings import Settings
from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.storage.config import parse_database_url
from tests.api.conftest import project


def test_healthz_says_ok_when_both_databases_answer(client: TestClient) -> None:
    """200 and ``ok``."""
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "views_database": True, "event_store": True}


def scraped(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a Prometheus exposition, by name and labels."""
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def test_metrics_count_requests_by_route_and_show_the_lag(client: TestClient) -> None:
    """Prometheus text: a counter by route template, a histogram, each view's lag, process.
    (The client is shared by the module's tests, so the counts are compared before and after.)"""
    route = ("route", "/v1/households/{code}")
    count = ("ledger_http_requests_total",
             frozenset({route, ("method", "GET"), ("status", "200")}))
    bucket = ("ledger_http_request_duration_seconds_bucket", frozenset({route, ("le", "+Inf")}))
    before = scraped(client.get("/metrics").text)
    client.get("/v1/households/H001")
    client.get("/v1/households/H001")
    answer = client.get("/metrics")
    assert answer.headers["content-type"].startswith("text/plain")
    samples = scraped(answer.text)
    assert samples[count] - before.get(count, 0) == 2
    assert samples[bucket] - before.get(bucket, 0) == 2
    assert samples[("ledger_projection_lag_events", frozenset({("view", "household_state")}))] == 0
    assert "# TYPE ledger_http_request_duration_seconds histogram" in answer.text
    assert ("process_cpu_seconds_total", frozenset()) in samples


def test_the_lag_of_every_view_is_zero_after_a_catch_up(client: TestClient) -> None:
    """Every view at the head."""
    report = client.get("/v1/projections/lag").json()
    assert report["built"] is True
    assert {v["view"]: v["events_behind"] for v in report["views"]} == {
        "household_state": 0, "cadre_trail": 0, "audit_timeline": 0, "fund_flows": 0,
        "accountability": 0, "signals": 0}


def test_the_app_starts_and_answers_before_the_views_exist(tmp_path: Path) -> None:
    """Lists are empty, details 404, the lag shows how far behind; then a catch-up fills them."""
    config = parse_database_url(str(tmp_path / "ledger.db"))
    ledger = Ledger(env=config.eventsourcing_env(),
                    clock=SimulatedClock(datetime(2024, 1, 10, 8, tzinfo=UTC)))
    ledger.register_county("CB", "长白朝鲜族自治县", date(2024, 1, 2))
    ledger.register_township("T01", "长白镇", 41.4, 128.2, date(2024, 1, 2))
    with TestClient(create_app(Settings(config))) as client:
        assert client.get("/v1/households").json()["items"] == []
        assert client.get("/v1/timeline").json()["items"] == []
        assert client.get("/v1/townships/T01").status_code == 404
        assert client.get("/v1/stats/county").status_code == 200
        lag = client.get("/v1/projections/lag").json()
        assert lag["built"] is False
        assert lag["views"][0]["events_behind"] == 2
        project(config)
        assert client.get("/v1/townships/T01").json()["name"] == "长白镇"


def test_the_app_starts_on_an_empty_store(tmp_path: Path) -> None:
    """Nothing recorded yet: healthy, empty, nothing behind."""
    config = parse_database_url(str(tmp_path / "empty.db"))
    with TestClient(create_app(Settings(config))) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/v1/integrity/verify").json()["tree_size"] == 0
        assert client.get("/v1/projections/lag").json()["views"][0]["head"] == 0
