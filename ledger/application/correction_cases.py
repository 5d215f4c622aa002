"""Use cases of corrections (更正) and retractions: new events naming the event they correct."""

from __future__ import annotations

import re
from typing import Any

from ledger.application.core import Accepted, Actor, LedgerCore
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain import catalogue
from ledger.domain.base import LedgerAggregate
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.errors import NotAuthorised, RuleViolation

REF = re.compile(r"^(?P<kind>[a-z_]+)/(?P<code>[^/\s]+)/(?P<version>[1-9]\d*)$")


class CorrectionCases(LedgerCore):
    """Nothing is overwritten: a correction or retraction is itself an event."""

    def correct_record(
        self, target_event: str, changes: dict[str, Any], reason: str, authorised_by: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """Correct fields of an earlier event (``kind/code/version``), authorised by a cadre."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            target, version = self._target(uow, target_event, authorised_by)
            target.correct(env, version, dict(changes), reason, authorised_by)

        payload = {"target_event": target_event, "changes": changes, "reason": reason,
                   "authorised_by": authorised_by}
        return self.run_command("correct_record", actor, command_id, payload, body)

    def retract_record(
        self, target_event: str, reason: str, authorised_by: str, *,
        actor: Actor | None = None, command_id: str | None = None,
    ) -> Accepted:
        """Declare an earlier event void; it stays in the log, marked retracted."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            target, version = self._target(uow, target_event, authorised_by)
            target.retract(env, version, reason, authorised_by)

        payload = {"target_event": target_event, "reason": reason,
                   "authorised_by": authorised_by}
        return self.run_command("retract_record", actor, command_id, payload, body)

    def _target(
        self, uow: UnitOfWork, ref: str, authorised_by: str
    ) -> tuple[LedgerAggregate, int]:
        match = REF.match(ref) if isinstance(ref, str) else None
        if match is None:
            raise RuleViolation(f"target_event {ref!r} must look like household/HH001/12",
                                field="target_event")
        cls = catalogue.AGGREGATES_BY_KIND.get(match["kind"])
        if cls is None:
            raise RuleViolation(f"unknown kind {match['kind']!r} in target_event",
                                field="target_event")
        target = uow.get(cls, match["code"], "target_event")
        version = int(match["version"])
        uow.get(Cadre, authorised_by, "authorised_by")
        pending = [e for e in target.pending_events if e.originator_version == version]
        original = pending or self.repository.event_store.get(target.id, gt=version - 1,
                                                              lte=version)
        for event in original:
            if getattr(event, "actor_id", None) == authorised_by:
                raise NotAuthorised(
                    f"{authorised_by} recorded {ref} and cannot authorise its correction",
                    field="authorised_by")
        return target, version
