"""Base aggregate: natural codes, deterministic ids, event references, corrections and retractions.

Nothing is ever updated or deleted: a correction (更正) or retraction is a new event naming the
event it corrects, with a reason and who authorised it.
"""

from __future__ import annotations

import copy
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from ledger.domain.checks import check_code
from ledger.domain.coercion import coerce
from ledger.domain.envelope import Envelope, LedgerEvent, stamp
from ledger.domain.values import Immutable
from ledger.errors import RuleViolation

ID_NAMESPACE = uuid5(NAMESPACE_URL, "urn:ledger:545n")
ENVELOPE_FIELDS = frozenset(typing.get_type_hints(LedgerEvent)) | {"occurred_at", "occurred_on"}


def aggregate_id(kind: str, code: str) -> UUID:
    """The id of an aggregate, derived from its kind and natural code (a persisted contract)."""
    return uuid5(ID_NAMESPACE, f"{kind}:{code}")


def event_ref(kind: str, code: str, version: int) -> str:
    """A readable, stable reference to one event: ``household/HH001/12``."""
    return f"{kind}/{code}/{version}"


class TrackedEvent(LedgerEvent):
    """Every ledger event remembers its type on the aggregate, so corrections can be checked."""

    def mutate(self, aggregate: Any) -> Any:
        result = super().mutate(aggregate)
        if result is None:  # the library's contract; never happens for our events
            return None
        result.event_types[self.originator_version] = type(self).__name__
        return result


class Created(TrackedEvent, Aggregate.Created):
    """Base of the first event of every ledger aggregate."""

    code: str


class LedgerAggregate(Aggregate):
    """Base of every ledger aggregate: one natural code, a kind, corrections as events."""

    KIND = ""

    def __init__(self) -> None:
        self.code = ""
        self.event_types: dict[int, str] = {}
        self.corrections: dict[int, list[int]] = {}
        self.retracted: set[int] = set()

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        # Commands work on copies (a refused one must leave no trace); most state is made of
        # immutable values, so only the containers are copied. Much faster than copy.deepcopy.
        clone = object.__new__(type(self))
        clone.__dict__.update({k: _copy_value(v, memo) for k, v in self.__dict__.items()})
        return clone

    @classmethod
    def id_for(cls, code: str) -> UUID:
        """The deterministic id of the aggregate with this natural code."""
        return aggregate_id(cls.KIND, code)

    @classmethod
    def start(
        cls,
        event_class: type[Created],
        envelope: Envelope,
        occurred: date | datetime,
        code: str,
        **fields: Any,
    ) -> Self:
        """Create the aggregate with its first event; its id derives from its code."""
        check_code(code)
        return cls._create(
            event_class, id=cls.id_for(code), code=code,
            **stamp(envelope, event_class, occurred), **fields,
        )

    def ref(self, version: int) -> str:
        """The reference of one of this aggregate's events."""
        return event_ref(self.KIND, self.code, version)

    def record(
        self,
        event_class: type[LedgerEvent],
        envelope: Envelope,
        occurred: date | datetime,
        **fields: Any,
    ) -> None:
        """Trigger an event with its envelope decided now (late flag, future guard)."""
        self.trigger_event(event_class, **stamp(envelope, event_class, occurred), **fields)

    class Corrected(TrackedEvent):
        """更正: fields of an earlier event replaced, with a reason and an authoriser."""

        occurred_at: datetime
        target_version: int
        target_type: str
        changes: dict[str, Any]
        reason: str
        authorised_by: str

        def apply(self, aggregate: LedgerAggregate) -> None:
            aggregate.corrections.setdefault(self.target_version, []).append(
                self.originator_version
            )
            aggregate.on_correction(self.target_version, self.target_type, self.changes)

    class Retracted(TrackedEvent):
        """撤销: an earlier event declared void, with a reason and an authoriser."""

        occurred_at: datetime
        target_version: int
        target_type: str
        reason: str
        authorised_by: str

        def apply(self, aggregate: LedgerAggregate) -> None:
            aggregate.retracted.add(self.target_version)
            aggregate.on_retraction(self.target_version, self.target_type)

    def correct(
        self,
        envelope: Envelope,
        target_version: int,
        changes: dict[str, Any],
        reason: str,
        authorised_by: str,
    ) -> None:
        """Correct fields of one earlier event (decided here; applied by ``on_correction``)."""
        target_class = self._correctable_target(target_version)
        if not changes:
            raise RuleViolation("a correction must change at least one field", field="changes")
        unknown = set(changes) - target_class.correctable
        if unknown:
            raise RuleViolation(
                f"cannot correct {sorted(unknown)} of {target_class.__name__}; "
                f"correctable: {sorted(target_class.correctable)}",
                field="changes",
            )
        _require_text(reason, "reason")
        _require_text(authorised_by, "authorised_by")
        hints = typing.get_type_hints(target_class, include_extras=True)
        changes = {k: coerce(hints[k], v, f"changes.{k}") for k, v in changes.items()}
        self.check_correction(target_class.__name__, changes)
        self.record(
            self.Corrected,
            envelope,
            envelope.recorded_at,
            occurred_at=envelope.recorded_at,
            target_version=target_version,
            target_type=target_class.__name__,
            changes=changes,
            reason=reason,
            authorised_by=authorised_by,
        )

    def retract(
        self, envelope: Envelope, target_version: int, reason: str, authorised_by: str
    ) -> None:
        """Declare one earlier event void; it stays in the log."""
        target_class = self._correctable_target(target_version)
        _require_text(reason, "reason")
        _require_text(authorised_by, "authorised_by")
        self.record(
            self.Retracted,
            envelope,
            envelope.recorded_at,
            occurred_at=envelope.recorded_at,
            target_version=target_version,
            target_type=target_class.__name__,
            reason=reason,
            authorised_by=authorised_by,
        )

    def event_class_named(self, name: str) -> type[LedgerEvent]:
        """The event class of this aggregate with that name."""
        candidate = getattr(type(self), name, None)
        if not (isinstance(candidate, type) and issubclass(candidate, LedgerEvent)):
            raise RuleViolation(f"{self.KIND} has no event type {name!r}", field="target_event")
        return candidate

    def check_correction(self, type_name: str, changes: dict[str, Any]) -> None:
        """Refuse corrected values the original command would have refused (override)."""

    def on_correction(self, version: int, type_name: str, changes: dict[str, Any]) -> None:
        """Adjust state for a correction; aggregates with correctable facts override this."""

    def on_retraction(self, version: int, type_name: str) -> None:
        """Adjust state for a retraction; aggregates with retractable facts override this."""

    def _correctable_target(self, version: int) -> type[LedgerEvent]:
        name = self.event_types.get(version)
        if name is None:
            raise RuleViolation(
                f"{self.ref(version)} does not exist", field="target_event"
            )
        if version in self.retracted:
            raise RuleViolation(f"{self.ref(version)} is already retracted", field="target_event")
        target_class = self.event_class_named(name)
        if not target_class.correctable:
            raise RuleViolation(
                f"{self.ref(version)} ({name}) cannot be corrected or retracted; "
                "record a new event instead",
                field="target_event",
            )
        return target_class


_PLAIN = frozenset({str, int, float, bool, type(None), date, datetime, UUID})
_ATOMIC = (str, int, float, bool, type(None), date, datetime, UUID, Enum, Immutable, LedgerEvent)


def _copy_value(value: Any, memo: dict[int, Any]) -> Any:
    kind = type(value)
    if kind in _PLAIN or isinstance(value, _ATOMIC):
        return value
    if kind is dict:
        return {k: _copy_value(v, memo) for k, v in value.items()}
    if kind is list:
        return [_copy_value(v, memo) for v in value]
    if isinstance(value, (tuple, frozenset)) and all(_is_atomic(v) for v in value):
        return value
    if kind is set:
        return set(value) if all(isinstance(v, _ATOMIC) for v in value) else copy.deepcopy(
            value, memo)
    return copy.deepcopy(value, memo)


def _is_atomic(value: Any) -> bool:
    return type(value) in _PLAIN or isinstance(value, _ATOMIC)


def _require_text(value: str, name: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise RuleViolation(f"{name} must be a non-empty text", field=name)
