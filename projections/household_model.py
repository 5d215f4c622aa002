"""A household as the read side knows it, and how each event changes it.

One reducer serves both the ``household_state`` view (fed page by page, its lines kept in SQL
tables) and the as-of replay (fed one household's events, its lines kept in memory): the two
can never disagree. Corrections and retractions change what they name, as the domain does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from projections.formats import instant, when
from projections.household_amendments import (
    SOURCES,
    Line,
    LineStore,
    add_income,
    add_measure,
    corrected,
    member_dict,
    retracted,
)
from projections.source import Item

__all__ = ["SOURCES", "HouseholdModel", "Line", "LineStore", "apply", "finish"]

@dataclass
class HouseholdModel:
    """Everything the household_state row and its year and programme rows are made from."""

    code: str
    village_code: str = ""
    township_code: str = ""
    status: str = "registered"
    exit_stage: str = "none"
    category: str = ""
    poverty_cause: str = ""
    head_name: str = ""
    members: dict[int, dict[str, Any]] = field(default_factory=dict)
    registered_on: str | None = None
    indicators: dict[str, bool] = field(default_factory=dict)
    plan: dict[str, Any] | None = None
    plan_adopted_on: str | None = None
    plan_changes: int = 0
    assignments: list[dict[str, Any]] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    points_balance: int = 0
    points_earned: int = 0
    points_redeemed: int = 0
    visits: int = 0
    phone_contacts: int = 0
    last_visit_at: str | None = None
    last_contact_at: str | None = None
    diary_entries: int = 0
    income_lines: int = 0
    measures: int = 0
    assistance_fen: int = 0
    findings: int = 0
    open_findings: int = 0
    exited_on: str | None = None
    honours: list[str] = field(default_factory=list)
    monitoring_category: str | None = None
    monitoring_ended_on: str | None = None
    pairings: list[dict[str, Any]] = field(default_factory=list)
    pairing_contacts: int = 0
    pairing_help_fen: int = 0
    activities: int = 0
    activity_points: int = 0
    late_events: int = 0
    corrections: int = 0
    retractions: int = 0
    events: int = 0
    last_position: int = 0
    last_recorded_at: str | None = None
    income_years: dict[int, dict[str, int]] = field(default_factory=dict)
    programmes: dict[str, list[int]] = field(default_factory=dict)
    recount_contacts: bool = False

    def snapshot(self) -> dict[str, Any]:
        """A deep copy of the state (for before/after comparisons)."""
        state = dataclasses.asdict(self)
        state.pop("recount_contacts")
        return state

    @property
    def cadres(self) -> list[dict[str, Any]]:
        """The household cadres responsible now (open assignments)."""
        return [a for a in self.assignments if a["to_date"] is None]


def apply(model: HouseholdModel, item: Item, store: LineStore) -> None:
    """Change the model for one event of its own household's stream."""
    event = item.event
    model.events += 1
    model.last_position = item.position
    model.last_recorded_at = instant(item.recorded_at)
    model.late_events += 1 if getattr(event, "is_late", False) else 0
    handler = _HANDLERS.get(item.type_name)
    if handler is not None:
        handler(model, item, store)


def finish(model: HouseholdModel, store: LineStore) -> None:
    """Recompute what corrections and retractions left stale; drop emptied years and programmes."""
    if model.recount_contacts:
        model.last_visit_at = store.latest_contact(model.code, in_person=True)
        model.last_contact_at = store.latest_contact(model.code, in_person=False)
        model.recount_contacts = False
    model.income_years = {y: t for y, t in model.income_years.items() if t.get("lines", 0)}
    model.programmes = {p: t for p, t in model.programmes.items() if t[0]}


def _registered(model: HouseholdModel, item: Item, store: LineStore) -> None:
    e = item.event
    model.village_code, model.township_code = e.village_code, e.township_code
    model.head_name = e.head_name
    model.members = {m.member_no: member_dict(m) for m in e.members}
    model.category, model.poverty_cause = str(e.category), str(e.poverty_cause)
    model.indicators = dataclasses.asdict(e.indicators)
    model.registered_on = when(e.occurred_on)


def _member_added(model: HouseholdModel, item: Item, store: LineStore) -> None:
    member = item.event.member
    model.members[member.member_no] = member_dict(member)


def _member_removed(model: HouseholdModel, item: Item, store: LineStore) -> None:
    model.members.pop(item.event.member_no, None)


def _indicators(model: HouseholdModel, item: Item, store: LineStore) -> None:
    model.indicators = dataclasses.asdict(item.event.indicators)


def _plan(model: HouseholdModel, item: Item, store: LineStore) -> None:
    plan = dataclasses.asdict(item.event.plan)
    if model.plan is None:
        model.plan_adopted_on = when(item.event.occurred_on)
    else:
        model.plan_changes += 1
    plan["since"] = when(item.event.occurred_on)
    model.plan = plan


def _assigned(model: HouseholdModel, item: Item, store: LineStore) -> None:
    e = item.event
    model.assignments.append({"cadre_code": e.cadre_code, "role": str(e.role),
                              "from_date": when(e.occurred_on), "to_date": None,
                              "version": item.version})


def _unassigned(model: HouseholdModel, item: Item, store: LineStore) -> None:
    for assignment in model.assignments:
        if assignment["cadre_code"] == item.event.cadre_code and assignment["to_date"] is None:
            assignment["to_date"] = when(item.event.occurred_on)


def _contact(model: HouseholdModel, item: Item, store: LineStore) -> None:
    e = item.event
    in_person = item.type_name == "Visited"
    at = instant(e.occurred_at)
    store.put_line("contact", (model.code, item.version), {
        "cadre_code": e.cadre_code, "occurred_at": at, "is_in_person": in_person,
        "is_retracted": False,
    })
    model.visits += 1 if in_person else 0
    model.phone_contacts += 0 if in_person else 1
    if in_person:
        model.last_visit_at = max(filter(None, (model.last_visit_at, at)))
    else:
        model.last_contact_at = max(filter(None, (model.last_contact_at, at)))


def _diary(model: HouseholdModel, item: Item, store: LineStore) -> None:
    model.diary_entries += 1


def _income(model: HouseholdModel, item: Item, store: LineStore) -> None:
    e = item.event
    line = {"source": str(e.source), "amount_fen": e.amount_fen, "period": e.period,
            "item": e.item, "occurred_on": when(e.occurred_on), "is_retracted": False}
    store.put_line("income", (model.code, item.version), line)
    model.income_lines += 1
    add_income(model, line, 1)


def _project(model: HouseholdModel, item: Item, store: LineStore) -> None:
    model.projects.append(item.event.project_code)


def _measure(model: HouseholdModel, item: Item, store: LineStore) -> None:
    e = item.event
    line = {"programme": str(e.programme), "amount_fen": e.amount_fen, "fund_code": e.fund_code,
            "disbursement_code": e.disbursement_code, "occurred_on": when(e.occurred_on),
            "description": e.description, "is_retracted": False}
    store.put_line("measure", (model.code, item.version), line)
    add_measure(model, line, 1)


def _points(model: HouseholdModel, item: Item, store: LineStore) -> None:
    points = item.event.points
    if item.type_name == "PointsEarned":
        model.points_balance += points
        model.points_earned += points
    else:
        model.points_balance -= points
        model.points_redeemed += points


def _exit_step(model: HouseholdModel, item: Item, store: LineStore) -> None:
    stages = {"ExitReviewed": "reviewed", "ExitNoticePosted": "notice_posted",
              "ExitObjectionRaised": "none", "ExitConfirmed": "confirmed", "Exited": "none"}
    model.exit_stage = stages[item.type_name]
    if item.type_name == "Exited":
        model.status = "exited"
        model.exited_on = when(item.event.occurred_on)


def _status(model: HouseholdModel, item: Item, store: LineStore) -> None:
    if item.type_name == "ReturnedToPoverty":
        model.status = "returned"
    elif item.type_name == "MonitoringEnded":
        model.status = "exited"
        model.monitoring_ended_on = when(item.event.occurred_on)
    else:
        model.status = "monitored"
        model.monitoring_category = item.event.category
        model.monitoring_ended_on = None


def _pairing(model: HouseholdModel, item: Item, store: LineStore) -> None:
    e = item.event
    if item.type_name == "PairingStarted":
        model.pairings.append({"pairing_code": e.pairing_code, "member_name": e.member_name,
                               "member_unit": e.member_unit, "started_on": when(e.occurred_on),
                               "ended_on": None, "is_lapsed": False, "contacts": 0,
                               "help_fen": 0})
        return
    found = next(p for p in model.pairings if p["pairing_code"] == e.pairing_code)
    if item.type_name == "PairingEnded":
        found.update(ended_on=when(e.occurred_on), is_lapsed=e.is_lapsed)
        return
    store.put_line("pairing", (model.code, item.version), {
        "pairing_code": e.pairing_code, "help_fen": e.help_fen, "is_retracted": False})
    found["contacts"] += 1
    found["help_fen"] += e.help_fen
    model.pairing_contacts += 1
    model.pairing_help_fen += e.help_fen


def _activity(model: HouseholdModel, item: Item, store: LineStore) -> None:
    model.activities += 1
    model.activity_points += item.event.points
    model.points_balance += item.event.points
    model.points_earned += item.event.points


def _honour(model: HouseholdModel, item: Item, store: LineStore) -> None:
    model.honours.append(item.event.title)


_HANDLERS: dict[str, Callable[[HouseholdModel, Item, LineStore], None]] = {
    "Registered": _registered, "MemberAdded": _member_added, "MemberRemoved": _member_removed,
    "IndicatorsAssessed": _indicators, "PlanAdopted": _plan, "PlanRevised": _plan,
    "CadreAssigned": _assigned, "CadreUnassigned": _unassigned, "Visited": _contact,
    "PhoneContacted": _contact, "DiaryEntryRecorded": _diary, "IncomeRecorded": _income,
    "IncomeProjectJoined": _project, "MeasureDelivered": _measure, "PointsEarned": _points,
    "PointsRedeemed": _points, "ExitReviewed": _exit_step, "ExitNoticePosted": _exit_step,
    "ExitObjectionRaised": _exit_step, "ExitConfirmed": _exit_step, "Exited": _exit_step,
    "ReturnedToPoverty": _status, "MonitoringStarted": _status, "MonitoringEnded": _status,
    "HonourAwarded": _honour, "PairingStarted": _pairing, "PairingContacted": _pairing,
    "PairingEnded": _pairing, "ActivityAttended": _activity,
    "Corrected": corrected, "Retracted": retracted,
}
