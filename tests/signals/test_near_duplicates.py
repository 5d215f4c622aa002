"""The copied-text detector on a labelled set of Chinese note pairs (exact copies, light edits,
reordered clauses, moved dates, swapped names; genuine notes and half-shared ones)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from projections.signals import text
from projections.signals.config import defaults

PAIRS = [json.loads(line) for line in
         Path(__file__).with_name("near_duplicate_pairs.jsonl").read_text("utf-8").splitlines()]


def judged_a_copy(a: str, b: str) -> bool:
    """What the signals view and the detector decide for two notes of one cadre."""
    limits = defaults().section("copied_text")
    forms = [text.clause_form(a), text.clause_form(b)]
    flat = [f.replace(" ", "") for f in forms]
    if min(len(f) for f in flat) < limits["min_chars"]:
        return False
    first, second = text.signatures(flat)
    if not set(text.band_keys("C01", first)) & set(text.band_keys("C01", second)):
        return False
    return text.similarity(*forms) >= limits["similarity"]


def test_the_labelled_set_is_large_and_varied() -> None:
    """About two hundred pairs, both labels, several kinds of edit."""
    assert len(PAIRS) >= 200
    assert {p["label"] for p in PAIRS} == {0, 1}
    assert len({p["how"] for p in PAIRS}) >= 6


def test_precision_and_recall_reach_ninety_percent() -> None:
    """Copies, lightly edited or not, are found; genuine notes are left alone."""
    verdicts = [(judged_a_copy(p["a"], p["b"]), p["label"] == 1) for p in PAIRS]
    hits = sum(1 for said, truth in verdicts if said and truth)
    precision = hits / sum(1 for said, _ in verdicts if said)
    recall = hits / sum(1 for _, truth in verdicts if truth)
    assert precision >= 0.9, precision
    assert recall >= 0.9, recall


@pytest.mark.parametrize("note", ["入户走访，宣讲扶贫政策，了解家庭生产生活情况。",
                                  "电话询问近况，提醒按时服药"])
def test_short_stock_phrases_are_not_judged(note: str) -> None:
    """Notes under the configured length are stock phrases, never copies."""
    assert not judged_a_copy(note, note)


def test_band_keys_never_collide_across_cadres() -> None:
    """The same text by two cadres gets disjoint band keys (copying is judged per cadre)."""
    signature = text.signatures([text.normalise(PAIRS[0]["a"])])[0]
    assert not set(text.band_keys("C01", signature)) & set(text.band_keys("C02", signature))
