"""Roles and scopes: the public never sees a personal value; inspectors are held to scope."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import PERSONAL_VALUES, READ_PATHS, Served, bearer


def leaks(text: str) -> list[str]:
    """The personal values that occur in a body."""
    return [value for value in PERSONAL_VALUES if value in text]


@pytest.mark.parametrize("path", READ_PATHS)
def test_the_public_never_sees_a_personal_value(client: TestClient, path: str) -> None:
    """No name, ID number, phone, health value or note, in any answer, without a token."""
    answer = client.get(path)
    assert answer.status_code in {200, 404}
    assert leaks(answer.text) == []


@pytest.mark.parametrize("path", READ_PATHS)
def test_a_public_token_sees_what_no_token_sees(client: TestClient, served: Served,
                                                path: str) -> None:
    """A token of the public role is masked exactly like an anonymous caller."""
    answer = client.get(path, headers=bearer(served, "public"))
    assert leaks(answer.text) == []


def test_the_walk_would_notice_a_leak(client: TestClient, served: Served) -> None:
    """The same walk as discipline finds every kind of personal value (the test has teeth)."""
    seen = "".join(client.get(p, headers=bearer(served, "discipline")).text
                   for p in READ_PATHS)
    assert set(leaks(seen)) == set(PERSONAL_VALUES)


def test_an_inspector_sees_full_detail_within_its_township(
        client: TestClient, served: Served) -> None:
    """The T01 inspector reads H001 whole."""
    found = client.get("/v1/households/H001", headers=bearer(served, "t01")).json()
    assert found["members"][0]["id_number"] == "220623195501010011"


def test_out_of_scope_detail_without_a_reason_is_refused(
        client: TestClient, served: Served) -> None:
    """H002 lies in T02: the T01 inspector gets 403 out_of_scope on every detail of it."""
    for path in ("/v1/households/H002", "/v1/households/H002/events",
                 "/v1/households/H002/state", "/v1/cadres/C02", "/v1/cadres/C02/trail"):
        answer = client.get(path, headers=bearer(served, "t01"))
        assert answer.status_code == 403, path
        assert answer.json()["code"] == "out_of_scope"


def test_a_village_scope_reaches_only_its_village(client: TestClient, served: Served) -> None:
    """The V02 inspector reads H002, and is refused H001."""
    assert client.get("/v1/households/H002", headers=bearer(served, "v02")).status_code == 200
    assert client.get("/v1/households/H001", headers=bearer(served, "v02")).status_code == 403


def test_out_of_scope_with_a_reason_is_answered_and_logged_as_break_glass(
        client: TestClient, served: Served) -> None:
    """With X-Access-Reason the detail is served, and the access log says break-glass, why."""
    reason = "核查举报线索 2024-17"
    answer = client.get("/v1/households/H002", headers=bearer(served, "t01", reason))
    assert answer.json()["head_name"] == "朴顺子"
    log = client.get("/v1/access-log?token_label=巡察一组&break_glass=true",
                     headers=bearer(served, "discipline")).json()["items"]
    assert [(e["subject"], e["reason"], e["is_break_glass"]) for e in log][-1] == (
        "household:H002", reason, True)


def test_a_reason_in_raw_utf8_is_read_too(client: TestClient, served: Served) -> None:
    """A client that sends the header's UTF-8 bytes unencoded is understood."""
    headers = {"Authorization": f"Bearer {served.tokens['v02']}",
               "X-Access-Reason": "复核".encode()}
    assert client.get("/v1/households/H001", headers=headers).status_code == 200  # type: ignore[arg-type]
    log = client.get("/v1/access-log?token_label=巡察二组&break_glass=true",
                     headers=bearer(served, "discipline")).json()["items"]
    assert log[-1]["reason"] == "复核"


def test_every_personal_read_is_logged_with_who_what_and_when(
        client: TestClient, served: Served) -> None:
    """An in-scope read is logged too (not break-glass); its path keeps the query."""
    client.get("/v1/cadres/C01/trail?limit=3", headers=bearer(served, "t01"))
    entry = client.get("/v1/access-log?token_label=巡察一组&subject=cadre:C01/trail",
                       headers=bearer(served, "discipline")).json()["items"][-1]
    assert entry["role"] == "inspector"
    assert entry["path"] == "/v1/cadres/C01/trail?limit=3"
    assert entry["is_break_glass"] is False
    assert entry["at"].endswith("Z")


def test_aggregates_and_public_reads_are_not_logged(client: TestClient, served: Served) -> None:
    """Reading county figures is not a personal read: nothing is logged for it."""
    client.get("/v1/stats/county", headers=bearer(served, "inspector"))
    log = client.get("/v1/access-log?subject=county",
                     headers=bearer(served, "discipline")).json()["items"]
    assert log == []


def test_lists_mask_items_outside_the_scope_instead_of_refusing(
        client: TestClient, served: Served) -> None:
    """The T01 inspector's household list names H001's head and masks H002's."""
    items = client.get("/v1/households", headers=bearer(served, "t01")).json()["items"]
    assert [(h["code"], h["head_name"]) for h in items] == [("H001", "金大山"), ("H002", None)]


def test_the_timeline_masks_events_outside_the_scope(client: TestClient, served: Served) -> None:
    """In the V02 inspector's timeline, only V02 events carry their fields."""
    items = client.get("/v1/timeline?limit=500", headers=bearer(served, "v02")).json()["items"]
    shown = {e["ref"] for e in items if e["fields"] is not None}
    assert "household/H002/1" in shown
    assert "household/H001/1" not in shown


def test_discipline_reads_everything_including_the_access_log(
        client: TestClient, served: Served) -> None:
    """The discipline role reads any household and the access log; others may not."""
    headers = bearer(served, "discipline")
    assert client.get("/v1/households/H002", headers=headers).json()["head_name"] == "朴顺子"
    assert client.get("/v1/access-log", headers=headers).status_code == 200
    for who in ("t01", "inspector", "public"):
        answer = client.get("/v1/access-log", headers=bearer(served, who))
        assert answer.json()["code"] == "role_forbidden"
    assert client.get("/v1/access-log").status_code == 403


def test_unknown_and_revoked_tokens_are_401(client: TestClient, served: Served) -> None:
    """A bad token is refused, never treated as public."""
    for header in ("Bearer lgr_nope", "Basic abc", "Bearer ",
                   f"Bearer {served.tokens['revoked']}"):
        answer = client.get("/v1/households", headers={"Authorization": header})
        assert answer.status_code == 401, header
        assert answer.json()["code"] == "invalid_token"
        assert answer.headers["www-authenticate"].startswith("Bearer")


def test_a_percent_encoded_reason_is_decoded(client: TestClient, served: Served) -> None:
    """The reason is stored as text, not as its percent-encoding."""
    client.get("/v1/cadres/C02", headers=bearer(served, "t01", "专项巡察"))
    log = client.get(f"/v1/access-log?subject={quote('cadre:C02')}",
                     headers=bearer(served, "discipline")).json()["items"]
    assert log[-1]["reason"] == "专项巡察"


def test_a_cadre_event_is_placed_by_the_cadre_unit(client: TestClient, served: Served) -> None:
    """The T01 inspector sees C01's appointment (unit V01) in full, not C02's (unit V02)."""
    items = client.get("/v1/timeline?type=Appointed", headers=bearer(served, "t01")).json()
    shown = {e["aggregate_code"]: e["personal"] for e in items["items"]}
    assert shown["C01"] is not None
    assert shown["C02"] is None
