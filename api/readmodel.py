"""An adapter over :mod:`projections.queries` for the API: unbuilt views, places, proofs.

Before the first ``ledger project`` the view tables do not exist; the API still answers (lists
are empty, details are 404, ``/v1/projections/lag`` says how far behind). Places (township and
village of a household, a cadre, a timeline event) decide an inspector's scope.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from api.auth import EVERYWHERE, Place
from projections import tracking
from projections.db import ViewDb
from projections.formats import INSTANT_FORMAT
from projections.queries import Page

R = TypeVar("R")
_MISSING_TABLE = ("no such table", "UndefinedTable", "does not exist")


def is_unbuilt(error: Exception) -> bool:
    """Whether a database error says a view table is missing (views never built)."""
    text = f"{type(error).__name__}: {error}"
    return any(marker in text for marker in _MISSING_TABLE) and "view_" in text


def tolerant(read: Callable[[], R], empty: R) -> R:
    """``read()``, or ``empty`` when the views have not been built yet."""
    try:
        return read()
    except Exception as error:
        if is_unbuilt(error):
            return empty
        raise


def empty_page() -> Page:
    """A page with nothing on it."""
    return Page([], None)


def views_now(db: ViewDb) -> datetime:
    """The latest recorded time the household view has applied (now, before the first run).

    Passed as ``today`` to :func:`projections.queries.household_state`, which otherwise reads
    it itself on every call; the API reads it once a second (see :class:`ViewsClock`).
    """
    live = tolerant(lambda: tracking.current(db, "household_state", tracking.LIVE), None)
    if live is None or live.last_recorded_at is None:
        return datetime.now(UTC)
    return datetime.strptime(live.last_recorded_at, INSTANT_FORMAT).replace(tzinfo=UTC)


class ViewsClock:
    """:func:`views_now`, remembered for ``seconds`` (the views move on in pages anyway)."""

    def __init__(self, seconds: float = 1.0) -> None:
        self.seconds = seconds
        self._cached: tuple[float, datetime] | None = None

    def now(self, db: ViewDb) -> datetime:
        """The views' latest recorded time, at most ``seconds`` old."""
        cached = self._cached
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        found = views_now(db)
        self._cached = (time.monotonic() + self.seconds, found)
        return found


def household_place(db: ViewDb, code: str) -> Place | None:
    """Township and village of a household; None if the views do not know it."""
    rows: list[tuple[Any, ...]] = tolerant(lambda: db.fetchall(
        "SELECT township_code, village_code FROM view_household_state WHERE code = ?",
        (code,)), [])
    return Place(rows[0][0], rows[0][1]) if rows else None


def unit_place(db: ViewDb, unit: str | None) -> Place:
    """The place of a unit code: a village (with its township), a township, or the county."""
    if not unit:
        return EVERYWHERE
    rows: list[tuple[Any, ...]] = tolerant(lambda: db.fetchall(
        "SELECT level, parent_code FROM view_area WHERE code = ? AND level IN "
        "('village', 'township')", (unit,)), [])
    if not rows:
        return EVERYWHERE
    level, parent = rows[0]
    return Place(parent, unit) if level == "village" else Place(unit, None)


def village_townships(db: ViewDb) -> dict[str, str]:
    """Every village's township (small: one row per village)."""
    rows: list[tuple[Any, ...]] = tolerant(lambda: db.fetchall(
        "SELECT code, parent_code FROM view_area WHERE level = 'village'"), [])
    return {str(code): str(parent) for code, parent in rows}


def cadre_units(db: ViewDb, codes: set[str]) -> dict[str, str]:
    """The current unit of each of these cadres."""
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows: list[tuple[Any, ...]] = tolerant(lambda: db.fetchall(
        f"SELECT code, unit FROM view_cadre WHERE code IN ({marks})", sorted(codes)), [])
    return {str(code): str(unit) for code, unit in rows if unit}


def event_place(row: dict[str, Any], townships: dict[str, str],
                units: dict[str, str] | None = None) -> Place:
    """The place of a timeline event: its village, else its subject (township, village, cadre)."""
    village = row.get("village_code")
    kind, code = row.get("subject_kind"), row.get("subject_code") or ""
    if not village and kind == "cadre":
        village = (units or {}).get(code)
        if village and village not in townships:
            return Place(village, None)
    if village:
        return Place(townships.get(village), village)
    if kind == "township":
        return Place(code, None)
    return EVERYWHERE


def cadre_covered_places(cadre: dict[str, Any], db: ViewDb) -> list[Place]:
    """The places of a cadre's current unit and every post it held."""
    units = {cadre.get("unit")} | {p.get("unit") for p in cadre.get("posts") or []}
    return [unit_place(db, unit) for unit in sorted(u for u in units if u)]
