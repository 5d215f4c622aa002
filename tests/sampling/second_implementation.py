"""A second implementation of the draw, written from docs/sampling.md alone (it imports nothing
of the ledger): strata by heap, keys by HMAC, order by exact integer comparison."""

from __future__ import annotations

import hashlib
import heapq
import hmac
from functools import cmp_to_key


def parse(lines: list[str]) -> list[tuple[str, str, str, int]]:
    """(household, village, status, weight) from canonical lines."""
    out = []
    for line in lines:
        household, village, status, weight = line.split("\t")
        out.append((household, village, status, int(weight)))
    return sorted(out)


def digest(lines: list[str]) -> str:
    """SHA-256 of the canonical bytes."""
    body = "".join(f"{h}\t{v}\t{s}\t{w}\n" for h, v, s, w in parse(lines))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class _Seat:
    """A heap entry: larger W/(s+1) first, then smaller stratum."""

    def __init__(self, stratum: tuple[str, str], total: int, seats: int) -> None:
        self.stratum, self.total, self.seats = stratum, total, seats

    def __lt__(self, other: _Seat) -> bool:
        left = self.total * (other.seats + 1)
        right = other.total * (self.seats + 1)
        return left > right if left != right else self.stratum < other.stratum


def redraw(seed: str, lines: list[str], size: int) -> list[str]:
    """The sample, per the document."""
    entries = parse(lines)
    totals: dict[tuple[str, str], int] = {}
    members: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for household, village, status, weight in entries:
        totals[(village, status)] = totals.get((village, status), 0) + weight
        members.setdefault((village, status), []).append((household, weight))
    heap = [_Seat(s, t, 0) for s, t in totals.items()]
    heapq.heapify(heap)
    seats: dict[tuple[str, str], int] = {}
    for _ in range(size):
        top = heapq.heappop(heap)
        seats[top.stratum] = top.seats + 1
        if top.seats + 1 < len(members[top.stratum]):
            heapq.heappush(heap, _Seat(top.stratum, top.total, top.seats + 1))
    chosen = []
    for stratum, count in seats.items():
        keyed = []
        for household, weight in members[stratum]:
            mac = hmac.new(seed.encode("utf-8"), household.encode("utf-8"), "sha256").digest()
            keyed.append((2 * int.from_bytes(mac[:8], "big") + 1, weight, household))

        def order(a: tuple[int, int, str], b: tuple[int, int, str]) -> int:
            left = a[0] ** b[1] * 2 ** (65 * a[1])
            right = b[0] ** a[1] * 2 ** (65 * b[1])
            if left != right:
                return -1 if left > right else 1
            return -1 if a[2] < b[2] else 1

        chosen += [h for _, _, h in sorted(keyed, key=cmp_to_key(order))[:count]]
    return sorted(chosen)
