"""The page tests' county (built once per session), its app, and signed-in clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import tokens
from api.app import create_app
from api.settings import Settings
from api.tokens import Role, Scope
from ledger.storage.config import DatabaseConfig
from tests.pages import duties_county
from tests.pages.county import County, build


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    """The small county, recorded, sealed, checkpointed and projected."""
    return build(tmp_path_factory.mktemp("county") / "ledger.db")


@pytest.fixture(scope="session")
def app(county: County) -> Iterator[FastAPI]:
    """The whole app (JSON API and pages) over the county."""
    found = create_app(Settings(database=county.config, log_vkeys=(county.log_vkey,)))
    yield found
    found.state.resources.close()


def make_token(app: FastAPI, role: Role, label: str, scope: str | None = None) -> str:
    """A fresh token of a role (and scope), stored through the token store."""
    with app.state.resources.pool.connection() as db:
        tokens.ensure_table(db)
        return tokens.create_token(db, role, Scope.parse(scope) if scope else None, label)


def signed_in(app: FastAPI, token: str) -> TestClient:
    """A client holding the page cookie for ``token`` (signed in through /pages/session)."""
    client = TestClient(app)
    response = client.get("/pages/session", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 204
    return client


@pytest.fixture(scope="session")
def public(app: FastAPI) -> TestClient:
    """A client with no token."""
    return TestClient(app)


@pytest.fixture(scope="session")
def discipline(app: FastAPI) -> TestClient:
    """A 纪委监委 reader: everything, no scope."""
    return signed_in(app, make_token(app, Role.DISCIPLINE, "jiwei"))


@pytest.fixture(scope="session")
def inspector(app: FastAPI) -> TestClient:
    """A 巡察组 reader scoped to 长白镇 (T01)."""
    return signed_in(app, make_token(app, Role.INSPECTOR, "xuncha-t01", "township:T01"))


@pytest.fixture(scope="session")
def duties_store(tmp_path_factory: pytest.TempPathFactory) -> DatabaseConfig:
    """A county that owes duties over a whole year (tests/pages/duties_county.py), built."""
    return duties_county.build(tmp_path_factory.mktemp("duties") / "ledger.db")


@pytest.fixture(scope="session")
def duties_app(duties_store: DatabaseConfig) -> Iterator[FastAPI]:
    """The whole app over the county that owes duties."""
    found = create_app(Settings(database=duties_store))
    yield found
    found.state.resources.close()


@pytest.fixture(scope="session")
def duties_public(duties_app: FastAPI) -> TestClient:
    """No token, over the county that owes duties."""
    return TestClient(duties_app)


@pytest.fixture(scope="session")
def duties_reader(duties_app: FastAPI) -> TestClient:
    """A 纪委监委 reader over the county that owes duties."""
    return signed_in(duties_app, make_token(duties_app, Role.DISCIPLINE, "jiwei-duties"))


@pytest.fixture(scope="session")
def duties_outsider(duties_app: FastAPI) -> TestClient:
    """A 巡察组 reader scoped to another township (T02): the public view of 长白镇."""
    return signed_in(duties_app, make_token(duties_app, Role.INSPECTOR, "xuncha-t02",
                                            "township:T02"))
