"""The golden event log replays forever: topics, field names and wire format are contracts."""

from __future__ import annotations

import base64
from collections import defaultdict
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import pytest
from eventsourcing.persistence import StoredEvent

from ledger.application.app import Ledger
from ledger.domain.cadre import Cadre
from ledger.domain.household import Household

GOLDEN = Path(__file__).with_name("golden_events.jsonl")


@pytest.fixture(scope="module")
def stored() -> list[StoredEvent]:
    rows = [orjson.loads(line) for line in GOLDEN.read_text().splitlines()]
    return [StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"],
                        base64.b64decode(r["state"])) for r in rows]


@pytest.fixture(scope="module")
def reader() -> Ledger:
    return Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_every_golden_event_decodes_and_reencodes_to_the_same_bytes(
    stored: list[StoredEvent], reader: Ledger
) -> None:
    """Decoding then encoding a stored event gives back its exact stored bytes, unless its class
    has moved to a later class_version: then it upcasts, and the new form is stable."""
    upcast = 0
    for row in stored:
        event = reader.mapper.to_domain_event(row)
        again = reader.mapper.to_stored_event(event)
        if _stored_version(row) == getattr(type(event), "class_version", 1):
            assert again.state == row.state
        else:
            upcast += 1
            assert reader.mapper.to_domain_event(again) == event
            assert reader.mapper.to_stored_event(reader.mapper.to_domain_event(again)) == again
    assert upcast == 1  # the v1 research visit


def test_a_v1_research_visit_reads_with_its_parts_unknown(
    stored: list[StoredEvent], reader: Ledger
) -> None:
    """The golden v1 调研 upcasts to v2 with no villages or households (nothing invented)."""
    (visit,) = [e for e in map(reader.mapper.to_domain_event, stored)
                if isinstance(e, Cadre.ResearchVisitMade)]
    assert (visit.villages, visit.households, visit.summary) == ([], [], "调研")


def _stored_version(row: StoredEvent) -> int:
    version: int = orjson.loads(row.state).get("class_version", 1)
    return version


def test_the_golden_aggregates_replay_to_their_known_state(
    stored: list[StoredEvent], reader: Ledger
) -> None:
    """The household replays with the corrected income, its points and its plan."""
    streams: dict[UUID, list[Any]] = defaultdict(list)
    for row in stored:
        streams[row.originator_id].append(reader.mapper.to_domain_event(row))
    home = None
    for event in streams[Household.id_for("H001")]:
        home = event.mutate(home)
    assert home is not None
    assert home.income_total(2024) == 372_000
    assert home.points_balance == 10
    assert home.plan.measures == ["光伏分红"]
    assert len(streams) >= 12
