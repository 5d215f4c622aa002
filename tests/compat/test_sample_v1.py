"""Sample events of version 1 (no frame, no size: the caller's list) still replay."""

from __future__ import annotations

import base64
from pathlib import Path
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent

from ledger.application.app import Ledger
from ledger.domain.inspection import InspectionRound

GOLDEN = Path(__file__).with_name("golden_sample_v1.jsonl")


def test_version_one_sample_events_upcast_and_replay() -> None:
    """The commitment gets an empty frame, the draw its list's length as size."""
    reader = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    rows = [orjson.loads(line) for line in GOLDEN.read_text().splitlines()]
    events = [reader.mapper.to_domain_event(StoredEvent(
        UUID(r["originator_id"]), r["originator_version"], r["topic"],
        base64.b64decode(r["state"]))) for r in rows]
    committed, drawn = events[1], events[2]
    assert isinstance(committed, InspectionRound.SampleCommitted)
    assert (committed.frame_lines, committed.frame_sha256) == ([], "")
    assert isinstance(drawn, InspectionRound.SampleDrawn)
    assert (drawn.size, drawn.household_codes) == (1, ["H001"])
    round_ = InspectionRound.__new__(InspectionRound)
    for event in events:
        round_ = event.mutate(round_ if event is not events[0] else None)
    assert round_.sample == ["H001"]
    assert round_.frame == []
