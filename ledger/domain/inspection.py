"""Inspection rounds (巡察/抽查): a committed random sample, spot checks, findings and their 销号.

The sampling frame (eligible households with stratum and risk weight) and the SHA-256 of a
secret seed are recorded first; the draw reveals the seed and the households follow from seed
and frame by ``ledger.domain.sampling`` (docs/sampling.md), so nobody can choose them and
anyone can redraw them.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from enum import StrEnum

from ledger.domain.base import Created, TrackedEvent
from ledger.domain.checks import check_code, check_text
from ledger.domain.envelope import SHA256_HEX, Envelope
from ledger.domain.findings import Finding, FindingHolder, FindingStatus
from ledger.domain.sampling import FrameEntry, canonical_frame, draw, frame_digest
from ledger.domain.values import PersonalText
from ledger.errors import RuleViolation

__all__ = [
    "Finding", "FindingStatus", "InspectionRound", "RoundStatus", "commitment_for",
]
# Finding and FindingStatus live in findings.py (size); re-exported here for callers.


def commitment_for(seed: str) -> str:
    """The commitment to a seed: its SHA-256 as lowercase hex."""
    return hashlib.sha256(seed.encode()).hexdigest()


class RoundStatus(StrEnum):
    """Where a round stands (persisted names: never rename a value)."""

    OPEN = "open"
    CLOSED = "closed"


class InspectionRound(FindingHolder):
    """巡察/抽查: one inspection round over some townships."""

    KIND = "round"

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.lead_inspector = ""
        self.township_codes: list[str] = []
        self.opened_on = date.min
        self.status = RoundStatus.OPEN
        self.closed_on: date | None = None
        self.seed_commitment: str | None = None
        self.committed_at: datetime | None = None
        self.frame: list[FrameEntry] = []
        self.frame_sha256 = ""
        self.seed: str | None = None
        self.sample: list[str] = []
        self.drawn_on: date | None = None
        self.spot_checks: dict[int, tuple[str, date]] = {}

    @property
    def checked_households(self) -> set[str]:
        """Households of the sample with a spot check on record."""
        return {household for household, _ in self.spot_checks.values()}

    class Opened(Created):
        """巡察启动: a round was opened over some townships."""

        occurred_on: date
        name: str
        lead_inspector: str
        township_codes: list[str]
        late_after = timedelta(days=3)

        def apply(self, aggregate: InspectionRound) -> None:
            aggregate.code = self.code
            aggregate.name = self.name
            aggregate.lead_inspector = self.lead_inspector
            aggregate.township_codes = list(self.township_codes)
            aggregate.opened_on = self.occurred_on

    class SampleCommitted(TrackedEvent):
        """抽样框: the sampling frame and the SHA-256 of the secret seed, before any draw."""

        occurred_at: datetime
        seed_commitment: str
        frame_lines: list[str]
        frame_sha256: str
        late_after = timedelta(hours=1)
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            """Version 1 recorded no frame: the sample was a list given by the caller."""
            state["frame_lines"] = []
            state["frame_sha256"] = ""

        def apply(self, aggregate: InspectionRound) -> None:
            aggregate.seed_commitment = self.seed_commitment
            aggregate.committed_at = self.occurred_at
            aggregate.frame = [FrameEntry.parse(line) for line in self.frame_lines]
            aggregate.frame_sha256 = self.frame_sha256

    class SampleDrawn(TrackedEvent):
        """抽样: the seed was revealed and the households it draws from the frame recorded."""

        occurred_at: datetime
        seed: str
        size: int
        household_codes: list[str]
        late_after = timedelta(hours=1)
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            """Version 1 recorded no size: it was the length of the list given."""
            codes = state["household_codes"]
            state["size"] = len(codes) if isinstance(codes, list) else 0

        def apply(self, aggregate: InspectionRound) -> None:
            aggregate.seed = self.seed
            aggregate.sample = list(self.household_codes)
            aggregate.drawn_on = self.occurred_at.date()

    class SpotCheckRecorded(TrackedEvent):
        """抽查: a sampled household was checked; what was observed, field by field."""

        occurred_on: date
        household_code: str
        observed: dict[str, str]
        notes: PersonalText
        late_after = timedelta(days=3)
        correctable = frozenset({"notes"})

        def apply(self, aggregate: InspectionRound) -> None:
            aggregate.spot_checks[self.originator_version] = (self.household_code, self.occurred_on)

    class Closed(TrackedEvent):
        """巡察结束: the round was closed with every finding closed or transferred."""

        occurred_on: date
        late_after = timedelta(days=7)

        def apply(self, aggregate: InspectionRound) -> None:
            aggregate.status = RoundStatus.CLOSED
            aggregate.closed_on = self.occurred_on

    @classmethod
    def open(
        cls, envelope: Envelope, code: str, name: str, lead_inspector: str,
        township_codes: list[str], occurred_on: date,
    ) -> InspectionRound:
        """Open a round over one or more townships."""
        check_text(name, "name")
        check_code(lead_inspector, "lead_inspector")
        _check_codes(township_codes, "township_codes")
        return cls.start(
            cls.Opened, envelope, occurred_on, code, occurred_on=occurred_on, name=name,
            lead_inspector=lead_inspector, township_codes=list(township_codes),
        )

    def commit_sample(
        self, envelope: Envelope, seed_commitment: str, frame: list[FrameEntry],
        occurred_at: datetime,
    ) -> None:
        """Record the sampling frame and the SHA-256 of the secret seed, once, before the draw."""
        self._still_open()
        ordered = canonical_frame(frame)
        if not isinstance(seed_commitment, str) or not SHA256_HEX.match(seed_commitment):
            raise RuleViolation(
                "seed_commitment must be a lowercase SHA-256 hex string", field="seed_commitment"
            )
        if self.seed_commitment is not None:
            raise RuleViolation(
                f"round {self.code} already has a sample commitment", field="seed_commitment"
            )
        self.record(
            self.SampleCommitted, envelope, occurred_at, occurred_at=occurred_at,
            seed_commitment=seed_commitment, frame_lines=[e.line() for e in ordered],
            frame_sha256=frame_digest(ordered),
        )

    def draw_sample(self, envelope: Envelope, seed: str, size: int,
                    occurred_at: datetime) -> None:
        """Reveal the seed; the households follow from seed, frame and size (docs/sampling.md)."""
        self._still_open()
        self._check_seed(seed, occurred_at)
        if not self.frame:
            raise RuleViolation(f"round {self.code} committed no sampling frame", field="frame")
        if isinstance(size, bool) or not isinstance(size, int):
            raise RuleViolation("size must be a whole number of households", field="size")
        self.record(
            self.SampleDrawn, envelope, occurred_at, occurred_at=occurred_at, seed=seed,
            size=size, household_codes=draw(seed, self.frame, size),
        )

    def record_spot_check(
        self, envelope: Envelope, household_code: str, occurred_on: date,
        observed: dict[str, str], notes: str,
    ) -> None:
        """Record a spot check of a household in the drawn sample."""
        self._still_open()
        if household_code not in self.sample:
            raise RuleViolation(
                f"household {household_code!r} is not in the sample of round {self.code}",
                field="household_code",
            )
        _check_observed(observed)
        if self.drawn_on is not None and occurred_on < self.drawn_on:
            raise RuleViolation(
                f"{occurred_on} is before the sample was drawn ({self.drawn_on})",
                field="occurred_on",
            )
        self.record(
            self.SpotCheckRecorded, envelope, occurred_on, occurred_on=occurred_on,
            household_code=household_code, observed=dict(observed), notes=notes or "",
        )

    def close(self, envelope: Envelope, occurred_on: date) -> None:
        """Close the round once every finding is closed or transferred."""
        self._still_open()
        self._not_before_opening(occurred_on)
        unsettled = self.unsettled_findings()
        if unsettled:
            raise RuleViolation(f"findings still open: {', '.join(unsettled)}", field="findings")
        if self.seed_commitment is not None and self.seed is None:
            raise RuleViolation("the committed sample was never drawn", field="seed")
        self.record(self.Closed, envelope, occurred_on, occurred_on=occurred_on)

    def on_retraction(self, version: int, type_name: str) -> None:
        self.spot_checks.pop(version, None)

    def _check_seed(self, seed: str, occurred_at: datetime) -> None:
        if self.seed is not None:
            raise RuleViolation(f"the sample of round {self.code} is already drawn", field="seed")
        if self.seed_commitment is None or self.committed_at is None:
            raise RuleViolation("commit to the seed before drawing the sample", field="seed")
        check_text(seed, "seed")
        if commitment_for(seed) != self.seed_commitment:
            raise RuleViolation("the seed does not match the recorded commitment", field="seed")
        if occurred_at < self.committed_at:
            raise RuleViolation(
                f"the draw ({occurred_at.isoformat()}) cannot precede the commitment "
                f"({self.committed_at.isoformat()})",
                field="occurred_at",
            )

    def check_accepting(self, day: date) -> None:
        """Findings are raised and followed only while the round is open, not before it."""
        self._still_open()
        self._not_before_opening(day)

    def _still_open(self) -> None:
        if self.status is RoundStatus.CLOSED:
            raise RuleViolation(f"round {self.code} was closed on {self.closed_on}", field="round")

    def _not_before_opening(self, day: date) -> None:
        if day < self.opened_on:
            raise RuleViolation(
                f"{day} is before round {self.code} was opened ({self.opened_on})",
                field="occurred_on",
            )


def _check_codes(codes: object, field: str) -> None:
    if not isinstance(codes, list) or not codes:
        raise RuleViolation(f"{field} must be a non-empty list of codes", field=field)
    for code in codes:
        check_code(code, field)
    if len(set(codes)) != len(codes):
        raise RuleViolation(f"{field} lists a code twice", field=field)


def _check_observed(observed: object) -> None:
    if not isinstance(observed, dict) or not observed or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in observed.items()
    ):
        raise RuleViolation("observed must map field names to observed texts", field="observed")
