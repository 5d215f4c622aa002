"""The demo county's injected formalism is found, each signal with the events behind it; a
county generated without anomalies raises nothing."""

from __future__ import annotations

import re
from pathlib import Path

from projections.signals.config import load
from projections.signals.detect import SignalFilter, detect
from projections.signals.model import Signal
from tests.signals.conftest import DemoViews

HONEST_DIARY = re.compile(r"^\d{1,2}月\d{1,2}日，")


def raised(demo: DemoViews, kind: str) -> list[Signal]:
    return detect(demo.db, SignalFilter(kind=kind, raised_only=True))


def test_every_pasted_diary_entry_is_in_a_raised_copied_text_signal(demo: DemoViews) -> None:
    """Exact and lightly edited pastes alike: each one is evidence of its cadre's signal."""
    pasted = {ref for ref, text in demo.db.fetchall(
        "SELECT ref, text FROM view_signal_note WHERE source = 'diary'")
        if not HONEST_DIARY.match(text)}
    signals = raised(demo, "copied_text")
    found = {e.ref for s in signals for e in s.evidence}
    assert len(pasted) == demo.report.anomalies["copied_diary"]
    assert pasted <= found
    edited = {e.text for s in signals for e in s.evidence}
    assert len(edited) > 2, "lightly edited copies, not only the two pasted texts"


def test_the_burst_before_each_round_is_found_with_its_visits(demo: DemoViews) -> None:
    """Every burst visit is evidence of a raised signal naming its round."""
    signals = raised(demo, "visit_burst")
    visits = sum(s.details["visits"] for s in signals)
    assert visits == demo.report.anomalies["burst_visits"]
    rounds = {s.scope for s in signals}
    assert rounds
    assert all(any(e.ref == f"round/{r}/1" for s in signals for e in s.evidence)
                          for r in rounds)
    burst_home = demo.report.highlights["burst"]
    assert any(burst_home in e.note for s in signals for e in s.evidence)


def test_two_distant_places_within_the_hour_are_found(demo: DemoViews) -> None:
    """The far household 'visited' minutes after a near one: every such pair, both visits."""
    signals = raised(demo, "impossible_schedule")
    far = demo.report.highlights["same_hour"]
    assert len(signals) == 1
    assert signals[0].details["pairs"] == demo.report.anomalies["same_hour_visits"]
    assert sum(far in e.note for e in signals[0].evidence) == signals[0].details["pairs"]


def test_every_late_record_is_evidence_of_a_raised_lag_signal(demo: DemoViews) -> None:
    """A raised lag signal names every 补记 of its cadre, with their positions; the cadres whose
    late records the demo injected are raised, and a cadre with an occasional catch-up is not
    (the demo's honest catch-up evenings stay below the threshold)."""
    late: dict[str, set[str]] = {}
    for cadre, ref in demo.db.fetchall(
            "SELECT cadre_code, ref FROM view_cadre_action WHERE is_late = 1 AND "
            "is_retracted = 0 AND action IN ('visit', 'phone', 'diary')"):
        late.setdefault(cadre, set()).add(ref)
    assert sum(map(len, late.values())) == demo.report.anomalies["late_records"]
    signals = raised(demo, "recording_lag")
    assert signals
    for signal in signals:
        assert {e.ref for e in signal.evidence} == late[signal.subject_code]
        assert signal.details["by_month"]
    flagged = {s.subject_code for s in signals}
    assert max(len(late[c]) for c in flagged) > max(
        (len(refs) for c, refs in late.items() if c not in flagged), default=0)


def test_the_clean_county_raises_no_signal(clean_demo: DemoViews) -> None:
    """With anomalies off nothing reaches a threshold (near misses may be listed)."""
    assert all(v == 0 for k, v in clean_demo.report.anomalies.items()
               if k not in ("refused_overspend", "missed_supervision"))
    assert detect(clean_demo.db, SignalFilter(raised_only=True)) == []


def test_exit_incomes_near_the_line_are_raised_when_the_band_covers_them(
        demo: DemoViews, tmp_path: Path) -> None:
    """The demo's exits sit 15 % or more above the line: none with the default 5 % band; a
    county file widening the band to 60 % raises them, naming each exit's income lines."""
    assert raised(demo, "exit_income") == []
    county = tmp_path / "signals.toml"
    county.write_text("[exit_income]\nband = 0.6\nmin_exits = 1\nshare = 0.5\n", "utf-8")
    found = detect(demo.db, SignalFilter(kind="exit_income", raised_only=True), load(county))
    assert found
    for signal in found:
        assert all(e.ref.startswith("household/") for e in signal.evidence)
        assert {e.ref.split("/")[1] for e in signal.evidence} == set(signal.details["near_line"])
