"""Use cases of a household: registration, plan, visits, diary, income, measures, points, exit."""

from __future__ import annotations

from datetime import date, datetime

from ledger.application.core import Accepted, Actor, LedgerCore, require
from ledger.application.organisation_cases import serving_role
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.household import Household
from ledger.domain.organisation import Village
from ledger.domain.values import (
    Channel,
    HouseholdCategory,
    IncomeSource,
    Indicators,
    Member,
    Plan,
    PovertyCause,
    Role,
)
from ledger.errors import DuplicateError, NotResponsible

VISIT_MODES = {"in_person": Channel.IN_PERSON, "phone": Channel.PHONE}
ANYWHERE_ROLES = {Role.INSPECTOR, Role.COUNTY_LEADER}


class HouseholdCases(LedgerCore):
    """贫困户的建档、帮扶、走访、收入、措施、积分与退出."""

    def register_household(
        self, code: str, village: str, head: str, members: list[Member],
        category: HouseholdCategory, poverty_cause: PovertyCause, registered_on: date,
        indicators: Indicators | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """建档立卡: register a household in an existing village."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            if uow.find(Household, code) is not None:
                raise DuplicateError(f"household {code} is already registered", field="code")
            home = uow.peek(Village, village, "village")
            uow.add(Household.register(env, code, village, home.township_code, head, members,
                                       category, poverty_cause, registered_on, indicators))

        payload = {"code": code, "village": village, "head": head, "members": members,
                   "category": category, "poverty_cause": poverty_cause,
                   "registered_on": registered_on}
        return self.run_command("register_household", actor, command_id, payload, body)

    def record_visit(
        self, household: str, cadre: str, occurred_at: datetime, mode: str = "in_person",
        notes: str = "", *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """入户走访 or 电话联系 by a cadre responsible for the household on that day."""
        require(mode in VISIT_MODES, f"mode {mode!r} must be one of {sorted(VISIT_MODES)}",
                "mode")

        def body(uow: UnitOfWork, env: Envelope) -> None:
            home = uow.get(Household, household, "household")
            _require_responsible(uow, home, cadre, occurred_at.date())
            home.record_contact(env, cadre, occurred_at, in_person=mode == "in_person",
                                notes=notes)

        payload = {"household": household, "cadre": cadre, "occurred_at": occurred_at,
                   "mode": mode, "notes": notes}
        return self.run_command("record_visit", actor or Actor(cadre), command_id, payload,
                                body, channel=VISIT_MODES.get(mode, Channel.IN_PERSON))

    def record_diary(
        self, household: str, cadre: str, occurred_on: date, text: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """扶贫日记: a responsible cadre's diary entry about the household."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            home = uow.get(Household, household, "household")
            _require_responsible(uow, home, cadre, occurred_on)
            home.record_diary(env, cadre, occurred_on, text)

        payload = {"household": household, "cadre": cadre, "occurred_on": occurred_on,
                   "text": text}
        return self.run_command("record_diary", actor or Actor(cadre), command_id, payload,
                                body, channel=Channel.IN_PERSON)

    def record_income(
        self, household: str, source: IncomeSource, amount_fen: int, period: str,
        occurred_on: date | None = None, item: str = "", *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """收入明细账: one itemised income line (business date defaults to the recording day)."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            home = uow.get(Household, household, "household")
            day = occurred_on or env.recorded_at.date()
            home.record_income(env, IncomeSource(source), amount_fen, period, day, item)

        payload = {"household": household, "source": source, "amount_fen": amount_fen,
                   "period": period, "occurred_on": occurred_on, "item": item}
        return self.run_command("record_income", actor, command_id, payload, body,
                                channel=Channel.IMPORT)

    def adopt_plan(self, household: str, plan: Plan, occurred_on: date, *,
                   actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """五定: adopt the household's assistance plan."""
        return self.on_aggregate(
            "adopt_plan", Household, household,
            {"household": household, "plan": plan, "occurred_on": occurred_on},
            lambda home, env: home.adopt_plan(env, plan, occurred_on),
            actor=actor, command_id=command_id)

    def revise_plan(self, household: str, plan: Plan, occurred_on: date, reason: str, *,
                    actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """Revise the 五定 plan, with a reason."""
        return self.on_aggregate(
            "revise_plan", Household, household,
            {"household": household, "plan": plan, "occurred_on": occurred_on, "reason": reason},
            lambda home, env: home.revise_plan(env, plan, occurred_on, reason),
            actor=actor, command_id=command_id)

    def assess_indicators(self, household: str, indicators: Indicators, occurred_on: date, *,
                          actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """Assess 两不愁三保障 and safe drinking water."""
        return self.on_aggregate(
            "assess_indicators", Household, household,
            {"household": household, "indicators": indicators, "occurred_on": occurred_on},
            lambda home, env: home.assess_indicators(env, indicators, occurred_on),
            actor=actor, command_id=command_id)

    def add_member(self, household: str, member: Member, occurred_on: date, reason: str, *,
                   actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """A member joins the household."""
        return self.on_aggregate(
            "add_member", Household, household,
            {"household": household, "member": member, "occurred_on": occurred_on,
             "reason": reason},
            lambda home, env: home.add_member(env, member, occurred_on, reason),
            actor=actor, command_id=command_id)

    def remove_member(self, household: str, member_no: int, occurred_on: date, reason: str, *,
                      actor: Actor | None = None, command_id: str | None = None) -> Accepted:
        """A member leaves the household."""
        return self.on_aggregate(
            "remove_member", Household, household,
            {"household": household, "member_no": member_no, "occurred_on": occurred_on,
             "reason": reason},
            lambda home, env: home.remove_member(env, member_no, occurred_on, reason),
            actor=actor, command_id=command_id)

    def earn_points(self, household: str, points: int, reason: str, occurred_on: date,
                    is_donated: bool = False, *, actor: Actor | None = None,
                    command_id: str | None = None) -> Accepted:
        """爱心超市: credit points earned (or donated)."""
        return self.on_aggregate(
            "earn_points", Household, household,
            {"household": household, "points": points, "reason": reason,
             "occurred_on": occurred_on, "is_donated": is_donated},
            lambda home, env: home.earn_points(env, points, reason, occurred_on,
                                               is_donated=is_donated),
            actor=actor, command_id=command_id)

    def redeem_points(self, household: str, points: int, item: str, supermarket: str,
                      occurred_on: date, *, actor: Actor | None = None,
                      command_id: str | None = None) -> Accepted:
        """积分换购: redeem points, never beyond the balance."""
        return self.on_aggregate(
            "redeem_points", Household, household,
            {"household": household, "points": points, "item": item,
             "supermarket": supermarket, "occurred_on": occurred_on},
            lambda home, env: home.redeem_points(env, points, item, supermarket, occurred_on),
            actor=actor, command_id=command_id)


def _require_responsible(uow: UnitOfWork, home: Household, cadre_code: str, day: date) -> None:
    """The cadre must be responsible for the household, its village or township on that day."""
    cadre = uow.peek(Cadre, cadre_code, "cadre")
    role = serving_role(cadre, day, "cadre")
    if role in ANYWHERE_ROLES or cadre_code in home.responsible_on(day):
        return
    if role in (Role.VILLAGE_LEADER, Role.RESIDENT_CADRE):
        village = uow.peek(Village, home.village_code, "village")
        if cadre_code in village.responsible_on(day):
            return
    if role is Role.TOWNSHIP_LEAD and cadre.unit == home.township_code:
        return
    raise NotResponsible(
        f"cadre {cadre_code} ({role}) was not responsible for household {home.code} on {day}",
        field="cadre",
    )
