"""Money in the demo: integer fen, amounts drawn in whole hundreds of yuan."""

from __future__ import annotations

import random

YUAN = 100  # fen per yuan
WAN = 10_000 * YUAN  # 万元


def random_yuan(rng: random.Random, low: int, high: int) -> int:
    """A random amount between ``low`` and ``high`` yuan, in whole hundreds, as fen."""
    return rng.randint(low // 100, high // 100) * 100 * YUAN


def round_up(amount_fen: int, step: int = WAN) -> int:
    """Up to whole steps (万元 by default), as allocations are made."""
    return -(-amount_fen // step) * step
