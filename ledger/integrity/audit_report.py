"""What a verification run answers: problems with their positions, and the report.

A broken chain is an *answer*, not an exception: callers render the report (JSON via
``to_dict``) and exit non-zero unless ``ok``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ProblemKind = Literal[
    "altered",
    "missing",
    "inserted",
    "reordered",
    "forked",
    "unsigned_checkpoint",
    "bad_signature",
    "root_mismatch",
    "node_mismatch",
]
MAX_PROBLEMS = 100
_NO_POSITION = 2**64


@dataclass(frozen=True)
class Problem:
    """One thing that does not hold, where it is, and the expected and calculated values."""

    kind: ProblemKind
    message: str
    leaf_index: int | None = None
    notification_id: int | None = None
    tree_size: int | None = None
    expected: str | None = None
    calculated: str | None = None

    def sort_key(self) -> int:
        """Position in the log: the leaf index, else the checkpoint's tree size."""
        for position in (self.leaf_index, self.tree_size):
            if position is not None:
                return position
        return _NO_POSITION


@dataclass
class VerificationReport:
    """The answer of a verification run (JSON-serialisable with ``to_dict``)."""

    tree_size: int
    event_count: int
    root_hash: str
    checkpoints_checked: int
    problem_count: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True only when every check held."""
        return self.problem_count == 0

    @property
    def first_problem(self) -> Problem | None:
        """The problem earliest in the log, if any."""
        return self.problems[0] if self.problems else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ok, sizes, root, first problem and the (capped) problem list."""
        first = self.first_problem
        return {
            "ok": self.ok,
            "tree_size": self.tree_size,
            "event_count": self.event_count,
            "root_hash": self.root_hash,
            "checkpoints_checked": self.checkpoints_checked,
            "problem_count": self.problem_count,
            "problems_truncated": self.problem_count > len(self.problems),
            "first_problem": None if first is None else asdict(first),
            "problems": [asdict(problem) for problem in self.problems],
        }


class ProblemLog:
    """Counts every problem; keeps the ``MAX_PROBLEMS`` earliest (memory stays bounded)."""

    def __init__(self) -> None:
        self.count = 0
        self._kept: list[Problem] = []

    def add(self, kind: ProblemKind, message: str, **where: Any) -> None:
        """Record one problem at ``where`` (leaf_index, notification_id, tree_size, ...)."""
        self.count += 1
        self._kept.append(Problem(kind, message, **where))
        if len(self._kept) > 2 * MAX_PROBLEMS:
            self._kept = self.earliest()

    def earliest(self) -> list[Problem]:
        """The kept problems in log order (stable: discovery order breaks ties)."""
        return sorted(self._kept, key=Problem.sort_key)[:MAX_PROBLEMS]
