"""Every figure is defined once (``projections.figures``): on a small demo county the CLI's
``ledger summary --json``, the API's ``/v1/stats/county`` and the overview page show the same
number for each figure, and so do a township's API record and the summary's township row."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pages.formatting import yuan
from api.settings import Settings
from ledger.cli import main
from ledger.storage.config import parse_database_url
from projections.figures import registered_figures

CARD = re.compile(r'data-figure="(\w+)">.*?<div class="value"[^>]*>(.*?)</div>', re.DOTALL)
Seen = tuple[dict[str, Any], dict[str, Any], str, dict[str, Any]]


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> Seen:
    """A 12-household demo county; the summary (JSON), the API's answers and the overview page."""
    path = tmp_path_factory.mktemp("figures") / "demo.db"
    assert main(["demo", "--households", "12", "--quiet", "--db", str(path)]) == 0
    summary = _summary_json(path)
    app = create_app(Settings(database=parse_database_url(str(path))))
    try:
        client = TestClient(app)
        county = client.get("/v1/stats/county").json()
        page = client.get("/").text
        township = client.get("/v1/townships/T01").json()
    finally:
        app.state.resources.close()
    return summary, county, page, township


def _summary_json(path: Path) -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summary", "--json", "--db", str(path)]) == 0
    found: dict[str, Any] = json.loads(out.getvalue())
    return found


def _page_figures(page: str) -> dict[str, str]:
    """Each card's shown value, tags and units stripped."""
    return {key: re.sub(r"<small>.*?</small>", "", html.unescape(value)).strip()
            for key, value in CARD.findall(page)}


def test_the_summary_the_api_and_the_overview_page_agree_on_every_figure(seen: Seen) -> None:
    """Same keys, same numbers, in all three places; money shown in yuan on the page."""
    summary, county, page, _ = seen
    cli = summary["county"]["figures"]
    api = {f["key"]: f["value"] for f in county["figures"]}
    shown = _page_figures(page)
    keys = [f.key for f in registered_figures("county")]
    assert list(cli) == list(api) == list(shown) == keys
    assert cli == api
    units = {f.key: f.unit for f in registered_figures()}
    for key, value in cli.items():
        assert shown[key] == (yuan(value) if units[key] == "fen" else f"{value:,}"), key


def test_each_figure_carries_its_definition_everywhere(seen: Seen) -> None:
    """The API and the summary give the same definition text; the page shows it as a footnote."""
    summary, county, page, _ = seen
    definitions = {d["key"]: d["definition"] for d in summary["definitions"]}
    assert definitions == {f["key"]: f["definition"] for f in county["figures"]}
    shown = html.unescape(page)
    for text in definitions.values():
        assert text in shown
    assert summary["as_of"] == county["as_of"]


def test_a_townships_figures_agree_between_the_summary_and_the_api(seen: Seen) -> None:
    """T01's figures in ``ledger summary`` are those of ``/v1/townships/T01``."""
    summary, _, _, township = seen
    row = next(t for t in summary["townships"] if t["code"] == "T01")
    assert row["figures"] == {f["key"]: f["value"] for f in township["figures"]}


def test_the_figures_partition_households_and_findings(seen: Seen) -> None:
    """Statuses split the households; open, closed and transferred split the findings, which
    include those about cadres (not only about households)."""
    figures = seen[0]["county"]["figures"]
    assert figures["households"] == sum(
        figures[k] for k in ("registered", "exited", "monitored", "returned"))
    assert figures["findings_raised"] == sum(
        figures[k] for k in ("findings_open", "findings_closed", "findings_transferred"))
    assert figures["findings_raised"] > 0
    assert figures["findings_overdue"] <= figures["findings_open"]
