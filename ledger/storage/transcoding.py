"""Exact, fast event-state transcoding: orjson with the library's ``_type_``/``_data_`` wire format.

Every registered type comes back as itself: UUID, date, aware datetime, each enum class (even a
``StrEnum``, which plain JSON would return as ``str``) and our value dataclasses. Types match
exactly (``type(o)``), as in the library's ``JSONTranscoder``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import JSONTranscoder, Transcoding

from ledger.errors import LedgerError

_CONTAINERS = (dict, list, tuple)
_SCALARS = (str, int, float, bool, type(None))


class OrjsonTranscoder(JSONTranscoder):
    """A ``JSONTranscoder`` that encodes and decodes with orjson; same stored bytes format."""

    def encode(self, obj: Any) -> bytes:
        """Encode an event's state as JSON bytes."""
        try:
            return orjson.dumps(self._wrap(obj))
        except orjson.JSONEncodeError as exc:  # e.g. an int beyond 64 bits
            raise LedgerError(f"cannot store value: {exc}") from None

    def decode(self, data: bytes) -> Any:
        """Decode JSON bytes into the exact objects that were encoded."""
        return self._unwrap(orjson.loads(data))

    def _wrap(self, o: Any) -> Any:
        kind = type(o)
        if kind in _SCALARS:
            return o
        transcoding = self.types.get(kind)
        if transcoding is not None:
            return {"_type_": transcoding.name, "_data_": self._wrap(transcoding.encode(o))}
        if kind is dict:
            return {k: self._wrap(v) for k, v in o.items()}
        if kind is list:
            return [self._wrap(v) for v in o]
        return self._encode_obj(o)  # raises the library's "not serializable" error

    def _unwrap(self, o: Any) -> Any:
        kind = type(o)
        if kind is list:
            return [self._unwrap(v) for v in o]
        if kind is not dict:
            return o
        if len(o) == 2 and "_type_" in o and "_data_" in o:
            return self._decode_obj({"_type_": o["_type_"], "_data_": self._unwrap(o["_data_"])})
        return {k: self._unwrap(v) for k, v in o.items()}


class DateAsISO(Transcoding):
    """A calendar date as ``YYYY-MM-DD``."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class AwareDatetimeAsISO(Transcoding):
    """An aware instant as ISO 8601 with its offset (naive datetimes are refused)."""

    type = datetime
    name = "datetime_iso"

    def encode(self, obj: datetime) -> str:
        if obj.tzinfo is None:
            raise LedgerError(f"refusing to store a naive datetime {obj.isoformat()}")
        return obj.isoformat()

    def decode(self, data: str) -> datetime:
        return datetime.fromisoformat(data)


class UUIDAsHex(Transcoding):
    """A UUID as 32 hex digits."""

    type = UUID
    name = "uuid_hex"

    def encode(self, obj: UUID) -> str:
        return obj.hex

    def decode(self, data: str) -> UUID:
        return UUID(data)


def enum_transcoding(enum_class: type[Enum]) -> Transcoding:
    """A transcoding that keeps an enum's exact class (persisted name: the class name)."""

    class EnumAsValue(Transcoding):
        type = enum_class
        name = enum_class.__name__

        def encode(self, obj: Enum) -> Any:
            return obj.value

        def decode(self, data: Any) -> Enum:
            return enum_class(data)

    return EnumAsValue()


def dataclass_transcoding(value_class: type[Any]) -> Transcoding:
    """A transcoding for a frozen value dataclass, as a dict of its fields."""

    class DataclassAsDict(Transcoding):
        type = value_class
        name = value_class.__name__

        def encode(self, obj: Any) -> dict[str, Any]:
            return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

        def decode(self, data: dict[str, Any]) -> Any:
            return value_class(**data)

    return DataclassAsDict()


def standard_transcodings(value_types: Iterable[type[Any]]) -> list[Transcoding]:
    """The transcodings the ledger registers: scalars plus every enum and value dataclass."""
    result: list[Transcoding] = [UUIDAsHex(), DateAsISO(), AwareDatetimeAsISO()]
    for value_type in value_types:
        if issubclass(value_type, Enum):
            result.append(enum_transcoding(value_type))
        elif dataclasses.is_dataclass(value_type):
            result.append(dataclass_transcoding(value_type))
    return result
