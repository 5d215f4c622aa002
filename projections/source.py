"""The ledger's events, read without the write side: the library's recorder and mapper.

The reader is built from the same environment as the ledger application (same name, same
transcoder and transcodings, same cipher and compressor if configured), so it decodes exactly
what the ledger stored. It never imports ``ledger.application``: events of aggregates outside
the domain catalogue (the command receipts) are decoded into :class:`ForeignEvent`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    Mapper,
    Notification,
    StoredEvent,
)
from eventsourcing.utils import Environment, get_topic

from ledger.domain import catalogue
from ledger.domain.envelope import business_instant
from ledger.storage.config import DatabaseConfig
from ledger.storage.transcoding import OrjsonTranscoder, standard_transcodings

LEDGER_APP_NAME = "Ledger"
"""The ledger application's name: it prefixes env keys and names the PostgreSQL events table."""

FOREIGN_KINDS = {"CommandReceipt": "command"}
"""Kinds of aggregates whose classes live outside the domain (by class name)."""

KNOWN_TOPICS: frozenset[str] = frozenset(get_topic(c) for c in catalogue.all_event_classes())
CREATED_KINDS: dict[str, str] = {
    get_topic(getattr(aggregate, name)): aggregate.KIND
    for aggregate in catalogue.AGGREGATES
    for name in ("Registered", "Appointed", "Allocated", "Opened", "Published", "CommandRefused")
    if name in vars(aggregate)
}


class ForeignEvent:
    """An event of an aggregate the projections do not know the class of (fields as attributes)."""

    def __init__(self, topic: str, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.topic = topic
        self.type_name = topic.rsplit(".", 1)[-1]


@dataclass(frozen=True, slots=True)
class Item:
    """One event with its place in the log and its aggregate's kind and code."""

    position: int
    kind: str
    code: str
    version: int
    type_name: str
    event: Any

    @property
    def ref(self) -> str:
        """``household/H001/12``."""
        return f"{self.kind}/{self.code}/{self.version}"

    @property
    def recorded_at(self) -> datetime:
        """When the ledger recorded it."""
        value: datetime = self.event.recorded_at
        return value

    @property
    def business(self) -> date | datetime:
        """When it happened (a date or an instant); the recording time if it names none."""
        event = self.event
        found = getattr(event, "occurred_at", None) or getattr(event, "occurred_on", None)
        return found if found is not None else self.recorded_at

    @property
    def business_at(self) -> datetime:
        """The instant the business time stands for."""
        return business_instant(self.business)


def ledger_environment(
    config: DatabaseConfig, environ: Mapping[str, str] | None = None
) -> Environment:
    """The environment the ledger application would run with on this store."""
    merged: dict[str, str] = dict(os.environ if environ is None else environ)
    merged.update(config.eventsourcing_env())
    return Environment(LEDGER_APP_NAME, merged)


class EventSource:
    """Reads the notification log and one aggregate's stream, and decodes events."""

    def __init__(self, config: DatabaseConfig, environ: Mapping[str, str] | None = None) -> None:
        self.config = config
        env = ledger_environment(config, environ)
        self.factory = InfrastructureFactory.construct(env)
        self.recorder: ApplicationRecorder = self.factory.application_recorder()
        transcoder = OrjsonTranscoder()
        for transcoding in standard_transcodings(catalogue.value_types()):
            transcoder.register(transcoding)
        self.mapper: Mapper[UUID] = self.factory.mapper(transcoder=transcoder)

    def max_position(self) -> int:
        """The last position in the log (0 when empty)."""
        return self.recorder.max_notification_id() or 0

    def read_after(self, position: int, limit: int) -> Sequence[Notification]:
        """Up to ``limit`` notifications after ``position`` (``id > position``: ids have gaps)."""
        return self.recorder.select_notifications(
            start=position, limit=limit, inclusive_of_start=False
        )

    def decode(self, stored: StoredEvent) -> Any:
        """The domain event (or a :class:`ForeignEvent`) for one stored event."""
        if stored.topic in KNOWN_TOPICS:
            return self.mapper.to_domain_event(stored)
        state = stored.state
        if self.mapper.cipher is not None:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor is not None:
            state = self.mapper.compressor.decompress(state)
        decoded: dict[str, Any] = self.mapper.transcoder.decode(state)
        decoded["originator_id"] = stored.originator_id
        decoded["originator_version"] = stored.originator_version
        return ForeignEvent(stored.topic, decoded)

    def stream(self, originator_id: UUID) -> list[Any]:
        """Every event of one aggregate, in version order."""
        stored = self.recorder.select_events(originator_id)
        return [self.decode(s) for s in stored]

    def close(self) -> None:
        """Release the recorder's connections."""
        self.factory.close()


def created_kind(topic: str) -> str | None:
    """The aggregate kind that a creation event's topic starts, or None for other events."""
    kind = CREATED_KINDS.get(topic)
    if kind is not None:
        return kind
    if topic not in KNOWN_TOPICS:
        class_name = topic.rsplit(":", 1)[-1].split(".", maxsplit=1)[0]
        return FOREIGN_KINDS.get(class_name, class_name.lower())
    return None
