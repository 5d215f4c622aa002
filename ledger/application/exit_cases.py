"""Use cases of the exit procedure (脱贫退出), return to poverty, monitoring and honours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ledger.application.core import Accepted, Actor, LedgerCore
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.household import Household
from ledger.domain.values import Role
from ledger.errors import NotAuthorised


class ExitCases(LedgerCore):
    """Review → notice (≥ N days) → household confirmation → county approval."""

    def review_exit(self, household: str, occurred_on: date, year: int, *,
                    actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """Record the exit review, decided on the ledger's own income lines and indicators."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            home = uow.get(Household, household, "household")
            home.review_exit(env, occurred_on, year, home.per_capita_income(year), self.policy,
                             indicators_met=home.indicators.all_met())

        payload = {"household": household, "occurred_on": occurred_on, "year": year}
        return self.run_command("review_exit", actor, command_id, payload, body)

    def post_exit_notice(self, household: str, occurred_on: date, days: int, *,
                         actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """公示: post the proposed exit publicly for ``days`` days."""
        return self._step("post_exit_notice", household, {"occurred_on": occurred_on, "days": days},
                          lambda h, env: h.post_exit_notice(env, occurred_on, days, self.policy),
                          actor, command_id)

    def raise_exit_objection(self, household: str, occurred_on: date, summary: str, *,
                             actor: Actor | None = None,
                             command_id: str | None = None) -> Accepted:
        """An objection during the notice restarts the procedure."""
        return self._step("raise_exit_objection", household,
                          {"occurred_on": occurred_on, "summary": summary},
                          lambda h, env: h.raise_exit_objection(env, occurred_on, summary),
                          actor, command_id)

    def confirm_exit(self, household: str, occurred_on: date, confirmed_by: str, *,
                     actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """农户签字确认, after the notice has run."""
        return self._step("confirm_exit", household,
                          {"occurred_on": occurred_on, "confirmed_by": confirmed_by},
                          lambda h, env: h.confirm_exit(env, occurred_on, confirmed_by),
                          actor, command_id)

    def approve_exit(self, household: str, occurred_on: date, approved_by: str, *,
                     actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """县级审定 by a county leader."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            approver = uow.get(Cadre, approved_by, "approved_by")
            if approver.role != Role.COUNTY_LEADER:
                raise NotAuthorised(f"{approved_by} is a {approver.role}, not a county leader",
                                    field="approved_by")
            uow.get(Household, household, "household").approve_exit(env, occurred_on,
                                                                    approved_by)

        payload = {"household": household, "occurred_on": occurred_on,
                   "approved_by": approved_by}
        return self.run_command("approve_exit", actor, command_id, payload, body)

    def return_to_poverty(self, household: str, occurred_on: date, reason: str, *,
                          actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """返贫."""
        return self._step("return_to_poverty", household,
                          {"occurred_on": occurred_on, "reason": reason},
                          lambda h, env: h.return_to_poverty(env, occurred_on, reason),
                          actor, command_id)

    def start_monitoring(self, household: str, occurred_on: date, category: str, reason: str,
                         *, actor: Actor | None = None,
                         command_id: str | None = None) -> Accepted:
        """防返贫监测 of an exited household."""
        return self._step("start_monitoring", household,
                          {"occurred_on": occurred_on, "category": category, "reason": reason},
                          lambda h, env: h.start_monitoring(env, occurred_on, category, reason),
                          actor, command_id)

    def end_monitoring(self, household: str, occurred_on: date, year: int, reason: str, *,
                       actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """风险消除: end monitoring, decided on the ledger's own income lines and indicators."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            home = uow.get(Household, household, "household")
            home.end_monitoring(env, occurred_on, reason, year, home.per_capita_income(year),
                                home.indicators, self.policy)

        payload = {"household": household, "occurred_on": occurred_on, "year": year,
                   "reason": reason}
        return self.run_command("end_monitoring", actor, command_id, payload, body)

    def award_honour(self, household: str, occurred_on: date, title: str, *,
                     actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """脱贫光荣户."""
        return self._step("award_honour", household, {"occurred_on": occurred_on, "title": title},
                          lambda h, env: h.award_honour(env, occurred_on, title),
                          actor, command_id)

    def _step(self, name: str, household: str, payload: dict[str, Any],
              call: Callable[[Household, Envelope], None], actor: Actor | None,
              command_id: str | None) -> Accepted:
        return self.on_aggregate(name, Household, household,
                                 {"household": household, **payload}, call,
                                 actor=actor, command_id=command_id)
