"""The golden event logs replay forever: topics, field names and wire format are contracts.

``golden_events.jsonl`` is frozen (its v1 research visit upcasts); ``golden_events_v2.jsonl``
adds the method's structured acts (四个一, 三了解两协调, 一争取, 约谈, 通报, pairing, activities,
the end of monitoring).
"""

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
from ledger.domain.values import HouseholdStatus

HERE = Path(__file__).parent
# (log, how many of its events are of a class that has since moved to a later class_version:
# in v1 the research visit and the regulation, in v2 the regulation published before duties)
LOGS = {"v1": (HERE / "golden_events.jsonl", 2), "v2": (HERE / "golden_events_v2.jsonl", 1)}
NEW_TOPICS = {
    "ledger.domain.cadre:Cadre." + name for name in (
        "ResearchVisitMade", "InspectionMade", "ReportHeard", "ReportSubmitted",
        "QuarterlyReviewMade", "FundsSecured", "TalkHeld", "BulletinIssued")
} | {
    "ledger.domain.household:Household." + name for name in (
        "PairingStarted", "PairingContacted", "PairingEnded", "ActivityAttended",
        "MonitoringEnded")
} | {"ledger.domain.activity:Activity.Held"}


def load(name: str) -> list[StoredEvent]:
    rows = [orjson.loads(line) for line in LOGS[name][0].read_text().splitlines()]
    return [StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"],
                        base64.b64decode(r["state"])) for r in rows]


@pytest.fixture(scope="module")
def reader() -> Ledger:
    return Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def streams(reader: Ledger, name: str) -> dict[UUID, list[Any]]:
    found: dict[UUID, list[Any]] = defaultdict(list)
    for row in load(name):
        found[row.originator_id].append(reader.mapper.to_domain_event(row))
    return found


def replay(events: list[Any]) -> Any:
    state = None
    for event in events:
        state = event.mutate(state)
    return state


@pytest.mark.parametrize("name", sorted(LOGS))
def test_every_golden_event_decodes_and_reencodes_to_the_same_bytes(
    name: str, reader: Ledger
) -> None:
    """Decoding then encoding a stored event gives back its exact stored bytes, unless its class
    has moved to a later class_version: then it upcasts, and the new form is stable."""
    upcast = 0
    for row in load(name):
        event = reader.mapper.to_domain_event(row)
        again = reader.mapper.to_stored_event(event)
        if _stored_version(row) == getattr(type(event), "class_version", 1):
            assert again.state == row.state
        else:
            upcast += 1
            assert reader.mapper.to_domain_event(again) == event
            assert reader.mapper.to_stored_event(reader.mapper.to_domain_event(again)) == again
    assert upcast == LOGS[name][1]


@pytest.mark.parametrize("name", sorted(LOGS))
def test_the_golden_aggregates_replay_to_their_known_state(name: str, reader: Ledger) -> None:
    """The household replays with the corrected income, its points and its plan."""
    found = streams(reader, name)
    home = replay(found[Household.id_for("H001")])
    assert home.income_total(2024) == 372_000
    assert home.points_balance == 10
    assert home.plan.measures == ["光伏分红"]
    assert len(found) >= 12


def test_a_v1_research_visit_reads_with_its_parts_unknown(reader: Ledger) -> None:
    """The golden v1 调研 upcasts to v2 with no villages or households (nothing invented)."""
    (visit,) = [e for e in map(reader.mapper.to_domain_event, load("v1"))
                if isinstance(e, Cadre.ResearchVisitMade)]
    assert (visit.villages, visit.households, visit.summary) == ([], [], "调研")


def test_the_second_log_holds_every_new_event_type() -> None:
    """Each event type added or changed for the method's structured acts is in the log."""
    assert {row.topic for row in load("v2")} >= NEW_TOPICS


def test_the_structured_acts_replay_with_their_parts(reader: Ledger) -> None:
    """The lead's partial review, the talk's basis, H002's pairing, activity and monitoring."""
    found = streams(reader, "v2")
    by_type = {type(e).__name__: e for events in found.values() for e in events}
    assert by_type["QuarterlyReviewMade"].missing_parts == (
        "exit_progress", "fund_coordination", "sector_coordination")
    assert by_type["TalkHeld"].basis == ["obligation/OB-1", "finding/R01/F-1"]
    lead = replay(found[Cadre.id_for("C20")])
    assert len(lead.acts) == 7
    second = replay(found[Household.id_for("H002")])
    assert second.status is HouseholdStatus.EXITED
    assert second.pairings["JQ-1"].is_lapsed
    assert (second.activities, second.points_balance) == ({"ACT-1": 10}, 10)


def _stored_version(row: StoredEvent) -> int:
    version: int = orjson.loads(row.state).get("class_version", 1)
    return version


def test_a_regulation_published_before_duties_replays_with_none(reader: Ledger) -> None:
    """The golden regulation (class version 1) is upcast to an edition that owes no duties."""
    rows = [r for r in load("v1") if r.topic.endswith("AssessmentRegulation.Published")]
    regulation = reader.mapper.to_domain_event(rows[0]).mutate(None)
    assert regulation.editions[0].duties == ()
    assert regulation.editions[0].rules
