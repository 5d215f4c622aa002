"""The measures a regulation rule can name, each a documented formula over the views.

A measure counts, for every unit of a level (a cadre, a village, a township), the instances
owed in the period and how each ended: ``met``, ``met_late``, ``missed``, ``excused``; ``open``
instances (not yet judged when the log was read) are counted but never scored. The names are a
persisted contract shared with the write side (``ledger.domain.values.MEASURES``), which refuses
a regulation naming a measure this module does not define.

Obligation-based measures read the accountability view's root obligations (escalation steps
excluded) whose window ends inside the period. The three others read the household and cadre
views, over the period's whole months or weeks that ended before the log's knowledge time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from projections.db import ViewDb
from projections.evaluation.periods import Period

LEVELS = ("cadre", "village", "township")
STATES = ("met", "met_late", "missed", "excused", "open")


@dataclass
class Counts:
    """How the instances of one measure ended for one unit."""

    met: int = 0
    met_late: int = 0
    missed: int = 0
    excused: int = 0
    open: int = 0

    def add(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

    def as_dict(self) -> dict[str, int]:
        return {state: getattr(self, state) for state in STATES}


Tally = dict[tuple[str, str], Counts]
"""(level, unit code) → counts."""


@dataclass(frozen=True)
class Context:
    """What every measure reads: the views, the period, and the log's knowledge day."""

    db: ViewDb
    period: Period
    known_on: date
    cache: dict[str, Any] = field(default_factory=dict, compare=False)

    def obligations(self) -> dict[str, list[tuple[str, str, str, str]]]:
        """The period's root obligations by duty (one read, shared by every measure)."""
        if "obligations" not in self.cache:
            by_duty: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
            for duty, owner, village, township, status in self.db.fetchall(
                    "SELECT duty, owner, village_code, township_code, status "
                    "FROM view_obligation WHERE step = 0 AND window_end >= ? "
                    "AND window_end <= ? ORDER BY obligation_id",
                    (self.period.first.isoformat(), self.period.last.isoformat())):
                by_duty[str(duty)].append((owner, village, township, status))
            self.cache["obligations"] = by_duty
        found: dict[str, list[tuple[str, str, str, str]]] = self.cache["obligations"]
        return found


@dataclass(frozen=True)
class Measure:
    """A named formula: its description (docs) and how it counts."""

    name: str
    description: str
    count: Callable[[Context], Tally]


def _obligations(*duties: str) -> Callable[[Context], Tally]:
    def count(ctx: Context) -> Tally:
        tally: Tally = defaultdict(Counts)
        rows = [row for duty in duties for row in ctx.obligations().get(duty, [])]
        for owner, village, township, status in rows:
            for level, unit in (("cadre", owner), ("village", village), ("township", township)):
                if unit:
                    tally[level, unit].add(status)
        return tally
    return count


def _months(ctx: Context) -> list[tuple[date, date]]:
    first, months = ctx.period.first, []
    while first <= ctx.period.last:
        nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        if nxt - timedelta(days=1) < ctx.known_on:
            months.append((first, nxt - timedelta(days=1)))
        first = nxt
    return months


Spans = dict[str, list[tuple[str, str, str]]]
"""Household → its assignment periods (from, to or "", cadre), in start order."""


def _spans(ctx: Context) -> Spans:
    spans: Spans = defaultdict(list)
    for household, cadre, first, last in ctx.db.fetchall(
            "SELECT household_code, cadre_code, from_date, to_date FROM view_household_assignment "
            "WHERE role = 'household_cadre' ORDER BY household_code, from_date, cadre_code"):
        spans[str(household)].append((str(first)[:10], str(last or "")[:10], str(cadre)))
    return spans


def _holder(spans: Spans, household: str, day: date) -> str | None:
    """The household cadre holding the household on that day (the latest to start)."""
    text, found = day.isoformat(), None
    for first, last, cadre in spans.get(household, []):
        if first <= text and (not last or last >= text):
            found = cadre
    return found


def _income_lines(ctx: Context) -> Tally:
    """Household-months with at least one (unretracted) income line dated in the month."""
    tally: Tally = defaultdict(Counts)
    homes = ctx.db.fetchall(
        "SELECT code, village_code, township_code, registered_on, exited_on "
        "FROM view_household_state ORDER BY code")
    lines = {(str(h), str(day)[:7]) for h, day in ctx.db.fetchall(
        "SELECT household_code, occurred_on FROM view_household_income_line "
        "WHERE is_retracted = 0")}
    spans = _spans(ctx)
    for code, village, township, registered, exited in homes:
        for first, last in _months(ctx):
            if str(registered) > last.isoformat() or (exited and str(exited) < first.isoformat()):
                continue
            state = "met" if (code, first.isoformat()[:7]) in lines else "missed"
            cadre = _holder(spans, code, last)
            for level, unit in (("cadre", cadre), ("village", village), ("township", township)):
                if unit:
                    tally[level, unit].add(state)
    return tally


def _weeks(ctx: Context) -> list[tuple[date, date]]:
    monday = ctx.period.first - timedelta(days=ctx.period.first.weekday())
    weeks = []
    while monday <= ctx.period.last:
        sunday = monday + timedelta(days=6)
        if monday >= ctx.period.first and sunday <= ctx.period.last and sunday < ctx.known_on:
            weeks.append((monday, sunday))
        monday += timedelta(days=7)
    return weeks


def _diary(ctx: Context) -> Tally:
    """Cadre-weeks with at least one diary entry, for household cadres holding a household on
    the week's Sunday; the week counts for the cadre and for each village (and township) of
    the households held."""
    tally: Tally = defaultdict(Counts)
    written = {(str(c), str(day)[:10]) for c, day in ctx.db.fetchall(
        "SELECT cadre_code, business_time FROM view_cadre_action "
        "WHERE action = 'diary' AND is_retracted = 0")}
    places = {str(code): (str(village), str(township)) for code, village, township in
              ctx.db.fetchall("SELECT code, village_code, township_code "
                              "FROM view_household_state")}
    spans = _spans(ctx)
    for monday, sunday in _weeks(ctx):
        held: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for household in sorted(spans):
            cadre = _holder(spans, household, sunday)
            if cadre is not None and household in places:
                held[cadre].add(places[household])
        days = [(monday + timedelta(days=n)).isoformat() for n in range(7)]
        for cadre, villages in sorted(held.items()):
            state = "met" if any((cadre, d) in written for d in days) else "missed"
            units = {("cadre", cadre)} | {("village", v) for v, _ in villages} | {
                ("township", t) for _, t in villages}
            for unit in sorted(units):
                tally[unit].add(state)
    return tally


EXIT_STEPS = ("ExitReviewed", "ExitNoticePosted", "ExitConfirmed")


def _exits(ctx: Context) -> Tally:
    """Households that exited in the period: met when review, public notice and confirmation
    are all on record (unretracted) on or before the exit."""
    tally: Tally = defaultdict(Counts)
    rows = ctx.db.fetchall(
        "SELECT code, village_code, township_code, exited_on FROM view_household_state "
        "WHERE exited_on >= ? AND exited_on <= ? ORDER BY code",
        (ctx.period.first.isoformat(), ctx.period.last.isoformat()))
    steps: dict[str, set[str]] = defaultdict(set)
    for household, event_type in ctx.db.fetchall(
            "SELECT household_code, event_type FROM view_timeline_event WHERE event_type IN "
            "(?, ?, ?) AND (retracted_by IS NULL OR retracted_by = '')", EXIT_STEPS):
        steps[str(household)].add(str(event_type))
    spans = _spans(ctx)
    for code, village, township, exited in rows:
        state = "met" if steps[str(code)] >= set(EXIT_STEPS) else "missed"
        cadre = _holder(spans, code, date.fromisoformat(str(exited)[:10]))
        for level, unit in (("cadre", cadre), ("village", village), ("township", township)):
            if unit:
                tally[level, unit].add(state)
    return tally


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("weekly_in_person_visits", "包户干部每周入户: obligations of duty `visit`",
            _obligations("visit")),
    Measure("monthly_four_ones", "四个一: obligations of the four `four_ones.*` duties",
            _obligations("four_ones.research_visit", "four_ones.inspection",
                         "four_ones.report_hearing", "four_ones.report_up")),
    Measure("quarterly_and_half_yearly_acts",
            "三了解两协调 and 一争取: obligations of `three_learn_two_coordinate`, `one_secure`",
            _obligations("three_learn_two_coordinate", "one_secure")),
    Measure("visits_checked", "包村领导督导: obligations of `visits_checked`, `resident_assessed`",
            _obligations("visits_checked", "resident_assessed")),
    Measure("findings_closed_on_time", "问题按期销号: obligations of `finding.rectify`",
            _obligations("finding.rectify")),
    Measure("formal_talks", "县级领导约谈: obligations of `formal_talk`",
            _obligations("formal_talk")),
    Measure("monthly_income_lines", "收入明细账按月记账: household-months with an income line",
            _income_lines),
    Measure("diary_entries", "扶贫日记: household cadres' weeks with a diary entry", _diary),
    Measure("exit_procedure", "退出程序: exits in the period that were reviewed, posted and "
            "confirmed", _exits),
)}
