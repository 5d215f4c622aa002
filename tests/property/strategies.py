"""Hypothesis strategies for every field type that ledger events declare."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, date, datetime, timedelta, timezone
from enum import Enum
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
CODES = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
AWARE = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))]),
)
JSONISH = st.recursive(
    st.none() | st.booleans() | INT64 | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


def for_hint(hint: Any) -> st.SearchStrategy[Any]:
    """A strategy producing values of exactly the declared type."""
    if typing.get_origin(hint) is typing.Annotated:
        return for_hint(typing.get_args(hint)[0])
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([for_hint(arg) for arg in typing.get_args(hint)])
    if origin is list:
        return st.lists(for_hint(typing.get_args(hint)[0]), max_size=3)
    if origin is dict:
        _key, value = typing.get_args(hint)
        return st.dictionaries(TEXT, JSONISH if value is Any else for_hint(value), max_size=3)
    return _for_type(hint)


def _for_type(hint: Any) -> st.SearchStrategy[Any]:
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: TEXT, int: INT64, bool: st.booleans(), type(None): st.none(),
        float: st.floats(allow_nan=False, allow_infinity=False),
        date: st.dates(), datetime: AWARE, UUID: st.uuids(), Any: JSONISH,
    }
    if hint in simple:
        return simple[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(list(hint))
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint, include_extras=True)
        fields = {f.name: for_hint(hints[f.name]) for f in dataclasses.fields(hint)}
        return st.builds(hint, **fields)
    raise TypeError(f"no strategy for {hint!r}")


def event_strategy(event_class: type) -> st.SearchStrategy[Any]:
    """Instances of one event class with every field filled."""
    hints = typing.get_type_hints(event_class, include_extras=True)
    base = {"originator_id", "originator_version", "originator_topic"}
    fields = {
        f.name: for_hint(hints[f.name]) for f in dataclasses.fields(event_class)
        if f.name not in base
    }
    fields["originator_id"] = st.uuids()
    fields["originator_version"] = st.integers(min_value=1, max_value=2**31)
    if "originator_topic" in {f.name for f in dataclasses.fields(event_class)}:
        fields["originator_topic"] = st.just("ledger.domain.household:Household")
    return st.builds(event_class, **fields)
