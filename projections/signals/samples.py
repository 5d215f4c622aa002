"""Spot-check samples as the log holds them (the ``signal_sample`` table of the ``signals``
view), and the sampling frame of a round computed from the views (stratum and risk weight).

The frame function is what ``ledger sample commit`` calls through the ``ledger.sampling``
entry point: the write side records the frame without importing the read side.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ledger.storage.config import DatabaseConfig
from projections.db import ViewDb
from projections.formats import from_json, instant, to_json
from projections.schema import table
from projections.source import Item

SAMPLE = table(
    "signal_sample",
    "round T, year I, commit_ref T, commit_position I, committed_at T, seed_commitment T, "
    "frame_sha256 T, frame_json T, draw_ref T, draw_position I, drawn_at T, seed T, size I, "
    "households_json T",
    "round", "year",
)
MAX_RISK_WEIGHT = 10


def sample_row(item: Item, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The round's sample row after a SampleCommitted or SampleDrawn event."""
    e = item.event
    row = stored or {**dict.fromkeys(SAMPLE.column_names), "round": item.code}
    if item.type_name == "SampleCommitted":
        row.update(year=e.occurred_at.year, commit_ref=item.ref, commit_position=item.position,
                   committed_at=instant(e.occurred_at), seed_commitment=e.seed_commitment,
                   frame_sha256=e.frame_sha256, frame_json=to_json(list(e.frame_lines)))
    else:
        row.update(year=row["year"] or e.occurred_at.year, draw_ref=item.ref,
                   draw_position=item.position, drawn_at=instant(e.occurred_at), seed=e.seed,
                   size=e.size, households_json=to_json(list(e.household_codes)))
    return row


def samples(db: ViewDb, round_code: str | None = None) -> list[dict[str, Any]]:
    """Every round's commitment and draw (or one round's), in log order."""
    where = "WHERE round = ?" if round_code else ""
    rows = db.fetchdicts(f"SELECT * FROM view_signal_sample {where} ORDER BY commit_position",
                         (round_code,) if round_code else ())
    for row in rows:
        row["frame"] = from_json(row.pop("frame_json")) or []
        row["households"] = from_json(row.pop("households_json")) or []
    return rows


def frame_lines(db: ViewDb, townships: list[str], year: int) -> list[str]:
    """The canonical frame lines of a round over ``townships`` in ``year``: every household
    there (exited ones too), stratum village × status, risk weight 1 + the raised signals
    touching it (at most 10); households drawn by another round that year are left out."""
    from projections.signals.detect import SignalFilter, detect  # noqa: PLC0415 - heavy, used here only

    drawn = {code for row in samples(db) if row["year"] == year for code in row["households"]}
    marks = ", ".join("?" for _ in townships)
    homes = db.fetchall(
        f"SELECT code, village_code, status FROM view_household_state "
        f"WHERE township_code IN ({marks}) ORDER BY code", tuple(townships))
    risk: Counter[str] = Counter()
    for signal in detect(db, SignalFilter(raised_only=True)):
        touched = {e.ref.split("/")[1] for e in signal.evidence if e.ref.startswith("household/")}
        if signal.subject_kind == "village":
            touched |= {code for code, village, _ in homes if village == signal.subject_code}
        risk.update(touched)
    return [f"{code}\t{village}\t{status}\t{min(MAX_RISK_WEIGHT, 1 + risk[code])}"
            for code, village, status in homes if code not in drawn]


def frame_for_round(config: DatabaseConfig, townships: list[str], year: int) -> list[str]:
    """The ``ledger.sampling`` entry point: the frame from the views of a store."""
    with ViewDb(config) as db:
        return frame_lines(db, townships, year)
