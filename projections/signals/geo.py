"""Distances between villages, and instants in the county's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from math import asin, cos, radians, sin, sqrt
from zoneinfo import ZoneInfo

from projections.formats import INSTANT_FORMAT

LOCAL = ZoneInfo("Asia/Shanghai")
EARTH_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points (haversine)."""
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * asin(sqrt(h))


def parse(text: str) -> datetime:
    """A view's UTC instant column as an aware datetime."""
    return datetime.strptime(text, INSTANT_FORMAT).replace(tzinfo=UTC)


def local(text: str) -> datetime:
    """A view's UTC instant in Asia/Shanghai."""
    return parse(text).astimezone(LOCAL)


def local_midnight(day: date, days_before: int = 0) -> str:
    """Local midnight of a day (minus some days) as a view's UTC instant text."""
    start = datetime.combine(day - timedelta(days=days_before), time(), tzinfo=LOCAL)
    return start.astimezone(UTC).strftime(INSTANT_FORMAT)
