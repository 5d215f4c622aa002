"""How one obligation is judged from the records that could fulfil it (a pure function).

States: ``met`` (a fulfilling record recorded in time and not flagged late), ``met_late``
(only late records: 补记 or recorded after the window closed), ``excused`` (an excusal by the
owner's superior names it), ``missed`` (the window closed, as the ledger knew it, unmet), and
``open`` (the window has not closed yet).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from projections.accountability.calendar import Window, due_at, shown
from projections.formats import instant, to_json

Data = dict[str, Any]


@dataclass
class Obligation:
    """One obligation instance before it is written as a row."""

    obligation_id: str
    scope: str
    duty: str
    owner: str
    owner_role: str
    subject_kind: str
    subject_code: str
    village_code: str
    township_code: str
    window: Window
    due: datetime
    edition: int
    step: int = 0
    root_id: str = ""
    status: str = "open"
    met_ref: str = ""
    met_position: int = 0
    reason: str = ""
    events: list[Data] = field(default_factory=list)
    is_violation: bool = False
    root_end: date | None = None

    def row(self) -> dict[str, Any]:
        """The obligation as a row of ``view_obligation``."""
        return {
            "obligation_id": self.obligation_id, "scope": self.scope, "duty": self.duty,
            "step": self.step, "root_id": self.root_id or self.obligation_id,
            "owner": self.owner, "owner_role": self.owner_role,
            "subject_kind": self.subject_kind, "subject_code": self.subject_code,
            "village_code": self.village_code, "township_code": self.township_code,
            "period": self.window.label, "window_start": self.window.start.isoformat(),
            "window_end": self.window.end.isoformat(), "due_at": instant(self.due),
            "status": self.status, "met_ref": self.met_ref, "met_position": self.met_position,
            "events_json": to_json(self.events), "reason": self.reason,
            "edition": self.edition, "is_violation": 1 if self.is_violation else 0,
            "root_end": (self.root_end or self.window.end).isoformat(),
        }


def make(duty: Data, scope: str, key: str, owner: str, subject: tuple[str, str],
         units: tuple[str, str], window: Window, edition: int) -> Obligation:
    """A fresh obligation of a duty for one window (id ``<duty>/<key>``)."""
    return Obligation(
        f"{duty['code']}/{key}", scope, duty["code"], owner, duty["owner_role"], subject[0],
        subject[1], units[0], units[1], window, due_at(window.end, duty["grace_days"]), edition)


def judge(ob: Obligation, candidates: list[Data], excusals: list[Data],
          knowledge: datetime) -> None:
    """Decide the state from candidate records (already in the window) and excusals."""
    due = instant(ob.due)
    ob.events = [{"ref": c["ref"], "position": c["position"], "recorded_at": c["recorded_at"],
                  "is_late": c.get("is_late", False), "note": c.get("note", "")}
                 for c in candidates]
    usable = [c for c in candidates if not c.get("note")]
    on_time = [c for c in usable if c["recorded_at"] < due and not c.get("is_late")]
    valid = [e for e in excusals if e["cadre"] in ob.owner.split(",")]
    if on_time:
        _met(ob, "met", on_time[0], f"{on_time[0]['type']} on {on_time[0]['day']}")
    elif valid:
        e = valid[0]
        ob.status, ob.met_ref, ob.met_position = "excused", e["ref"], e["position"]
        ob.reason = f"excused by {e['authorised_by']}: {e['reason']}"
    elif usable:
        late = usable[0]
        why = ("recorded after the window closed" if late["recorded_at"] >= due
               else "recorded late (补记)")
        _met(ob, "met_late", late, f"{late['type']} on {late['day']} {why}")
        ob.is_violation = late["recorded_at"] >= due
    elif instant(knowledge) >= due:
        ob.status, ob.is_violation = "missed", True
        ob.reason = _missed_reason(ob, candidates, excusals)
    else:
        ob.status, ob.reason = "open", f"window open until {shown(ob.due)}"


class Records:
    """A scope's records by event type, sorted by business day, for window look-ups."""

    def __init__(self, records: list[Data]) -> None:
        self._by_type: dict[str, tuple[list[str], list[Data]]] = {}
        grouped: dict[str, list[Data]] = {}
        for record in records:
            grouped.setdefault(record["type"], []).append(record)
        for kind, found in grouped.items():
            found.sort(key=lambda r: (r["day"], r["position"]))
            self._by_type[kind] = ([r["day"] for r in found], found)

    def in_window(self, types: list[str], window: Window,
                  cadre: str | None = None) -> list[Data]:
        """Records of the fulfilling types whose business day falls in the window, in log
        order (optionally by one cadre only)."""
        first, last = window.start.isoformat(), window.end.isoformat()
        found: list[Data] = []
        for kind in types:
            days, records = self._by_type.get(kind, ([], []))
            found += records[bisect_left(days, first):bisect_right(days, last)]
        return sorted((r for r in found if cadre is None or r.get("cadre") == cadre),
                      key=lambda r: r["position"])


def _met(ob: Obligation, status: str, record: Data, reason: str) -> None:
    ob.status, ob.met_ref, ob.met_position, ob.reason = (
        status, record["ref"], record["position"], reason)


def _missed_reason(ob: Obligation, candidates: list[Data], excusals: list[Data]) -> str:
    parts = [f"nothing fulfilled {ob.duty} in {ob.window.label} by {shown(ob.due)}"]
    parts += [f"{c['ref']}: {c['note']}" for c in candidates if c.get("note")]
    parts += [f"excusal {e['ref']} by {e['cadre']} ignored: not the owner" for e in excusals]
    return "; ".join(parts)
