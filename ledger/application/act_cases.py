"""Use cases of the supervision acts whose parts are data: 约谈, 通报 (and the acts that name
villages, households, findings and cadres). Named codes must exist on the write side."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.application.core import Accepted, Actor, LedgerCore
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain.base import LedgerAggregate
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.household import Household
from ledger.domain.inspection import InspectionRound
from ledger.domain.organisation import County, Township, Village
from ledger.domain.values import ReviewPart, Role, TalkOutcome
from ledger.errors import NotFound, RuleViolation

UNITS: tuple[type[LedgerAggregate], ...] = (Cadre, Township, Village, County)
"""What a talk or a bulletin may name: a cadre (a unit's head) or a registered unit."""


def require_named(uow: UnitOfWork, codes: list[str], field: str) -> None:
    """Each well-formed code names a cadre or a registered unit (the domain checks the form)."""
    for code in _codes(codes):
        if all(uow.find(kind, code) is None for kind in UNITS):
            raise NotFound(field, code)


def require_findings(uow: UnitOfWork, refs: list[str], field: str) -> None:
    """Each ``finding/<round>/<code>`` reference names a finding raised in that round."""
    for ref in _codes(refs, allow_slash=True):
        kind, _, rest = ref.partition("/")
        round_code, _, finding = rest.partition("/")
        if kind == "finding" and round_code and finding:
            found = uow.find(InspectionRound, round_code)
            if found is None or finding not in found.findings:
                raise NotFound(field, ref)


def _codes(values: object, *, allow_slash: bool = False) -> list[str]:
    banned = " \t\n" if allow_slash else " /\t\n"
    items = values if isinstance(values, list) else []
    return [v for v in items if isinstance(v, str) and v and not any(c in v for c in banned)]


class ActCases(LedgerCore):
    """约谈、通报 and the other acts with parts."""

    def _act(self, name: str, cadre: str, payload: dict[str, Any], actor: Actor | None,
             command_id: str | None, check: Any, call: Any) -> Accepted:
        def body(uow: UnitOfWork, env: Envelope) -> None:
            check(uow)
            call(uow.get(Cadre, cadre, "cadre"), env)

        return self.run_command(name, actor or Actor(cadre), command_id,
                                {"cadre": cadre, **payload}, body)

    def hold_talk(
        self, cadre: str, occurred_on: date, subject_kind: str, subject_code: str,
        talked_to: list[str], basis: list[str], outcome: TalkOutcome, summary: str,
        act_code: str, *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """约谈: a county leader's formal talk (naming an obligation closes its escalation)."""
        payload = {"occurred_on": occurred_on, "subject_kind": subject_kind,
                   "subject_code": subject_code, "talked_to": talked_to, "basis": basis,
                   "outcome": outcome, "summary": summary, "act_code": act_code}

        def check(uow: UnitOfWork) -> None:
            require_named(uow, talked_to, "talked_to")
            require_findings(uow, basis, "basis")

        return self._act("hold_talk", cadre, payload, actor, command_id, check,
                         lambda agg, env: agg.hold_talk(
                             env, occurred_on, subject_kind, subject_code, talked_to, basis,
                             outcome, summary, act_code))

    def issue_bulletin(
        self, cadre: str, occurred_on: date, subject_kind: str, subject_code: str,
        praised: list[str], criticised: list[str], basis: list[str], summary: str,
        act_code: str, *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """通报: a county leader's bulletin with its praise and criticism lists."""
        payload = {"occurred_on": occurred_on, "subject_kind": subject_kind,
                   "subject_code": subject_code, "praised": praised, "criticised": criticised,
                   "basis": basis, "summary": summary, "act_code": act_code}

        def check(uow: UnitOfWork) -> None:
            require_named(uow, praised, "praised")
            require_named(uow, criticised, "criticised")
            require_findings(uow, basis, "basis")

        return self._act("issue_bulletin", cadre, payload, actor, command_id, check,
                         lambda agg, env: agg.issue_bulletin(
                             env, occurred_on, subject_kind, subject_code, praised, criticised,
                             basis, summary, act_code))

    def record_quarterly_review(
        self, cadre: str, occurred_on: date, subject_kind: str, subject_code: str,
        parts: list[ReviewPart], summary: str, act_code: str, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """三了解两协调: the quarterly review, part by part (partial when one is missing)."""
        payload = {"occurred_on": occurred_on, "subject_kind": subject_kind,
                   "subject_code": subject_code, "parts": parts, "summary": summary,
                   "act_code": act_code}
        return self._act("record_quarterly_review", cadre, payload, actor, command_id,
                         lambda uow: None,
                         lambda agg, env: agg.record_quarterly_review(
                             env, occurred_on, subject_kind, subject_code, parts, summary,
                             act_code))

    def record_research_visit(
        self, cadre: str, occurred_on: date, subject_kind: str, subject_code: str,
        villages: list[str], households: list[str], summary: str, act_code: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """调研 (四个一): the villages and households visited, each on record."""
        payload = {"occurred_on": occurred_on, "subject_kind": subject_kind,
                   "subject_code": subject_code, "villages": villages, "households": households,
                   "summary": summary, "act_code": act_code}

        def check(uow: UnitOfWork) -> None:
            for code in _codes(villages):
                uow.get(Village, code, "villages")
            for code in _codes(households):
                home = uow.get(Household, code, "households")
                if isinstance(villages, list) and home.village_code not in villages:
                    raise RuleViolation(f"household {code} is in {home.village_code}, not among "
                                        "the villages visited", field="households")

        return self._act("record_research_visit", cadre, payload, actor, command_id, check,
                         lambda agg, env: agg.record_research_visit(
                             env, occurred_on, subject_kind, subject_code, villages, households,
                             summary, act_code))

    def record_inspection(
        self, cadre: str, occurred_on: date, subject_kind: str, subject_code: str,
        inspected: list[str], findings: list[str], summary: str, act_code: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """督查 (四个一): what was inspected, and the findings raised (each on record)."""
        payload = {"occurred_on": occurred_on, "subject_kind": subject_kind,
                   "subject_code": subject_code, "inspected": inspected, "findings": findings,
                   "summary": summary, "act_code": act_code}
        return self._act("record_inspection", cadre, payload, actor, command_id,
                         lambda uow: require_findings(uow, findings, "findings"),
                         lambda agg, env: agg.record_inspection(
                             env, occurred_on, subject_kind, subject_code, inspected, findings,
                             summary, act_code))

    def hear_report(
        self, cadre: str, occurred_on: date, subject_kind: str, subject_code: str,
        reporters: list[str], summary: str, act_code: str, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """听取汇报 (四个一): whose work report was heard, by cadre code."""
        payload = {"occurred_on": occurred_on, "subject_kind": subject_kind,
                   "subject_code": subject_code, "reporters": reporters, "summary": summary,
                   "act_code": act_code}

        def check(uow: UnitOfWork) -> None:
            for code in _codes(reporters):
                uow.get(Cadre, code, "reporters")

        return self._act("hear_report", cadre, payload, actor, command_id, check,
                         lambda agg, env: agg.hear_report(
                             env, occurred_on, subject_kind, subject_code, reporters, summary,
                             act_code))

    def submit_report(
        self, cadre: str, occurred_on: date, subject_kind: str, subject_code: str,
        party_secretary: str, county_head: str, summary: str, act_code: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """汇报 (四个一): a report up to both the county party secretary and the county head."""
        payload = {"occurred_on": occurred_on, "subject_kind": subject_kind,
                   "subject_code": subject_code, "party_secretary": party_secretary,
                   "county_head": county_head, "summary": summary, "act_code": act_code}

        def check(uow: UnitOfWork) -> None:
            for field, code in (("party_secretary", party_secretary),
                                ("county_head", county_head)):
                for found in _codes([code]):
                    role = uow.peek(Cadre, found, field).role_on(occurred_on)
                    if role is not Role.COUNTY_LEADER:
                        raise RuleViolation(f"{found} is a {role}, not a county leader, on "
                                            f"{occurred_on}", field=field)

        return self._act("submit_report", cadre, payload, actor, command_id, check,
                         lambda agg, env: agg.submit_report(
                             env, occurred_on, subject_kind, subject_code, party_secretary,
                             county_head, summary, act_code))
