"""Which refused commands are kept in the sealed log (拒绝记录), and what a kept refusal holds.

A refused command raises its :class:`RuleViolation` to the caller and stores nothing of its
effect. When the violation and the command are in :data:`KEPT_REFUSALS`, a
:class:`~ledger.domain.refusal.Refusal` is saved after the refused scope is dropped: who tried,
the command, the rule, the reason, the subject and only the parameters the table names (so no
personal value is ever echoed). ``Ledger(refusals=...)`` takes another table; ``()`` keeps none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from ledger.domain.envelope import Envelope
from ledger.domain.refusal import Parameter, Refusal
from ledger.errors import (
    ExitConditionsUnmet,
    FundMisdirected,
    NotAuthorised,
    NotResponsible,
    OverBalance,
    RuleViolation,
)


@dataclass(frozen=True)
class KeptRefusal:
    """One row of the table: a violation of ``rule`` by ``command`` is kept, about the subject
    named by ``subject`` (kind, payload key; kind ``event`` reads the kind and code from an
    event reference ``kind/code/version``), with the ``parameters`` listed (never others)."""

    violation: type[RuleViolation]
    command: str
    rule: str
    subject: tuple[str, str]
    parameters: tuple[str, ...]


DISBURSEMENT = ("fund", "disbursement", "amount_fen", "programme", "occurred_on",
                "approved_by", "project", "household")
KEPT_REFUSALS: tuple[KeptRefusal, ...] = (
    KeptRefusal(OverBalance, "disburse", "fund.balance", ("fund", "fund"), DISBURSEMENT),
    KeptRefusal(FundMisdirected, "disburse", "fund.programme", ("fund", "fund"), DISBURSEMENT),
    KeptRefusal(ExitConditionsUnmet, "review_exit", "exit.conditions",
                ("household", "household"), ("household", "occurred_on", "year")),
    KeptRefusal(NotAuthorised, "approve_exit", "exit.approver", ("household", "household"),
                ("household", "occurred_on", "approved_by")),
    KeptRefusal(NotResponsible, "record_visit", "contact.not_responsible",
                ("household", "household"), ("household", "cadre", "occurred_at", "mode")),
    KeptRefusal(NotResponsible, "record_diary", "contact.not_responsible",
                ("household", "household"), ("household", "cadre", "occurred_on")),
    KeptRefusal(NotAuthorised, "correct_record", "correction.self_authorised",
                ("event", "target_event"), ("target_event", "authorised_by")),
    KeptRefusal(NotAuthorised, "retract_record", "correction.self_authorised",
                ("event", "target_event"), ("target_event", "authorised_by")),
)
"""The refusals worth an auditor's attention (docs/architecture.md, "Refusals")."""


def kept_for(table: tuple[KeptRefusal, ...], command: str,
             violation: RuleViolation) -> KeptRefusal | None:
    """The table's row for this command and violation, if it is kept."""
    return next((row for row in table
                 if row.command == command and isinstance(violation, row.violation)), None)


def parameters_kept(row: KeptRefusal, payload: Mapping[str, Any]) -> dict[str, Parameter]:
    """The payload's values of the parameters the row lists, as plain text or numbers."""
    return {name: _plain(payload[name]) for name in row.parameters
            if payload.get(name) is not None}


def refusal_code(envelope: Envelope, row: KeptRefusal, parameters: dict[str, Parameter],
                 n: int) -> str:
    """A code for the refusal, the same for the same refused command at the same moment
    (``n`` tells apart repeats within one recorded instant)."""
    text = "|".join([envelope.recorded_at.isoformat(), envelope.actor_id, row.command,
                     *(f"{k}={parameters[k]}" for k in sorted(parameters))])
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{envelope.recorded_at:%Y%m%dT%H%M%S}-{digest}-{n}"


def build_refusal(row: KeptRefusal, envelope: Envelope, code: str,
                  payload: Mapping[str, Any], violation: RuleViolation) -> Refusal:
    """The refusal to keep: the envelope of the refused command, its rule and its reason."""
    return Refusal.record_refusal(
        envelope, code, row.command, row.rule, violation.message, violation.field,
        _subject(row, payload), parameters_kept(row, payload))


def _subject(row: KeptRefusal, payload: Mapping[str, Any]) -> tuple[str, str]:
    kind, key = row.subject
    value = str(payload.get(key))
    if kind != "event":
        return kind, value
    target_kind, _, rest = value.partition("/")
    return target_kind, rest.partition("/")[0]


def _plain(value: Any) -> Parameter:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, bool)):
        return value
    return str(value)
