"""The signals view on both backends: copied notes found within one cadre, corrections and
retractions followed, the same rows for any page size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ledger.storage.config import DatabaseConfig
from projections.maintenance import rebuild
from projections.runner import Projector
from projections.signals.detect import SignalFilter, detect
from tests.projections.conftest import Views, open_ledger, small_county, start_clock

PASTED = ("入户走访，宣讲扶贫政策，了解家庭生产生活情况，帮助解决实际困难，"
          "落实各项帮扶措施，群众表示满意。")
EDITED = ("入户走访，宣讲扶贫政策，询问家庭生产生活情况，帮助解决实际困难，"
          "落实各类帮扶措施，群众表示满意。")
OWN = "到金大山家查看新建的厕所，已经通水，但化粪池盖板还没有安装，约定周五前完成，顺便核对收入。"


def _copies(store: DatabaseConfig) -> None:
    clock = start_clock()
    ledger = open_ledger(store, clock)
    small_county(ledger)
    clock.advance(timedelta(days=1))
    for day in range(6):
        ledger.record_diary("H001", "C01", datetime(2024, 1, 4 + day, tzinfo=UTC).date(),
                            EDITED if day % 2 else PASTED)
    ledger.record_diary("H002", "C02", datetime(2024, 1, 10, tzinfo=UTC).date(), PASTED)
    ledger.record_diary("H002", "C02", datetime(2024, 1, 9, tzinfo=UTC).date(), OWN)
    ledger.close()


def test_copied_notes_are_paired_within_one_cadre_on_both_backends(store: DatabaseConfig) -> None:
    """Six pasted or lightly edited entries by one cadre on six days are paired; another
    cadre's same text is not (copying is judged within a cadre's own notes)."""
    _copies(store)
    views = Views(store)
    views.project(page_size=7)
    found = detect(views.db, SignalFilter(kind="copied_text"))
    views.close()
    assert [s.subject_code for s in found] == ["C01"]
    assert found[0].is_raised
    assert found[0].measure == 6
    assert all(e.ref.startswith("household/H001/") for e in found[0].evidence)


def test_the_view_is_the_same_for_any_page_size(store: DatabaseConfig) -> None:
    """Catch-up one event per page and a thousand per page give byte-identical tables."""
    _copies(store)
    views = Views(store)
    views.project(page_size=1)
    first = {k: v for k, v in views.hashes().items() if "signal" in k}
    rebuild(Projector(views.source, views.db, page_size=1000), "signals")
    second = {k: v for k, v in views.hashes().items() if "signal" in k}
    views.close()
    assert first == second
    assert len(first) == 6


def test_a_retracted_note_leaves_its_pairs(store: DatabaseConfig) -> None:
    """Retracting pasted entries takes them out of the signal; a correction re-pairs the text."""
    _copies(store)
    views = Views(store)
    views.project()
    refs = [e.ref for e in detect(views.db, SignalFilter(kind="copied_text"))[0].evidence]
    clock = start_clock()
    clock.advance(timedelta(days=30))
    ledger = open_ledger(store, clock)
    for ref in refs[:2]:
        ledger.retract_record(ref, "误记", "C10")
    ledger.correct_record(refs[2], {"text": OWN}, "补充实际情况", "C10")
    ledger.close()
    views.project()
    found = detect(views.db, SignalFilter(kind="copied_text", cadre="C01"))
    views.close()
    assert found[0].measure == 3
    assert not found[0].is_raised
    assert {e.ref for e in found[0].evidence} == set(refs[3:])
