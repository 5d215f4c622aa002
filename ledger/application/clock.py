"""Clocks are injected: production reads the system clock, the demo a simulated one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the recording time."""

    is_simulated: bool

    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class SystemClock:
    """The real clock (UTC)."""

    is_simulated = False

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


class SimulatedClock:
    """A clock the demo moves by hand; it never goes backwards."""

    is_simulated = True

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a simulated clock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        """The simulated instant."""
        return self._now

    def set(self, moment: datetime) -> None:
        """Move to ``moment`` (ignored if it is earlier than now: time only moves forward)."""
        self._now = max(self._now, moment)

    def advance(self, span: timedelta) -> None:
        """Move forward by ``span``."""
        self._now += span
