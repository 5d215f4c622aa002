"""Use cases of funds and projects: allocation, disbursement (never beyond allocation), measures."""

from __future__ import annotations

from datetime import date

from ledger.application.core import Accepted, Actor, LedgerCore, require
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.fund import Fund
from ledger.domain.household import Household
from ledger.domain.organisation import Township
from ledger.domain.project import Project
from ledger.domain.values import Channel, FundSource, Programme
from ledger.errors import DuplicateError


class FundCases(LedgerCore):
    """资金下达 / 拨付 / 项目 / 措施落实."""

    def allocate_fund(
        self, code: str, name: str, source: str, amount_fen: int, occurred_on: date,
        programme: Programme | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """资金下达: a fund is allocated to the county's campaign."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            if uow.find(Fund, code) is not None:
                raise DuplicateError(f"fund {code} is already allocated", field="code")
            uow.add(Fund.allocate(env, code, name, source,
                                  Programme(programme) if programme else None,
                                  amount_fen, occurred_on))

        payload = {"code": code, "name": name, "source": source, "amount_fen": amount_fen,
                   "occurred_on": occurred_on, "programme": programme}
        return self.run_command("allocate_fund", actor, command_id, payload, body)

    def increase_fund(
        self, fund: str, amount_fen: int, occurred_on: date, reason: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """A top-up of an allocated fund."""
        return self.on_aggregate(
            "increase_fund", Fund, fund,
            {"fund": fund, "amount_fen": amount_fen, "occurred_on": occurred_on,
             "reason": reason},
            lambda agg, env: agg.increase(env, amount_fen, occurred_on, reason),
            actor=actor, command_id=command_id)

    def register_project(
        self, code: str, name: str, kind: str, township: str, budget_fen: int,
        occurred_on: date, village: str | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """Register a project (income, infrastructure, solar ...)."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            if uow.find(Project, code) is not None:
                raise DuplicateError(f"project {code} is already registered", field="code")
            uow.get(Township, township, "township")
            uow.add(Project.register(env, code, name, kind, township, village, budget_fen,
                                     occurred_on))

        payload = {"code": code, "name": name, "kind": kind, "township": township,
                   "budget_fen": budget_fen, "occurred_on": occurred_on, "village": village}
        return self.run_command("register_project", actor, command_id, payload, body)

    def disburse(
        self, fund: str, disbursement: str, amount_fen: int, programme: Programme,
        occurred_on: date, purpose: str, approved_by: str, project: str | None = None,
        household: str | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """拨付 to a project or a household, saved atomically with the recipient's record."""
        require((project is None) != (household is None),
                "name exactly one recipient: project or household", "project")

        def body(uow: UnitOfWork, env: Envelope) -> None:
            source = uow.get(Fund, fund, "fund")
            kind, code = ("project", project) if project else ("household", household)
            recipient_code = code or ""
            source.disburse(env, disbursement, amount_fen, kind, recipient_code,
                            Programme(programme), occurred_on, purpose, approved_by)
            if project:
                uow.get(Project, project, "project").receive_funds(
                    env, fund, disbursement, amount_fen, occurred_on)
            else:
                uow.get(Household, recipient_code, "household").deliver_measure(
                    env, Programme(programme), amount_fen, occurred_on, purpose, fund,
                    disbursement)

        payload = {"fund": fund, "disbursement": disbursement, "amount_fen": amount_fen,
                   "programme": programme, "occurred_on": occurred_on, "purpose": purpose,
                   "approved_by": approved_by, "project": project, "household": household}
        return self.run_command("disburse", actor, command_id, payload, body)

    def deliver_measure(
        self, household: str, programme: Programme, occurred_on: date, description: str,
        amount_fen: int = 0, *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """措施落实 without a disbursement (services, in-kind help, allowances paid elsewhere)."""
        return self.on_aggregate(
            "deliver_measure", Household, household,
            {"household": household, "programme": programme, "occurred_on": occurred_on,
             "description": description, "amount_fen": amount_fen},
            lambda home, env: home.deliver_measure(env, Programme(programme), amount_fen,
                                                   occurred_on, description),
            actor=actor, command_id=command_id, channel=Channel.DEPARTMENT)

    def join_project(
        self, household: str, project: str, occurred_on: date, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """增收项目: the household joins a project; both records change together."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            uow.get(Household, household, "household").join_project(env, project, occurred_on)
            uow.get(Project, project, "project").add_participant(env, household, occurred_on)

        payload = {"household": household, "project": project, "occurred_on": occurred_on}
        return self.run_command("join_project", actor, command_id, payload, body)

    def complete_project(
        self, project: str, occurred_on: date, summary: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """A project is completed."""
        return self.on_aggregate(
            "complete_project", Project, project,
            {"project": project, "occurred_on": occurred_on, "summary": summary},
            lambda agg, env: agg.complete(env, occurred_on, summary),
            actor=actor, command_id=command_id)

    def record_funds_secured(
        self, cadre: str, occurred_on: date, subject_kind: str, subject_code: str,
        amount_fen: int, source: FundSource, agreement_digest: str | None, fund: str | None,
        summary: str, act_code: str, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """一争取: money a township lead secured (0 allowed), from its source into a fund."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            if isinstance(fund, str) and isinstance(amount_fen, int):
                allocated = uow.get(Fund, fund, "fund").allocated_fen
                require(amount_fen <= allocated, f"fund {fund} was allocated {allocated} fen, "
                        f"less than the {amount_fen} fen secured", "amount_fen")
            uow.get(Cadre, cadre, "cadre").record_funds_secured(
                env, occurred_on, subject_kind, subject_code, amount_fen, source,
                agreement_digest, fund, summary, act_code)

        payload = {"cadre": cadre, "occurred_on": occurred_on, "subject_kind": subject_kind,
                   "subject_code": subject_code, "amount_fen": amount_fen, "source": source,
                   "agreement_digest": agreement_digest, "fund": fund, "summary": summary,
                   "act_code": act_code}
        return self.run_command("record_funds_secured", actor or Actor(cadre), command_id,
                                payload, body)
