"""The evaluation page: a ranking with points per rule and the receipt link, for the public."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.evaluation.test_api import client

__all__ = ["client"]  # the fixture: January of the small county, evaluated and published


def test_the_ranking_shows_points_per_rule_and_links_the_receipt(client: TestClient) -> None:
    """Cadre level for January: C02 first with 20.00, C01 second with 15.00; the receipt link
    is the live evaluation the CLI's --check reproduces; the published one is listed."""
    page = client.get("/pages/evaluations?period=2024-01&level=cadre")
    assert page.status_code == 200
    html = page.text
    assert html.index('id="unit-C02"') < html.index('id="unit-C01"')
    c01 = html.split('id="unit-C01"', 1)[1].split("</tr>", 1)[0]
    assert "15.00" in c01
    assert 'href="/v1/evaluations/live?period=2024-01&level=cadre"' in html
    assert "2024-01.cadre." in html


def test_a_bad_period_is_a_422_page(client: TestClient) -> None:
    """A period that is none of the four forms is refused."""
    assert client.get("/pages/evaluations?period=2024-13").status_code == 422
