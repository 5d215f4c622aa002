"""The facts an event contributes to the accountability view, each filed under a *scope*.

A scope is what obligations are derived for at once (``household/H001``, ``cadre/C20``,
``round/R01``) or context they need (``village/V01``, ``township/T01``, ``county``,
``regulation``). A fact is a small dict with the event's position, reference and recorded time;
``link`` names the unit a fact ties its scope to (a household's village, a village's township, a
cadre's assigned unit), so a change of a unit's leaders reaches the scopes under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from projections.accountability.calendar import local_day
from projections.formats import instant, when
from projections.source import Item

DERIVED = ("household/", "cadre/", "round/")
"""Scope prefixes that own obligations; the others are context."""


@dataclass(frozen=True)
class Fact:
    """One fact: its scope, its place in the log, its kind, the unit it links to, its data."""

    scope: str
    position: int
    seq: int
    kind: str
    link: str
    recorded_at: str
    data: dict[str, Any]

    @property
    def day(self) -> str:
        """A record's business day ("" for every other fact: those are always read back)."""
        return str(self.data["day"]) if self.kind == "record" else ""


def obligation_scope(obligation_id: str, subjects: dict[str, str]) -> str:
    """The scope that derives an obligation, from its id and its duty's subject."""
    duty, subject = obligation_id.split("/")[:2]
    kind = subjects.get(duty, "")
    if kind == "household":
        return f"household/{subject}"
    if kind == "finding":
        return f"round/{subject}"
    return f"cadre/{subject}"


class Extractor:
    """Turns items into facts; ``subjects`` maps each known duty code to its subject kind."""

    def __init__(self, subjects: dict[str, str]) -> None:
        self.subjects = subjects

    def facts(self, item: Item) -> list[Fact]:
        """The facts of one event (none for events the view does not need)."""
        found: list[tuple[str, str, str, dict[str, Any]]] = []
        handler = _HANDLERS.get(item.kind)
        if handler is not None:
            handler(self, item, found)
        recorded = instant(item.recorded_at)
        return [Fact(scope, item.position, seq, kind, link, recorded,
                     {"ref": item.ref, "position": item.position, **data})
                for seq, (scope, kind, link, data) in enumerate(found)]

    def _regulation(self, item: Item, out: list[Any]) -> None:
        e = item.event
        if item.type_name in ("Published", "Revised"):
            duties = [_duty(d) for d in e.duties]
            for duty in duties:
                self.subjects[duty["code"]] = duty["subject"]
            out.append(("regulation", "edition", "", {
                "edition": e.edition, "effective_on": when(e.effective_on), "duties": duties}))

    def _cadre(self, item: Item, out: list[Any]) -> None:
        e, name, scope = item.event, item.type_name, f"cadre/{item.code}"
        if name in ("Appointed", "PostChanged"):
            post = {"cadre": item.code, "role": str(e.role), "unit": e.unit,
                    "on": when(e.occurred_on)}
            out.append((scope, "post", "", post))
            out.append(("county", "post", "", post))
        elif name == "Dismissed":
            out.append((scope, "dismissed", "", {"on": when(e.occurred_on)}))
            out.append(("county", "dismissed", "", {"cadre": item.code,
                                                    "on": when(e.occurred_on)}))
        elif name == "DutyExcused":
            out.append((obligation_scope(e.obligation_id, self.subjects), "excused", "", {
                "obligation": e.obligation_id, "cadre": item.code,
                "authorised_by": e.authorised_by, "reason": e.reason}))
        elif name == "Retracted":
            out.append((scope, "retracted", "", {"version": e.target_version}))
        elif hasattr(e, "act_code"):
            self._act(item, scope, out)

    def _act(self, item: Item, scope: str, out: list[Any]) -> None:
        e = item.event
        out.append((scope, "record", "", {
            "type": f"Cadre.{item.type_name}", "version": item.version,
            "day": when(e.occurred_on), "is_late": bool(e.is_late),
            "subject": f"{e.subject_kind}/{e.subject_code}",
            "missing": list(getattr(e, "missing_parts", ()) or ())}))
        for basis in getattr(e, "basis", ()) or ():
            kind, _, target = str(basis).partition("/")
            answer = {"target": target, "cadre": item.code, "type": f"Cadre.{item.type_name}",
                      "version": item.version, "day": when(e.occurred_on)}
            if kind == "obligation" and target.count("/") >= 2:
                out.append((obligation_scope(target, self.subjects), "answer", "", answer))
            elif kind == "finding" and target.count("/") == 1:
                out.append((f"round/{target.split('/')[0]}", "answer", "", answer))

    def _unit(self, item: Item, out: list[Any]) -> None:
        e, name, scope = item.event, item.type_name, f"{item.kind}/{item.code}"
        if name == "Registered" and item.kind == "village":
            out.append((scope, "registered", e.township_code, {"township": e.township_code}))
        elif name in ("CadreAssigned", "CadreUnassigned"):
            kind = "assigned" if name == "CadreAssigned" else "unassigned"
            data = {"cadre": e.cadre_code, "role": getattr(e, "role", ""),
                    "unit": item.code, "unit_kind": item.kind, "on": when(e.occurred_on)}
            out.append((scope, kind, "", data))
            if item.kind != "household":
                out.append((f"cadre/{e.cadre_code}", kind, item.code, data))

    def _household(self, item: Item, out: list[Any]) -> None:
        e, name, scope = item.event, item.type_name, f"household/{item.code}"
        if name == "Registered":
            out.append((scope, "registered", e.village_code, {
                "village": e.village_code, "township": e.township_code,
                "on": when(e.occurred_on)}))
        elif name in ("CadreAssigned", "CadreUnassigned"):
            self._unit(item, out)
        elif name == "Corrected":
            moved = e.changes.get("occurred_at") or e.changes.get("occurred_on")
            if moved is not None:
                out.append((scope, "corrected", "", {"version": e.target_version,
                                                     "day": when(local_day(moved))}))
        elif name == "Retracted":
            out.append((scope, "retracted", "", {"version": e.target_version}))
        else:
            status = _STATUS.get(name)
            if status is not None:
                out.append((scope, status, "", {"on": when(e.occurred_on)}))
            out.append((scope, "record", "", {
                "type": f"Household.{name}", "version": item.version,
                "day": when(local_day(item.business)), "is_late": bool(e.is_late),
                "cadre": getattr(e, "cadre_code", "")}))

    def _round(self, item: Item, out: list[Any]) -> None:
        e, name, scope = item.event, item.type_name, f"round/{item.code}"
        if name == "Opened":
            out.append((scope, "opened", "", {"on": when(e.occurred_on),
                                              "lead": e.lead_inspector}))
        elif name == "FindingRaised":
            out.append((scope, "finding", "", {
                "finding": e.finding_code, "version": item.version,
                "subject_kind": e.subject_kind, "subject_code": e.subject_code,
                "owner": e.owner_cadre, "on": when(e.occurred_on),
                "deadline": when(e.deadline_on)}))
        elif name in ("FindingClosed", "CaseLeadTransferred"):
            out.append((scope, "settled", "", {
                "finding": e.finding_code, "version": item.version, "day": when(e.occurred_on),
                "transfer": getattr(e, "to_body", ""), "type": f"InspectionRound.{name}"}))
        elif name == "Retracted":
            out.append((scope, "retracted", "", {"version": e.target_version}))


_STATUS = {"Exited": "exited", "ReturnedToPoverty": "returned",
           "MonitoringStarted": "monitored", "MonitoringEnded": "monitoring_ended"}
_HANDLERS: dict[str, Callable[[Extractor, Item, list[Any]], None]] = {
    "regulation": Extractor._regulation, "cadre": Extractor._cadre,
    "village": Extractor._unit, "township": Extractor._unit,
    "household": Extractor._household, "round": Extractor._round,
}


def _duty(duty: Any) -> dict[str, Any]:
    return {"code": duty.code, "description": duty.description,
            "owner_role": str(duty.owner_role), "subject": duty.subject,
            "cadence": str(duty.cadence), "fulfilled_by": list(duty.fulfilled_by),
            "grace_days": duty.grace_days, "escalation": list(duty.escalation),
            "response_days": duty.response_days, "handover": str(duty.handover),
            "post_exit_days": duty.post_exit_days}
