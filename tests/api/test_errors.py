"""Errors are RFC 9457 problems with stable codes; writes are 405; ETags answer 304."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Served, bearer

WRITES = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("path", ["/v1/households", "/v1/households/H001", "/nowhere", "/"])
def test_any_write_method_on_any_path_is_405(client: TestClient, method: str, path: str) -> None:
    """The API never writes: every method but GET and HEAD is refused, known path or not."""
    answer = client.request(method, path, content=b"{}")
    assert answer.status_code == 405
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["allow"] == "GET, HEAD"
    assert answer.json()["code"] == "read_only"


def test_a_problem_has_type_title_status_detail_code_and_instance(client: TestClient) -> None:
    """The problem document's members, for an unknown path."""
    answer = client.get("/v1/nothing-here")
    body = answer.json()
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert set(body) >= {"type", "title", "status", "detail", "code", "instance"}
    assert body["type"].endswith("/not_found")
    assert body["status"] == 404


@pytest.mark.parametrize(("path", "parameter"), [
    ("/v1/households?limit=0", "limit"),
    ("/v1/households?limit=abc", "limit"),
    ("/v1/households?status=gone", "status"),
    ("/v1/households?cursor=%25%25", "cursor"),
    ("/v1/households?cursor=WzEsNV0", "cursor"),
    ("/v1/households/H001/state?as_of=yesterday", "as_of"),
    ("/v1/households/H001/state?business_date=2024-13-01", "business_date"),
    ("/v1/households/H001/events?tree_size=-1", "tree_size"),
    ("/v1/households/H001/events?proofs=true&tree_size=99999", "tree_size"),
    ("/v1/timeline?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "from"),
    ("/v1/timeline?subject=planet:X", "subject"),
    ("/v1/integrity/inclusion", "position"),
    ("/v1/integrity/inclusion?position=1&tree_size=100000", "tree_size"),
    ("/v1/integrity/consistency?first=30&second=20", "first"),
    ("/v1/integrity/consistency?first=1&second=100000", "second"),
    ("/v1/households/a%20b", "code"),
    ("/v1/households/H001/state?as_of=0001-01-01T00:00:00%2B05:00", "as_of"),
    ("/v1/households/H001/state?business_date=9999-12-31", "business_date"),
    ("/v1/timeline?to=9999-12-31T23:59:59-05:00", "to"),
    ("/v1/timeline?cursor=WzEsOTk5OTk5OTk5OTk5OTk5OTk5OTk5XQ", "cursor"),
])
def test_a_bad_parameter_is_a_422_naming_it(client: TestClient, path: str,
                                            parameter: str) -> None:
    """422, code invalid_parameter, and the parameter's name."""
    answer = client.get(path)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_parameter"
    assert answer.json()["parameter"] == parameter


def test_a_detail_carries_a_strong_etag_and_answers_304(client: TestClient) -> None:
    """If-None-Match with the ETag gives 304 and no body; another tag gives 200."""
    first = client.get("/v1/households/H001")
    tag = first.headers["etag"]
    assert tag.startswith('"')
    again = client.get("/v1/households/H001", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert client.get("/v1/households/H001",
                      headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_differs_by_what_the_caller_may_see(client: TestClient, served: Served) -> None:
    """The public's masked body and an inspector's full body have different tags."""
    public = client.get("/v1/households/H001").headers["etag"]
    full = client.get("/v1/households/H001", headers=bearer(served, "inspector")).headers["etag"]
    assert public != full


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    """HEAD is a read: same status and ETag as GET, empty body."""
    get = client.get("/v1/villages/V01")
    head = client.head("/v1/villages/V01")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
