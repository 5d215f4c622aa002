"""The views on a small county, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from ledger.storage.config import DatabaseConfig
from projections import queries
from projections.maintenance import rebuild
from projections.runner import Projector
from tests.projections.conftest import Views, open_ledger, start_clock


def test_household_state_reflects_corrections_and_retractions(views: Views) -> None:
    """The corrected income and the retracted phone contact change the household's figures."""
    views.project()
    home = queries.household_state(views.db, "H001")
    assert home is not None
    year = home["income_years"][0]
    assert (year["transfer_fen"], year["wage_fen"], year["total_fen"]) == (372_000, 300_000,
                                                                           672_000)
    assert year["per_capita_fen"] == 336_000
    assert year["above_poverty_line"] == 0
    assert (home["visits"], home["phone_contacts"], home["last_contact_at"]) == (1, 0, None)
    assert home["points_balance"] == 10
    assert home["open_findings"] == 1
    assert home["five_ones_complete"] == 1
    assert home["cadres"][0]["cadre_code"] == "C01"
    assert home["responsible"]["village"][0]["cadre_code"] == "C10"


def test_timeline_links_corrections_both_ways(views: Views) -> None:
    """The correction names what it corrects; the corrected event names its correction."""
    views.project()
    page = queries.timeline(views.db, {"household": "H001"}, limit=100)
    by_ref = {e["ref"]: e for e in page.items}
    assert by_ref["household/H001/11"]["corrects_ref"] == "household/H001/7"
    assert by_ref["household/H001/7"]["corrected_by"] == ["household/H001/11"]
    assert by_ref["household/H001/5"]["retracted_by"] == "household/H001/12"
    assert by_ref["household/H001/5"]["is_late"] == 1
    assert by_ref["household/H001/4"]["label_zh"] == "入户走访"
    assert "走访" not in by_ref["household/H001/4"]["summary"]  # personal notes stay apart
    assert by_ref["household/H001/4"]["personal"] == {"notes": "走访"}


def test_cadre_trail_lists_actions_with_lag_and_retractions(views: Views) -> None:
    """C01's visit, phone contact (retracted), diary; C10's correction and retraction."""
    views.project()
    actions = queries.cadre_trail(views.db, "C01").items
    kinds = [(a["action"], a["is_retracted"]) for a in actions]
    assert kinds == [("plan", 0), ("visit", 0), ("phone", 1), ("diary", 0)]
    phone = actions[2]
    assert phone["is_late"] == 1
    assert phone["lag_seconds"] == 4 * 86400 + 23 * 3600
    authorised = [a["action"] for a in queries.cadre_trail(views.db, "C10").items]
    assert authorised == ["correction", "retraction"]


def test_fund_flows_follow_money_to_households(views: Views) -> None:
    """Allocation → disbursement → project → participating household; the balance."""
    views.project()
    fund = queries.fund(views.db, "F01")
    assert fund is not None
    assert (fund["allocated_fen"], fund["disbursed_fen"], fund["balance_fen"]) == (
        10_000_000, 5_000_000, 5_000_000)
    (paid,) = fund["disbursements"]
    assert paid["received_fen"] == 5_000_000
    assert paid["project"]["participants"] == [{"household_code": "H001",
                                                "joined_on": "2024-01-10"}]


def test_area_figures_equal_a_group_by_over_households(views: Views) -> None:
    """Village, township and county figures are the sums of their households' rows."""
    views.project()
    for level, code, where in (("county", "*", "1 = 1"), ("township", "T01", "township_code = ?"),
                               ("village", "V01", "village_code = ?")):
        params = () if level == "county" else (code,)
        (households, people, visits, points) = views.db.fetchall(
            "SELECT COUNT(*), SUM(member_count), SUM(visits), SUM(points_earned) "
            f"FROM view_household_state WHERE {where}", params)[0]
        stats = views.db.fetchdicts("SELECT * FROM view_area_stats WHERE level = ? AND code = ?",
                                    (level, code))[0]
        assert (stats["households"], stats["people"], stats["visits"],
                stats["points_earned"]) == (households, people, visits, points)
    county = queries.county_stats(views.db)
    assert county["stats"]["households"] == 2
    assert county["regulation_code"] is None
    assert county["funds"]["disbursed_fen"] == 5_000_000


def test_a_second_run_does_nothing(views: Views) -> None:
    """Caught up, a run applies no event and changes no table."""
    views.project()
    before = views.hashes()
    report = views.project()
    assert report.applied == {}
    assert views.hashes() == before


def test_small_pages_give_the_same_tables_as_one_page(views: Views) -> None:
    """Page boundaries never show in the tables."""
    views.project(page_size=1)
    one_by_one = views.hashes()
    projector = Projector(views.source, views.db)
    for name in ("household_state", "cadre_trail", "audit_timeline", "fund_flows"):
        rebuild(projector, name)
    assert views.hashes() == one_by_one


def test_rebuild_gives_identical_tables_and_keeps_serving_until_switch(views: Views) -> None:
    """A rebuild fills a new generation; the stable names show it only once it caught up."""
    views.project()
    before = views.hashes()
    report = rebuild(Projector(views.source, views.db), "household_state")
    assert report.ok
    assert views.hashes() == before
    generations = views.db.fetchall(
        "SELECT generation, status FROM view_tracking WHERE projection = 'household_state'")
    assert generations == [(2, "live")]


def test_lag_counts_events_and_seconds_behind(views: Views) -> None:
    """Before a run every view is behind by the whole log; after, by nothing."""
    head = views.source.max_position()
    assert {f.events_behind for f in queries.lag(views.source, views.db)} == {head}
    views.project(until=head - 2)
    behind = queries.lag(views.source, views.db)[0]
    assert behind.events_behind == 2
    assert behind.seconds_behind == 0  # the last two were recorded in the same instant as ...
    views.project()
    assert {f.events_behind for f in queries.lag(views.source, views.db)} == {0}


def test_list_households_pages_by_code_with_filters(views: Views) -> None:
    """Keyset pages, and filters by cadre and open findings."""
    views.project()
    first = queries.list_households(views.db, {"village": "V01"}, limit=1)
    assert [h["code"] for h in first.items] == ["H001"]
    second = queries.list_households(views.db, {"village": "V01"}, first.next_cursor, limit=1)
    assert [h["code"] for h in second.items] == ["H002"]
    assert second.next_cursor is None
    assert [h["code"] for h in queries.list_households(views.db, {"cadre": "C02"}).items] == [
        "H002"]
    found = queries.list_households(views.db, {"has_open_findings": True}).items
    assert [h["code"] for h in found] == ["H001"]


def test_command_receipts_appear_in_the_timeline(county: DatabaseConfig) -> None:
    """Events of aggregates outside the domain (idempotency receipts) are shown, not skipped."""
    clock = start_clock()
    clock.advance(timedelta(days=5))
    open_ledger(county, clock).earn_points("H002", 5, "打扫卫生", clock.now().date(),
                                          command_id="cmd-1")
    views = Views(county)
    assert views.project().ok
    page = queries.timeline(views.db, {"kind": "command"})
    assert [(e["aggregate_code"], e["label_zh"]) for e in page.items] == [("cmd-1", "命令受理")]
    views.close()
