"""抽样: a stratified, risk-weighted draw that anyone holding the seed and the frame can redo.

The algorithm is specified byte for byte in ``docs/sampling.md``; this module is its reference
implementation (a second one, written from the document alone, is in the test suite). Only
integers and bytes are involved: no floating point, so every implementation agrees exactly.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cmp_to_key

from ledger.errors import RuleViolation

STATUSES = ("registered", "monitored", "exited", "returned")
MAX_WEIGHT = 100
_CODE = re.compile(r"^[\w.\-]{1,64}$")


@dataclass(frozen=True, order=True)
class FrameEntry:
    """One household of a sampling frame: its stratum (village × status) and risk weight."""

    household: str
    village: str
    status: str
    weight: int

    def line(self) -> str:
        """The entry's canonical line (without the line feed)."""
        return f"{self.household}\t{self.village}\t{self.status}\t{self.weight}"

    @classmethod
    def parse(cls, line: str) -> FrameEntry:
        """An entry from its canonical line, checked."""
        parts = line.split("\t")
        if len(parts) != 4 or not parts[3].isdigit():
            raise RuleViolation(f"frame line {line!r} is not household, village, status, "
                                "weight separated by tabs", field="frame")
        entry = cls(parts[0], parts[1], parts[2], int(parts[3]))
        entry.check()
        return entry

    def check(self) -> None:
        """Refuse an entry that the canonical form cannot hold."""
        if not (_CODE.match(self.household) and _CODE.match(self.village)):
            raise RuleViolation(f"frame entry {self.line()!r} has a malformed code",
                                field="frame")
        if self.status not in STATUSES:
            raise RuleViolation(f"frame entry {self.household}: status must be one of "
                                f"{', '.join(STATUSES)}", field="frame")
        if not 1 <= self.weight <= MAX_WEIGHT:
            raise RuleViolation(f"frame entry {self.household}: weight must be 1..{MAX_WEIGHT}",
                                field="frame")


def canonical_frame(entries: Iterable[FrameEntry]) -> list[FrameEntry]:
    """The frame in canonical order (by household code); a household listed twice is refused."""
    ordered = sorted(entries)
    for entry in ordered:
        entry.check()
    codes = [e.household for e in ordered]
    if len(set(codes)) != len(codes):
        raise RuleViolation("the frame lists a household twice", field="frame")
    if not ordered:
        raise RuleViolation("the frame is empty: no eligible household", field="frame")
    return ordered


def frame_bytes(entries: Sequence[FrameEntry]) -> bytes:
    """UTF-8 of every canonical line, each ending in a line feed."""
    return "".join(f"{e.line()}\n" for e in canonical_frame(entries)).encode()


def frame_digest(entries: Sequence[FrameEntry]) -> str:
    """SHA-256 (lowercase hex) of the frame's canonical bytes."""
    return hashlib.sha256(frame_bytes(entries)).hexdigest()


def allocate(entries: Sequence[FrameEntry], size: int) -> dict[tuple[str, str], int]:
    """Seats per stratum: one at a time to the stratum with the highest total weight per
    (seats + 1), among strata with households left; ties to the smaller (village, status)."""
    strata: dict[tuple[str, str], list[int]] = {}
    for entry in entries:
        found = strata.setdefault((entry.village, entry.status), [0, 0])
        found[0] += entry.weight
        found[1] += 1
    seats = dict.fromkeys(strata, 0)
    for _ in range(size):
        open_strata = [s for s in sorted(strata) if seats[s] < strata[s][1]]
        best = open_strata[0]
        for stratum in open_strata[1:]:
            if strata[stratum][0] * (seats[best] + 1) > strata[best][0] * (seats[stratum] + 1):
                best = stratum
        seats[best] += 1
    return seats


def household_key(seed: str, household: str) -> int:
    """x = 2·h + 1, where h is the first 8 bytes (big-endian) of HMAC-SHA256(seed, household)."""
    digest = hmac.new(seed.encode(), household.encode(), hashlib.sha256).digest()
    return 2 * int.from_bytes(digest[:8], "big") + 1


def _before(a: tuple[int, FrameEntry], b: tuple[int, FrameEntry]) -> int:
    """Efraimidis–Spirakis order without floats: u^(1/w) with u = x / 2^65, compared as
    x_a^w_b · 2^(65·w_a) against x_b^w_a · 2^(65·w_b); larger first, ties by household code."""
    (xa, ea), (xb, eb) = a, b
    left = xa ** eb.weight << (65 * ea.weight)
    right = xb ** ea.weight << (65 * eb.weight)
    if left != right:
        return -1 if left > right else 1
    return -1 if ea.household < eb.household else 1


def draw(seed: str, entries: Sequence[FrameEntry], size: int) -> list[str]:
    """The households the seed draws from the frame, sorted by code."""
    frame = canonical_frame(entries)
    if not 1 <= size <= len(frame):
        raise RuleViolation(f"the sample size must be 1..{len(frame)} (the frame's households)",
                            field="size")
    chosen: list[str] = []
    for (village, status), seats in sorted(allocate(frame, size).items()):
        members = [(household_key(seed, e.household), e) for e in frame
                   if (e.village, e.status) == (village, status)]
        ranked = sorted(members, key=cmp_to_key(_before))
        chosen += [e.household for _, e in ranked[:seats]]
    return sorted(chosen)
