"""How values read on a page: money in yuan, instants in Beijing time, short hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

BEIJING = timezone(timedelta(hours=8), "北京时间")
"""Pages show instants in China Standard Time (the views store UTC)."""


def yuan(fen: int | None) -> str:
    """Integer fen as ``¥1,234.56`` ('—' when unknown)."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def local_time(text: str | None) -> str:
    """A stored instant (``2024-01-10T09:00:00Z``) as ``2024-01-10 17:00``; a date as is."""
    if not text:
        return "—"
    if "T" not in text:
        return text
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def short_hash(value: str | bytes | None, width: int = 12) -> str:
    """The first ``width`` hex digits of a hash, with an ellipsis."""
    if value is None:
        return "—"
    text = value.hex() if isinstance(value, bytes) else value
    return text if len(text) <= width else text[:width] + "…"


def days(seconds: int | None) -> str:
    """A lag in seconds as days with one decimal (``5.0 天``)."""
    if seconds is None:
        return "—"
    return f"{seconds / 86400:.1f} 天"


def compact(value: Any) -> str:
    """A field value as one readable line: members by name and relation, dicts as k: v."""
    if isinstance(value, dict):
        if "name" in value and "relation" in value:
            return f"{value['name']}（{value['relation']}）"
        return "，".join(f"{k}: {compact(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(compact(v) for v in value)
    return "—" if value is None else str(value)
