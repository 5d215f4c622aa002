"""How values are written into view columns: fixed-width UTC text for instants, ISO dates,
sorted-key JSON, integers for booleans. The same events always give the same bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import orjson

from projections.source import Item

INSTANT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_JSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


@lru_cache(maxsize=65536)
def instant(value: datetime) -> str:
    """An aware instant as sortable UTC text, to the second: ``2024-03-01T08:00:00Z``."""
    return value.astimezone(UTC).strftime(INSTANT_FORMAT)


def when(value: date | datetime | None) -> str | None:
    """A business time as text: an instant in UTC, or a calendar date ``YYYY-MM-DD``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return instant(value)
    return value.isoformat()


def lag_seconds(item: Item) -> int:
    """Seconds between when it happened and when it was recorded (a date counts from 00:00 UTC)."""
    return int((item.recorded_at - item.business_at).total_seconds())


def to_json(value: Any) -> str:
    """Deterministic JSON text (sorted keys; enums as values, dates as ISO)."""
    return orjson.dumps(value, option=_JSON_OPTIONS, default=_default).decode()


def from_json(text: str | None) -> Any:
    """Parse a JSON column (None stays None)."""
    return None if text is None else orjson.loads(text)


def flag(value: bool) -> int:
    """A boolean column: 1 or 0."""
    return 1 if value else 0


def _default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} to a view column")
