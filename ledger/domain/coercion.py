"""Turning JSON-ish input values into the exact types an event field declares."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any

from ledger.errors import RuleViolation


def coerce(hint: Any, value: Any, field: str) -> Any:
    """Coerce ``value`` to the declared ``hint`` or raise a RuleViolation naming ``field``."""
    hint = _strip_annotated(hint)
    if _is_optional(hint):
        if value is None:
            return None
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    try:
        return _coerce_plain(hint, value)
    except (TypeError, ValueError, KeyError) as exc:
        raise RuleViolation(f"{field}: {exc}", field=field) from None


def _coerce_plain(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return [_coerce_plain(_strip_annotated(item), v) for v in value]
    if origin is dict or hint is Any:
        return value
    if isinstance(hint, type):
        return _coerce_type(hint, value)
    return value


def _coerce_type(hint: type, value: Any) -> Any:
    if isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
        return value if not issubclass(hint, Enum) else hint(value)
    if hint is datetime:
        return _aware(datetime.fromisoformat(_text(value)))
    if hint is date:
        return date.fromisoformat(_text(value))
    if issubclass(hint, Enum):
        return hint(value)
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return _dataclass(hint, value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"expected {hint.__name__}, got {type(value).__name__} {value!r}")


def _dataclass(hint: type, value: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(hint, include_extras=True)
    names = {f.name for f in dataclasses.fields(hint)}
    unknown = set(value) - names
    if unknown:
        raise KeyError(f"unknown fields {sorted(unknown)}")
    return hint(**{k: _coerce_plain(_strip_annotated(hints[k]), v) for k, v in value.items()})


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 text, got {value!r}")
    return value


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{moment.isoformat()} has no time zone offset")
    return moment


def _strip_annotated(hint: Any) -> Any:
    if typing.get_origin(hint) is typing.Annotated:
        return typing.get_args(hint)[0]
    return hint


def _is_optional(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    return (origin is typing.Union or origin is types.UnionType) and type(None) in typing.get_args(
        hint
    )
