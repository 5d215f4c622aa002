"""Readable renderings of stored events for the terminal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from ledger.application.app import Ledger
from ledger.domain.base import ENVELOPE_FIELDS
from ledger.domain.household import Household
from ledger.domain.labels import label
from ledger.errors import NotFound

HIDDEN = ENVELOPE_FIELDS | {"originator_id", "originator_version", "timestamp",
                            "originator_topic"}


def print_history(ledger: Ledger, code: str, console: Console | None = None) -> None:
    """Print every event of one household in order, with corrections linked both ways."""
    events = list(ledger.repository.event_store.get(Household.id_for(code)))
    if not events:
        raise NotFound("household", code)
    links = _correction_links(events)
    table = Table(title=f"household {code} — {len(events)} events", show_lines=False)
    for column in ("ref", "event", "business time", "recorded at", "actor", "details"):
        table.add_column(column, overflow="fold")
    for event in events:
        table.add_row(*_row(code, event, links))
    (console or Console(width=160)).print(table)


def _row(code: str, event: Any, links: dict[int, list[str]]) -> list[str]:
    name = type(event).__name__
    zh, en = label(name)
    notes = [_fields(event)]
    if event.is_late:
        notes.append(f"[bold red]LATE 补记[/]: {event.late_reason}")
    notes.extend(links.get(event.originator_version, []))
    return [
        f"household/{code}/{event.originator_version}",
        f"{zh} {en}",
        _when(getattr(event, "occurred_at", None) or getattr(event, "occurred_on", None)),
        _when(event.recorded_at),
        f"{event.actor_id} ({event.actor_role}) via {event.channel}",
        "\n".join(n for n in notes if n),
    ]


def _correction_links(events: list[Any]) -> dict[int, list[str]]:
    links: dict[int, list[str]] = {}
    for event in events:
        target = getattr(event, "target_version", None)
        if target is not None:
            past, present = (("corrected", "corrects") if type(event).__name__ == "Corrected"
                             else ("retracted", "retracts"))
            links.setdefault(target, []).append(f"[yellow]{past} by v{event.originator_version}[/]")
            links.setdefault(event.originator_version, []).append(f"{present} v{target}")
    return links


def _fields(event: Any) -> str:
    parts = [f"{k}={_short(v)}" for k, v in vars(event).items() if k not in HIDDEN]
    if event.evidence:
        parts.append("evidence=" + ",".join(d[:12] + "…" for d in event.evidence))
    return " ".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return _when(value)
    text = str(value.value if hasattr(value, "value") else value)
    return text if len(text) <= 60 else text[:57] + "…"


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return value.isoformat() if isinstance(value, date) else "—"
