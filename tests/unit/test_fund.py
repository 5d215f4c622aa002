"""Funds never pay out beyond what was allocated; projects record money received and who joined."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger.domain.base import LedgerAggregate
from ledger.domain.envelope import Envelope
from ledger.domain.fund import Fund, Project, ProjectStatus
from ledger.domain.values import Programme
from ledger.errors import DuplicateError, RuleViolation

RECORDED = datetime(2019, 6, 10, 9, 0, tzinfo=UTC)
ALLOCATED = date(2019, 3, 1)


def envelope(recorded_at: datetime = RECORDED) -> Envelope:
    return Envelope(
        actor_id="CZJ001", actor_role="operator", channel="department", recorded_at=recorded_at
    )


def allocate(
    amount_fen: int = 1_539_000_000, programme: Programme | None = Programme.HOUSING
) -> Fund:
    return Fund.allocate(
        envelope(), "F2019-WF", "2019年农村危房改造补助资金", "中央财政专项扶贫资金",
        programme, amount_fen, ALLOCATED,
    )


def disburse(
    fund: Fund, code: str = "D-001", amount_fen: int = 3_000_000,
    programme: Programme = Programme.HOUSING, occurred_on: date = date(2019, 6, 8),
) -> None:
    fund.disburse(
        envelope(), code, amount_fen, "household", "HH-ESDG-007", programme, occurred_on,
        "崔英爱户危房改造补助", "GB001",
    )


def register() -> Project:
    return Project.register(
        envelope(), "P-JH-MG", "金华乡黑木耳种植基地", "income", "T-JH", "V-JH", 200_000_000,
        date(2019, 4, 1),
    )


def refused(aggregate: LedgerAggregate, field: str, command: Callable[..., Any],
            *args: Any) -> RuleViolation:
    before = list(aggregate.pending_events)
    with pytest.raises(RuleViolation) as caught:
        command(*args)
    assert caught.value.field == field
    assert aggregate.pending_events == before
    return caught.value


def replayed(aggregate: LedgerAggregate) -> Any:
    copy: Any = None
    for event in aggregate.pending_events:
        copy = event.mutate(copy)
    return copy


def state(aggregate: LedgerAggregate) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


# Fund


def test_allocation_sets_the_balance() -> None:
    """An allocation is the whole balance at first."""
    fund = allocate(1_000_000)
    assert (fund.allocated_fen, fund.disbursed_fen, fund.balance_fen) == (1_000_000, 0, 1_000_000)
    assert fund.programme is Programme.HOUSING


@pytest.mark.parametrize("amount", [0, -5, 12.5, True])
def test_allocation_refuses_an_amount_that_is_not_positive_whole_fen(amount: Any) -> None:
    """Zero, negative, fractional and boolean amounts are refused."""
    with pytest.raises(RuleViolation) as caught:
        allocate(amount)
    assert caught.value.field == "amount_fen"


def test_allocation_refuses_an_unknown_programme() -> None:
    """A programme that does not exist is refused."""
    with pytest.raises(RuleViolation) as caught:
        allocate(programme="casino")  # type: ignore[arg-type]
    assert caught.value.field == "programme"


def test_increase_adds_to_the_allocation() -> None:
    """追加 raises the allocation and the balance."""
    fund = allocate(1_000_000)
    fund.increase(envelope(), 500_000, date(2019, 5, 1), "省级追加")
    assert (fund.allocated_fen, fund.balance_fen) == (1_500_000, 1_500_000)


def test_increase_before_the_allocation_is_refused() -> None:
    """A top-up dated before the allocation is refused."""
    fund = allocate()
    refused(fund, "occurred_on", fund.increase, envelope(), 500_000, date(2019, 2, 1), "追加")


def test_disbursement_reduces_the_balance_and_is_kept_by_code() -> None:
    """A disbursement lowers the balance and is kept under its code."""
    fund = allocate(10_000_000)
    disburse(fund, amount_fen=3_000_000)
    assert (fund.disbursed_fen, fund.balance_fen) == (3_000_000, 7_000_000)
    assert fund.disbursements["D-001"].recipient_code == "HH-ESDG-007"


def test_the_whole_balance_can_be_disbursed() -> None:
    """Disbursing exactly the balance is allowed."""
    fund = allocate(3_000_000)
    disburse(fund, amount_fen=3_000_000)
    assert fund.balance_fen == 0


def test_disbursing_beyond_the_allocation_is_refused_naming_balance_and_request() -> None:
    """A disbursement larger than the balance is refused, stating both amounts."""
    fund = allocate(3_000_000)
    disburse(fund, "D-001", 2_000_000)
    error = refused(fund, "amount_fen", disburse, fund, "D-002", 1_000_001)
    assert "1000001" in error.message
    assert "1000000" in error.message


def test_a_duplicate_disbursement_code_is_refused() -> None:
    """A disbursement code is used once per fund."""
    fund = allocate()
    disburse(fund, "D-001")
    error = refused(fund, "disbursement_code", disburse, fund, "D-001")
    assert isinstance(error, DuplicateError)


def test_an_unknown_recipient_kind_is_refused() -> None:
    """Money goes to a project or a household, nothing else."""
    fund = allocate()
    refused(fund, "recipient_kind", fund.disburse, envelope(), "D-001", 100, "cousin", "X1",
            Programme.HOUSING, date(2019, 6, 8), "补助", "GB001")


def test_a_programme_fund_refuses_another_programme() -> None:
    """A housing fund cannot pay for education."""
    fund = allocate(programme=Programme.HOUSING)
    refused(fund, "programme", disburse, fund, "D-001", 100, Programme.EDUCATION)


def test_an_open_fund_pays_any_programme() -> None:
    """A fund allocated without a programme pays under any programme."""
    fund = allocate(programme=None)
    disburse(fund, programme=Programme.EDUCATION)
    assert fund.disbursements["D-001"].programme is Programme.EDUCATION


def test_a_disbursement_before_the_allocation_is_refused() -> None:
    """Money cannot leave a fund before it arrived."""
    fund = allocate()
    refused(fund, "occurred_on", disburse, fund, "D-001", 100, Programme.HOUSING, date(2019, 2, 1))


def test_a_disbursement_recorded_after_three_days_is_flagged_late() -> None:
    """A disbursement recorded more than three days after it happened is flagged late."""
    fund = allocate()
    disburse(fund, occurred_on=date(2019, 6, 1))
    assert fund.pending_events[-1].is_late  # type: ignore[attr-defined]


def test_retracting_a_disbursement_restores_the_balance() -> None:
    """A retracted disbursement gives its money back to the balance and stays on record."""
    fund = allocate(10_000_000)
    disburse(fund, amount_fen=3_000_000)
    fund.retract(envelope(), 2, "金额录错，重新拨付", "GB900")
    assert fund.balance_fen == 10_000_000
    assert fund.disbursements["D-001"].is_retracted


def test_a_retracted_disbursement_code_is_not_reused() -> None:
    """A re-recorded disbursement needs a new code; the retracted one stays in the log."""
    fund = allocate()
    disburse(fund, "D-001")
    fund.retract(envelope(), 2, "金额录错", "GB900")
    refused(fund, "disbursement_code", disburse, fund, "D-001")


def test_retracting_a_disbursement_twice_is_refused() -> None:
    """A retraction cannot be repeated."""
    fund = allocate()
    disburse(fund)
    fund.retract(envelope(), 2, "金额录错", "GB900")
    refused(fund, "target_event", fund.retract, envelope(), 2, "再撤", "GB900")


def test_the_purpose_of_a_disbursement_can_be_corrected() -> None:
    """A corrected purpose replaces the old one in the fund's record."""
    fund = allocate()
    disburse(fund)
    fund.correct(envelope(), 2, {"purpose": "崔英爱户危房改造补助（D级）"}, "补充等级", "GB900")
    assert fund.disbursements["D-001"].purpose == "崔英爱户危房改造补助（D级）"


def test_the_amount_of_a_disbursement_cannot_be_corrected() -> None:
    """Amounts are not edited: a correction of amount_fen is refused."""
    fund = allocate()
    disburse(fund)
    refused(fund, "changes", fund.correct, envelope(), 2, {"amount_fen": 1}, "改金额", "GB900")


def test_a_blank_corrected_purpose_is_refused() -> None:
    """A purpose corrected to nothing is refused."""
    fund = allocate()
    disburse(fund)
    refused(fund, "changes.purpose", fund.correct, envelope(), 2, {"purpose": " "}, "清空", "GB900")


def test_an_allocation_increase_cannot_be_retracted() -> None:
    """Top-ups are not correctable facts."""
    fund = allocate()
    fund.increase(envelope(), 500_000, date(2019, 5, 1), "省级追加")
    refused(fund, "target_event", fund.retract, envelope(), 2, "撤销", "GB900")


def test_replaying_the_events_rebuilds_the_same_fund() -> None:
    """Applying the recorded events from nothing gives the same fund."""
    fund = allocate(10_000_000)
    fund.increase(envelope(), 500_000, date(2019, 5, 1), "省级追加")
    disburse(fund, "D-001", 3_000_000)
    disburse(fund, "D-002", 1_000_000)
    fund.correct(envelope(), 4, {"purpose": "朴春花户危房改造"}, "户名录错", "GB900")
    fund.retract(envelope(), 3, "金额录错", "GB900")
    assert state(replayed(fund)) == state(fund)


# Project


def test_registration_records_the_project() -> None:
    """A project is registered active, with its place and budget."""
    project = register()
    assert (project.kind, project.township_code, project.village_code, project.budget_fen) == (
        "income", "T-JH", "V-JH", 200_000_000
    )
    assert project.status is ProjectStatus.ACTIVE


def test_registration_refuses_a_zero_budget() -> None:
    """A project without a budget is refused."""
    with pytest.raises(RuleViolation) as caught:
        Project.register(envelope(), "P1", "光伏电站", "solar", "T-CB", None, 0, date(2019, 4, 1))
    assert caught.value.field == "budget_fen"


def test_registration_refuses_a_kind_with_spaces() -> None:
    """A project kind is a code."""
    with pytest.raises(RuleViolation) as caught:
        Project.register(envelope(), "P1", "光伏电站", "solar power", "T-CB", None, 1,
                         date(2019, 4, 1))
    assert caught.value.field == "kind"


def test_received_funds_add_up() -> None:
    """Each receipt adds to what the project received."""
    project = register()
    project.receive_funds(envelope(), "F2019-CY", "D-001", 50_000_000, date(2019, 6, 8))
    project.receive_funds(envelope(), "F2019-CY", "D-002", 20_000_000, date(2019, 6, 9))
    assert project.received_fen == 70_000_000


def test_the_same_disbursement_cannot_be_received_twice() -> None:
    """A disbursement reaches a project once."""
    project = register()
    project.receive_funds(envelope(), "F2019-CY", "D-001", 50_000_000, date(2019, 6, 8))
    refused(project, "disbursement_code", project.receive_funds, envelope(), "F2019-CY", "D-001",
            50_000_000, date(2019, 6, 9))


def test_funds_before_registration_are_refused() -> None:
    """Money cannot reach a project before it was registered."""
    project = register()
    refused(project, "occurred_on", project.receive_funds, envelope(), "F2019-CY", "D-001", 100,
            date(2019, 3, 1))


def test_a_household_joins_once() -> None:
    """A household joins a project once; a second join is refused."""
    project = register()
    project.add_participant(envelope(), "HH-JH-012", date(2019, 5, 1))
    assert project.participants == {"HH-JH-012"}
    refused(project, "household_code", project.add_participant, envelope(), "HH-JH-012",
            date(2019, 5, 2))


def test_completion_closes_the_project() -> None:
    """A completed project records its completion day."""
    project = register()
    project.complete(envelope(), date(2019, 6, 1), "木耳大棚20栋建成投产")
    assert (project.status, project.completed_on) == (ProjectStatus.COMPLETED, date(2019, 6, 1))


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("receive_funds", ("F2019-CY", "D-009", 100, date(2019, 6, 5))),
        ("add_participant", ("HH-JH-013", date(2019, 6, 5))),
        ("complete", (date(2019, 6, 5), "再次竣工")),
    ],
)
def test_nothing_is_added_to_a_completed_project(command: str, args: tuple[Any, ...]) -> None:
    """After completion no money, participant or second completion is accepted."""
    project = register()
    project.complete(envelope(), date(2019, 6, 1), "木耳大棚20栋建成投产")
    refused(project, "project", getattr(project, command), envelope(), *args)


def test_retracting_a_receipt_restores_what_was_received() -> None:
    """A retracted receipt no longer counts."""
    project = register()
    project.receive_funds(envelope(), "F2019-CY", "D-001", 50_000_000, date(2019, 6, 8))
    project.retract(envelope(), 2, "拨付已撤销", "GB900")
    assert project.received_fen == 0
    assert project.receipts["D-001"].is_retracted


def test_the_date_of_a_receipt_can_be_corrected() -> None:
    """A corrected receipt date replaces the old one."""
    project = register()
    project.receive_funds(envelope(), "F2019-CY", "D-001", 100, date(2019, 6, 8))
    project.correct(envelope(), 2, {"occurred_on": "2019-06-07"}, "到账日期录错", "GB900")
    assert project.receipts["D-001"].occurred_on == date(2019, 6, 7)


def test_a_receipt_date_cannot_be_corrected_to_before_registration() -> None:
    """A corrected receipt date before registration is refused."""
    project = register()
    project.receive_funds(envelope(), "F2019-CY", "D-001", 100, date(2019, 6, 8))
    refused(project, "changes.occurred_on", project.correct, envelope(), 2,
            {"occurred_on": date(2019, 3, 1)}, "改日期", "GB900")


def test_replaying_the_events_rebuilds_the_same_project() -> None:
    """Applying the recorded events from nothing gives the same project."""
    project = register()
    project.receive_funds(envelope(), "F2019-CY", "D-001", 50_000_000, date(2019, 6, 8))
    project.receive_funds(envelope(), "F2019-CY", "D-002", 20_000_000, date(2019, 6, 8))
    project.add_participant(envelope(), "HH-JH-012", date(2019, 5, 1))
    project.retract(envelope(), 2, "拨付已撤销", "GB900")
    project.complete(envelope(), date(2019, 6, 9), "木耳大棚20栋建成投产")
    assert state(replayed(project)) == state(project)
