"""One evaluation: read the views and the log at one position, score, and write the receipt.

The receipt names everything the numbers depend on: the regulation edition (code, number,
SHA-256 of its canonical bytes), the log prefix read (tree size and root; the signed checkpoint
note of that size when one is stored), the period, the level, the knowledge time of the views,
the code version, and per unit and rule the counts behind the points. ``check`` recomputes from
the store truncated at the receipt's tree size and names every difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from projections.db import ViewDb
from projections.evaluation import regulation
from projections.evaluation.measures import LEVELS, MEASURES, Context, Counts
from projections.evaluation.periods import Period
from projections.evaluation.scoring import ranked, rule_score, unit_score
from projections.source import EventSource

FORMAT = "ledger-evaluation/v1"
NEEDED = ["household_state", "cadre_trail", "audit_timeline", "accountability"]
"""The views the measures read."""
SHANGHAI_OFFSET = "+08:00"


@dataclass(frozen=True)
class LogPoint:
    """The prefix of the log an evaluation read: position, tree size, root, signed note."""

    position: int
    tree_size: int
    root_hash: str
    checkpoint: str | None


def evaluate(db: ViewDb, source: EventSource, period: Period, level: str, point: LogPoint,
             edition_number: int | None = None) -> dict[str, Any]:
    """Score every unit of ``level`` in ``period`` from views fed up to ``point``."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    record = regulation.choose(regulation.editions(source, point.position), period.last,
                               edition_number)
    known_at = _knowledge(db)
    ctx = Context(db, period, _local_day(known_at))
    tallies = [(rule, MEASURES[rule["metric"]].count(ctx)) for rule in record.rules]
    units = sorted({unit for _, tally in tallies for (lvl, unit) in tally if lvl == level})
    scores = [
        unit_score(unit, sorted(
            (rule_score(r["code"], r["metric"], r["points"], t.get((level, unit), Counts()))
             for r, t in tallies), key=lambda s: s.code))
        for unit in units
    ]
    return {
        "format": FORMAT,
        "period": {"label": period.label, "first": period.first.isoformat(),
                   "last": period.last.isoformat()},
        "level": level,
        "regulation": {"code": record.code, "edition": record.number,
                       "effective_on": record.effective_on.isoformat(),
                       "sha256": record.sha256()},
        "log": {"position": point.position, "tree_size": point.tree_size,
                "root_hash": point.root_hash, "checkpoint": point.checkpoint},
        "known_at": known_at,
        "code_version": code_version(),
        "rounding": "decimal, half-up to 0.01; rate = (met + 0.5*met_late) / "
                    "(met + met_late + missed); see docs/evaluation.md",
        "scores": [s.as_dict() for s in ranked(scores)],
    }


def views_position(db: ViewDb) -> int:
    """The log position every view the measures read has reached (0 when none is built)."""
    rows = db.fetchall("SELECT projection, position FROM view_tracking WHERE status = 'live'")
    positions = [int(pos) for name, pos in rows if name in NEEDED]
    return min(positions) if positions else 0


def log_point(source: EventSource, position: int) -> LogPoint:
    """Tree size, root and any stored signed checkpoint of the log up to ``position``."""
    recorder: Any = source.recorder
    leaf = recorder.leaf_for_notification(position) if position else None
    size = leaf.leaf_index + 1 if leaf is not None else 0
    note = next((row.note for row in reversed(recorder.select_checkpoints())
                 if row.tree_size == size), None)
    return LogPoint(position, size, recorder.root(size).hex(), note)


def code_version() -> str:
    """The software that computed the numbers."""
    try:
        return f"poverty-ledger {version('poverty-ledger')}, measures {sorted(MEASURES)}"
    except PackageNotFoundError:
        return f"poverty-ledger (unknown), measures {sorted(MEASURES)}"


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """What differs between two receipts, field by field and unit by unit (empty: identical)."""
    found = [f"{key}: {expected.get(key)!r} → {actual.get(key)!r}"
             for key in ("format", "period", "level", "regulation", "known_at")
             if expected.get(key) != actual.get(key)]
    logs = [{k: (r.get("log") or {}).get(k) for k in ("tree_size", "root_hash")}
            for r in (expected, actual)]
    if logs[0] != logs[1]:
        found.append(f"log: {logs[0]} → {logs[1]}")
    mine = {s["unit"]: s for s in actual.get("scores", [])}
    theirs = {s["unit"]: s for s in expected.get("scores", [])}
    for unit in sorted(set(mine) | set(theirs)):
        if mine.get(unit) != theirs.get(unit):
            found.append(f"unit {unit}: {_brief(theirs.get(unit), mine.get(unit))}")
    return found


def _brief(receipt: dict[str, Any] | None, recomputed: dict[str, Any] | None) -> str:
    if receipt is None or recomputed is None:
        return "in the receipt only" if recomputed is None else "recomputed only"
    parts = [f"{key} {receipt.get(key)} → {recomputed.get(key)}"
             for key in ("rank", "percent", "total", "maximum")
             if receipt.get(key) != recomputed.get(key)]
    theirs = {r["code"]: r for r in receipt.get("rules", [])}
    for rule in recomputed.get("rules", []):
        if theirs.get(rule["code"]) != rule:
            old = theirs.get(rule["code"]) or {}
            parts.append(f"{rule['code']}: counts {old.get('counts')} earned {old.get('earned')}"
                         f" → counts {rule['counts']} earned {rule['earned']}")
    return "; ".join(parts)


def _knowledge(db: ViewDb) -> str | None:
    row = db.fetchone("SELECT knowledge FROM view_accountability_clock WHERE name = ?",
                      ("knowledge",))
    return str(row[0]) if row and row[0] else None


def _local_day(known_at: str | None) -> date:
    if not known_at:
        return date.min
    moment = datetime.fromisoformat(known_at.replace("Z", "+00:00"))
    return moment.astimezone(datetime.fromisoformat(f"2000-01-01T00:00{SHANGHAI_OFFSET}").tzinfo
                             ).date()
