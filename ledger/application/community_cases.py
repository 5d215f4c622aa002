"""Use cases of 结亲交友 (pairing party members with households) and the N activities."""

from __future__ import annotations

from datetime import date, datetime

from ledger.application.core import Accepted, Actor, LedgerCore, require
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain.activity import Activity
from ledger.domain.envelope import Envelope
from ledger.domain.household import Household
from ledger.domain.organisation import Village
from ledger.domain.values import ActivityKind, Channel
from ledger.errors import DuplicateError, RuleViolation

CONTACT_MODES = ("in_person", "phone")


class CommunityCases(LedgerCore):
    """结亲交友 and N项活动."""

    def start_pairing(
        self, household: str, pairing: str, member_name: str, member_unit: str,
        occurred_on: date, *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """结亲交友: pair a party member (name, unit or party branch code) with the household."""
        return self.on_aggregate(
            "start_pairing", Household, household,
            {"household": household, "pairing": pairing, "member_name": member_name,
             "member_unit": member_unit, "occurred_on": occurred_on},
            lambda h, env: h.start_pairing(env, pairing, member_name, member_unit, occurred_on),
            actor=actor, command_id=command_id)

    def record_pairing_contact(
        self, household: str, pairing: str, occurred_at: datetime, mode: str, help_given: str,
        help_fen: int = 0, *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """结亲走访: the paired member's visit or call and the help given (on its own channel)."""
        require(mode in CONTACT_MODES, f"mode {mode!r} must be one of {list(CONTACT_MODES)}",
                "mode")
        return self.on_aggregate(
            "record_pairing_contact", Household, household,
            {"household": household, "pairing": pairing, "occurred_at": occurred_at,
             "mode": mode, "help_given": help_given, "help_fen": help_fen},
            lambda h, env: h.record_pairing_contact(
                env, pairing, occurred_at, in_person=mode == "in_person", help_given=help_given,
                help_fen=help_fen),
            actor=actor, command_id=command_id, channel=Channel.PAIRING)

    def end_pairing(
        self, household: str, pairing: str, occurred_on: date, reason: str,
        is_lapsed: bool = False, *, actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """结亲结束: the pairing ended, or lapsed."""
        return self.on_aggregate(
            "end_pairing", Household, household,
            {"household": household, "pairing": pairing, "occurred_on": occurred_on,
             "reason": reason, "is_lapsed": is_lapsed},
            lambda h, env: h.end_pairing(env, pairing, occurred_on, reason,
                                         is_lapsed=is_lapsed),
            actor=actor, command_id=command_id)

    def hold_activity(
        self, code: str, kind: ActivityKind, title: str, place: str, organiser: str,
        village: str, households: list[str], points_each: int, occurred_on: date, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """N项活动: an activity in a village; each household records its part and points."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            if uow.find(Activity, code) is not None:
                raise DuplicateError(f"activity {code} already exists", field="code")
            uow.get(Village, village, "village")
            uow.add(Activity.hold(env, code, kind, title, place, organiser, village,
                                  households, points_each, occurred_on))
            for home_code in households:
                home = uow.get(Household, home_code, "households")
                if home.village_code != village:
                    raise RuleViolation(f"household {home_code} is in {home.village_code}, "
                                        f"not {village}", field="households")
                home.attend_activity(env, code, occurred_on, points_each)

        payload = {"code": code, "kind": kind, "title": title, "place": place,
                   "organiser": organiser, "village": village, "households": households,
                   "points_each": points_each, "occurred_on": occurred_on}
        return self.run_command("hold_activity", actor, command_id, payload, body)
