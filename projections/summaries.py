"""Readable one-line summaries of events, with personal fields kept apart.

Fields marked PERSONAL in the domain (names, ID numbers, notes, diary text ...) never enter a
summary: they go to separate, clearly named columns that the API masks for the public.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

from ledger.domain import catalogue
from ledger.domain.base import ENVELOPE_FIELDS
from ledger.domain.labels import label
from ledger.domain.values import Personal
from projections.formats import when
from projections.source import ForeignEvent, Item

HIDDEN = ENVELOPE_FIELDS | {"originator_id", "originator_version", "timestamp",
                            "originator_topic", "topic", "type_name", "code"}
MAX_VALUE = 80
_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def personal_fields(event_class: type) -> frozenset[str]:
    """Names of an event class's fields annotated as personal data."""
    try:
        hints = typing.get_type_hints(event_class, include_extras=True)
    except (NameError, TypeError):
        return frozenset()
    return frozenset(name for name, hint in hints.items() if _is_personal(hint))


def _is_personal(hint: Any) -> bool:
    if typing.get_origin(hint) is typing.Annotated:
        return any(isinstance(m, Personal) for m in hint.__metadata__)
    return any(_is_personal(arg) for arg in typing.get_args(hint))


def split_fields(item: Item) -> tuple[dict[str, Any], dict[str, Any]]:
    """(public fields, personal fields) of an event, envelope left out."""
    event = item.event
    event_class: Any = type(event)
    personal_names = frozenset() if isinstance(event, ForeignEvent) else \
        personal_fields(event_class)
    public: dict[str, Any] = {}
    personal: dict[str, Any] = {}
    for name, value in vars(event).items():
        if name in HIDDEN:
            continue
        (personal if name in personal_names else public)[name] = plain(value)
    if item.version == 1 and "code" in vars(event):
        public.setdefault("code", event.code)
    if isinstance(public.get("changes"), dict):
        _split_changes(item, public, personal)
    return public, personal


def _split_changes(item: Item, public: dict[str, Any], personal: dict[str, Any]) -> None:
    """A correction's changed values are personal when the corrected field is."""
    aggregate = catalogue.AGGREGATES_BY_KIND.get(item.kind)
    target = getattr(aggregate, str(public.get("target_type")), None)
    hidden = personal_fields(target) if isinstance(target, type) else frozenset()
    changes: dict[str, Any] = public["changes"]
    public["changes"] = {k: v for k, v in changes.items() if k not in hidden}
    moved = {k: v for k, v in changes.items() if k in hidden}
    if moved:
        personal["changes"] = moved


def plain(value: Any) -> Any:
    """A value as JSON-ready data (enums as values, dates as ISO text)."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, (Enum, date)):
        return value.value if isinstance(value, Enum) else when(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def labels(item: Item) -> tuple[str, str]:
    """(中文, English) label of the event's type."""
    return label(item.type_name)


def summary(item: Item, public: dict[str, Any] | None = None) -> str:
    """``<English label>: field=value, ...`` with money in yuan and no personal data."""
    if public is None:
        public = split_fields(item)[0]
    parts = [f"{k}={_short(k, v)}" for k, v in public.items() if v not in (None, "", [], {})]
    return f"{labels(item)[1]}: {', '.join(parts)}" if parts else labels(item)[1]


def _short(name: str, value: Any) -> str:
    if name.endswith("_fen") and isinstance(value, int):
        return f"¥{value / 100:,.2f}"
    text = value if isinstance(value, str) else _compact(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_short(k, v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_compact(v) if not isinstance(v, str) else v for v in value) + "]"
    return str(value)
