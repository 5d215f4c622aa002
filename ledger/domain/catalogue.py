"""Every aggregate, event class and value type of the ledger, in one place (for storage,
corrections, documentation and the round-trip tests)."""

from __future__ import annotations

import dataclasses
import functools
import typing
from enum import Enum
from typing import Any

from ledger.domain.activity import Activity
from ledger.domain.base import LedgerAggregate
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import LedgerEvent
from ledger.domain.evaluation import Evaluation
from ledger.domain.fund import Fund
from ledger.domain.household import Household
from ledger.domain.inspection import InspectionRound
from ledger.domain.organisation import County, Township, Village
from ledger.domain.project import Project
from ledger.domain.refusal import Refusal
from ledger.domain.regulation import AssessmentRegulation

AGGREGATES: tuple[type[LedgerAggregate], ...] = (
    County, Township, Village, Cadre, Household, Fund, Project, InspectionRound,
    AssessmentRegulation, Refusal, Activity, Evaluation,
)
AGGREGATES_BY_KIND: dict[str, type[LedgerAggregate]] = {a.KIND: a for a in AGGREGATES}


def event_classes(aggregate: type[LedgerAggregate]) -> list[type[LedgerEvent]]:
    """Every concrete event class an aggregate can record (inherited ones included)."""
    seen: dict[str, type[LedgerEvent]] = {}
    for klass in reversed(aggregate.__mro__):
        for name, item in vars(klass).items():
            if isinstance(item, type) and issubclass(item, LedgerEvent):
                seen[name] = item
    return list(seen.values())


def all_event_classes() -> list[type[LedgerEvent]]:
    """Every event class of every aggregate, without repeats."""
    unique: dict[str, type[LedgerEvent]] = {}
    for aggregate in AGGREGATES:
        for event_class in event_classes(aggregate):
            unique[f"{event_class.__module__}:{event_class.__qualname__}"] = event_class
    return list(unique.values())


@functools.cache
def value_types() -> tuple[type, ...]:
    """Every enum and value dataclass that appears in an event field (found from the hints)."""
    found: dict[type, None] = {}
    for event_class in all_event_classes():
        for hint in typing.get_type_hints(event_class).values():
            _collect(hint, found)
    return tuple(found)


def _collect(hint: Any, found: dict[type, None]) -> None:
    for arg in typing.get_args(hint):
        _collect(arg, found)
    if isinstance(hint, type) and hint not in found:
        if issubclass(hint, Enum):
            found[hint] = None
        elif dataclasses.is_dataclass(hint):
            found[hint] = None
            for sub in typing.get_type_hints(hint).values():
                _collect(sub, found)

