"""``/v1/households``: list with filters and cursors, detail, history with proofs, as-of."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ledger.integrity.verify import verify_inclusion
from tests.api.conftest import Served, bearer


def test_the_list_pages_households_in_code_order_with_a_next_link(client: TestClient) -> None:
    """A page of one names the next cursor and a link that carries the filters along."""
    first = client.get("/v1/households?limit=1&status=registered").json()
    assert [h["code"] for h in first["items"]] == ["H001"]
    assert first["next"].startswith("/v1/households?")
    assert "status=registered" in first["next"]
    second = client.get(first["next"]).json()
    assert [h["code"] for h in second["items"]] == ["H002"]
    assert second["next_cursor"] is None


def test_the_list_filters_by_village_township_category_and_cadre(client: TestClient) -> None:
    """Each filter narrows the list to the households it names."""
    def codes(query: str) -> list[str]:
        return [h["code"] for h in client.get(f"/v1/households?{query}").json()["items"]]

    assert codes("village=V02") == ["H002"]
    assert codes("township=T01") == ["H001"]
    assert codes("category=dibao") == ["H001", "H002"]
    assert codes("category=general") == []
    assert codes("cadre=C02") == ["H002"]


def test_the_detail_shows_state_chain_income_and_money_in_fen_and_yuan(
        client: TestClient, served: Served) -> None:
    """An unscoped inspector sees the household whole; money comes as fen and as yuan."""
    found = client.get("/v1/households/H001", headers=bearer(served, "inspector")).json()
    assert found["head_name"] == "金大山"
    assert [m["name"] for m in found["members"]] == ["金大山", "崔顺姬"]
    assert found["responsible"]["village"][0]["cadre_code"] == "C10"
    assert found["income_years"][0]["total_fen"] == 672_000
    assert found["income_years"][0]["total_yuan"] == "6720.00"
    assert found["open_findings_list"][0]["finding_code"] == "F-1"
    assert found["registered_on"] == "2024-01-02"


def test_an_unknown_household_is_a_404_problem(client: TestClient) -> None:
    """Unknown codes answer 404 with the stable code ``not_found``."""
    for path in ("/v1/households/H999", "/v1/households/H999/events",
                 "/v1/households/H999/state"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer.json()["code"] == "not_found"


def test_the_history_lists_every_event_about_the_household_with_proofs(
        client: TestClient) -> None:
    """Events in log order, findings included; each inclusion proof verifies to its root."""
    page = client.get("/v1/households/H001/events?proofs=true&limit=100").json()
    refs = [e["ref"] for e in page["items"]]
    assert refs[0] == "household/H001/1"
    assert "round/R01/2" in refs
    for event in page["items"]:
        proof = event["inclusion"]
        verify_inclusion(bytes.fromhex(proof["leaf_hash"]), proof["leaf_index"],
                         proof["tree_size"], [bytes.fromhex(h) for h in proof["proof"]],
                         bytes.fromhex(proof["root_hash"]))


def test_the_history_without_proofs_pages_by_cursor(client: TestClient) -> None:
    """Two pages of five hold the first ten events, without proofs."""
    first = client.get("/v1/households/H001/events?limit=5").json()
    second = client.get(first["next"]).json()
    positions = [e["position"] for e in first["items"] + second["items"]]
    assert positions == sorted(positions)
    assert len(set(positions)) == 10
    assert first["items"][0]["inclusion"] is None


def test_the_state_as_of_a_time_is_what_the_ledger_knew_then(
        client: TestClient, served: Served) -> None:
    """Before the correction, the 2024 income is the uncorrected 10440 yuan."""
    headers = bearer(served, "discipline")
    then = client.get("/v1/households/H001/state?as_of=2024-01-11T12:00:00Z",
                      headers=headers).json()
    now = client.get("/v1/households/H001/state", headers=headers).json()
    assert then["state"]["income_years"][0]["total_fen"] == 1_044_000
    assert now["state"]["income_years"][0]["total_fen"] == 672_000
    assert any(step["event_type"] == "Corrected" for step in then["later"])


def test_the_state_by_business_date_leaves_out_later_happenings(client: TestClient) -> None:
    """Up to 2024-01-03 the household had no plan yet."""
    found = client.get("/v1/households/H001/state?business_date=2024-01-03").json()
    assert found["state"]["plan_adopted_on"] is None
    assert found["business_date"] == "2024-01-03"
