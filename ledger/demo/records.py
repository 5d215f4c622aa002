"""The demo's own record of contacts and diary entries, as the log holds them (for its
generation report; formalism signals are read-side code: projections/signals)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True)
class Contact:
    """A visit or phone contact as the log holds it (after corrections)."""

    household: str
    village: str
    cadre: str
    occurred_at: datetime
    in_person: bool
    is_late: bool

    def moved_to(self, occurred_at: datetime) -> Contact:
        """The contact with a corrected time."""
        return replace(self, occurred_at=occurred_at)


@dataclass(frozen=True)
class DiaryEntry:
    """A diary entry as the log holds it."""

    household: str
    text: str
    is_late: bool
