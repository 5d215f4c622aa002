"""Household replay (户档回放): the household's state as the ledger knew it after each event.

``projections.asof.household_as_of`` replays the household's events in recording order and
says what each one changed. The scrubber needs the *whole* state at every step, so the
changes are folded onto an empty household, step by step, and each state is turned into the
rows a page shows (Chinese label, English label, readable value); a row is marked changed when
its readable value differs from the step before. All frames are rendered into the page, so
moving the scrubber needs no request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.pages.formatting import local_time, yuan
from api.pages.sentences import describe
from api.pages.vocabulary import exit_progress, zh
from projections.asof import AsOf, Step
from projections.household_model import SOURCES, HouseholdModel

State = dict[str, Any]
Render = Callable[[State], str]


@dataclass(frozen=True)
class Field:
    """One row of the state table: key, labels, and how it reads from the state."""

    key: str
    label_zh: str
    label_en: str
    render: Render


def _latest_income(state: State) -> tuple[int, int, int] | None:
    """(year, total fen, per-capita fen) of the latest year with income on record."""
    years: dict[Any, dict[str, int]] = state.get("income_years") or {}
    if not years:
        return None
    year = max(years, key=int)
    total = sum(int(years[year].get(s, 0)) for s in SOURCES)
    return int(year), total, total // max(1, len(state.get("members") or {}))


def _income_total(state: State) -> str:
    found = _latest_income(state)
    return "—" if found is None else f"{found[0]}年 {yuan(found[1])}"


def _income_per_capita(state: State) -> str:
    found = _latest_income(state)
    return "—" if found is None else f"{found[0]}年 {yuan(found[2])}"


def _indicators(state: State) -> str:
    found: dict[str, bool] = state.get("indicators") or {}
    return f"{sum(found.values())}/{len(found)} 项达标" if found else "—"


def _plan(state: State) -> str:
    plan = state.get("plan")
    return "—" if not plan else f"{plan.get('target', '')} → {plan.get('goal', '')}"


def _cadres(state: State) -> str:
    open_ones = [a["cadre_code"] for a in state.get("assignments") or [] if a["to_date"] is None]
    return "、".join(open_ones) or "—"


def _plain(key: str) -> Render:
    return lambda state: "—" if state.get(key) in (None, "") else str(state[key])


def _word(key: str, vocabulary: str) -> Render:
    return lambda state: zh(vocabulary, state.get(key))


FIELDS: tuple[Field, ...] = (
    Field("status", "状态", "status", _word("status", "status")),
    Field("exit_stage", "退出进度", "exit stage",
          lambda s: exit_progress(s.get("status"), s.get("exit_stage"), s.get("exited_on"))),
    Field("category", "贫困户属性", "category", _word("category", "category")),
    Field("poverty_cause", "致贫原因", "poverty cause",
          _word("poverty_cause", "cause")),
    Field("head_name", "户主", "head", _plain("head_name")),
    Field("members", "家庭人口", "members",
          lambda s: f"{len(s.get('members') or {})} 人"),
    Field("indicators", "两不愁三保障", "assurances", _indicators),
    Field("income_total", "年收入合计", "income total", _income_total),
    Field("income_per_capita", "人均纯收入", "per-capita income",
          _income_per_capita),
    Field("plan", "五定计划", "five-fixes plan", _plan),
    Field("cadres", "包户干部", "household cadres", _cadres),
    Field("projects", "增收项目", "income projects",
          lambda s: "、".join(s.get("projects") or []) or "—"),
    Field("assistance", "帮扶资金", "assistance",
          lambda s: f"{yuan(s.get('assistance_fen'))}（{s.get('measures', 0)} 项措施）"),
    Field("points", "爱心超市积分", "points balance", _plain("points_balance")),
    Field("visits", "入户走访", "visits", _plain("visits")),
    Field("last_visit_at", "最近入户", "last visit",
          lambda s: local_time(s.get("last_visit_at"))),
    Field("phone_contacts", "电话联系", "phone contacts",
          _plain("phone_contacts")),
    Field("diary_entries", "扶贫日记", "diary entries", _plain("diary_entries")),
    Field("findings", "未销号问题", "open findings",
          lambda s: f"{s.get('open_findings', 0)} / 共 {s.get('findings', 0)}"),
    Field("late_events", "补记", "late records", _plain("late_events")),
    Field("corrections", "更正 / 撤销", "corrections / retractions",
          lambda s: f"{s.get('corrections', 0)} / {s.get('retractions', 0)}"),
)


@dataclass(frozen=True)
class Frame:
    """One scrubber position: the event, the state after it, and which rows it changed."""

    index: int
    step: Step
    row: dict[str, Any]
    values: dict[str, str]
    changed: list[str]
    kind: str
    sentence: str

    @property
    def is_flagged(self) -> bool:
        """Late, a correction or retraction, or amended later: what an inspector jumps to."""
        return self.kind != "plain"

    def as_json(self) -> dict[str, Any]:
        """What the scrubber's script reads (values and changed rows only)."""
        return {"values": self.values, "changed": self.changed}


@dataclass(frozen=True)
class Replay:
    """Every frame of one household, and the one the page opens on."""

    code: str
    frames: list[Frame] = field(default_factory=list)
    initial: int = 0

    @property
    def flagged(self) -> list[Frame]:
        """The frames worth a jump: late records, corrections, retractions, amended ones."""
        return [f for f in self.frames if f.is_flagged]

    @property
    def fields(self) -> tuple[Field, ...]:
        """The rows of the state table."""
        return FIELDS


def frames(as_of: AsOf, rows_by_ref: dict[str, dict[str, Any]],
           names: dict[str, str] | None = None, *, visible: bool = True) -> list[Frame]:
    """Fold each step's changes onto the empty household; render the state after each.

    Each event reads as one sentence (:mod:`api.pages.sentences`) from its timeline row; an
    event the views have not applied yet reads as its label.
    """
    state: State = HouseholdModel(as_of.code).snapshot()
    shown = {f.key: f.render(state) for f in FIELDS}
    found: list[Frame] = []
    for index, step in enumerate(as_of.applied):
        state = {**state, **{k: after for k, (_, after) in step.changes.items()}}
        values = {f.key: f.render(state) for f in FIELDS}
        changed = [key for key, value in values.items() if shown[key] != value]
        row = rows_by_ref.get(step.ref, {})
        sentence = describe(row, names or {}, visible=visible) if row else step.label_zh
        found.append(Frame(index, step, row, values, changed, kind_of(step, row), sentence))
        shown = values
    return found


def kind_of(step: Step, row: dict[str, Any]) -> str:
    """``correction``, ``retraction``, ``late``, ``voided`` (retracted later) or ``plain``."""
    if step.event_type == "Corrected":
        return "correction"
    if step.event_type == "Retracted":
        return "retraction"
    if step.is_late:
        return "late"
    if row.get("retracted_by") or row.get("corrected_by"):
        return "amended"
    return "plain"


def build(as_of: AsOf, timeline_rows: list[dict[str, Any]], on: date | None = None,
          names: dict[str, str] | None = None, *, visible: bool = True) -> Replay:
    """The replay of one household; opens on the last event recorded by ``on`` (or the end)."""
    found = frames(as_of, {r["ref"]: r for r in timeline_rows}, names, visible=visible)
    initial = len(found) - 1
    if on is not None:
        known = [f.index for f in found if f.step.recorded_at[:10] <= on.isoformat()]
        initial = known[-1] if known else 0
    return Replay(as_of.code, found, max(0, initial))
