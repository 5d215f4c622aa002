"""A household as the ledger knew it at a recorded time T, and as of a business date D.

Only that household's events are read (its own stream, by aggregate id, plus the findings
that name it, located through the audit timeline when the views are given): the cost grows
with the household's history, never with the ledger's size. The household_state reducer is
replayed over the events recorded up to T whose business time falls on or before D;
corrections and retractions take effect at their own time (the domain records a correction's
business time as its recording time), so an as-of before a correction shows the uncorrected
value, and the correction is listed among the later events with what it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ledger.domain.household import Household
from ledger.domain.inspection import InspectionRound
from ledger.domain.values import Policy
from ledger.errors import NotFound
from projections import findings_model, household_model
from projections.asof_state import MemoryLines, changed_fields, state_of
from projections.db import ViewDb
from projections.formats import instant, when
from projections.household_model import HouseholdModel
from projections.source import EventSource, Item
from projections.summaries import labels, summary

SHANGHAI = ZoneInfo("Asia/Shanghai")
"""Business dates are days of the Asia/Shanghai calendar, for timed and dated events alike."""
RECENT_VISITS = timedelta(weeks=4)


@dataclass(frozen=True)
class Step:
    """One event of the household's history and what it changed."""

    ref: str
    position: int | None
    event_type: str
    label_zh: str
    label_en: str
    business_time: str | None
    recorded_at: str
    actor_id: str | None
    is_late: bool
    summary: str
    changes: dict[str, list[Any]]


@dataclass(frozen=True)
class AsOf:
    """The household's state at the cut-off, the events that made it, and those after it."""

    code: str
    recorded_at: datetime | None
    business_date: date | None
    state: dict[str, Any]
    applied: list[Step] = field(default_factory=list)
    later: list[Step] = field(default_factory=list)
    includes_findings: bool = False


def household_as_of(
    source: EventSource, code: str, recorded_at: datetime | None = None,
    business_date: date | None = None, *, views: ViewDb | None = None,
    policy: Policy | None = None,
) -> AsOf:
    """Replay one household's events up to ``recorded_at`` and ``business_date`` (both optional)."""
    if recorded_at is not None and recorded_at.tzinfo is None:
        recorded_at = recorded_at.replace(tzinfo=UTC)
    items = _items(source, code, views)
    if not items:
        raise NotFound("household", code)
    chosen = [i for i in items if _included(i, recorded_at, business_date)]
    model, store, applied = _replay(code, chosen)
    cut = _cut_instant(recorded_at, business_date, chosen)
    state = state_of(model, store, policy or Policy(), since=cut - RECENT_VISITS, until=cut)
    refs = {i.ref for i in chosen}
    rest = [i for i in items if i.ref not in refs]
    if [i.ref for i in items[:len(chosen)]] == [i.ref for i in chosen]:
        later = _replay(code, rest, model, store)[2]  # a prefix: go on from the cut-off
    else:
        steps = {s.ref: s for s in _replay(code, items)[2]}
        later = [steps[i.ref] for i in rest]
    return AsOf(code, recorded_at, business_date, state, applied, later,
                includes_findings=views is not None)


def _replay(
    code: str, items: list[Item], model: HouseholdModel | None = None,
    store: MemoryLines | None = None,
) -> tuple[HouseholdModel, MemoryLines, list[Step]]:
    model = model or HouseholdModel(code)
    store = store or MemoryLines()
    steps = []
    for item in items:
        before = model.snapshot()
        if item.kind == "household":
            household_model.apply(model, item, store)
        else:
            findings_model.apply(item, store, lambda c: model if c == code else None)
        household_model.finish(model, store)
        steps.append(_step(item, changed_fields(before, model.snapshot())))
    return model, store, steps


def _step(item: Item, changes: dict[str, list[Any]]) -> Step:
    zh, en = labels(item)
    e = item.event
    return Step(item.ref, item.position or None, item.type_name, zh, en, when(item.business),
                instant(item.recorded_at), getattr(e, "actor_id", None),
                bool(getattr(e, "is_late", False)), summary(item), changes)


def _included(item: Item, recorded_at: datetime | None, business_date: date | None) -> bool:
    if recorded_at is not None and item.recorded_at > recorded_at:
        return False
    if business_date is None:
        return True
    business = item.business
    day = business.astimezone(SHANGHAI).date() if isinstance(business, datetime) else business
    return day <= business_date


def _cut_instant(recorded_at: datetime | None, business_date: date | None,
                 chosen: list[Item]) -> datetime:
    ends = [recorded_at] if recorded_at is not None else []
    if business_date is not None:
        ends.append(datetime.combine(business_date + timedelta(days=1), datetime.min.time(),
                                     tzinfo=SHANGHAI).astimezone(UTC))
    if not ends:
        ends = [chosen[-1].recorded_at] if chosen else [datetime.now(UTC)]
    return min(ends)


def _items(source: EventSource, code: str, views: ViewDb | None) -> list[Item]:
    """The household's own events, then (through the timeline) the findings about it."""
    positions: dict[tuple[str, str, int], int] = {}
    related: list[tuple[str, int]] = []
    if views is not None:
        for kind, agg, version, position in views.fetchall(
            "SELECT aggregate_kind, aggregate_code, version, position FROM view_timeline_event "
            "WHERE household_code = ? OR corrects_ref IN (SELECT ref FROM view_timeline_event "
            "WHERE household_code = ? AND aggregate_kind = 'round')", (code, code)):
            positions[(kind, agg, version)] = position
            if kind == "round":
                related.append((agg, version))
    own = [_item(0, "household", code, e) for e in source.stream(Household.id_for(code))]
    rounds = [_round_event(source, r, v) for r, v in related]
    found = [*own, *(i for i in rounds if i is not None)]
    placed = [_with_position(i, positions.get((i.kind, i.code, i.version), 0)) for i in found]
    return sorted(placed, key=lambda i: (i.recorded_at, i.position, i.kind != "household",
                                         i.version))


def _round_event(source: EventSource, round_code: str, version: int) -> Item | None:
    stored = source.recorder.select_events(InspectionRound.id_for(round_code), gt=version - 1,
                                           lte=version)
    return _item(0, "round", round_code, source.decode(stored[0])) if stored else None


def _item(position: int, kind: str, code: str, event: Any) -> Item:
    return Item(position, kind, code, event.originator_version, type(event).__name__, event)


def _with_position(item: Item, position: int) -> Item:
    return Item(position, item.kind, item.code, item.version, item.type_name, item.event)
