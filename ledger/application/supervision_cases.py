"""Use cases of supervision (四个一, 三了解两协调, 一争取, 约谈, 通报), inspection rounds and the
assessment regulation."""

from __future__ import annotations

from datetime import date, datetime

from ledger.application.core import Accepted, Actor, LedgerCore
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.inspection import InspectionRound
from ledger.domain.regulation import AssessmentRegulation
from ledger.domain.sampling import FrameEntry
from ledger.domain.values import Duty, Rule, SupervisionKind
from ledger.errors import DuplicateError, RuleViolation


class SupervisionCases(LedgerCore):
    """督导、巡察、考核."""

    def record_supervision(
        self, cadre: str, kind: SupervisionKind, occurred_on: date, subject_kind: str,
        subject_code: str, summary: str, act_code: str, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """A supervision act by a cadre of levels 2-4 or an inspector."""
        return self.on_aggregate(
            "record_supervision", Cadre, cadre,
            {"cadre": cadre, "kind": kind, "occurred_on": occurred_on,
             "subject_kind": subject_kind, "subject_code": subject_code, "summary": summary,
             "act_code": act_code},
            lambda agg, env: agg.record_supervision(env, SupervisionKind(kind), occurred_on,
                                                    subject_kind, subject_code, summary,
                                                    act_code),
            actor=actor or Actor(cadre), command_id=command_id)

    def excuse_duty(
        self, cadre: str, obligation_id: str, reason: str, authorised_by: str,
        occurred_on: date, *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """免责: excuse one of a cadre's obligations (authorised one level up, with evidence)."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            owner = uow.get(Cadre, cadre, "cadre")
            authoriser = uow.get(Cadre, authorised_by, "authorised_by")
            owner.excuse_duty(env, obligation_id, reason, authorised_by,
                              authoriser.role_on(occurred_on), owner.role_on(occurred_on),
                              occurred_on)

        payload = {"cadre": cadre, "obligation_id": obligation_id, "reason": reason,
                   "authorised_by": authorised_by, "occurred_on": occurred_on}
        return self.run_command("excuse_duty", actor or Actor(authorised_by), command_id,
                                payload, body)

    def open_round(
        self, code: str, name: str, lead_inspector: str, townships: list[str],
        occurred_on: date, *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """巡察: open an inspection round over some townships."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            if uow.find(InspectionRound, code) is not None:
                raise DuplicateError(f"round {code} already exists", field="code")
            uow.get(Cadre, lead_inspector, "lead_inspector")
            uow.add(InspectionRound.open(env, code, name, lead_inspector, list(townships),
                                         occurred_on))

        payload = {"code": code, "name": name, "lead_inspector": lead_inspector,
                   "townships": townships, "occurred_on": occurred_on}
        return self.run_command("open_round", actor or Actor(lead_inspector), command_id,
                                payload, body)

    def commit_sample(self, round: str, seed_commitment: str, frame: list[str],
                      occurred_at: datetime, *, actor: Actor | None = None,
                      command_id: str | None = None) -> Accepted:
        """抽样框: record the sampling frame (canonical lines, docs/sampling.md) and the
        seed's SHA-256 before the draw."""
        entries = [FrameEntry.parse(line) for line in _lines(frame)]
        return self.on_aggregate(
            "commit_sample", InspectionRound, round,
            {"round": round, "seed_commitment": seed_commitment, "frame": frame,
             "occurred_at": occurred_at},
            lambda agg, env: agg.commit_sample(env, seed_commitment, entries, occurred_at),
            actor=actor, command_id=command_id)

    def draw_sample(self, round: str, seed: str, size: int, occurred_at: datetime, *,
                    actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """抽查: reveal the seed; the households follow from seed, frame and size."""
        return self.on_aggregate(
            "draw_sample", InspectionRound, round,
            {"round": round, "seed": seed, "size": size, "occurred_at": occurred_at},
            lambda agg, env: agg.draw_sample(env, seed, size, occurred_at),
            actor=actor, command_id=command_id)

    def record_spot_check(
        self, round: str, household: str, occurred_on: date, observed: dict[str, str],
        notes: str = "", *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """An inspector's observation at a sampled household."""
        return self.on_aggregate(
            "record_spot_check", InspectionRound, round,
            {"round": round, "household": household, "occurred_on": occurred_on,
             "observed": observed, "notes": notes},
            lambda agg, env: agg.record_spot_check(env, household, occurred_on, observed, notes),
            actor=actor, command_id=command_id)

    def raise_finding(
        self, round: str, finding: str, subject_kind: str, subject_code: str, owner_cadre: str,
        description: str, occurred_on: date, deadline_on: date, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """发现问题 with an owner and a deadline (督办)."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            uow.get(Cadre, owner_cadre, "owner_cadre")
            uow.get(InspectionRound, round, "round").raise_finding(
                env, finding, subject_kind, subject_code, owner_cadre, description,
                occurred_on, deadline_on)

        payload = {"round": round, "finding": finding, "subject_kind": subject_kind,
                   "subject_code": subject_code, "owner_cadre": owner_cadre,
                   "description": description, "occurred_on": occurred_on,
                   "deadline_on": deadline_on}
        return self.run_command("raise_finding", actor, command_id, payload, body)

    def report_rectification(self, round: str, finding: str, occurred_on: date, summary: str,
                             *, actor: Actor | None = None,
                             command_id: str | None = None) -> Accepted:
        """整改: the owner reports the rectification."""
        return self.on_aggregate(
            "report_rectification", InspectionRound, round,
            {"round": round, "finding": finding, "occurred_on": occurred_on,
             "summary": summary},
            lambda agg, env: agg.report_rectification(env, finding, occurred_on, summary),
            actor=actor, command_id=command_id)

    def close_finding(self, round: str, finding: str, occurred_on: date, summary: str, *,
                      actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """销号: close a rectified finding."""
        return self.on_aggregate(
            "close_finding", InspectionRound, round,
            {"round": round, "finding": finding, "occurred_on": occurred_on,
             "summary": summary},
            lambda agg, env: agg.close_finding(env, finding, occurred_on, summary),
            actor=actor, command_id=command_id)

    def transfer_case(self, round: str, finding: str, occurred_on: date, to_body: str,
                      summary: str, *, actor: Actor | None = None,
                      command_id: str | None = None) -> Accepted:
        """问题线索移交 to the discipline commission."""
        return self.on_aggregate(
            "transfer_case", InspectionRound, round,
            {"round": round, "finding": finding, "occurred_on": occurred_on,
             "to_body": to_body, "summary": summary},
            lambda agg, env: agg.transfer_case(env, finding, occurred_on, to_body, summary),
            actor=actor, command_id=command_id)

    def close_round(self, round: str, occurred_on: date, *, actor: Actor | None = None,
                    command_id: str | None = None) -> Accepted:
        """Close an inspection round."""
        return self.on_aggregate(
            "close_round", InspectionRound, round, {"round": round, "occurred_on": occurred_on},
            lambda agg, env: agg.close(env, occurred_on), actor=actor, command_id=command_id)

    def publish_regulation(
        self, code: str, title: str, rules: list[Rule], effective_on: date,
        duties: list[Duty] | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """《考核办法》: publish the regulation, its rules and duties, as versioned data."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            if uow.find(AssessmentRegulation, code) is not None:
                raise DuplicateError(f"regulation {code} already published; revise it",
                                     field="code")
            uow.add(AssessmentRegulation.publish(env, code, title, list(rules), effective_on,
                                                 duties=list(duties or [])))

        payload = {"code": code, "title": title, "rules": rules, "effective_on": effective_on,
                   "duties": duties or []}
        return self.run_command("publish_regulation", actor, command_id, payload, body)

    def revise_regulation(
        self, code: str, rules: list[Rule], effective_on: date, reason: str,
        duties: list[Duty] | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """A new edition of the regulation; earlier editions stay in force for their periods.
        Without ``duties`` the new edition keeps the previous edition's duties."""
        return self.on_aggregate(
            "revise_regulation", AssessmentRegulation, code,
            {"code": code, "rules": rules, "effective_on": effective_on, "reason": reason,
             "duties": duties},
            lambda agg, env: agg.revise(env, list(rules), effective_on, reason,
                                        duties=None if duties is None else list(duties)),
            actor=actor, command_id=command_id)


def _lines(frame: object) -> list[str]:
    if not isinstance(frame, list) or not all(isinstance(line, str) for line in frame):
        raise RuleViolation("frame must be a list of canonical lines (docs/sampling.md)",
                            field="frame")
    return frame
