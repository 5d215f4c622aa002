"""Copied notes (日记雷同): a cadre's diary entries or visit notes that nearly repeat each other
across households or dates, read from the pairs the ``signals`` view confirmed."""

from __future__ import annotations

from collections import defaultdict

from projections.db import ViewDb
from projections.signals.config import Thresholds
from projections.signals.model import Evidence, Signal

PAIRS = (
    "SELECT c.cadre_code, c.ref_a, c.ref_b, c.position_a, c.position_b, c.similarity, "
    "a.household_code AS household_a, b.household_code AS household_b, a.day AS day_a, "
    "b.day AS day_b, a.text AS text_a, b.text AS text_b, a.source AS source_a, "
    "b.source AS source_b FROM view_signal_copy c "
    "JOIN view_signal_note a ON a.ref = c.ref_a JOIN view_signal_note b ON b.ref = c.ref_b "
    "WHERE c.similarity >= ? AND a.chars >= ? AND b.chars >= ? "
    "AND a.is_retracted = 0 AND b.is_retracted = 0 ORDER BY c.cadre_code, c.position_b"
)


def copied_text(db: ViewDb, limits: Thresholds,
                villages: dict[str, tuple[str, ...]]) -> list[Signal]:
    """Per cadre: the notes that nearly repeat another of the cadre's notes."""
    t = limits.section("copied_text")
    by_cadre: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in db.fetchdicts(PAIRS, (t["similarity"], int(t["min_chars"]), int(t["min_chars"]))):
        by_cadre[str(row["cadre_code"])].append(row)
    signals = []
    for cadre, pairs in sorted(by_cadre.items()):
        notes: dict[str, Evidence] = {}
        for p in pairs:
            for side, other in (("a", "b"), ("b", "a")):
                ref = str(p[f"ref_{side}"])
                if ref not in notes:
                    notes[ref] = Evidence(
                        ref, int(str(p[f"position_{side}"])),
                        f"{p[f'source_{side}']} for {p[f'household_{side}']} on "
                        f"{p[f'day_{side}']}, {float(str(p['similarity'])):.0%} alike "
                        f"{p[f'ref_{other}']}", str(p[f"text_{side}"]))
        homes = {str(p["household_a"]) for p in pairs} | {str(p["household_b"]) for p in pairs}
        evidence = tuple(sorted(notes.values(), key=lambda e: e.position))
        signals.append(Signal(
            "copied_text", "cadre", cadre, float(len(evidence)), t["min_copies"],
            f"{len(evidence)} notes by {cadre} about {len(homes)} households nearly repeat "
            f"another of the cadre's notes ({len(pairs)} pairs at least "
            f"{t['similarity']:.0%} alike); threshold {int(t['min_copies'])} notes.",
            evidence, villages.get(cadre, ()),
            {"pairs": [{"ref_a": p["ref_a"], "ref_b": p["ref_b"],
                        "similarity": p["similarity"]} for p in pairs[:200]],
             "households": len(homes)}))
    return signals
