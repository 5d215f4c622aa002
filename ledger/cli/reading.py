"""``ledger history``: a household's stored events, one readable entry each, or JSON lines.

Lines come from :mod:`ledger.domain.describe` (中文 terms with the English in brackets, money in
¥, times in Asia/Shanghai with their offset), the renderer the pages use too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ledger.application.app import Ledger
from ledger.domain.describe import NOT_SHOWN, details_text, plain, readable, when
from ledger.domain.household import Household
from ledger.domain.labels import label
from ledger.errors import NotFound

JSON_KEYS = ("ref", "type", "label_zh", "label_en", "business_time", "recorded_at",
             "actor_id", "actor_role", "channel", "is_late", "late_reason", "evidence",
             "corrects", "corrected_by", "retracted_by", "fields", "text")
"""The keys of each ``--json`` line, in this order (a stable contract for tools)."""


def print_history(ledger: Ledger, code: str, *, as_json: bool = False,
                  say: Callable[[str], None] = print) -> None:
    """Print every event of one household in order, with corrections linked both ways."""
    events = list(ledger.repository.event_store.get(Household.id_for(code)))
    if not events:
        raise NotFound("household", code)
    links = _correction_links(events)
    if as_json:
        for event in events:
            say(json.dumps(history_record(code, event, links), ensure_ascii=False))
        return
    say(f"household {code}: {len(events)} events (times in Asia/Shanghai)")
    for event in events:
        say("")
        for line in _entry(code, event, links):
            say(line)


def history_record(code: str, event: Any, links: dict[int, dict[str, list[int]]]) -> dict[str, Any]:
    """One event as a JSON-ready object with the keys of :data:`JSON_KEYS`."""
    zh, en = label(type(event).__name__)
    linked = links.get(event.originator_version, {})
    record = {
        "ref": _ref(code, event),
        "type": type(event).__name__,
        "label_zh": zh,
        "label_en": en,
        "business_time": plain(_business_time(event)),
        "recorded_at": plain(event.recorded_at),
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "channel": event.channel,
        "is_late": event.is_late,
        "late_reason": event.late_reason,
        "evidence": list(event.evidence),
        "corrects": next(iter(linked.get("corrects", []) + linked.get("retracts", [])), None),
        "corrected_by": linked.get("corrected", []),
        "retracted_by": linked.get("retracted", []),
        "fields": {k: plain(v) for k, v in vars(event).items() if k not in NOT_SHOWN},
        "text": details_text(event),
    }
    return {key: record[key] for key in JSON_KEYS}


def _entry(code: str, event: Any, links: dict[int, dict[str, list[int]]]) -> list[str]:
    zh, en = label(type(event).__name__)
    who = (f"{event.actor_id}, {readable(event.actor_role, 'actor_role')}, "
           f"via {readable(event.channel, 'channel')}")
    lines = [
        f"{_ref(code, event)}  {zh} ({en})",
        f"    happened {when(_business_time(event))} · recorded {when(event.recorded_at)}"
        f" · by {who}",
    ]
    details = details_text(event)
    if details:
        lines.append(f"    {details}")
    if event.is_late:
        lines.append(f"    LATE 补记 (recorded late): {event.late_reason}")
    if event.evidence:
        lines.append("    evidence 证据: " + ", ".join(d[:12] + "…" for d in event.evidence))
    lines.extend(f"    {note}" for note in _link_notes(links.get(event.originator_version, {})))
    return lines


def _link_notes(linked: dict[str, list[int]]) -> list[str]:
    words = {"corrected": "corrected by 被更正", "retracted": "retracted by 被撤销",
             "corrects": "corrects 更正", "retracts": "retracts 撤销"}
    notes: list[str] = []
    for key, phrase in words.items():
        head, _, zh = phrase.rpartition(" ")
        notes.extend(f"{head} v{version} ({zh})" for version in linked.get(key, []))
    return notes


def _correction_links(events: list[Any]) -> dict[int, dict[str, list[int]]]:
    links: dict[int, dict[str, list[int]]] = {}
    for event in events:
        target = getattr(event, "target_version", None)
        if target is not None:
            past, present = (("corrected", "corrects") if type(event).__name__ == "Corrected"
                             else ("retracted", "retracts"))
            links.setdefault(target, {}).setdefault(past, []).append(event.originator_version)
            links.setdefault(event.originator_version, {}).setdefault(present, []).append(target)
    return links


def _business_time(event: Any) -> Any:
    return getattr(event, "occurred_at", None) or getattr(event, "occurred_on", None)


def _ref(code: str, event: Any) -> str:
    return f"household/{code}/{event.originator_version}"
