"""The ledger's eventsourcing Application: infrastructure, clock guard, commands and batches."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoder

from ledger.application.clock import Clock, SystemClock
from ledger.application.receipts import CommandReceipt, payload_digest
from ledger.application.refusals import (
    KEPT_REFUSALS,
    KeptRefusal,
    build_refusal,
    kept_for,
    parameters_kept,
    refusal_code,
)
from ledger.application.unit_of_work import UnitOfWork
from ledger.domain import catalogue
from ledger.domain.base import LedgerAggregate
from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.refusal import Refusal
from ledger.domain.values import Channel, Policy
from ledger.errors import ClockError, DuplicateError, NotFound, RuleViolation, WriteConflict
from ledger.storage.transcoding import OrjsonTranscoder, standard_transcodings

A = TypeVar("A", bound=LedgerAggregate)


@dataclass(frozen=True)
class Actor:
    """Who issues a command, how the fact reached us, on what evidence."""

    actor_id: str = "system"
    role: str | None = None
    channel: str | None = None
    evidence: tuple[str, ...] = ()
    late_reason: str | None = None


@dataclass(frozen=True)
class Accepted:
    """What a command recorded: references of its new events (empty for an accepted retry)."""

    event_refs: list[str] = field(default_factory=list)
    is_retry: bool = False


class LedgerCore(Application[UUID]):
    """Infrastructure and the command mechanism shared by every use case."""

    name = "Ledger"
    # Saved aggregates go into the cache, so a command needs no read to fast-forward; a stale
    # cache (another process wrote) makes the save fail on the version key, never corrupt.
    env: ClassVar[dict[str, str]] = {
        "AGGREGATE_CACHE_MAXSIZE": "5000",
        "AGGREGATE_CACHE_FASTFORWARD": "n",
    }

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        clock: Clock | None = None,
        policy: Policy | None = None,
        refusals: tuple[KeptRefusal, ...] = KEPT_REFUSALS,
    ) -> None:
        super().__init__(env)
        self.refusals = refusals
        self._kept_refusals: list[Refusal] = []
        self.clock: Clock = clock or SystemClock()
        self.policy = policy or Policy()
        self._uow = UnitOfWork(self)
        self._batching = False
        self._last_recorded_at: datetime | None = None
        self._not_cadres: set[str] = set()

    def construct_transcoder(self) -> Transcoder:
        transcoder = OrjsonTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        for transcoding in standard_transcodings(catalogue.value_types()):
            transcoder.register(transcoding)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Save every command issued inside in one transaction at the end."""
        self._batching = True
        try:
            yield
            self._flush()
        finally:
            self._batching = False
            self._uow.clear()
            self._save_refusals_alone()

    def flush(self) -> int:
        """Inside a batch: save what is pending now; returns how many aggregates were saved."""
        return self._flush()

    def run_command(
        self,
        name: str,
        actor: Actor | None,
        command_id: str | None,
        payload: dict[str, Any],
        body: Callable[[UnitOfWork, Envelope], None],
        *,
        channel: str = Channel.SYSTEM,
        role: str | None = None,
    ) -> Accepted:
        """Run one command: decide on scoped copies, keep or drop them, save unless batching."""
        actor = actor or Actor()
        envelope = self._envelope(actor, channel, role)
        digest = payload_digest(name, payload) if command_id else ""
        if command_id and self._is_retry(command_id, digest):
            return Accepted(is_retry=True)
        try:
            body(self._uow, envelope)
            refs = [agg.ref(version) for agg, version in self._uow.new_events()]
            if command_id:
                self._uow.add(CommandReceipt.accept(envelope, command_id, name, digest, refs))
        except RuleViolation as refused:
            self._uow.drop()
            self._keep_refusal(name, envelope, payload, refused)
            raise
        except BaseException:
            self._uow.drop()
            raise
        self._uow.keep()
        self._last_recorded_at = envelope.recorded_at
        if not self._batching:
            self._flush()
        return Accepted(event_refs=refs)

    def on_aggregate(
        self,
        name: str,
        cls: type[A],
        code: str,
        payload: dict[str, Any],
        call: Callable[[A, Envelope], None],
        *,
        actor: Actor | None,
        command_id: str | None,
        channel: str = Channel.SYSTEM,
    ) -> Accepted:
        """A command on one aggregate: load it by code, then ``call(aggregate, envelope)``."""
        def body(uow: UnitOfWork, env: Envelope) -> None:
            call(uow.get(cls, code, cls.KIND), env)

        return self.run_command(name, actor, command_id, payload, body, channel=channel)

    def _keep_refusal(self, name: str, envelope: Envelope, payload: dict[str, Any],
                      refused: RuleViolation) -> None:
        """Keep a refusal the table lists: with the batch, or at once in its own save."""
        row = kept_for(self.refusals, name, refused)
        if row is None:
            return
        parameters = parameters_kept(row, payload)
        n = 1
        while self._refusal_exists(refusal_code(envelope, row, parameters, n)):
            n += 1
        code = refusal_code(envelope, row, parameters, n)
        self._kept_refusals.append(build_refusal(row, envelope, code, payload, refused))
        if self._batching:
            return
        try:
            self._save_refusals_alone()
        except WriteConflict as lost:
            refused.add_note(str(lost))  # the caller still gets the refusal itself
            return
        self._last_recorded_at = envelope.recorded_at

    def _refusal_exists(self, code: str) -> bool:
        if any(r.code == code for r in self._kept_refusals):
            return True
        try:
            self.repository.get(Refusal.id_for(code), deepcopy_from_cache=False)
        except AggregateNotFoundError:
            return False
        return True

    def _save_refusals_alone(self) -> None:
        """Save the refusals not saved with a batch (outside a batch, or a batch abandoned)."""
        refusals, self._kept_refusals = self._kept_refusals, []
        if not refusals:
            return
        try:
            self._save_in_recorded_order(list(refusals))
        except IntegrityError:
            self._forget(list(refusals))
            raise WriteConflict(
                "another writer saved first; the refusal was not recorded"
            ) from None

    def _flush(self) -> int:
        refusals, self._kept_refusals = self._kept_refusals, []
        aggregates = [*self._uow.pending.values(), *refusals]
        if not aggregates:
            return 0
        try:
            self._save_in_recorded_order(aggregates)
        except IntegrityError:
            self._forget(aggregates)
            raise WriteConflict(
                "another writer changed the same records or used the same code first; "
                "nothing of this save was stored; retry to decide on the current state"
            ) from None
        finally:
            self._uow.clear()
        return len(aggregates)

    def _save_in_recorded_order(self, aggregates: list[LedgerAggregate]) -> None:
        # One transaction; the log follows recording order across aggregates (a stable sort
        # keeps each aggregate's versions in sequence, as its events were recorded in order).
        events = [event for agg in aggregates for event in agg.collect_events()]
        events.sort(key=lambda event: event.timestamp)
        self.save(*events)
        cache = self.repository.cache
        if cache is not None:
            for aggregate in aggregates:
                cache.put(aggregate.id, aggregate)

    def _forget(self, aggregates: list[LedgerAggregate]) -> None:
        cache = self.repository.cache
        if cache is not None:
            for aggregate in aggregates:
                with contextlib.suppress(KeyError):
                    cache.get(aggregate.id, evict=True)

    def _is_retry(self, command_id: str, digest: str) -> bool:
        receipt = self._uow.find(CommandReceipt, command_id)
        self._uow.drop()
        if receipt is None:
            return False
        if receipt.payload_sha256 != digest:
            raise DuplicateError(
                f"command_id {command_id!r} was already used for a different command",
                field="command_id",
            )
        return True

    def _envelope(self, actor: Actor, channel: str, role: str | None) -> Envelope:
        now = self.clock.now()
        last = self._last_recorded_time()
        if last is not None and now < last:
            raise ClockError(
                f"the clock reads {now.isoformat()}, earlier than the last recorded time "
                f"{last.isoformat()}; refusing to record"
            )
        return Envelope(
            actor_id=actor.actor_id,
            actor_role=str(actor.role or role or self._role_of(actor.actor_id)),
            channel=str(actor.channel or channel),
            recorded_at=now,
            evidence=tuple(actor.evidence),
            late_reason=actor.late_reason,
        )

    def _role_of(self, actor_id: str) -> str:
        if actor_id in self._not_cadres or not _looks_like_code(actor_id):
            return "operator"
        try:
            return str(self._uow.peek(Cadre, actor_id).role)
        except NotFound:
            self._not_cadres.add(actor_id)
            return "operator"

    def _last_recorded_time(self) -> datetime | None:
        if self._last_recorded_at is None:
            last_id = self.recorder.max_notification_id()
            if last_id:
                (notification,) = self.recorder.select_notifications(start=last_id, limit=1)
                event = self.mapper.to_domain_event(notification)
                self._last_recorded_at = getattr(event, "recorded_at", None)
        return self._last_recorded_at


def _looks_like_code(value: str) -> bool:
    return bool(value) and not any(c in value for c in " /\t\n")


def require(condition: bool, message: str, field: str) -> None:
    """Refuse a command unless ``condition`` holds."""
    if not condition:
        raise RuleViolation(message, field=field)
