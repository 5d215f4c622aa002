"""Readable event lines: every golden event type renders as prose, never as a Python repr."""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import pytest
from eventsourcing.persistence import StoredEvent

from ledger.application.app import Ledger
from ledger.domain import catalogue
from ledger.domain.describe import describe, member_line, plain, readable, shanghai, yuan
from ledger.domain.values import Health, HouseholdCategory, Member

GOLDEN = Path(__file__).resolve().parents[1] / "compat" / "golden_events.jsonl"
VALUE_TYPES = [t.__name__ for t in catalogue.value_types()]


def golden_events() -> list[Any]:
    reader = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    rows = [orjson.loads(line) for line in GOLDEN.read_text().splitlines()]
    return [reader.mapper.to_domain_event(StoredEvent(
        UUID(r["originator_id"]), r["originator_version"], r["topic"],
        base64.b64decode(r["state"]))) for r in rows]


def first_of_each_type() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for event in golden_events():
        found.setdefault(type(event).__qualname__, event)
    return found


@pytest.mark.parametrize(("name", "event"), sorted(first_of_each_type().items()))
def test_every_golden_event_type_reads_without_a_repr(name: str, event: Any) -> None:
    """No ``ClassName(field=`` nor ``{'key'`` nor ``[...]`` list reprs; the label leads."""
    line = describe(event)
    for class_name in [type(event).__name__, *VALUE_TYPES]:
        assert f"{class_name}(" not in line, line
    assert not re.search(r"\w+=", line), line
    for repr_mark in ("{'", "['", "<"):
        assert repr_mark not in line, line
    assert re.match(r"\S+ \([a-z .-]+\)", line), line


def test_the_golden_log_covers_many_event_types() -> None:
    """The check above is not vacuous: the golden log holds events of twenty-odd types."""
    assert len(first_of_each_type()) >= 20


def test_money_is_shown_in_yuan_and_enums_by_their_chinese_label() -> None:
    """Fen become ¥ with two decimals; a category reads 低保户 (dibao)."""
    assert yuan(744000) == "¥7,440.00"
    assert yuan(-5) == "-¥0.05"
    assert readable(372000, "amount_fen") == "¥3,720.00"
    assert readable(HouseholdCategory.DIBAO, "category") == "低保户 (dibao)"
    assert readable("in_person", "channel") == "入户 (in_person)"
    assert readable(True) == "是"


def test_members_read_as_a_numbered_list() -> None:
    """``1. 张三 (户主, 1965)``; health and inability to work are added when they apply."""
    assert member_line(Member(1, "张三", "户主", birth_year=1965)) == "1. 张三 (户主, 1965)"
    ill = Member(2, "李四", "配偶", birth_year=1967, health=Health.CHRONIC, can_work=False)
    assert member_line(ill) == "2. 李四 (配偶, 1967, 慢性病 (chronic), 无劳动能力)"


def test_times_are_shown_in_asia_shanghai_with_their_offset() -> None:
    """A UTC instant reads eight hours later with +08:00; JSON uses the same text."""
    moment = datetime(2018, 1, 10, 2, 58, tzinfo=UTC)
    assert shanghai(moment) == "2018-01-10T10:58:00+08:00"
    assert plain(moment) == "2018-01-10T10:58:00+08:00"
    assert plain(date(2018, 1, 3)) == "2018-01-03"
    assert plain(HouseholdCategory.DIBAO) == "dibao"
