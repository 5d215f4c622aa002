"""A small county set up through the use cases: 长白镇, 金华村, six cadres and one household."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application.app import Ledger
from ledger.domain.values import Member

START = date(2024, 1, 2)


def stored_count(ledger: Ledger) -> int:
    """How many events the store holds."""
    return ledger.recorder.max_notification_id() or 0


@pytest.fixture
def county(ledger: Ledger) -> Ledger:
    """The ledger with a township, a village, cadres at every level and household H001."""
    ledger.register_county("CB", "长白朝鲜族自治县", START)
    ledger.register_township("T01", "长白镇", 41.42, 128.20, START)
    ledger.register_village("V01", "T01", "金华村", 41.45, 128.25, True, START)
    for code, name, role, unit in [
        ("C01", "李明", "household_cadre", "V01"),
        ("C02", "朴成浩", "household_cadre", "V01"),
        ("C10", "王强", "village_leader", "V01"),
        ("C20", "赵丽", "township_lead", "T01"),
        ("C30", "金正一", "county_leader", "CB"),
        ("C40", "崔英", "inspector", "CB"),
    ]:
        ledger.appoint_cadre(code, name, role, unit, occurred_on=START)
    ledger.assign_cadre("C10", START, village="V01")
    ledger.assign_cadre("C20", START, township="T01")
    ledger.register_household(
        "H001", "V01", "金大山",
        [Member(1, "金大山", "户主", "220623195501010011", "男", 1955),
         Member(2, "崔顺姬", "配偶", "220623195803030022", "女", 1958)],
        "dibao", "illness", START,
    )
    ledger.assign_cadre("C01", START, household="H001")
    return ledger
