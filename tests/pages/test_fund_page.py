"""The fund page starts secured money at its source (一争取) and follows it to households."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from ledger.storage.config import parse_database_url
from tests.projections.conftest import Views, open_ledger, small_county, start_clock
from tests.projections.test_method_views import method_acts


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The small county with the method's acts, projected, served to the public."""
    config = parse_database_url(str(Path(tmp_path_factory.mktemp("funds")) / "ledger.db"))
    clock = start_clock()
    ledger = open_ledger(config, clock)
    small_county(ledger)
    clock.advance(timedelta(days=10))
    method_acts(ledger)
    ledger.close()
    views = Views(config)
    views.project()
    views.close()
    with TestClient(create_app(Settings(config))) as client:
        yield client


def test_the_fund_page_starts_at_the_secured_source_and_ends_at_the_household(
        public: TestClient) -> None:
    """Source paired_district secured by C20, 30,000 yuan, then 10,000 to household H002."""
    page = public.get("/pages/funds/F-SEC")
    assert page.status_code == 200
    sources = page.text.split('id="sources"', 1)[1].split('id="disbursements"', 1)[0]
    assert "paired_district" in sources
    assert "C20" in sources
    assert "¥30,000.00" in page.text
    spent = page.text.split('id="disbursements"', 1)[1]
    assert 'href="/pages/households/H002"' in spent
    assert "¥10,000.00" in spent
    assert "产业补助" not in page.text  # the purpose is free text: not for the public


def test_the_funds_index_links_every_fund_and_an_unknown_one_is_404(public: TestClient) -> None:
    """Every fund is listed with a link; an unknown code is a 404 page."""
    index = public.get("/pages/funds").text
    assert 'href="/pages/funds/F-SEC"' in index
    assert public.get("/pages/funds/NOPE").status_code == 404
