"""Refusals an auditor should see are kept in the sealed log (拒绝记录), never their effect:
an overspend, a misdirected disbursement, an exit review without its conditions, an exit
approved by someone who may not. Other refusals (input mistakes) leave no trace."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.application.core import Actor
from ledger.application.importer import import_lines
from ledger.cli import main
from ledger.domain.fund import Fund
from ledger.domain.household import Household
from ledger.domain.refusal import Refusal
from ledger.errors import (
    DuplicateError,
    ExitConditionsUnmet,
    NotAuthorised,
    NotResponsible,
    OverBalance,
)
from ledger.storage.config import parse_database_url
from projections import queries
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource
from tests.application.conftest import stored_count

DAY = date(2024, 2, 1)
ALLOCATED = 1_000_000


@pytest.fixture
def funded(county: Ledger) -> Ledger:
    """The small county with fund F01 (housing, 10,000 yuan) and one payment of 3,000 yuan."""
    county.allocate_fund("F01", "危房改造资金", "省级财政", ALLOCATED, date(2024, 1, 3), "housing")
    county.disburse("F01", "D001", 300_000, "housing", DAY, "危房改造补助", "C30",
                    household="H001")
    return county


def refusals(ledger: Ledger) -> list[Refusal.CommandRefused]:
    """Every kept refusal in the log, in order."""
    found = []
    for notification in ledger.recorder.select_notifications(start=1, limit=10_000):
        event = ledger.mapper.to_domain_event(notification)
        if isinstance(event, Refusal.CommandRefused):
            found.append(event)
    return found


def overspend(ledger: Ledger, code: str = "D002") -> None:
    """C30 tries to pay 8,000 yuan when 7,000 are left."""
    ledger.disburse("F01", code, 800_000, "housing", DAY, "金大山家翻修", "C30",
                    household="H001", actor=Actor("C30"))


def test_an_overspend_is_refused_the_balance_unchanged_and_the_refusal_kept(
        funded: Ledger) -> None:
    """The caller gets OverBalance; the fund still has 7,000 yuan; one refusal names who tried,
    the command, the rule, the reason and the non-personal parameters."""
    before = stored_count(funded)
    with pytest.raises(OverBalance) as raised:
        overspend(funded)
    assert raised.value.field == "amount_fen"
    assert funded.repository.get(Fund.id_for("F01")).balance_fen == ALLOCATED - 300_000
    assert stored_count(funded) == before + 1
    (kept,) = refusals(funded)
    assert (kept.actor_id, kept.command_name, kept.rule) == ("C30", "disburse", "fund.balance")
    assert (kept.subject_kind, kept.subject_code, kept.refused_field) == ("fund", "F01",
                                                                          "amount_fen")
    assert kept.reason == raised.value.message
    assert kept.parameters == {"fund": "F01", "disbursement": "D002", "amount_fen": 800_000,
                               "programme": "housing", "occurred_on": "2024-02-01",
                               "approved_by": "C30", "household": "H001"}


def test_a_refusal_never_echoes_personal_values(funded: Ledger) -> None:
    """The purpose text (金大山家翻修) is not among the kept parameters."""
    with pytest.raises(OverBalance):
        overspend(funded)
    (kept,) = refusals(funded)
    assert "purpose" not in kept.parameters
    assert "金大山" not in repr(vars(kept))


def test_the_same_refused_command_twice_at_one_instant_is_kept_twice(
        funded: Ledger) -> None:
    """Two refusals at the same recorded time get distinct codes."""
    for _ in range(2):
        with pytest.raises(OverBalance):
            overspend(funded)
    assert len({funded.repository.get(r.originator_id).code for r in refusals(funded)}) == 2


def test_a_refusal_not_in_the_table_leaves_no_trace(funded: Ledger) -> None:
    """A repeated disbursement code is an input mistake: refused, nothing stored."""
    before = stored_count(funded)
    with pytest.raises(DuplicateError):
        funded.disburse("F01", "D001", 100, "housing", DAY, "重复", "C30", household="H001")
    assert stored_count(funded) == before


def test_which_refusals_are_kept_is_configurable(clock: SimulatedClock) -> None:
    """A ledger built with an empty table keeps no refusal."""
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock, refusals=())
    ledger.register_county("CB", "长白朝鲜族自治县", date(2024, 1, 2))
    ledger.allocate_fund("F01", "危房改造资金", "省级财政", 100, date(2024, 1, 3), "housing")
    ledger.register_township("T01", "长白镇", 41.42, 128.20, date(2024, 1, 2))
    before = stored_count(ledger)
    with pytest.raises(OverBalance):
        ledger.disburse("F01", "D1", 101, "housing", DAY, "x", "C30", project="P01")
    assert stored_count(ledger) == before


def test_an_exit_review_without_its_conditions_is_kept_about_the_household(
        county: Ledger) -> None:
    """No income recorded: the review is refused (income) and kept with the household."""
    with pytest.raises(ExitConditionsUnmet):
        county.review_exit("H001", date(2024, 2, 5), 2024, actor=Actor("C10"))
    (kept,) = refusals(county)
    assert (kept.rule, kept.subject_kind, kept.subject_code) == ("exit.conditions",
                                                                 "household", "H001")
    assert kept.parameters == {"household": "H001", "occurred_on": "2024-02-05", "year": 2024}


def test_an_atomic_import_stores_none_of_its_lines_but_keeps_the_refusal(
        funded: Ledger) -> None:
    """The overspending line gets its error verdict; the good line is not stored (atomic);
    the refusal is, in its own save."""
    lines = ['{"command": "increase_fund", "fund": "F01", "amount_fen": 5, '
             '"occurred_on": "2024-02-01", "reason": "追加"}',
             '{"command": "disburse", "fund": "F01", "disbursement": "D9", '
             '"amount_fen": 900000, "programme": "housing", "occurred_on": "2024-02-01", '
             '"purpose": "x", "approved_by": "C30", "household": "H001"}']
    before = stored_count(funded)
    report = import_lines(funded, lines, atomic=True)
    assert [error.line for error in report.errors] == [2]
    assert stored_count(funded) == before + 1
    assert [r.rule for r in refusals(funded)] == ["fund.balance"]


def test_a_kept_refusal_is_sealed_and_shown_in_the_funds_timeline(
        tmp_path: Path, clock: SimulatedClock) -> None:
    """On a SQLite store: verify passes with the refusal in the log, the audit timeline lists
    it under fund F01 with its label, and the fund's record (as the API serves it) shows it."""
    path = tmp_path / "ledger.db"
    config = parse_database_url(str(path))
    ledger = Ledger(env=config.eventsourcing_env(), clock=clock)
    ledger.register_county("CB", "长白朝鲜族自治县", date(2024, 1, 2))
    ledger.allocate_fund("F01", "危房改造资金", "省级财政", 100, date(2024, 1, 3), "housing")
    with pytest.raises(OverBalance):
        ledger.disburse("F01", "D1", 101, "housing", DAY, "x", "C30", project="P01",
                        actor=Actor("C30"))
    assert main(["verify", "--db", str(path)]) == 0
    source, views = EventSource(config), ViewDb(config)
    try:
        Projector(source, views).catch_up()
        rows = queries.timeline(views, {"fund": "F01"}).items
        fund = queries.fund(views, "F01")
    finally:
        views.close()
        source.close()
    refused = [r for r in rows if r["event_type"] == "CommandRefused"]
    assert len(refused) == 1
    assert (refused[0]["label_zh"], refused[0]["actor_id"]) == ("命令被拒", "C30")
    assert refused[0]["aggregate_kind"] == "refusal"
    assert fund is not None
    assert fund["balance_fen"] == 100
    assert [r["ref"] for r in fund["refusals"]] == [refused[0]["ref"]]
    assert "fund.balance" in fund["refusals"][0]["summary"]


def test_a_correction_authorised_by_its_recorder_is_kept_about_the_target(
        county: Ledger) -> None:
    """C01 records a visit and tries to authorise its own correction: kept, about H001."""
    county.record_visit("H001", "C01", datetime(2024, 2, 1, 9, tzinfo=UTC), actor=Actor("C01"))
    ref = county.repository.get(Household.id_for("H001")).ref(
        county.repository.get(Household.id_for("H001")).version)
    with pytest.raises(NotAuthorised):
        county.correct_record(ref, {"occurred_at": datetime(2024, 2, 1, 8, tzinfo=UTC)},
                              "时间记错", "C01", actor=Actor("C01"))
    (kept,) = refusals(county)
    assert (kept.rule, kept.subject_kind, kept.subject_code) == (
        "correction.self_authorised", "household", "H001")
    assert kept.parameters == {"target_event": ref, "authorised_by": "C01"}


def test_a_visit_by_a_cadre_not_responsible_is_kept_without_its_notes(county: Ledger) -> None:
    """C02 is not H001's cadre: refused, kept with mode and time, never the notes."""
    with pytest.raises(NotResponsible):
        county.record_visit("H001", "C02", datetime(2024, 2, 1, 9, tzinfo=UTC),
                            notes="金大山身体不好")
    (kept,) = refusals(county)
    assert (kept.actor_id, kept.rule) == ("C02", "contact.not_responsible")
    assert kept.parameters == {"household": "H001", "cadre": "C02",
                               "occurred_at": "2024-02-01T09:00:00+00:00", "mode": "in_person"}
