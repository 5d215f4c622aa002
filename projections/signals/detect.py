"""Every formalism signal, read from the projected facts with the configured thresholds.

The facts are views (exactly once, both backends); the thresholds are applied when read, so a
county changes a threshold without rebuilding anything. A signal names the events behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from projections.db import ViewDb
from projections.signals import copies, places, records, villages
from projections.signals.config import Thresholds, load
from projections.signals.model import KINDS, Signal


@dataclass(frozen=True)
class SignalFilter:
    """Which signals to return (every field optional)."""

    kind: str | None = None
    village: str | None = None
    cadre: str | None = None
    raised_only: bool = False

    def keeps(self, signal: Signal) -> bool:
        """Whether a signal passes the filter."""
        return ((self.kind is None or signal.kind == self.kind)
                and (self.village is None or self.village in signal.villages)
                and (self.cadre is None or (signal.subject_kind == "cadre"
                                            and signal.subject_code == self.cadre))
                and (not self.raised_only or signal.is_raised))


def detect(db: ViewDb, wanted: SignalFilter | None = None,
           limits: Thresholds | None = None) -> list[Signal]:
    """The signals (strongest first) that pass the filter."""
    wanted = wanted or SignalFilter()
    limits = limits or load()
    if wanted.kind is not None and wanted.kind not in KINDS:
        raise ValueError(f"unknown signal kind {wanted.kind!r}; known: {', '.join(KINDS)}")
    homes = records.cadre_villages(db)
    runs = {
        "recording_lag": lambda: records.recording_lag(db, limits, homes),
        "copied_text": lambda: copies.copied_text(db, limits, homes),
        "visit_burst": lambda: places.visit_bursts(db, limits),
        "impossible_schedule": lambda: places.impossible_schedules(db, limits),
        "exit_income": lambda: villages.exit_income(db, limits),
        "identical_sheets": lambda: villages.identical_sheets(db, limits),
        "same_minute_visits": lambda: records.visit_timing(db, limits, homes),
    }
    if wanted.kind == "night_recording":
        chosen = ["same_minute_visits"]
    else:
        chosen = [wanted.kind] if wanted.kind in runs else list(runs)
    found = [s for name in chosen for s in runs[name]() if wanted.keeps(s)]
    return sorted(found, key=lambda s: (not s.is_raised, -s.strength, s.key))
