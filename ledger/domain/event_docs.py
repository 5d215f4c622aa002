"""Renders the events catalogue (docs/events.md) from the event classes themselves."""

from __future__ import annotations

import typing
from typing import Any

from ledger.domain import catalogue
from ledger.domain.base import ENVELOPE_FIELDS
from ledger.domain.envelope import LedgerEvent
from ledger.domain.labels import label
from ledger.domain.values import PERSONAL

BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic"}

HEADER = """# Events catalogue

Generated from the event classes by `python -m ledger.domain.event_docs > docs/events.md`;
a test fails when this file is out of date. Topics (`module:QualName`), field names and enum
values are persisted contracts: a change needs `class_version` and an upcaster; an event
shown as `(v2)` is at that class version and reads its older stored versions by upcasting.

Every event also carries the envelope: `actor_id`, `actor_role`, `channel`, `recorded_at`,
`evidence` (SHA-256 hex digests), `is_late`, `late_reason`, and one business time
(`occurred_at` or `occurred_on`). Fields marked **personal** hold personal data (names,
ID numbers, phones, health, free text about people): a later issue encrypts them per person.
"""


def render() -> str:
    """The whole catalogue as Markdown."""
    parts = [HEADER]
    for aggregate in catalogue.AGGREGATES:
        parts.append(f"\n## {aggregate.__name__} (`{aggregate.KIND}`)\n")
        doc = (aggregate.__doc__ or "").strip().splitlines()[0]
        parts.append(f"{doc}\n")
        parts.append("| event | 中文 | fields | late after | correctable | topic |")
        parts.append("|---|---|---|---|---|---|")
        for event_class in catalogue.event_classes(aggregate):
            parts.append(_row(event_class))
    return "\n".join(parts) + "\n"


def _row(event_class: type[LedgerEvent]) -> str:
    zh, _en = label(event_class.__name__)
    hints = typing.get_type_hints(event_class, include_extras=True)
    fields = ", ".join(
        _field(name, hint) for name, hint in hints.items()
        if name not in BASE_FIELDS and (name not in ENVELOPE_FIELDS or name.startswith("occ"))
        and typing.get_origin(hint) is not typing.ClassVar
    )
    window = event_class.late_after
    late = f"{window.days} d" if window is not None else "—"
    correctable = ", ".join(sorted(event_class.correctable)) or "—"
    topic = f"`{event_class.__module__}:{event_class.__qualname__}`"
    version = getattr(event_class, "class_version", 1)
    name = event_class.__name__ + (f" (v{version})" if version > 1 else "")
    return f"| {name} | {zh} | {fields} | {late} | {correctable} | {topic} |"


def _field(name: str, hint: Any) -> str:
    personal = typing.get_origin(hint) is typing.Annotated and PERSONAL in hint.__metadata__
    shown = typing.get_args(hint)[0] if personal else hint
    text = f"`{name}`: {_type_name(shown)}"
    return text + " **personal**" if personal else text


def _type_name(hint: Any) -> str:
    if isinstance(hint, type):
        return hint.__name__
    text = str(hint).replace("typing.", "").replace("ledger.domain.values.", "")
    return text.replace(" | ", " or ")


if __name__ == "__main__":
    print(render(), end="")
