"""The OpenAPI 3.1 document: every operation described (English and 中文), privacy marked."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

import api.schemas.areas
import api.schemas.cadres
import api.schemas.funds
import api.schemas.households
import api.schemas.integrity
import api.schemas.system
import api.schemas.timeline
from api.masking import public_fields
from api.schemas.common import OutModel

CHINESE = re.compile(r"[\u4e00-\u9fff]")
MODULES = (api.schemas.areas, api.schemas.cadres, api.schemas.funds, api.schemas.households,
           api.schemas.integrity, api.schemas.system, api.schemas.timeline)
MODELS = sorted({obj for module in MODULES for obj in vars(module).values()
                 if isinstance(obj, type) and issubclass(obj, OutModel) and obj is not OutModel},
                key=lambda m: m.__name__)


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    """The served OpenAPI document."""
    return dict(client.get("/openapi.json").json())


def test_the_document_is_openapi_3_1_with_the_required_paths(document: dict[str, Any]) -> None:
    """OpenAPI 3.1 and at least the paths the issue names."""
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) >= {
        "/v1/households", "/v1/households/{code}", "/v1/households/{code}/events",
        "/v1/households/{code}/state", "/v1/cadres/{code}", "/v1/cadres/{code}/trail",
        "/v1/villages/{code}", "/v1/timeline", "/v1/funds/{code}", "/v1/stats/county",
        "/v1/integrity/checkpoint", "/v1/integrity/inclusion", "/v1/integrity/consistency",
        "/v1/integrity/verify", "/v1/projections/lag", "/healthz", "/metrics",
        "/v1/access-log"}


def test_every_operation_has_a_summary_in_english_and_chinese(document: dict[str, Any]) -> None:
    """Summaries carry the Chinese term beside the English."""
    for path, item in document["paths"].items():
        for operation in item.values():
            assert CHINESE.search(operation["summary"]), path
            assert operation.get("description"), path


def test_every_parameter_is_described(document: dict[str, Any]) -> None:
    """Each query and path parameter says what it is, with its Chinese term."""
    for path, item in document["paths"].items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                assert CHINESE.search(parameter.get("description", "")), (path, parameter)


def test_problems_are_documented_as_problem_json(document: dict[str, Any]) -> None:
    """Every 4xx response is application/problem+json with the problem schema."""
    for item in document["paths"].values():
        for operation in item.values():
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    assert list(response["content"]) == ["application/problem+json"]


def test_public_fields_are_marked_in_the_schema(document: dict[str, Any]) -> None:
    """The public's whitelist is visible to clients as ``x-public``."""
    household = document["components"]["schemas"]["HouseholdOut"]["properties"]
    assert household["status"]["x-public"] is True
    assert "x-public" not in household["head_name"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_personal_field_can_be_blanked(model: type[BaseModel]) -> None:
    """A field the public may not see has a default (None or empty) to mask it with."""
    for name, field in model.model_fields.items():
        if name not in public_fields(model):
            assert not field.is_required(), f"{model.__name__}.{name}"
            assert field.get_default(call_default_factory=True) in (None, [], {}), name


def test_docs_api_md_lists_every_path(document: dict[str, Any]) -> None:
    """docs/api.md names every documented path, so the docs stay current."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs/api.md").read_text(encoding="utf-8")
    missing = [path for path in document["paths"] if f"`{path}`" not in text]
    assert missing == []
