"""fund_flows: allocation → disbursement → project (or household) → participating households,
and the balance of every fund. A retracted disbursement gives its money back to the fund."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from projections.errors import ViewStateError
from projections.figure import Figure
from projections.formats import flag, when
from projections.schema import Table, table
from projections.source import Item
from projections.views import fund_figures
from projections.views.base import View

FUND = table(
    "fund",
    "code T, name T, source T, programme T, allocated_on T, allocated_fen I, increases I, "
    "disbursed_fen I, retracted_fen I, balance_fen I, to_projects_fen I, to_households_fen I, "
    "disbursements I, secured_fen I, secured_source T, secured_by T",
    "code",
)
SECURED = table(
    "fund_secured",
    "cadre_code T, version I, act_code T, occurred_on T, subject_kind T, subject_code T, "
    "amount_fen I, source T, agreement_digest T, fund_code T, is_retracted I",
    "cadre_code, version",
    "fund_code", "subject_code, occurred_on",
)
DISBURSEMENT = table(
    "fund_disbursement",
    "fund_code T, disbursement_code T, version I, amount_fen I, recipient_kind T, "
    "recipient_code T, programme T, occurred_on T, purpose T, approved_by T, is_retracted I, "
    "received_on T, received_fen I, receipt_version I, is_receipt_retracted I",
    "fund_code, disbursement_code",
    "recipient_kind, recipient_code", "approved_by", "fund_code, version",
)
PROJECT = table(
    "project",
    "code T, name T, kind T, township_code T, village_code T, budget_fen I, registered_on T, "
    "received_fen I, receipts I, participants I, status T, completed_on T",
    "code",
    "township_code, code", "village_code, code",
)
PARTICIPANT = table("project_participant", "project_code T, household_code T, joined_on T",
                    "project_code, household_code", "household_code")
Row = dict[str, Any]


class FundFlowsView(View):
    """Funds, their disbursements, projects and the households taking part."""

    name: ClassVar[str] = "fund_flows"
    tables: ClassVar[tuple[Table, ...]] = (FUND, DISBURSEMENT, PROJECT, PARTICIPANT, SECURED)
    figures: ClassVar[tuple[Figure, ...]] = fund_figures.FIGURES

    def apply(self, items: Sequence[Item]) -> None:
        """Apply fund and project events; write the rows they changed."""
        self._rows: dict[tuple[str, tuple[Any, ...]], Row] = {}
        for item in items:
            handler = _HANDLERS.get((item.kind, item.type_name))
            if handler is not None:
                handler(self, item)
        for (name, _), row in sorted(self._rows.items(), key=lambda kv: repr(kv[0])):
            spec = self.spec(name)
            self.upsert(name, [tuple(row[c] for c in spec.column_names)])

    def row(self, name: str, key: tuple[Any, ...], default: Row | None = None) -> Row | None:
        """A row of this page (loaded from the table if needed; ``default`` when missing)."""
        slot = (name, key)
        if slot not in self._rows:
            spec = self.spec(name)
            where = " AND ".join(f"{k} = ?" for k in spec.key)
            found = self.db.fetchdicts(spec.select_sql(self.generation, where), key)
            if found:
                self._rows[slot] = found[0]
            elif default is not None:
                self._rows[slot] = {**dict.fromkeys(spec.column_names), **default}
            else:
                return None
        return self._rows[slot]

    def by_version(self, fund: str, version: int) -> Row | None:
        """The disbursement a fund's event version recorded."""
        for (name, key), row in self._rows.items():
            if name == "fund_disbursement" and key[0] == fund and row["version"] == version:
                return row
        found = self.db.fetchdicts(
            DISBURSEMENT.select_sql(self.generation, "fund_code = ? AND version = ?"),
            (fund, version))
        return None if not found else self.row("fund_disbursement",
                                               (fund, found[0]["disbursement_code"]))

    def receipt(self, project: str, version: int) -> Row | None:
        """The disbursement a project's FundsReceived event (by version) received."""
        for (name, _), row in self._rows.items():
            if name == "fund_disbursement" and row["recipient_kind"] == "project" and \
                    row["recipient_code"] == project and row["receipt_version"] == version:
                return row
        found = self.db.fetchdicts(
            f"SELECT fund_code, disbursement_code FROM {self.table('fund_disbursement')} "
            "WHERE recipient_kind = 'project' AND recipient_code = ? AND receipt_version = ?",
            (project, version))
        return None if not found else self.row(
            "fund_disbursement", (found[0]["fund_code"], found[0]["disbursement_code"]))


def _allocated(view: FundFlowsView, item: Item) -> None:
    e = item.event
    view.row("fund", (item.code,), {
        "code": item.code, "name": e.name, "source": e.source,
        "programme": None if e.programme is None else str(e.programme),
        "allocated_on": when(e.occurred_on), "allocated_fen": e.amount_fen, "increases": 0,
        "disbursed_fen": 0, "retracted_fen": 0, "balance_fen": e.amount_fen,
        "to_projects_fen": 0, "to_households_fen": 0, "disbursements": 0, "secured_fen": 0})


def _fund(view: FundFlowsView, code: str) -> Row:
    found = view.row("fund", (code,), {"code": code, "allocated_fen": 0, "increases": 0,
                                       "disbursed_fen": 0, "retracted_fen": 0, "balance_fen": 0,
                                       "to_projects_fen": 0, "to_households_fen": 0,
                                       "disbursements": 0, "secured_fen": 0})
    return _given(found)


def _increased(view: FundFlowsView, item: Item) -> None:
    fund = _fund(view, item.code)
    fund["allocated_fen"] += item.event.amount_fen
    fund["balance_fen"] += item.event.amount_fen
    fund["increases"] += 1


def _disbursed(view: FundFlowsView, item: Item) -> None:
    e, fund = item.event, _fund(view, item.code)
    view.row("fund_disbursement", (item.code, e.disbursement_code), {
        "fund_code": item.code, "disbursement_code": e.disbursement_code,
        "version": item.version, "amount_fen": e.amount_fen, "recipient_kind": e.recipient_kind,
        "recipient_code": e.recipient_code, "programme": str(e.programme),
        "occurred_on": when(e.occurred_on), "purpose": e.purpose, "approved_by": e.approved_by,
        "is_retracted": 0, "received_fen": 0, "is_receipt_retracted": 0})
    _move(fund, e.recipient_kind, e.amount_fen)
    fund["disbursements"] += 1


def _move(fund: Row, recipient_kind: str, amount: int) -> None:
    fund["disbursed_fen"] += amount
    fund["balance_fen"] -= amount
    column = "to_projects_fen" if recipient_kind == "project" else "to_households_fen"
    fund[column] += amount


def _fund_amended(view: FundFlowsView, item: Item) -> None:
    e = item.event
    found = view.by_version(item.code, e.target_version)
    if found is None:
        return
    if item.type_name == "Corrected":
        found["purpose"] = e.changes.get("purpose", found["purpose"])
    elif not found["is_retracted"]:
        found["is_retracted"] = 1
        fund = _fund(view, item.code)
        _move(fund, found["recipient_kind"], -found["amount_fen"])
        fund["retracted_fen"] += found["amount_fen"]


def _secured(view: FundFlowsView, item: Item) -> None:
    """一争取: the act's money, and the fund it became starts at that source."""
    e = item.event
    if e.amount_fen is None:  # a v1 act: its money is unknown
        return
    view.row("fund_secured", (item.code, item.version), {
        "cadre_code": item.code, "version": item.version, "act_code": e.act_code,
        "occurred_on": when(e.occurred_on), "subject_kind": e.subject_kind,
        "subject_code": e.subject_code, "amount_fen": e.amount_fen, "source": str(e.source),
        "agreement_digest": e.agreement_digest, "fund_code": e.fund_code, "is_retracted": 0})
    if e.fund_code is not None:
        fund = _fund(view, e.fund_code)
        fund.update(secured_source=str(e.source), secured_by=item.code)
        fund["secured_fen"] = (fund["secured_fen"] or 0) + e.amount_fen


def _secured_retracted(view: FundFlowsView, item: Item) -> None:
    found = view.row("fund_secured", (item.code, item.event.target_version))
    if found is None or found["is_retracted"]:
        return
    found["is_retracted"] = 1
    if found["fund_code"] is not None:
        fund = _fund(view, found["fund_code"])
        fund["secured_fen"] = (fund["secured_fen"] or 0) - found["amount_fen"]


def _project(view: FundFlowsView, code: str) -> Row:
    found = view.row("project", (code,), {"code": code, "received_fen": 0, "receipts": 0,
                                          "participants": 0, "status": "active"})
    return _given(found)


def _project_registered(view: FundFlowsView, item: Item) -> None:
    e, project = item.event, _project(view, item.code)
    project.update(name=e.name, kind=e.kind, township_code=e.township_code,
                   village_code=e.village_code, budget_fen=e.budget_fen,
                   registered_on=when(e.occurred_on))


def _received(view: FundFlowsView, item: Item) -> None:
    e, project = item.event, _project(view, item.code)
    project["received_fen"] += e.amount_fen
    project["receipts"] += 1
    found = view.row("fund_disbursement", (e.fund_code, e.disbursement_code))
    if found is not None:
        found.update(received_on=when(e.occurred_on), received_fen=e.amount_fen,
                     receipt_version=item.version)


def _joined(view: FundFlowsView, item: Item) -> None:
    e = item.event
    view.row("project_participant", (item.code, e.household_code), {
        "project_code": item.code, "household_code": e.household_code,
        "joined_on": when(e.occurred_on)})
    _project(view, item.code)["participants"] += 1


def _completed(view: FundFlowsView, item: Item) -> None:
    _project(view, item.code).update(status="completed", completed_on=when(item.event.occurred_on))


def _project_amended(view: FundFlowsView, item: Item) -> None:
    e = item.event
    receipt = view.receipt(item.code, e.target_version) \
        if e.target_type == "FundsReceived" else None
    if receipt is None:
        return
    if item.type_name == "Corrected":
        receipt["received_on"] = when(e.changes["occurred_on"])
    elif not receipt["is_receipt_retracted"]:
        receipt["is_receipt_retracted"] = flag(True)
        _project(view, item.code)["received_fen"] -= receipt["received_fen"]


_HANDLERS: dict[tuple[str, str], Callable[[FundFlowsView, Item], None]] = {
    ("fund", "Allocated"): _allocated, ("fund", "AllocationIncreased"): _increased,
    ("fund", "Disbursed"): _disbursed, ("fund", "Corrected"): _fund_amended,
    ("fund", "Retracted"): _fund_amended, ("project", "Registered"): _project_registered,
    ("project", "FundsReceived"): _received, ("project", "ParticipantJoined"): _joined,
    ("project", "Completed"): _completed, ("project", "Corrected"): _project_amended,
    ("project", "Retracted"): _project_amended, ("cadre", "FundsSecured"): _secured,
    ("cadre", "Retracted"): _secured_retracted,
}


def _given(found: Row | None) -> Row:
    """A row read with a default is never missing."""
    if found is None:
        raise ViewStateError("a row read with a default came back missing")
    return found
