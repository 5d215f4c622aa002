"""A running tally over the stored events: each event class has a handler; corrections and
retractions are applied as they come, so the tally shows what the records now say."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from ledger.demo.records import Contact, DiaryEntry
from ledger.domain.base import LedgerAggregate
from ledger.domain.cadre import Cadre
from ledger.domain.findings import FindingHolder
from ledger.domain.fund import Fund, Project
from ledger.domain.household import Household
from ledger.domain.household_community import HouseholdCommunity
from ledger.domain.household_exit import ExitProcedure
from ledger.domain.household_records import HouseholdRecords
from ledger.domain.inspection import InspectionRound
from ledger.domain.organisation import County, Township, Village
from ledger.domain.refusal import Refusal
from ledger.domain.supervision import SupervisionRecorded

Key = tuple[UUID, int]


@dataclass
class Tally:
    """Running counts over the log; corrections and retractions applied as they come."""

    county: dict[str, Any] = field(default_factory=dict)
    places: Counter[str] = field(default_factory=Counter)
    townships: dict[str, dict[str, Any]] = field(default_factory=dict)
    homes: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    villages: dict[str, tuple[float, float]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    cadres: Counter[str] = field(default_factory=Counter)
    acts: Counter[str] = field(default_factory=Counter)
    refusals: Counter[str] = field(default_factory=Counter)
    contacts: dict[Key, Contact] = field(default_factory=dict)
    diary: dict[Key, DiaryEntry] = field(default_factory=dict)
    income: dict[Key, dict[str, Any]] = field(default_factory=dict)
    measures: dict[Key, tuple[str, int]] = field(default_factory=dict)
    allocated: Counter[UUID] = field(default_factory=Counter)
    disbursed: dict[Key, int] = field(default_factory=dict)
    findings: dict[str, dict[str, Any]] = field(default_factory=dict)
    handlers: dict[type, Any] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None

    def add(self, event: Any) -> None:
        """Take one event into account."""
        self.counts["events"] += 1
        self.counts["late"] += bool(getattr(event, "is_late", False))
        when = event.recorded_at
        self.first = min(self.first or when, when)
        self.last = max(self.last or when, when)
        kind = type(event)
        if kind not in self.handlers:
            self.handlers[kind] = handler_for(kind)
        handler = self.handlers[kind]
        if handler is not None:
            handler(self, event)

    def key(self, event: Any) -> Key:
        """Where an event sits: its aggregate and version."""
        return event.originator_id, event.originator_version


def _county(t: Tally, e: Any) -> None:
    t.county = {"code": e.code, "name": e.name, "is_demo": e.is_demo,
                "registered_on": e.occurred_on}


def _township(t: Tally, e: Any) -> None:
    t.places["townships"] += 1
    t.townships[e.code] = {"name": e.name, "villages": 0}


def _village(t: Tally, e: Any) -> None:
    t.places["villages"] += 1
    t.townships[e.township_code]["villages"] += 1
    if e.lat is not None:
        t.villages[e.code] = (e.lat, e.lon)


def _household(t: Tally, e: Any) -> None:
    t.homes[e.originator_id] = {"code": e.code, "village": e.village_code,
                                "township": e.township_code, "members": len(e.members),
                                "registered_on": e.occurred_on}


def _members(delta: int) -> Any:
    def handle(t: Tally, e: Any) -> None:
        t.homes[e.originator_id]["members"] += delta
    return handle


def _contact(in_person: bool) -> Any:
    def handle(t: Tally, e: Any) -> None:
        home = t.homes[e.originator_id]
        t.contacts[t.key(e)] = Contact(home["code"], home["village"], e.cadre_code,
                                       e.occurred_at, in_person, e.is_late)
    return handle


def _diary(t: Tally, e: Any) -> None:
    t.diary[t.key(e)] = DiaryEntry(t.homes[e.originator_id]["code"], e.text, e.is_late)


def _income(t: Tally, e: Any) -> None:
    t.income[t.key(e)] = {"source": str(e.source), "amount_fen": e.amount_fen,
                          "period": e.period}


def _measure(t: Tally, e: Any) -> None:
    t.measures[t.key(e)] = (str(e.programme), e.amount_fen)


def _counter(name: str, amount: str | None = None) -> Any:
    def handle(t: Tally, e: Any) -> None:
        t.counts[name] += getattr(e, amount) if amount else 1
    return handle


def _exited(t: Tally, e: Any) -> None:
    """Households exited count once, even if they exit again after a return to poverty."""
    home = t.homes[e.originator_id]
    if not home.get("exited"):
        home["exited"] = True
        t.counts["exited"] += 1
        t.counts["exited_people"] += home["members"]


def _allocated(t: Tally, e: Any) -> None:
    t.allocated[e.originator_id] += e.amount_fen
    t.counts["funds" if type(e) is Fund.Allocated else "top_ups"] += 1


def _disbursed(t: Tally, e: Any) -> None:
    t.disbursed[t.key(e)] = e.amount_fen


def _act(t: Tally, e: Any) -> None:
    t.acts[str(e.kind)] += 1


def _refused(t: Tally, e: Any) -> None:
    t.refusals[e.rule] += 1


def _appointed(t: Tally, e: Any) -> None:
    t.cadres[str(e.role)] += 1


def _finding(t: Tally, e: Any) -> None:
    t.findings[f"{e.originator_id}:{e.finding_code}"] = {"deadline_on": e.deadline_on,
                                                         "answered": False, "settled": False}


def _finding_step(settles: bool) -> Any:
    def handle(t: Tally, e: Any) -> None:
        finding = t.findings[f"{e.originator_id}:{e.finding_code}"]
        finding["answered"] = True
        finding["settled"] = finding["settled"] or settles
        t.counts["findings_closed" if isinstance(e, FindingHolder.FindingClosed) else
                 "findings_transferred" if settles else "rectifications"] += 1
    return handle


def _corrected(t: Tally, e: Any) -> None:
    t.counts["corrections"] += 1
    key = (e.originator_id, e.target_version)
    if key in t.income:
        t.income[key].update({k: (str(v) if k == "source" else v) for k, v in e.changes.items()})
    if key in t.contacts and "occurred_at" in e.changes:
        t.contacts[key] = t.contacts[key].moved_to(e.changes["occurred_at"])


def _retracted(t: Tally, e: Any) -> None:
    t.counts["retractions"] += 1
    key = (e.originator_id, e.target_version)
    records: list[dict[Key, Any]] = [t.contacts, t.diary, t.income, t.measures, t.disbursed]
    for record in records:
        record.pop(key, None)


HANDLERS: dict[type, Any] = {
    County.Registered: _county,
    Township.Registered: _township,
    Village.Registered: _village,
    Household.Registered: _household,
    Household.MemberAdded: _members(+1),
    Household.MemberRemoved: _members(-1),
    HouseholdRecords.Visited: _contact(in_person=True),
    HouseholdRecords.PhoneContacted: _contact(in_person=False),
    HouseholdRecords.DiaryEntryRecorded: _diary,
    HouseholdRecords.IncomeRecorded: _income,
    HouseholdRecords.MeasureDelivered: _measure,
    HouseholdRecords.IncomeProjectJoined: _counter("projects_joined"),
    HouseholdRecords.PointsEarned: _counter("points_earned", "points"),
    HouseholdRecords.PointsRedeemed: _counter("points_redeemed", "points"),
    HouseholdCommunity.ActivityAttended: _counter("points_earned", "points"),
    ExitProcedure.ExitReviewed: _counter("exit_reviews"),
    ExitProcedure.ExitObjectionRaised: _counter("exit_objections"),
    ExitProcedure.Exited: _exited,
    ExitProcedure.ReturnedToPoverty: _counter("returned"),
    ExitProcedure.MonitoringStarted: _counter("monitored"),
    ExitProcedure.MonitoringEnded: _counter("monitoring_ended"),
    ExitProcedure.HonourAwarded: _counter("honoured"),
    Fund.Allocated: _allocated,
    Fund.AllocationIncreased: _allocated,
    Fund.Disbursed: _disbursed,
    Project.Registered: _counter("projects"),
    Project.FundsReceived: _counter("project_received_fen", "amount_fen"),
    Cadre.Appointed: _appointed,
    Cadre.Dismissed: _counter("cadres_dismissed"),
    SupervisionRecorded: _act,
    Refusal.CommandRefused: _refused,
    InspectionRound.Opened: _counter("rounds"),
    InspectionRound.Closed: _counter("rounds_closed"),
    InspectionRound.SpotCheckRecorded: _counter("spot_checks"),
    FindingHolder.FindingRaised: _finding,
    FindingHolder.RectificationReported: _finding_step(settles=False),
    FindingHolder.FindingClosed: _finding_step(settles=True),
    FindingHolder.CaseLeadTransferred: _finding_step(settles=True),
    LedgerAggregate.Corrected: _corrected,
    LedgerAggregate.Retracted: _retracted,
}
"""Handlers by event class; an event is handled by the first class of its MRO listed here."""


def handler_for(event_class: type) -> Any:
    """The handler of an event class (aggregates redefine inherited event classes)."""
    return next((HANDLERS[c] for c in event_class.__mro__ if c in HANDLERS), None)


