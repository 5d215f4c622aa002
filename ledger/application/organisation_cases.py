"""Use cases: the county, townships, villages, cadres and who is assigned where."""

from __future__ import annotations

from datetime import date

from ledger.application.core import Accepted, Actor, LedgerCore, require
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain.assignments import Assignable
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.household import Household
from ledger.domain.organisation import County, Township, Village
from ledger.domain.values import Role
from ledger.errors import DuplicateError, RuleViolation


class OrganisationCases(LedgerCore):
    """县 / 乡镇 / 村 / 干部."""

    def register_county(
        self, code: str, name: str, occurred_on: date | None = None, *, is_demo: bool = False,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """Set up the county this store serves (once)."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            _refuse_existing(uow, County, code)
            day = occurred_on or env.recorded_at.date()
            uow.add(County.register(env, code, name, day, is_demo=is_demo))

        return self.run_command("register_county", actor, command_id,
                                {"code": code, "name": name}, body)

    def register_township(
        self, code: str, name: str, lat: float | None = None, lon: float | None = None,
        occurred_on: date | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """Register a township (乡镇)."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            _refuse_existing(uow, Township, code)
            uow.add(Township.register(env, code, name, occurred_on or env.recorded_at.date(),
                                      lat, lon))

        return self.run_command("register_township", actor, command_id,
                                {"code": code, "name": name, "lat": lat, "lon": lon}, body)

    def register_village(
        self, code: str, township: str, name: str, lat: float | None = None,
        lon: float | None = None, is_designated_poor: bool = False,
        occurred_on: date | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """Register a village (行政村) under an existing township."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            _refuse_existing(uow, Village, code)
            uow.get(Township, township, "township")
            uow.add(Village.register(env, code, township, name,
                                     occurred_on or env.recorded_at.date(), lat, lon,
                                     is_designated_poor=is_designated_poor))

        payload = {"code": code, "township": township, "name": name, "lat": lat, "lon": lon}
        return self.run_command("register_village", actor, command_id, payload, body)

    def appoint_cadre(
        self, code: str, name: str, role: Role, unit: str, phone: str | None = None,
        occurred_on: date | None = None, *, actor: Actor | None = None,
        command_id: str | None = None,
    ) -> Accepted:
        """Appoint a cadre at one of the four levels (or resident cadre, inspector)."""
        self._not_cadres.discard(code)

        def body(uow: UnitOfWork, env: Envelope) -> None:
            _refuse_existing(uow, Cadre, code)
            uow.add(Cadre.appoint(env, code, name, Role(role), unit,
                                  occurred_on or env.recorded_at.date(), phone=phone))

        payload = {"code": code, "name": name, "role": role, "unit": unit, "phone": phone}
        return self.run_command("appoint_cadre", actor, command_id, payload, body)

    def assign_cadre(
        self, cadre: str, from_date: date, household: str | None = None,
        village: str | None = None, township: str | None = None, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """Make a cadre responsible for a household, village or township from a date."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            target = _assignment_target(uow, household, village, township)
            role = serving_role(uow.peek(Cadre, cadre, "cadre"), from_date, "from_date")
            target.assign_cadre(env, cadre, role, from_date)

        payload = {"cadre": cadre, "from_date": from_date, "household": household,
                   "village": village, "township": township}
        return self.run_command("assign_cadre", actor, command_id, payload, body)

    def unassign_cadre(
        self, cadre: str, to_date: date, reason: str, household: str | None = None,
        village: str | None = None, township: str | None = None, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """End a cadre's responsibility for a household, village or township."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            target = _assignment_target(uow, household, village, township)
            target.unassign_cadre(env, cadre, to_date, reason)

        payload = {"cadre": cadre, "to_date": to_date, "reason": reason, "household": household,
                   "village": village, "township": township}
        return self.run_command("unassign_cadre", actor, command_id, payload, body)

    def dismiss_cadre(
        self, cadre: str, occurred_on: date, reason: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """A cadre leaves the campaign (their assignments must be ended separately)."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            uow.get(Cadre, cadre, "cadre").dismiss(env, occurred_on, reason)

        payload = {"cadre": cadre, "occurred_on": occurred_on, "reason": reason}
        return self.run_command("dismiss_cadre", actor, command_id, payload, body)


def _refuse_existing(uow: UnitOfWork, cls: type[Assignable] | type[Cadre] | type[County],
                     code: str) -> None:
    if uow.find(cls, code) is not None:
        raise DuplicateError(f"{cls.KIND} {code} is already registered", field="code")


def _assignment_target(
    uow: UnitOfWork, household: str | None, village: str | None, township: str | None
) -> Assignable:
    given = [(Household, household, "household"), (Village, village, "village"),
             (Township, township, "township")]
    chosen = [(cls, code, name) for cls, code, name in given if code]
    require(len(chosen) == 1, "name exactly one of household, village or township",
            "household")
    cls, code, name = chosen[0]
    target: Assignable = uow.get(cls, str(code), name)
    return target


def serving_role(cadre: Cadre, day: date, field: str) -> Role:
    """The role the cadre held on that day; refused when not serving then."""
    role = cadre.role_on(day)
    if role is None:
        dismissed = f", dismissed {cadre.dismissed_on}" if cadre.dismissed_on else ""
        raise RuleViolation(
            f"cadre {cadre.code} was not serving on {day} (appointed {cadre.appointed_on}"
            f"{dismissed})", field=field)
    return role
