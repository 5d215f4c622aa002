"""``ledger import``: one JSON command per line, each checked field by field.

A bad line is reported with its number, the field and the reason, and nothing of it is stored;
the other lines go in (or, atomically, nothing does).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from ledger.application.app import Ledger
from ledger.application.core import Accepted, Actor
from ledger.domain.coercion import coerce
from ledger.errors import LedgerError, NotFound, RuleViolation

COMMANDS: tuple[str, ...] = (
    "register_county", "register_township", "register_village", "appoint_cadre",
    "assign_cadre", "unassign_cadre", "dismiss_cadre",
    "register_household", "add_member", "remove_member", "assess_indicators",
    "adopt_plan", "revise_plan", "record_visit", "record_diary", "record_income",
    "join_project", "deliver_measure", "earn_points", "redeem_points",
    "start_pairing", "record_pairing_contact", "end_pairing", "hold_activity",
    "review_exit", "post_exit_notice", "raise_exit_objection", "confirm_exit", "approve_exit",
    "return_to_poverty", "start_monitoring", "end_monitoring",
    "award_honour",
    "allocate_fund", "increase_fund", "register_project", "disburse", "complete_project",
    "record_supervision", "record_research_visit", "record_inspection", "hear_report",
    "submit_report", "record_quarterly_review", "record_funds_secured", "hold_talk",
    "issue_bulletin", "excuse_duty",
    "open_round", "commit_sample", "draw_sample", "record_spot_check",
    "raise_finding", "report_rectification", "close_finding", "transfer_case", "close_round",
    "publish_regulation", "revise_regulation", "correct_record", "retract_record",
    "publish_evaluation",
)
ENVELOPE_KEYS = ("actor", "actor_role", "channel", "evidence", "late_reason", "command_id")


@dataclass(frozen=True)
class LineError:
    """Why one line was refused."""

    line: int
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = f" field {self.field!r}:" if self.field else ""
        return f"line {self.line}:{where} {self.reason}"


@dataclass
class ImportReport:
    """What an import did."""

    accepted: int = 0
    retried: int = 0
    events: int = 0
    errors: list[LineError] = field(default_factory=list)
    stored: bool = True

    @property
    def ok(self) -> bool:
        """No line was refused."""
        return not self.errors


def run_line(ledger: Ledger, text: str) -> Accepted:
    """Parse one line and run its command (raises RuleViolation naming the field)."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise RuleViolation(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise RuleViolation("a line must be a JSON object")
    name = data.pop("command", None)
    if name not in COMMANDS:
        raise RuleViolation(f"unknown command {name!r}", field="command")
    actor, command_id = _envelope(data)
    method: Callable[..., Accepted] = getattr(ledger, name)
    kwargs = _arguments(name, _normalise(name, data))
    return method(**kwargs, actor=actor, command_id=command_id)


def import_lines(
    ledger: Ledger, lines: Iterable[str], *, atomic: bool = False, batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Run every non-empty line; save in batches (or once, all or nothing, when atomic)."""
    report = ImportReport()
    try:
        with ledger.batch():
            for number, text in enumerate(lines, start=1):
                if text.strip():
                    _run_counted(ledger, number, text, report)
                if not atomic and number % batch_size == 0:
                    ledger.flush()
                if progress is not None:
                    progress(number)
            if atomic and report.errors:
                raise _AbandonAtomicImport
    except _AbandonAtomicImport:
        report.stored = False
    return report


class _AbandonAtomicImport(Exception):
    """Leaves the batch without saving it."""


def _run_counted(ledger: Ledger, number: int, text: str, report: ImportReport) -> None:
    try:
        accepted = run_line(ledger, text)
    except NotFound as exc:
        report.errors.append(LineError(number, exc.kind, str(exc)))
    except RuleViolation as exc:
        report.errors.append(LineError(number, exc.field, exc.message))
    except LedgerError as exc:
        report.errors.append(LineError(number, None, str(exc)))
    else:
        report.accepted += not accepted.is_retry
        report.retried += accepted.is_retry
        report.events += len(accepted.event_refs)


def _envelope(data: dict[str, Any]) -> tuple[Actor, str | None]:
    values = {key: data.pop(key, None) for key in ENVELOPE_KEYS}
    evidence = values["evidence"] or []
    if not isinstance(evidence, list):
        raise RuleViolation("evidence must be a list of SHA-256 hex digests", field="evidence")
    for key in ("actor", "actor_role", "channel", "late_reason", "command_id"):
        if values[key] is not None and not isinstance(values[key], str):
            raise RuleViolation(f"{key} must be a text", field=key)
    actor = Actor(actor_id=values["actor"] or "importer", role=values["actor_role"],
                  channel=values["channel"] or "import", evidence=tuple(evidence),
                  late_reason=values["late_reason"])
    return actor, values["command_id"]


@functools.cache
def _parameters(name: str) -> tuple[dict[str, inspect.Parameter], dict[str, Any]]:
    method = getattr(Ledger, name)
    params = {n: p for n, p in inspect.signature(method).parameters.items()
              if p.kind is not p.KEYWORD_ONLY and n != "self"}
    return params, typing.get_type_hints(method)


def _arguments(name: str, data: dict[str, Any]) -> dict[str, Any]:
    params, hints = _parameters(name)
    unknown = sorted(set(data) - set(params))
    if unknown:
        raise RuleViolation(f"unknown field {unknown[0]!r}", field=unknown[0])
    for key, param in params.items():
        if param.default is inspect.Parameter.empty and key not in data:
            raise RuleViolation(f"missing required field {key!r}", field=key)
    return {key: coerce(hints[key], value, key) for key, value in data.items()}


def _normalise(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Friendly defaults of the file format: member numbers and relations may be left out."""
    if name == "register_household" and isinstance(data.get("members"), list):
        head = data.get("head")
        data["members"] = [
            _member_defaults(m, i, head) for i, m in enumerate(data["members"], start=1)
        ]
    return data


def _member_defaults(member: Any, number: int, head: Any) -> Any:
    if not isinstance(member, dict):
        return member
    member = dict(member)
    member.setdefault("member_no", number)
    member.setdefault("relation", "户主" if member.get("name") == head else "家庭成员")
    return member
