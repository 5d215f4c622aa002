"""Property-based tests from ``/openapi.json``: no input makes the server answer 5xx.

Schemathesis generates requests for every documented operation (a bounded number each, to
keep the suite fast) and checks the answers against the schema: status codes, content types,
headers and bodies as documented, and never a server error. One check is left out:
"schema-valid data is accepted". Some valid-looking inputs are refused on meaning, with a 422
naming the parameter: a cursor this API did not issue, a tree size beyond the current tree.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import ROUTERS

MAX_EXAMPLES = 10


@pytest.fixture(scope="module")
def api_schema(client: TestClient) -> schemathesis.BaseSchema:
    """The county app's OpenAPI document, loaded by schemathesis."""
    return schemathesis.openapi.from_asgi("/openapi.json", client.app)


OPERATIONS = sorted(route.path for router in ROUTERS for route in router.routes)
"""Every documented path (each is a GET), listed without building an app."""


@pytest.mark.parametrize("path", OPERATIONS)
def test_no_input_makes_the_server_fail_or_break_its_schema(
        api_schema: schemathesis.BaseSchema, path: str) -> None:
    """Every documented operation answers within its schema and never with a 5xx."""
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    call()
