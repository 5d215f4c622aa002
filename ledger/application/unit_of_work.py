"""A unit of work over the ledger's aggregates: every command runs in a scope of its own copies,
so a refused command leaves nothing behind; a batch saves many commands in one transaction."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from ledger.domain.base import LedgerAggregate
from ledger.errors import NotFound

if TYPE_CHECKING:
    from eventsourcing.application import Application

A = TypeVar("A", bound=LedgerAggregate)


class UnitOfWork:
    """Aggregates touched by the pending commands, not yet saved."""

    def __init__(self, app: Application[UUID]) -> None:
        self._app = app
        self.pending: dict[UUID, LedgerAggregate] = {}
        self._scope: dict[UUID, LedgerAggregate] = {}

    def find(self, cls: type[A], code: str) -> A | None:
        """The aggregate with that code as this command sees it, or None."""
        key = cls.id_for(code)
        if key in self._scope:
            return self._checked(cls, self._scope[key])
        base = self.pending.get(key)
        if base is not None:
            found: LedgerAggregate = copy.deepcopy(base)
        else:
            try:
                found = self._app.repository.get(key)
            except AggregateNotFoundError:
                return None
        self._scope[key] = found
        return self._checked(cls, found)

    def peek(self, cls: type[A], code: str, field: str | None = None) -> A:
        """Read-only access without a copy (for checks): never call a command method on it."""
        key = cls.id_for(code)
        found = self._scope.get(key) or self.pending.get(key)
        if found is None:
            try:
                found = self._app.repository.get(key, deepcopy_from_cache=False)
            except AggregateNotFoundError:
                raise NotFound(field or cls.KIND, code) from None
        return self._checked(cls, found)

    def get(self, cls: type[A], code: str, field: str | None = None) -> A:
        """The aggregate with that code; NotFound names the kind and code."""
        found = self.find(cls, code)
        if found is None:
            raise NotFound(field or cls.KIND, code)
        return found

    def add(self, aggregate: LedgerAggregate) -> None:
        """Take a new aggregate into this command's scope."""
        self._scope[aggregate.id] = aggregate

    def new_events(self) -> list[tuple[LedgerAggregate, int]]:
        """(aggregate, version) of every event this command triggered so far."""
        return [
            (agg, event.originator_version)
            for agg in self._scope.values()
            for event in agg.pending_events
            if self._is_new(agg, event.originator_version)
        ]

    def keep(self) -> None:
        """The command succeeded: its scope joins the pending batch."""
        for key, agg in self._scope.items():
            if agg.pending_events:
                self.pending[key] = agg
        self._scope = {}

    def drop(self) -> None:
        """The command was refused: forget everything it touched."""
        self._scope = {}

    def clear(self) -> None:
        """After a save (or an abandoned batch)."""
        self.pending = {}
        self._scope = {}

    def _is_new(self, agg: LedgerAggregate, version: int) -> bool:
        base = self.pending.get(agg.id)
        if base is None or not base.pending_events:
            return True
        return version > base.pending_events[-1].originator_version

    @staticmethod
    def _checked(kind: type[A], found: LedgerAggregate) -> A:
        if not isinstance(found, kind):
            raise NotFound(kind.KIND, getattr(found, "code", str(found.id)))
        return found
