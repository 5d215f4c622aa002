"""Every event type round-trips through real storage unchanged (SQLite file and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.application.app import Ledger
from ledger.domain import catalogue
from tests.property.strategies import event_strategy

EVENT_CLASSES = catalogue.all_event_classes()


@pytest.fixture(scope="module")
def sqlite_ledger(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    from ledger.storage.config import resolve_database

    path = tmp_path_factory.mktemp("roundtrip") / "ledger.db"
    return Ledger(env=resolve_database(str(path), {}).eventsourcing_env())


def _roundtrip(ledger: Ledger, drawn: Any) -> Any:
    event = dataclasses.replace(drawn, originator_id=uuid.uuid4())
    ledger.events.put([event])
    (stored,) = ledger.events.get(event.originator_id, gt=event.originator_version - 1,
                                  lte=event.originator_version)
    return stored


def test_catalogue_lists_every_event_type() -> None:
    """The catalogue finds the events of every aggregate (a guard for the round-trip test)."""
    names = {cls.__qualname__ for cls in EVENT_CLASSES}
    assert {"Household.Visited", "HouseholdRecords.IncomeRecorded", "Fund.Disbursed"} & names
    assert len(EVENT_CLASSES) >= 50


@pytest.mark.parametrize("event_class", EVENT_CLASSES, ids=lambda c: c.__qualname__)
def test_every_event_type_roundtrips_through_sqlite(
    sqlite_ledger: Ledger, event_class: type
) -> None:
    """Stored and read back from a SQLite file, an event equals the original, types included."""

    @settings(max_examples=15, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(event=event_strategy(event_class))
    def check(event: Any) -> None:
        stored = _roundtrip(sqlite_ledger, event)
        event = dataclasses.replace(event, originator_id=stored.originator_id)
        assert stored == event
        assert {k: type(v) for k, v in vars(stored).items()} == {
            k: type(v) for k, v in vars(event).items()
        }

    check()


def test_every_event_type_roundtrips_through_postgres(postgres_url: str) -> None:
    """Stored and read back from PostgreSQL, every event type equals the original."""
    from ledger.storage.config import resolve_database

    ledger = Ledger(env=resolve_database(postgres_url, {}).eventsourcing_env())

    @settings(max_examples=60, deadline=None)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        event_class = data.draw(st.sampled_from(EVENT_CLASSES))
        event = data.draw(event_strategy(event_class))
        stored = _roundtrip(ledger, event)
        assert stored == dataclasses.replace(event, originator_id=stored.originator_id)

    check()


METHOD_EVENTS = [cls for cls in EVENT_CLASSES if getattr(cls, "class_version", 1) > 1
                 or cls.__qualname__ in ("Household.PairingStarted", "Household.PairingContacted",
                                         "Household.PairingEnded", "Household.ActivityAttended",
                                         "Household.MonitoringEnded", "Activity.Held")]


def test_the_method_events_roundtrip_through_postgres(postgres_url: str) -> None:
    """Each structured act, pairing, activity and monitoring event, stored in PostgreSQL and
    read back, equals the original (every type drawn, not a sample of types)."""
    from ledger.storage.config import resolve_database

    assert len(METHOD_EVENTS) >= 14  # every class past version 1, and the six new types
    ledger = Ledger(env=resolve_database(postgres_url, {}).eventsourcing_env())
    for event_class in METHOD_EVENTS:

        @settings(max_examples=8, deadline=None)
        @given(event=event_strategy(event_class))
        def check(event: Any) -> None:
            stored = _roundtrip(ledger, event)
            assert stored == dataclasses.replace(event, originator_id=stored.originator_id)

        check()
    ledger.close()
