"""A signal: what was measured about whom, against which threshold, and the events behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS: dict[str, tuple[str, str]] = {
    "recording_lag": ("事后补记", "records made late (补记), per cadre"),
    "copied_text": ("日记雷同", "diary or visit notes copied across households or dates"),
    "visit_burst": ("迎检突击入户", "a burst of visits in the days before an inspection round"),
    "impossible_schedule": ("分身术", "two places too far apart for the time between visits"),
    "exit_income": ("数字脱贫", "exit incomes bunched just above the poverty line"),
    "identical_sheets": ("千户一面", "identical indicator sheets across a village on one day"),
    "same_minute_visits": ("定点打卡", "every visit at the same minute of the hour"),
    "night_recording": ("夜间集中补录", "many records made in one sitting at night"),
}
"""Every signal kind: Chinese label, English meaning."""


@dataclass(frozen=True)
class Evidence:
    """One event behind a signal (``text`` is personal: masked for the public role)."""

    ref: str
    position: int
    note: str
    text: str | None = None


@dataclass(frozen=True)
class Signal:
    """One signal about a cadre or a village; ``is_raised`` when the measure reaches the
    threshold. It steers sampling and inspection; it never scores or sanctions anyone."""

    kind: str
    subject_kind: str
    subject_code: str
    measure: float
    threshold: float
    explanation: str
    evidence: tuple[Evidence, ...]
    villages: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    scope: str = ""

    @property
    def is_raised(self) -> bool:
        """The measure reaches the threshold."""
        return self.measure >= self.threshold

    @property
    def strength(self) -> float:
        """How far past the threshold: measure / threshold (1.0 = at the threshold)."""
        return round(self.measure / self.threshold, 3) if self.threshold else 0.0

    @property
    def key(self) -> str:
        """A stable identifier: ``copied_text:cadre:C-HC-002`` (``…@XC-2018-1`` when scoped)."""
        base = f"{self.kind}:{self.subject_kind}:{self.subject_code}"
        return f"{base}@{self.scope}" if self.scope else base

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for the API and ``--json``)."""
        label_zh, label_en = KINDS[self.kind]
        return {
            "key": self.key, "kind": self.kind, "label_zh": label_zh, "label_en": label_en,
            "subject_kind": self.subject_kind, "subject_code": self.subject_code,
            "scope": self.scope,
            "villages": list(self.villages), "measure": self.measure,
            "threshold": self.threshold, "strength": self.strength, "is_raised": self.is_raised,
            "explanation": self.explanation, "details": self.details,
            "evidence": [{"ref": e.ref, "position": e.position, "note": e.note, "text": e.text}
                         for e in self.evidence],
        }
