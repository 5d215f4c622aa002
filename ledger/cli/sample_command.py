"""``ledger sample commit|draw|check``: spot-check samples anyone can redraw (docs/sampling.md).

The frame (households with stratum and risk weight) is computed by the read side, reached
through the ``ledger.sampling`` entry point: the ledger records it without importing it.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from eventsourcing.application import AggregateNotFoundError

from ledger.cli.options import add_db_option, database, open_ledger
from ledger.domain.inspection import InspectionRound, commitment_for
from ledger.domain.sampling import draw, frame_digest
from ledger.errors import ConfigurationError, NotFound

if TYPE_CHECKING:
    from ledger.application.app import Ledger
    from ledger.cli.options import Subparsers
    from ledger.storage.config import DatabaseConfig

FRAME_GROUP = "ledger.sampling"
FrameSource = Callable[["DatabaseConfig", list[str], int], list[str]]


def register(commands: Subparsers) -> None:
    """Add ``sample`` with its three actions."""
    sample = commands.add_parser("sample", help="commit, draw and check a round's spot-check "
                                 "sample (docs/sampling.md)")
    actions = sample.add_subparsers(dest="action", required=True, metavar="ACTION")
    commit = actions.add_parser("commit", help="fix the frame and commit to a secret seed")
    commit.add_argument("--seed-file", type=Path, metavar="FILE",
                        help="where the secret seed is written (default ROUND.seed; kept 0600)")
    drawn = actions.add_parser("draw", help="reveal the seed and draw the sample")
    drawn.add_argument("--seed", required=True, help="the secret seed written at commit")
    drawn.add_argument("--size", required=True, type=int, metavar="N", help="households")
    check = actions.add_parser("check", help="redraw from the stored seed and frame")
    for parser in (commit, drawn, check):
        parser.add_argument("--round", required=True, metavar="R", help="the round's code")
        add_db_option(parser)
    commit.set_defaults(handler=run_commit)
    drawn.set_defaults(handler=run_draw)
    check.set_defaults(handler=run_check)


def run_commit(args: argparse.Namespace) -> int:
    """Record the frame and the seed's SHA-256; write the seed where only its owner reads it."""
    ledger = open_ledger(args)
    found = _round(ledger, args.round)
    frame = _frame_source()(database(args), list(found.township_codes), found.opened_on.year)
    seed = secrets.token_hex(32)
    path = args.seed_file or Path(f"{args.round}.seed")
    path.touch(mode=0o600)
    path.write_text(seed + "\n", "utf-8")
    ledger.commit_sample(args.round, commitment_for(seed), frame, datetime.now(UTC))
    stored = _round(ledger, args.round)
    print(f"round {args.round}: frame of {len(stored.frame)} households, "
          f"SHA-256 {stored.frame_sha256}; seed commitment {stored.seed_commitment}")
    print(f"the seed is in {path}: keep it secret until the draw")
    return 0


def run_draw(args: argparse.Namespace) -> int:
    """Reveal the seed; the households follow from seed, frame and size."""
    ledger = open_ledger(args)
    ledger.draw_sample(args.round, args.seed, args.size, datetime.now(UTC))
    found = _round(ledger, args.round)
    print(f"round {args.round}: drew {len(found.sample)} of {len(found.frame)} households")
    for code in found.sample:
        print(f"  {code}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Redraw from the stored seed and frame: exit 0 when identical, 1 otherwise."""
    found = _round(open_ledger(args), args.round)
    if found.seed is None or not found.frame:
        print(f"ledger sample check: round {args.round} has no drawn sample with a frame",
              file=sys.stderr)
        return 1
    problems = []
    if frame_digest(found.frame) != found.frame_sha256:
        problems.append("the frame's SHA-256 differs from the one recorded")
    if commitment_for(found.seed) != found.seed_commitment:
        problems.append("the seed does not hash to the commitment")
    again = draw(found.seed, found.frame, len(found.sample))
    if again != found.sample:
        problems.append(f"redrawn {again} but recorded {found.sample}")
    for problem in problems:
        print(f"round {args.round}: {problem}", file=sys.stderr)
    if not problems:
        print(f"round {args.round}: the recorded sample of {len(again)} households is redrawn "
              f"identically from the revealed seed and the frame ({found.frame_sha256})")
    return 1 if problems else 0


def _round(ledger: Ledger, code: str) -> InspectionRound:
    try:
        found: InspectionRound = ledger.repository.get(InspectionRound.id_for(code))
    except AggregateNotFoundError:
        raise NotFound("round", code) from None
    return found


def _frame_source() -> FrameSource:
    found = sorted(entry_points(group=FRAME_GROUP), key=lambda p: p.name)
    if not found:
        raise ConfigurationError("no sampling frame is installed (entry point group "
                                 f"{FRAME_GROUP}): install the projections package")
    source: FrameSource = found[0].load()
    return source
