"""Cadres, villages, townships, county figures, funds and the timeline."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import Served, bearer


def test_a_cadre_record_counts_actions_and_late_ones(client: TestClient,
                                                     served: Served) -> None:
    """C01 recorded visits, a late phone call and a diary entry; the phone is personal."""
    found = client.get("/v1/cadres/C01", headers=bearer(served, "discipline")).json()
    assert (found["name"], found["phone"], found["unit"]) == ("李明", "13912345601", "V01")
    assert found["late_actions"] == 1
    assert client.get("/v1/cadres/C99").status_code == 404


def test_a_cadre_trail_lists_actions_in_log_order(client: TestClient) -> None:
    """The trail pages by cursor; positions rise."""
    first = client.get("/v1/cadres/C01/trail?limit=2").json()
    second = client.get(first["next"]).json()
    positions = [a["position"] for a in first["items"] + second["items"]]
    assert positions == sorted(positions)
    assert {a["action"] for a in first["items"] + second["items"]} >= {"visit"}


def test_a_village_has_its_leaders_and_figures(client: TestClient) -> None:
    """金华村: one household of two people, its leader C10, income by year in fen and yuan."""
    found = client.get("/v1/villages/V01").json()
    assert (found["name"], found["parent_code"]) == ("金华村", "T01")
    assert found["stats"]["households"] == 1
    assert found["leaders"][0]["cadre_code"] == "C10"
    assert found["income_years"][0]["total_yuan"] == "6720.00"
    assert client.get("/v1/villages/V99").status_code == 404


def test_a_township_lists_its_villages(client: TestClient) -> None:
    """长白镇 has 金华村."""
    found = client.get("/v1/townships/T01").json()
    assert [v["code"] for v in found["villages"]] == ["V01"]
    assert client.get("/v1/townships/T99").status_code == 404


def test_the_county_figures_add_up(client: TestClient) -> None:
    """Two households, one fund of 100000 yuan with 50123.45 disbursed, two townships."""
    found = client.get("/v1/stats/county").json()
    assert found["stats"]["households"] == 2
    assert found["funds"]["allocated_yuan"] == "100000.00"
    assert found["funds"]["disbursed_fen"] == 5_012_345
    assert found["funds"]["disbursed_yuan"] == "50123.45"
    assert [t["code"] for t in found["townships"]] == ["T01", "T02"]


def test_a_fund_lists_disbursements_with_their_projects(client: TestClient) -> None:
    """F01 went to project P01 and to household H002."""
    found = client.get("/v1/funds/F01").json()
    assert [(d["recipient_kind"], d["recipient_code"]) for d in found["disbursements"]] == [
        ("project", "P01"), ("household", "H002")]
    assert found["disbursements"][0]["project"]["participants"][0]["household_code"] == "H001"
    assert found["balance_yuan"] == "49876.55"
    assert client.get("/v1/funds/F99").status_code == 404


def test_the_timeline_filters_by_type_actor_subject_time_and_lateness(
        client: TestClient) -> None:
    """Each filter narrows the events; late=true keeps only late records."""
    def refs(query: str) -> list[str]:
        return [e["ref"] for e in client.get(f"/v1/timeline?limit=500&{query}").json()["items"]]

    assert refs("type=Visited") == ["household/H001/4", "household/H002/4"]
    assert refs("actor=C02") == ["household/H002/4"]
    assert refs("subject=household:H002")[0] == "household/H002/1"
    assert refs("subject=fund:F01")[:1] == ["fund/F01/1"]
    assert refs("late=true") == ["fund/F01/1", "household/H001/5"]
    assert refs("from=2024-01-13T00:00:00Z") == ["household/H001/11", "household/H001/12"]
    assert refs("to=2024-01-10T08:00:00Z")[-1] == "round/R01/1"


def test_the_timeline_pages_to_the_end(client: TestClient) -> None:
    """Following ``next`` visits every event once."""
    seen: list[int] = []
    link: str | None = "/v1/timeline?limit=7"
    while link:
        page = client.get(link).json()
        seen += [e["position"] for e in page["items"]]
        link = page["next"]
    assert seen == list(range(1, 39))
