"""Properties over random command sequences (SQLite; the same code runs on PostgreSQL)."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain.household import Household
from ledger.domain.values import Member
from ledger.errors import LedgerError
from ledger.storage.config import parse_database_url
from projections.asof import household_as_of
from projections.catalog import VIEWS
from projections.errors import AlreadyProcessed
from projections.maintenance import rebuild
from projections.runner import Projector
from tests.projections.conftest import Views, open_ledger, small_county, start_clock

HOMES = ("H001", "H002")
COMMON = ("status", "category", "member_count", "visits", "phone_contacts", "last_visit_at",
          "last_contact_at", "diary_entries", "income_lines", "measures", "assistance_fen",
          "points_balance", "project_count", "findings", "open_findings", "five_ones_complete",
          "corrections", "retractions", "events", "last_position", "late_events")
COMMAND = st.tuples(
    st.sampled_from(["visit", "phone", "diary", "income", "correct", "retract", "measure",
                     "earn", "redeem", "join", "finding", "rectify", "member", "exit"]),
    st.sampled_from(HOMES), st.integers(1, 30), st.integers(0, 5))
SETTINGS = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def run(ledger: Ledger, clock: SimulatedClock, command: tuple[str, str, int, int]) -> None:
    """Issue one command; a refused one records nothing, which is fine here."""
    op, home, amount, pick = command
    clock.advance(timedelta(hours=7))
    day, now = clock.now().date(), clock.now()
    with contextlib.suppress(LedgerError):
        _issue(ledger, op, home, amount, pick, day, now)


def _issue(ledger: Ledger, op: str, home: str, amount: int, pick: int, day: Any,
           now: Any) -> None:
    cadre = "C01" if home == "H001" else "C02"
    state = ledger.repository.get(Household.id_for(home))
    if op in ("visit", "phone"):
        ledger.record_visit(home, cadre, now - timedelta(days=pick), "in_person"
                            if op == "visit" else "phone", "走访")
    elif op == "diary":
        ledger.record_diary(home, cadre, day, f"日记{amount}")
    elif op == "income":
        ledger.record_income(home, ["wage", "transfer", "business"][pick % 3], amount * 10_000,
                             str(day.year - pick % 2), day)
    elif op in ("correct", "retract"):
        targets = sorted(state.income) + sorted(state.contacts)
        if targets:
            ref = f"household/{home}/{targets[pick % len(targets)]}"
            if op == "correct" and targets[pick % len(targets)] in state.income:
                ledger.correct_record(ref, {"amount_fen": amount * 7_000}, "核实", "C10")
            else:
                ledger.retract_record(ref, "误记", "C10")
    elif op == "measure":
        ledger.deliver_measure(home, ["housing", "health"][pick % 2], day, "改造", amount * 100)
    elif op in ("earn", "redeem"):
        (ledger.earn_points if op == "earn" else _redeem(ledger))(home, amount, "劳动", day)
    elif op == "join":
        ledger.join_project(home, "P01", day)
    elif op == "finding":
        ledger.raise_finding("R01", f"F-{home}-{amount}", "household", home, cadre, "问题", day,
                             day + timedelta(days=5))
    elif op == "rectify":
        ledger.report_rectification("R01", f"F-{home}-{amount}", day, "已整改")
    elif op == "member":
        ledger.add_member(home, Member(10 + amount, f"成员{amount}", "子女", "", "女", 2010),
                          day, "出生")
    elif op == "exit":
        ledger.review_exit(home, day, day.year)


def _redeem(ledger: Ledger) -> Any:
    return lambda home, points, _reason, day: ledger.redeem_points(home, points, "大米", "超市",
                                                                   day)


def record(path: Path, commands: list[tuple[str, str, int, int]]) -> tuple[Any, list[Any]]:
    """A store with the small county and the commands; the clock instants between commands."""
    config = parse_database_url(str(path / "ledger.db"))
    clock = start_clock()
    ledger = open_ledger(config, clock)
    small_county(ledger)
    cuts = []
    for command in commands:
        run(ledger, clock, command)
        cuts.append(clock.now())
    return config, cuts


@SETTINGS
@given(st.lists(COMMAND, max_size=25), st.lists(st.integers(1, 40), min_size=1, max_size=4))
def test_incremental_catch_up_equals_rebuild_from_zero(commands: list[Any],
                                                       pages: list[int]) -> None:
    """Catching up in runs of any page size gives the tables a rebuild from zero gives."""
    with tempfile.TemporaryDirectory() as tmp:
        config, _ = record(Path(tmp), commands)
        views = Views(config)
        head = views.source.max_position()
        for number, size in enumerate(pages):
            until = head * (number + 1) // len(pages)
            Projector(views.source, views.db, page_size=size).catch_up(until=until)
        incremental = views.hashes()
        projector = Projector(views.source, views.db, page_size=97)
        for name in VIEWS:
            assert rebuild(projector, name).ok
        assert views.hashes() == incremental
        views.close()


@SETTINGS
@given(st.lists(COMMAND, min_size=1, max_size=25), st.data())
def test_as_of_t_equals_the_views_projected_from_events_up_to_t(commands: list[Any],
                                                                data: st.DataObject) -> None:
    """Replaying a household up to T gives the row the view holds after the events up to T."""
    with tempfile.TemporaryDirectory() as tmp:
        config, cuts = record(Path(tmp), commands)
        cut = data.draw(st.sampled_from(cuts))
        full = Views(config)
        full.project()
        until = max(i.position for i in full.source_items() if i.recorded_at <= cut)
        partial = Views(config, parse_database_url(str(Path(tmp) / "partial.db")))
        partial.project(until=until)
        for home in HOMES:
            result = household_as_of(full.source, home, recorded_at=cut, views=full.db)
            row = partial.db.fetchdicts("SELECT * FROM view_household_state WHERE code = ?",
                                        (home,))[0]
            assert {k: result.state[k] for k in COMMON} == {k: row[k] for k in COMMON}
            years = partial.db.fetchdicts("SELECT * FROM view_household_income_year WHERE "
                                          "household_code = ? ORDER BY year", (home,))
            assert [y["total_fen"] for y in years] == [
                y["total_fen"] for y in result.state["income_years"]]
        full.close()
        partial.close()


@SETTINGS
@given(st.lists(COMMAND, max_size=15), st.data())
def test_redelivering_an_event_raises_and_changes_nothing(commands: list[Any],
                                                          data: st.DataObject) -> None:
    """Any already-applied event, given again to any view, is refused; no table changes."""
    with tempfile.TemporaryDirectory() as tmp:
        config, _ = record(Path(tmp), commands)
        views = Views(config)
        views.project()
        before = views.hashes()
        position = data.draw(st.integers(1, views.source.max_position()))
        projector = Projector(views.source, views.db)
        target = data.draw(st.sampled_from(projector.live_targets()))
        items = projector.directory.items(views.source.read_after(position - 1, 1))
        with pytest.raises(AlreadyProcessed):
            projector.process(target, items)
        assert views.hashes() == before
        views.close()
