"""``/v1/signals`` and the village signals page over the demo county: explanations and events
for everyone, note texts only for readers whose scope covers the village."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api import tokens
from api.app import create_app
from api.settings import Settings
from api.tokens import Role
from tests.signals.conftest import DemoViews


@pytest.fixture(scope="module")
def client(demo: DemoViews) -> Iterator[TestClient]:
    """The app over the demo county."""
    with TestClient(create_app(Settings(demo.config))) as found:
        yield found


@pytest.fixture(scope="module")
def discipline(demo: DemoViews) -> dict[str, str]:
    """A 纪委 reader (sees personal fields everywhere)."""
    tokens.ensure_table(demo.db)
    token = tokens.create_token(demo.db, Role.DISCIPLINE, None, "纪委信号")
    return {"Authorization": f"Bearer {token}"}


def test_the_public_sees_signals_and_events_but_no_note_text(client: TestClient) -> None:
    """Every raised signal with its explanation and event refs; texts masked."""
    items = client.get("/v1/signals").json()["items"]
    kinds = {i["kind"] for i in items}
    assert {"copied_text", "visit_burst", "impossible_schedule", "recording_lag"} <= kinds
    assert all(i["is_raised"] and i["evidence"] and i["explanation"] for i in items)
    assert all(e["text"] is None for i in items for e in i["evidence"])


def test_a_discipline_reader_sees_the_copied_texts(client: TestClient,
                                                   discipline: dict[str, str]) -> None:
    """The pasted texts are shown to a reader who may see personal fields."""
    items = client.get("/v1/signals", params={"kind": "copied_text"},
                       headers=discipline).json()["items"]
    assert items
    assert all(e["text"] for e in items[0]["evidence"])


def test_an_unknown_kind_is_refused_naming_it(client: TestClient) -> None:
    """A bad filter is a 422 problem, not an empty list."""
    answer = client.get("/v1/signals", params={"kind": "gossip"})
    assert answer.status_code == 422
    assert "kind" in answer.text


def test_the_village_page_links_to_its_signals_page(client: TestClient) -> None:
    """From the village dashboard one click to the signals, one more to an event's proof."""
    signal = client.get("/v1/signals", params={"kind": "impossible_schedule"}).json()["items"][0]
    village = signal["villages"][0]
    dashboard = client.get(f"/pages/villages/{village}")
    assert f"/pages/villages/{village}/signals" in dashboard.text
    page = client.get(f"/pages/villages/{village}/signals")
    assert page.status_code == 200
    assert signal["explanation"] in page.text
    assert f'/pages/proofs/{signal["evidence"][0]["position"]}' in page.text


def test_every_demo_sample_is_listed_and_redraws(client: TestClient) -> None:
    """/v1/samples gives each round's frame and seed: the draw is reproduced from them."""
    from tests.sampling import second_implementation as second

    items = client.get("/v1/samples").json()["items"]
    assert len(items) == 4
    for item in items:
        assert item["households"] == second.redraw(item["seed"], item["frame"], item["size"])
        assert item["frame_sha256"] == second.digest(item["frame"])
    one = client.get(f"/v1/samples/{items[0]['round']}").json()
    assert one["households"] == items[0]["households"]
    assert client.get("/v1/samples/XC-1999-9").status_code == 404
