"""Invariants of the accountability view: page size, arrival order, rebuild and as-known-on."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.storage.config import parse_database_url
from projections.accountability.derive import derive
from projections.accountability.loading import load_context
from projections.db import ViewDb
from projections.formats import from_json
from projections.maintenance import rebuild
from projections.runner import Projector
from projections.source import EventSource
from tests.accountability.conftest import County, D, build_county, rows

WEEKS = range(1, 9)
PLAN = st.fixed_dictionaries({
    household: st.fixed_dictionaries({
        "visits": st.sets(st.sampled_from(list(WEEKS))),
        "late": st.sets(st.sampled_from(list(WEEKS))),
    })
    for household in ("H001", "H002")
})
SETTINGS = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _record(county: County, plan: dict[str, Any], swap: set[int]) -> None:
    """Each week's visits, recorded together at noon on Saturday (or ten days later if late);
    the two households' records of a week arrive in either order."""
    by_time: dict[datetime, list[tuple[str, int]]] = {}
    for household, mine in plan.items():
        for week in mine["visits"]:
            day = D(2024, 1, 1) + timedelta(days=7 * (week - 1) + 1)
            at = datetime(day.year, day.month, day.day, 4, tzinfo=UTC) + timedelta(days=4)
            at += timedelta(days=10) if week in mine["late"] else timedelta(0)
            by_time.setdefault(at, []).append((household, week))
    for at in sorted(by_time):
        batch = sorted(by_time[at], reverse=any(w in swap for _, w in by_time[at]))
        for household, week in batch:
            day = D(2024, 1, 1) + timedelta(days=7 * (week - 1) + 1)
            cadre = "C01" if household == "H001" else "C02"
            county.visit(household, day, cadre, recorded=at)
    county.tick(D(2024, 3, 20))


def _without_positions(found: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Rows with log positions left out (they depend on arrival order, nothing else does)."""
    clean = {}
    for key, row in found.items():
        events = [{k: v for k, v in e.items() if k != "position"}
                  for e in from_json(row["events_json"])]
        clean[key] = {**row, "met_position": 0, "events_json": events}
    return clean


@SETTINGS
@given(plan=PLAN, page=st.integers(1, 40), swap=st.sets(st.sampled_from(list(WEEKS))))
def test_the_same_obligations_whatever_the_page_size_arrival_order_or_a_rebuild(
    plan: dict[str, Any], page: int, swap: set[int],
) -> None:
    """Pages of any size, households' records in either order and a rebuild from zero give
    the same obligations; no obligation is counted twice."""
    with tempfile.TemporaryDirectory() as folder:
        one = build_county(parse_database_url(str(Path(folder) / "a.db")))
        _record(one, plan, set())
        other = build_county(parse_database_url(str(Path(folder) / "b.db")))
        _record(other, plan, swap)
        whole = one.project()
        assert _without_positions(other.project(page_size=page)) == _without_positions(whole)
        db, source = ViewDb(one.config), EventSource(one.config)
        try:
            report = rebuild(Projector(source, db, names=["accountability"]), "accountability")
            assert report.ok
            assert rows(db) == whole
            ids = [r for (r,) in db.fetchall("SELECT obligation_id FROM view_obligation")]
            assert len(ids) == len(set(ids))
        finally:
            db.close()
            source.close()


@SETTINGS
@given(plan=PLAN, cut=st.integers(20, 60))
def test_as_known_on_a_recorded_instant_equals_the_store_truncated_there(
    plan: dict[str, Any], cut: int,
) -> None:
    """Deriving from the facts recorded by an event's instant gives the rows a view fed only up
    to that event holds."""
    with tempfile.TemporaryDirectory() as folder:
        county = build_county(parse_database_url(str(Path(folder) / "a.db")))
        _record(county, {h: {**p, "late": set()} for h, p in plan.items()}, set())
        county.project()
        source = EventSource(county.config)
        db = ViewDb(county.config)
        views = ViewDb(parse_database_url(str(Path(folder) / "views.db")))
        try:
            events = [county.ledger.mapper.to_domain_event(n)
                      for n in source.read_after(0, 1000)]
            index = min(cut, len(events)) - 1
            known = events[index].recorded_at
            while index + 1 < len(events) and events[index + 1].recorded_at == known:
                index += 1  # as-known-on an instant includes everything recorded at it
            Projector(source, views, names=["accountability"]).catch_up(until=index + 1)
            scopes = [s for (s,) in db.fetchall("SELECT scope FROM view_accountability_scope")]
            ctx = load_context(db, "view_accountability_fact", scopes, known, known)
            derived = {ob.obligation_id: ob.row() for s in scopes for ob in derive(s, ctx)}
            assert derived
            assert derived == rows(views)
        finally:
            views.close()
            db.close()
            source.close()
