"""A failing event stops its view at the last good position, with a clear reason; a re-delivered
event is refused and changes nothing."""

from __future__ import annotations

import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from ledger.domain.household import Household
from projections.errors import AlreadyProcessed, OutdatedView
from projections.runner import Projector
from tests.projections.conftest import Views


def _record_broken_visit(views: Views) -> int:
    """A stored visit of H001 whose state lacks its fields (as a bad upgrade might write)."""
    version = len(views.source.recorder.select_events(Household.id_for("H001"))) + 1
    broken = StoredEvent(Household.id_for("H001"), version, get_topic(Household.Visited),
                         orjson.dumps({"timestamp": {"_type_": "datetime_iso",
                                                     "_data_": "2024-01-13T08:00:00+00:00"}}))
    views.source.recorder.insert_events([broken])
    return views.source.max_position()


def test_a_failing_event_stops_its_view_and_says_why(views: Views) -> None:
    """Every view stops just before the broken event (it lacks even its recorded time)."""
    good = views.source.max_position()
    broken_at = _record_broken_visit(views)
    report = views.project(page_size=7)
    failed = {f.view: f for f in report.failures}
    assert "household_state" in failed
    failure = failed["household_state"]
    assert (failure.position, failure.stopped_at) == (broken_at, good)
    assert failure.ref == "household/H001/14"
    assert "recorded_at" in failure.cause or "occurred_at" in failure.cause
    assert set(report.positions.values()) == {good}
    row = views.db.fetchone("SELECT position, failed_position, error FROM view_tracking "
                            "WHERE projection = 'household_state'")
    assert row is not None
    assert row[0] == good
    assert row[1] == broken_at
    assert row[2]
    again = views.project()
    assert again.failures[0].position == broken_at  # never skipped on a later run


def test_redelivered_event_is_refused_and_changes_nothing(views: Views) -> None:
    """Giving a view an event at or before its position raises; the tables stay the same."""
    views.project()
    before = views.hashes()
    projector = Projector(views.source, views.db)
    target = projector.live_targets()[0]
    notes = views.source.read_after(0, 3)
    with pytest.raises(AlreadyProcessed):
        projector.process(target, projector.directory.items(notes))
    assert views.hashes() == before


def test_two_runners_on_one_store_never_apply_a_page_twice(views: Views) -> None:
    """A runner whose page another runner applied meanwhile rolls back and goes on after it."""
    slow = Projector(views.source, views.db, page_size=5)
    stale = slow.live_targets()
    Projector(views.source, views.db).catch_up()
    expected = views.hashes()
    report = slow.catch_up(stale)
    assert report.ok
    assert views.hashes() == expected


def test_tables_of_another_release_are_refused_with_the_fix(views: Views) -> None:
    """Columns that differ from this release's definition stop the run: rebuild that view."""
    views.project()
    views.db.execute("ALTER TABLE view_fund__1 ADD COLUMN extra TEXT")
    with pytest.raises(OutdatedView, match="--rebuild fund_flows"):
        views.project()
