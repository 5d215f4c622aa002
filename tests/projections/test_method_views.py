"""The rest of the 五四五N method on the read side: monitoring's end, 一争取's source, pairing,
activities and the supervision acts' parts, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from ledger.application.app import Ledger
from ledger.storage.config import DatabaseConfig
from projections import queries
from tests.projections.conftest import Views, open_ledger, small_county, start_clock

D = date


def method_acts(ledger: Ledger) -> None:
    """H001 exits, is monitored and leaves monitoring."""
    ledger.record_income("H001", "transfer", 900_000, "2024", D(2024, 1, 5), "低保")
    ledger.review_exit("H001", D(2024, 1, 5), 2024)
    ledger.post_exit_notice("H001", D(2024, 1, 5), 7)
    ledger.confirm_exit("H001", D(2024, 1, 12), "金大山")
    ledger.approve_exit("H001", D(2024, 1, 13), "C30")
    ledger.start_monitoring("H001", D(2024, 1, 14), "脱贫不稳定户", "收入不稳定")
    ledger.end_monitoring("H001", D(2024, 1, 16), 2024, "风险消除")
    ledger.allocate_fund("F-SEC", "龙潭区对口帮扶资金", "吉林市龙潭区", 3_000_000, D(2024, 1, 15))
    ledger.record_funds_secured("C20", D(2024, 1, 15), "township", "T01", 3_000_000,
                                "paired_district", "ab" * 32, "F-SEC", "争取龙潭区资金", "FS-1")
    ledger.record_funds_secured("C20", D(2024, 1, 15), "township", "T01", 0, "enterprise",
                                None, None, "争取企业资金未果", "FS-2")
    ledger.disburse("F-SEC", "F-SEC-01", 1_000_000, "industry", D(2024, 1, 16), "产业补助",
                    "C30", household="H002")


@pytest.fixture
def method_views(store: DatabaseConfig) -> Iterator[Views]:
    """The small county with the method's acts, projected."""
    clock = start_clock()
    ledger = open_ledger(store, clock)
    small_county(ledger)
    clock.advance(timedelta(days=10))
    method_acts(ledger)
    found = Views(store)
    found.project()
    yield found
    found.close()


def test_a_household_leaving_monitoring_shows_as_exited(method_views: Views) -> None:
    """风险消除: status exited again, with the end date beside the monitoring category."""
    home = queries.household_state(method_views.db, "H001")
    assert home is not None
    assert (home["status"], home["monitoring_category"], home["monitoring_ended_on"]) == (
        "exited", "脱贫不稳定户", "2024-01-16")


def test_secured_money_starts_the_fund_flow_at_its_source(method_views: Views) -> None:
    """一争取 → fund F-SEC (source paired_district, secured by C20) → household H002."""
    fund = queries.fund(method_views.db, "F-SEC")
    assert fund is not None
    assert (fund["secured_fen"], fund["secured_source"], fund["secured_by"]) == (
        3_000_000, "paired_district", "C20")
    assert [(s["act_code"], s["amount_fen"]) for s in fund["secured"]] == [("FS-1", 3_000_000)]
    assert [(d["recipient_code"], d["amount_fen"]) for d in fund["disbursements"]] == [
        ("H002", 1_000_000)]
    nothing = method_views.db.fetchdicts(
        "SELECT amount_fen, fund_code FROM view_fund_secured WHERE act_code = 'FS-2'")
    assert nothing == [{"amount_fen": 0, "fund_code": None}]
