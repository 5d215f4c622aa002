"""Idempotency: a command carrying a ``command_id`` is accepted once; a retry changes nothing."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import orjson

from ledger.domain.base import Created, LedgerAggregate
from ledger.domain.envelope import Envelope


class CommandReceipt(LedgerAggregate):
    """Proof that a command with this id was accepted (saved atomically with its events)."""

    KIND = "command"

    def __init__(self) -> None:
        super().__init__()
        self.command_name = ""
        self.payload_sha256 = ""
        self.event_refs: list[str] = []

    class Accepted(Created):
        """A command was accepted; ``payload_sha256`` tells a retry from a reuse of the id."""

        occurred_at: datetime
        command_name: str
        payload_sha256: str
        event_refs: list[str]

        def apply(self, aggregate: CommandReceipt) -> None:
            aggregate.code = self.code
            aggregate.command_name = self.command_name
            aggregate.payload_sha256 = self.payload_sha256
            aggregate.event_refs = list(self.event_refs)

    @classmethod
    def accept(
        cls, envelope: Envelope, command_id: str, command_name: str, payload_sha256: str,
        event_refs: list[str],
    ) -> CommandReceipt:
        """Record the acceptance of a command."""
        return cls.start(
            cls.Accepted, envelope, envelope.recorded_at, command_id,
            occurred_at=envelope.recorded_at, command_name=command_name,
            payload_sha256=payload_sha256, event_refs=event_refs,
        )


def payload_digest(command_name: str, payload: dict[str, Any]) -> str:
    """A stable digest of a command's content (keys sorted, values as text)."""
    body = orjson.dumps([command_name, payload], option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(body).hexdigest()
