"""Findings (问题) raised in inspection rounds, followed to 销号 or transfer, and what they do to
the household they name (its count of open findings)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from projections.formats import when
from projections.household_model import HouseholdModel, Line
from projections.source import Item

SETTLED = ("closed", "transferred")


class FindingStore(Protocol):
    """Where findings are kept (SQL table, or memory for as-of replay)."""

    def line(self, kind: str, key: tuple[str, str | int]) -> Line | None:
        """One finding by (round code, finding code)."""

    def put_line(self, kind: str, key: tuple[str, str | int], line: Line) -> None:
        """Add or replace one finding."""

    def finding_at(self, round_code: str, version: int) -> Line | None:
        """The finding a round's event version raised."""


Households = Callable[[str], HouseholdModel | None]


def is_open(line: Line) -> bool:
    """Neither settled nor retracted."""
    return line["status"] not in SETTLED and not line["is_retracted"]


def apply(item: Item, store: FindingStore, households: Households) -> None:
    """Change findings (and the named household's counts) for one round event."""
    handler = _HANDLERS.get(item.type_name)
    if handler is not None:
        handler(item, store, households)


def _raised(item: Item, store: FindingStore, households: Households) -> None:
    e = item.event
    line = {"finding_code": e.finding_code, "version": item.version,
            "subject_kind": e.subject_kind, "subject_code": e.subject_code,
            "owner_cadre": e.owner_cadre, "description": e.description,
            "raised_on": when(e.occurred_on), "deadline_on": when(e.deadline_on),
            "status": "open", "rectified_on": None, "settled_on": None, "is_retracted": False}
    _change(item.code, line, store, households)


def _followed(item: Item, store: FindingStore, households: Households) -> None:
    e = item.event
    line = store.line("finding", (item.code, e.finding_code))
    if line is None:
        return
    day = when(e.occurred_on)
    if item.type_name == "RectificationReported":
        line = {**line, "status": "rectified", "rectified_on": line["rectified_on"] or day}
    else:
        status = "closed" if item.type_name == "FindingClosed" else "transferred"
        line = {**line, "status": status, "settled_on": day}
    _change(item.code, line, store, households)


def _amended(item: Item, store: FindingStore, households: Households) -> None:
    e = item.event
    if e.target_type != "FindingRaised":
        return
    line = store.finding_at(item.code, e.target_version)
    if line is None:
        return
    if item.type_name == "Retracted":
        line = {**line, "is_retracted": True}
    else:
        line = {**line, **e.changes}
    _change(item.code, line, store, households)


def _change(round_code: str, line: Line, store: FindingStore, households: Households) -> None:
    key = (round_code, line["finding_code"])
    before = store.line("finding", key)
    store.put_line("finding", key, line)
    if line["subject_kind"] != "household":
        return
    model = households(line["subject_code"])
    if model is None:
        return
    model.findings += 0 if before is not None else 1
    model.open_findings += _open(line) - (_open(before) if before is not None else 0)


def _open(line: Line) -> int:
    return 1 if is_open(line) else 0


_HANDLERS: dict[str, Callable[[Item, FindingStore, Households], None]] = {
    "FindingRaised": _raised, "RectificationReported": _followed, "FindingClosed": _followed,
    "CaseLeadTransferred": _followed, "Corrected": _amended, "Retracted": _amended,
}

