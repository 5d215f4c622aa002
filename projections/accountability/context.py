"""What a derivation reads: the facts of the scopes it needs, and the knowledge time.

Holders (who held which role in which unit when) and the regulation's editions are read from
context scopes; every lookup answers from facts only, so the same facts give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from projections.accountability.calendar import local_day

Data = dict[str, Any]


@dataclass(frozen=True)
class Period:
    """A cadre's hold on a subject, from a day to a day (None: still holding)."""

    cadre: str
    role: str
    unit: str
    unit_kind: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        """Whether the period includes the day."""
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: date, last: date) -> bool:
        """Whether the period shares a day with [first, last]."""
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass
class Context:
    """Facts by scope (each a list of data dicts in log order) and the knowledge instant."""

    facts: dict[str, list[Data]]
    knowledge: datetime
    _editions: list[tuple[date, int, list[Data]]] | None = field(default=None, repr=False)
    _index: dict[tuple[str, tuple[str, ...]], list[Data]] = field(default_factory=dict,
                                                                  repr=False)
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    @property
    def today(self) -> date:
        """The Asia/Shanghai day of the knowledge time."""
        return local_day(self.knowledge)

    def of(self, scope: str, *kinds: str) -> list[Data]:
        """The facts of a scope, optionally of some kinds only (a shared list: read only)."""
        key = (scope, kinds)
        found = self._index.get(key)
        if found is None:
            every = self.facts.get(scope, [])
            found = [f for f in every if f["kind"] in kinds] if kinds else every
            self._index[key] = found
        return found

    def editions(self) -> list[tuple[date, int, list[Data]]]:
        """(effective_on, edition, duties) of every edition, in effect order."""
        if self._editions is None:
            self._editions = sorted(
                (date.fromisoformat(f["effective_on"]), f["edition"], f["duties"])
                for f in self.of("regulation", "edition"))
        return self._editions

    def duties_on(self, day: date) -> tuple[int, list[Data]]:
        """The edition number and duties in force on a day (the first edition also covers the
        days before it took effect within its first windows)."""
        key = ("duties", day)
        if key not in self._memo:
            self._memo[key] = self._duties_on(day)
        found_: tuple[int, list[Data]] = self._memo[key]
        return found_

    def _duties_on(self, day: date) -> tuple[int, list[Data]]:
        found = self.editions()
        if not found:
            return 0, []
        chosen = found[0]
        for edition in found:
            if edition[0] <= day:
                chosen = edition
        return chosen[1], chosen[2]

    def all_duties(self, subject: str) -> list[Data]:
        """Every distinct duty of any edition for a subject kind (a revised duty appears once
        per version of it; each binds only the windows of the editions that carry it)."""
        found: list[Data] = []
        for _, _, duties in self.editions():
            found += [d for d in duties if d["subject"] == subject and d not in found]
        return found

    def periods(self, scope: str, role: str | None = None) -> list[Period]:
        """Assignment periods recorded in a scope (optionally for one role)."""
        key = ("periods", scope, role)
        if key not in self._memo:
            self._memo[key] = self._periods(scope, role)
        found: list[Period] = self._memo[key]
        return found

    def _periods(self, scope: str, role: str | None) -> list[Period]:
        open_: dict[str, Data] = {}
        done: list[Period] = []
        for fact in self.of(scope, "assigned", "unassigned"):
            if fact["kind"] == "assigned":
                open_[f"{fact['cadre']}|{fact['unit']}"] = fact
                continue
            start = open_.pop(f"{fact['cadre']}|{fact['unit']}", None)
            if start is not None:
                done.append(_period(start, date.fromisoformat(fact["on"])))
        done.extend(_period(f, None) for f in open_.values())
        return sorted((p for p in done if role is None or p.role == role),
                      key=lambda p: (p.start, p.cadre))

    def holders(self, unit_kind: str, unit: str, role: str, day: date) -> list[str]:
        """Cadres holding a role on a unit on a day (county leaders: by their posts)."""
        if role == "county_leader":
            return self.county_leaders(day)
        return sorted({p.cadre for p in self.periods(f"{unit_kind}/{unit}", role)
                       if p.covers(day)})

    def county_leaders(self, day: date) -> list[str]:
        """Cadres whose post on that day is county leader."""
        key = ("county", day)
        if key not in self._memo:
            self._memo[key] = self._county_leaders(day)
        found: list[str] = self._memo[key]
        return found

    def _county_leaders(self, day: date) -> list[str]:
        posts: dict[str, list[tuple[str, str]]] = {}
        ended: dict[str, str] = {}
        for fact in self.of("county", "post", "dismissed"):
            if fact["kind"] == "dismissed":
                ended[fact["cadre"]] = fact["on"]
            else:
                posts.setdefault(fact["cadre"], []).append((fact["on"], fact["role"]))
        text = day.isoformat()
        found = []
        for cadre, history in posts.items():
            held = [role for since, role in sorted(history) if since <= text]
            if held and held[-1] == "county_leader" and ended.get(cadre, "9999") >= text:
                found.append(cadre)
        return sorted(found)

    def township_of(self, village: str) -> str:
        """The township a village belongs to ("" when unknown)."""
        for fact in self.of(f"village/{village}", "registered"):
            return str(fact["township"])
        return ""


def _period(fact: Data, end: date | None) -> Period:
    return Period(fact["cadre"], str(fact["role"]), fact["unit"], fact["unit_kind"],
                  date.fromisoformat(fact["on"]), end)
