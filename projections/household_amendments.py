"""How corrections (更正) and retractions (撤销) change a household, as the domain does: a
corrected income line moves between years and sources, a retracted contact leaves the counts
and the last-visit time, a corrected member replaces the member."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Protocol

from projections.formats import instant
from projections.source import Item

if TYPE_CHECKING:
    from projections.household_model import HouseholdModel

SOURCES = ("wage", "business", "property", "transfer")
Line = dict[str, Any]


class LineStore(Protocol):
    """Lines of a household kept beside its row: income lines, measures, contacts, findings."""

    def line(self, kind: str, key: tuple[str, str | int]) -> Line | None:
        """One line, or None."""

    def put_line(self, kind: str, key: tuple[str, str | int], line: Line) -> None:
        """Add or replace one line."""

    def latest_contact(self, household: str, *, in_person: bool) -> str | None:
        """The latest business time of a contact still on record."""


def member_dict(member: Any) -> dict[str, Any]:
    """A member as plain data (health as its value)."""
    found = dataclasses.asdict(member)
    found["health"] = str(found["health"])
    return found


def add_income(model: HouseholdModel, line: Line, sign: int) -> None:
    """Add (or with sign -1, take out) one income line from its year's totals."""
    year = model.income_years.setdefault(int(line["period"][:4]), dict.fromkeys(SOURCES, 0))
    year[line["source"]] += sign * line["amount_fen"]
    year["lines"] = year.get("lines", 0) + sign


def add_measure(model: HouseholdModel, line: Line, sign: int) -> None:
    """Add (or take out) one measure from the programme totals."""
    totals = model.programmes.setdefault(line["programme"], [0, 0])
    totals[0] += sign
    totals[1] += sign * line["amount_fen"]
    model.measures += sign
    model.assistance_fen += sign * line["amount_fen"]


def corrected(model: HouseholdModel, item: Item, store: LineStore) -> None:
    """Apply a correction of one of the household's events."""
    e = item.event
    model.corrections += 1
    changes, target = e.changes, e.target_type
    if target == "Registered":
        model.category = str(changes.get("category", model.category))
        model.poverty_cause = str(changes.get("poverty_cause", model.poverty_cause))
    elif target == "IndicatorsAssessed":
        model.indicators = dataclasses.asdict(changes["indicators"])
    elif target == "MemberAdded":
        model.members[changes["member"].member_no] = member_dict(changes["member"])
    elif target == "IncomeRecorded":
        _correct_income(model, (model.code, e.target_version), changes, store)
    elif target in ("Visited", "PhoneContacted") and "occurred_at" in changes:
        _correct_contact(model, (model.code, e.target_version), changes, store)
    elif target == "MeasureDelivered":
        _correct_line(store, "measure", (model.code, e.target_version), changes)


def _correct_income(
    model: HouseholdModel, key: tuple[str, int], changes: dict[str, Any], store: LineStore
) -> None:
    line = store.line("income", key)
    if line is None or line["is_retracted"]:
        return
    add_income(model, line, -1)
    line = {**line, **{k: str(v) if k == "source" else v for k, v in changes.items()}}
    store.put_line("income", key, line)
    add_income(model, line, 1)


def _correct_contact(
    model: HouseholdModel, key: tuple[str, int], changes: dict[str, Any], store: LineStore
) -> None:
    line = store.line("contact", key)
    if line is not None:
        store.put_line("contact", key, {**line, "occurred_at": instant(changes["occurred_at"])})
        model.recount_contacts = True


def _correct_line(store: LineStore, kind: str, key: tuple[str, int], changes: Line) -> None:
    line = store.line(kind, key)
    if line is not None:
        store.put_line(kind, key, {**line, **changes})


def retracted(model: HouseholdModel, item: Item, store: LineStore) -> None:
    """Apply a retraction of one of the household's events."""
    e = item.event
    model.retractions += 1
    key = (model.code, e.target_version)
    kind = {"IncomeRecorded": "income", "MeasureDelivered": "measure", "Visited": "contact",
            "PhoneContacted": "contact", "PairingContacted": "pairing"}.get(e.target_type)
    if e.target_type == "DiaryEntryRecorded":
        model.diary_entries -= 1
    line = store.line(kind, key) if kind else None
    if kind is None or line is None or line["is_retracted"]:
        return
    store.put_line(kind, key, {**line, "is_retracted": True})
    if kind == "income":
        model.income_lines -= 1
        add_income(model, line, -1)
    elif kind == "measure":
        add_measure(model, line, -1)
    elif kind == "pairing":
        _undo_pairing_contact(model, line)
    else:
        model.visits -= 1 if line["is_in_person"] else 0
        model.phone_contacts -= 0 if line["is_in_person"] else 1
        model.recount_contacts = True




def _undo_pairing_contact(model: HouseholdModel, line: Line) -> None:
    """A retracted 结亲走访 leaves its pairing's counts."""
    model.pairing_contacts -= 1
    model.pairing_help_fen -= line["help_fen"]
    for pairing in model.pairings:
        if pairing["pairing_code"] == line["pairing_code"]:
            pairing["contacts"] -= 1
            pairing["help_fen"] -= line["help_fen"]
