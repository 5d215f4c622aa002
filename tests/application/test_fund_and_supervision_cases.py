"""Use cases of funds, projects, supervision, inspection rounds and the regulation."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest

from ledger.application.app import Ledger
from ledger.domain.cadre import Cadre
from ledger.domain.fund import Fund
from ledger.domain.household import Household
from ledger.domain.inspection import InspectionRound
from ledger.domain.project import Project
from ledger.domain.regulation import AssessmentRegulation
from ledger.domain.values import HouseholdStatus, Indicators, Member, Rule
from ledger.errors import DuplicateError, NotFound, RuleViolation
from tests.application.conftest import stored_count

DAY = date(2024, 2, 1)


def get(ledger: Ledger, cls: type, code: str) -> object:
    return ledger.repository.get(cls.id_for(code))


@pytest.fixture
def funded(county: Ledger) -> Ledger:
    county.allocate_fund("F01", "危房改造资金", "省级财政", 1_539_000_00, date(2024, 1, 3),
                         "housing")
    county.register_project("P01", "金华村木耳大棚", "income", "T01", 50_000_000,
                            date(2024, 1, 4), "V01")
    return county


def test_a_disbursement_to_a_household_records_the_measure_in_the_same_save(
    funded: Ledger,
) -> None:
    """拨付 to H001: the fund's balance drops and the household shows the measure."""
    funded.disburse("F01", "D001", 3_000_000, "housing", DAY, "危房改造补助", "C30",
                    household="H001")
    fund = get(funded, Fund, "F01")
    home = get(funded, Household, "H001")
    assert fund.balance_fen == 1_539_000_00 - 3_000_000
    assert list(home.measures.values()) == [("housing", 3_000_000)]


def test_a_disbursement_beyond_the_allocation_is_refused_and_stores_no_payment(
    funded: Ledger,
) -> None:
    """Never beyond what was allocated: refused, naming amount_fen; no payment stored (only
    the refusal itself, tests/application/test_refusals.py)."""
    before = stored_count(funded)
    with pytest.raises(RuleViolation) as raised:
        funded.disburse("F01", "D002", 1_539_000_01, "housing", DAY, "超支", "C30",
                        household="H001")
    assert raised.value.field == "amount_fen"
    assert stored_count(funded) == before + 1
    assert get(funded, Fund, "F01").disbursements == {}


def test_a_disbursement_needs_exactly_one_recipient(funded: Ledger) -> None:
    """Both a project and a household named: refused."""
    with pytest.raises(RuleViolation):
        funded.disburse("F01", "D003", 100, "housing", DAY, "x", "C30", project="P01",
                        household="H001")


def test_a_project_receives_funds_and_participants(funded: Ledger) -> None:
    """A project's receipts and participants both come from the use cases."""
    funded.increase_fund("F01", 1_000_000, DAY, "追加")
    funded.disburse("F01", "D010", 2_000_000, "housing", DAY, "大棚建设", "C30", project="P01")
    funded.join_project("H001", "P01", DAY)
    project = get(funded, Project, "P01")
    assert project.received_fen == 2_000_000
    assert "H001" in project.participants
    assert get(funded, Household, "H001").projects == ["P01"]


def test_joining_a_project_twice_is_refused(funded: Ledger) -> None:
    """增收项目: a household joins each project once."""
    funded.join_project("H001", "P01", DAY)
    with pytest.raises(RuleViolation):
        funded.join_project("H001", "P01", date(2024, 2, 2))


def test_a_completed_project_takes_no_more_participants(funded: Ledger) -> None:
    """After completion a project refuses participants."""
    funded.complete_project("P01", DAY, "验收合格")
    with pytest.raises(RuleViolation):
        funded.join_project("H001", "P01", date(2024, 2, 2))


def test_a_measure_without_money_is_recorded(county: Ledger) -> None:
    """措施落实 of a service (a medical visit) with no amount."""
    county.deliver_measure("H001", "health", DAY, "巡回医疗队上门诊疗")
    assert list(get(county, Household, "H001").measures.values()) == [("health", 0)]


def test_a_fund_code_is_allocated_once(funded: Ledger) -> None:
    """A second allocation with the same code is a duplicate."""
    with pytest.raises(DuplicateError):
        funded.allocate_fund("F01", "x", "y", 100, DAY)


def test_a_township_lead_records_the_monthly_four_ones(county: Ledger) -> None:
    """四个一: a research visit by the township lead is recorded on the cadre's trail."""
    county.record_research_visit("C20", DAY, "village", "V01", ["V01"], ["H001"], "调研金华村",
                                 "ACT-1")
    assert [a.kind for a in get(county, Cadre, "C20").acts] == ["research_visit"]


def test_a_household_cadre_cannot_issue_a_bulletin(county: Ledger) -> None:
    """通报 belongs to county leaders; a household cadre's is refused."""
    with pytest.raises(RuleViolation):
        county.issue_bulletin("C01", DAY, "county", "CB", ["T01"], [], ["evaluation/2024Q1"],
                              "通报", "ACT-2")


def test_an_inspection_round_runs_from_commitment_to_close(county: Ledger) -> None:
    """巡察: commit the seed, draw, spot-check, raise a finding, rectify, 销号, close."""
    seed = "2024-round-1-secret"
    county.open_round("R01", "2024年第一轮巡察", "C40", ["T01"], DAY)
    county.commit_sample("R01", hashlib.sha256(seed.encode()).hexdigest(),
                         ["H001\tV01\tregistered\t1"], datetime(2024, 2, 1, 9, tzinfo=UTC))
    county.draw_sample("R01", seed, 1, datetime(2024, 2, 2, 9, tzinfo=UTC))
    county.record_spot_check("R01", "H001", date(2024, 2, 3), {"visits": "每周一次属实"}, "")
    county.raise_finding("R01", "F-1", "household", "H001", "C01", "扶贫手册收入未更新",
                         date(2024, 2, 3), date(2024, 2, 10))
    county.report_rectification("R01", "F-1", date(2024, 2, 8), "已更新")
    county.close_finding("R01", "F-1", date(2024, 2, 9), "核实销号")
    county.close_round("R01", date(2024, 2, 20))
    assert get(county, InspectionRound, "R01").status == "closed"


def test_a_wrong_seed_is_refused_at_the_draw(county: Ledger) -> None:
    """The revealed seed must match the commitment."""
    county.open_round("R01", "巡察", "C40", ["T01"], DAY)
    county.commit_sample("R01", hashlib.sha256(b"right").hexdigest(),
                         ["H001\tV01\tregistered\t1"], datetime(2024, 2, 1, 9, tzinfo=UTC))
    with pytest.raises(RuleViolation) as raised:
        county.draw_sample("R01", "wrong", 1, datetime(2024, 2, 2, 9, tzinfo=UTC))
    assert raised.value.field == "seed"


def test_a_finding_owner_must_exist(county: Ledger) -> None:
    """A finding names an existing cadre as its owner."""
    county.open_round("R01", "巡察", "C40", ["T01"], DAY)
    with pytest.raises(NotFound):
        county.raise_finding("R01", "F-1", "household", "H001", "C99", "x", DAY,
                             date(2024, 2, 10))


def test_a_case_lead_is_transferred_to_the_discipline_commission(county: Ledger) -> None:
    """问题线索移交: a transferred finding no longer blocks closing the round."""
    county.open_round("R01", "巡察", "C40", ["T01"], DAY)
    county.raise_finding("R01", "F-1", "cadre", "C01", "C01", "虚报走访", DAY, date(2024, 2, 10))
    county.transfer_case("R01", "F-1", date(2024, 2, 5), "县纪委监委", "移交问题线索")
    county.close_round("R01", date(2024, 2, 20))


def test_the_regulation_is_published_and_revised_by_edition(county: Ledger) -> None:
    """《考核办法》: the edition in force depends on the date."""
    rules = [Rule("R1", "每周入户", 10, "weekly_in_person_visits")]
    county.publish_regulation("REG", "脱贫攻坚工作考核办法（试行）", rules, date(2024, 1, 1))
    county.revise_regulation("REG", [*rules, Rule("R2", "日记", 5, "diary_entries")],
                             date(2024, 7, 1), "增加日记考核")
    regulation = get(county, AssessmentRegulation, "REG")
    assert len(regulation.rules_on(date(2024, 3, 1))) == 1
    assert len(regulation.rules_on(date(2024, 8, 1))) == 2


def test_an_unassigned_cadre_can_no_longer_visit(county: Ledger) -> None:
    """After unassignment the former cadre's visit is refused."""
    county.unassign_cadre("C01", date(2024, 2, 1), "调岗", household="H001")
    with pytest.raises(RuleViolation):
        county.record_visit("H001", "C01", datetime(2024, 2, 20, tzinfo=UTC), "in_person", "")


def test_a_dismissed_cadre_cannot_be_assigned(county: Ledger) -> None:
    """A cadre dismissed on a date is not assigned after it."""
    county.dismiss_cadre("C02", date(2024, 1, 20), "调离")
    with pytest.raises(RuleViolation):
        county.assign_cadre("C02", date(2024, 2, 1), household="H001")


def test_members_are_added_and_removed_but_never_the_head(county: Ledger) -> None:
    """Member changes are events; the head stays."""
    county.add_member("H001", Member(3, "金小花", "孙女", sex="女", birth_year=2015), DAY, "出生")
    county.remove_member("H001", 2, date(2024, 2, 2), "去世")
    with pytest.raises(RuleViolation):
        county.remove_member("H001", 1, date(2024, 2, 3), "x")
    assert sorted(get(county, Household, "H001").members) == [1, 3]


def test_an_exited_household_is_honoured_monitored_and_may_return(county: Ledger) -> None:
    """脱贫光荣户, 监测, 返贫: the status follows the events."""
    county.record_income("H001", "transfer", 900_000, "2024", date(2024, 2, 1))
    county.assess_indicators("H001", Indicators(True, True, True, True, True, True), DAY)
    county.review_exit("H001", date(2024, 2, 5), 2024)
    county.post_exit_notice("H001", date(2024, 2, 6), 7)
    county.raise_exit_objection("H001", date(2024, 2, 8), "邻居质疑收入")
    county.review_exit("H001", date(2024, 2, 9), 2024)
    county.post_exit_notice("H001", date(2024, 2, 10), 7)
    county.confirm_exit("H001", date(2024, 2, 17), "金大山")
    county.approve_exit("H001", date(2024, 2, 20), "C30")
    county.award_honour("H001", date(2024, 2, 25), "脱贫光荣户")
    county.start_monitoring("H001", date(2024, 2, 26), "unstable_exited", "收入不稳定")
    county.return_to_poverty("H001", date(2024, 2, 28), "大病")
    assert get(county, Household, "H001").status is HouseholdStatus.RETURNED
