"""Refusals (拒绝记录): a refused command an auditor should see, kept in the sealed log.

A refusal records who tried which command on what, the rule and the reason, and the command's
non-personal parameters; the refused effect itself (the payment, the exit) is never stored.
Which refusals are kept is the application's table (``ledger.application.refusals``).
"""

from __future__ import annotations

from datetime import datetime

from ledger.domain.base import Created, LedgerAggregate
from ledger.domain.checks import check_code, check_text
from ledger.domain.envelope import Envelope

Parameter = str | int | bool | None


class Refusal(LedgerAggregate):
    """拒绝记录: one refused command, kept for audit; nothing of its effect."""

    KIND = "refusal"

    def __init__(self) -> None:
        super().__init__()
        self.command_name = ""
        self.rule = ""
        self.subject_kind = ""
        self.subject_code = ""

    class CommandRefused(Created):
        """命令被拒: who tried which command on what, the rule broken and the reason."""

        occurred_at: datetime
        command_name: str
        rule: str
        reason: str
        refused_field: str | None
        subject_kind: str
        subject_code: str
        parameters: dict[str, Parameter]

        def apply(self, aggregate: Refusal) -> None:
            aggregate.code = self.code
            aggregate.command_name = self.command_name
            aggregate.rule = self.rule
            aggregate.subject_kind = self.subject_kind
            aggregate.subject_code = self.subject_code

    @classmethod
    def record_refusal(
        cls, envelope: Envelope, code: str, command_name: str, rule: str, reason: str,
        refused_field: str | None, subject: tuple[str, str], parameters: dict[str, Parameter],
    ) -> Refusal:
        """Keep one refusal, at the moment the command was refused."""
        check_code(command_name, "command_name")
        check_code(rule, "rule")
        check_text(reason, "reason")
        subject_kind, subject_code = subject
        check_code(subject_kind, "subject_kind")
        check_code(subject_code, "subject_code")
        return cls.start(
            cls.CommandRefused, envelope, envelope.recorded_at, code,
            occurred_at=envelope.recorded_at, command_name=command_name, rule=rule,
            reason=reason, refused_field=refused_field, subject_kind=subject_kind,
            subject_code=subject_code, parameters=dict(parameters),
        )
