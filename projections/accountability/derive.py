"""Obligations of one scope, derived from its facts and the regulation's duties (pure).

The same facts and knowledge time always give the same rows: this is what makes a rebuild, any
page size, and an as-known-on replay agree. See docs/accountability.md for the rules.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from projections.accountability.calendar import Window, window_of, windows_between
from projections.accountability.context import Context, Period
from projections.accountability.escalation import escalate
from projections.accountability.judging import Obligation, Records, judge, make

Data = dict[str, Any]


def derive(scope: str, ctx: Context, since: date = date.min) -> list[Obligation]:
    """Every obligation of a scope known at the context's knowledge time, escalations included;
    with ``since``, only the obligations whose window ends on or after that day (the others
    cannot have changed: see the view)."""
    if scope.startswith("household/"):
        found = _household(scope, ctx, since)
    elif scope.startswith("cadre/"):
        found = _cadre(scope, ctx, since)
    elif scope.startswith("round/"):
        found = _round(scope, ctx)
    else:
        found = []
    chains = [step for ob in found for step in escalate(ob, ctx)]
    return found + chains


def records(ctx: Context, scope: str) -> Records:
    """A scope's records with corrections applied (a moved day) and retractions marked."""
    retracted = {f["version"] for f in ctx.of(scope, "retracted")}
    moved = {f["version"]: f["day"] for f in ctx.of(scope, "corrected")}
    found = []
    for stored in ctx.of(scope, "record"):
        fact = {**stored, "day": moved.get(stored["version"], stored["day"])}
        if fact["version"] in retracted:
            fact["note"] = "retracted"
        found.append(fact)
    return Records(found)


def _household(scope: str, ctx: Context, since: date) -> list[Obligation]:
    registered = ctx.of(scope, "registered")
    if not registered:
        return []
    reg, code = registered[0], scope.split("/", 1)[1]
    units = (reg["village"], reg["township"])
    first = date.fromisoformat(reg["on"])
    periods = ctx.periods(scope, "household_cadre")
    notes, excusals = records(ctx, scope), ctx.of(scope, "excused")
    found: list[Obligation] = []
    for duty in ctx.all_duties("household"):
        active = _active(ctx, scope, first, duty["post_exit_days"])
        for window in _windows(duty["cadence"], _first_full(duty["cadence"], first), ctx.today,
                               since):
            edition, duties = ctx.duties_on(max(window.start, ctx.editions()[0][0]))
            if duty not in duties or not any(window.start <= e and s <= window.end
                                             for s, e in active):
                continue
            for owner, suffix in _owners(duty, periods, window):
                ob = make(duty, scope, f"{code}/{window.label}{suffix}", owner,
                          ("household", code), units, window, edition)
                mine = owner if duty["handover"] == "both" else None
                judge(ob, notes.in_window(duty["fulfilled_by"], window, mine),
                      [e for e in excusals if e["obligation"] == ob.obligation_id],
                      ctx.knowledge)
                found.append(ob)
    return found


def _first_full(cadence: str, registered: date) -> date:
    """A household is owed duties from the first window that begins on or after the day it
    was registered (the week it was registered in is spent setting up its file)."""
    window = window_of(cadence, registered)
    return registered if window.start == registered else window.end + timedelta(days=1)


def _windows(cadence: str, first: date, today: date, since: date) -> list[Window]:
    if since > first:
        first = max(first, window_of(cadence, since).start)
    return windows_between(cadence, first, today) if first <= today else []


def _active(ctx: Context, scope: str, first: date, after_exit: int) -> list[tuple[date, date]]:
    """Spans in which the household is owed duties: from registration (or a return to poverty,
    or the start of monitoring) to exit + the post-exit follow-up (or the end of monitoring)."""
    spans: list[tuple[date, date]] = []
    start: date | None = first
    for fact in ctx.of(scope, "exited", "returned", "monitored", "monitoring_ended"):
        day = date.fromisoformat(fact["on"])
        if fact["kind"] in ("exited", "monitoring_ended") and start is not None:
            extra = after_exit if fact["kind"] == "exited" else 0
            spans.append((start, day + timedelta(days=extra)))
            start = None
        elif fact["kind"] in ("returned", "monitored") and start is None:
            start = day
    if start is not None:
        spans.append((start, date.max))
    return spans


def _owners(duty: Data, periods: list[Period], window: Window) -> list[tuple[str, str]]:
    """(owner, id suffix): the holder on the window's last held day, or every holder."""
    held = [p for p in periods if p.overlaps(window.start, window.end)]
    if not held:
        return []
    if duty["handover"] == "both" and len({p.cadre for p in held}) > 1:
        return [(p.cadre, f"/{p.cadre}") for p in sorted(held, key=lambda p: p.cadre)]
    last = max(held, key=lambda p: (min(p.end or window.end, window.end), p.start))
    return [(last.cadre, "")]


def _cadre(scope: str, ctx: Context, since: date) -> list[Obligation]:
    code = scope.split("/", 1)[1]
    notes, excusals = records(ctx, scope), ctx.of(scope, "excused")
    found: list[Obligation] = []
    for subject in ("village", "township", "county"):
        for duty in ctx.all_duties(subject):
            for period in _held(ctx, scope, code, duty["owner_role"], subject):
                for window in _windows(duty["cadence"], period.start, ctx.today, since):
                    ob = _cadre_window(ctx, duty, scope, period, window)
                    if ob is None:
                        continue
                    judge(ob, _acts(notes, duty, window),
                          [e for e in excusals if e["obligation"] == ob.obligation_id],
                          ctx.knowledge)
                    found.append(ob)
    return found


def _cadre_window(ctx: Context, duty: Data, scope: str, period: Period,
                  window: Window) -> Obligation | None:
    edition, duties = ctx.duties_on(max(window.start, ctx.editions()[0][0]))
    owes = (period.overlaps(window.start, window.end) if duty["handover"] == "both"
            else period.start <= window.end and (period.end is None
                                                 or period.end >= window.end))
    if duty not in duties or not owes:
        return None
    village = period.unit if period.unit_kind == "village" else ""
    township = ctx.township_of(village) if village else (
        period.unit if period.unit_kind == "township" else "")
    key = f"{period.cadre}/{window.label}" + (f"/{village}" if village else "")
    return make(duty, scope, key, period.cadre, (period.unit_kind, period.unit),
                (village, township), window, edition)


def _held(ctx: Context, scope: str, code: str, role: str, subject: str) -> list[Period]:
    if subject != "county":
        return [p for p in ctx.periods(scope, role) if p.unit_kind == subject]
    spans: list[Period] = []
    posts = ctx.of(scope, "post")
    ended = [date.fromisoformat(f["on"]) for f in ctx.of(scope, "dismissed")]
    for index, post in enumerate(posts):
        if post["role"] != role:
            continue
        nxt = posts[index + 1] if index + 1 < len(posts) else None
        end = date.fromisoformat(nxt["on"]) - timedelta(days=1) if nxt else (
            ended[0] if ended else None)
        spans.append(Period(code, role, post["unit"], "county", date.fromisoformat(post["on"]),
                            end))
    return spans


def _acts(notes: Records, duty: Data, window: Window) -> list[Data]:
    found = notes.in_window(duty["fulfilled_by"], window)
    for act in found:
        if act.get("missing") and not act.get("note"):
            act["note"] = "partial: missing " + ", ".join(act["missing"])
    return found


def _round(scope: str, ctx: Context) -> list[Obligation]:
    code = scope.split("/", 1)[1]
    retracted = {f["version"] for f in ctx.of(scope, "retracted")}
    settled = [f for f in ctx.of(scope, "settled") if f["version"] not in retracted]
    found: list[Obligation] = []
    for fact in ctx.of(scope, "finding"):
        if fact["version"] in retracted:
            continue
        raised = date.fromisoformat(fact["on"])
        edition, duties = ctx.duties_on(raised)
        window = Window(raised, date.fromisoformat(fact["deadline"]),
                        f"{code}-{fact['finding']}")
        village, township = _finding_units(ctx, fact)
        for duty in (d for d in duties if d["subject"] == "finding"):
            ob = make(duty, scope, f"{code}/{fact['finding']}", fact["owner"],
                      (fact["subject_kind"], fact["subject_code"]), (village, township),
                      window, edition)
            mine = [{**s, "is_late": s["day"] > fact["deadline"]}
                    for s in settled if s["finding"] == fact["finding"]]
            judge(ob, [s for s in mine if s["type"] in duty["fulfilled_by"]],
                  [e for e in ctx.of(scope, "excused") if e["obligation"] == ob.obligation_id],
                  ctx.knowledge)
            found.append(ob)
    return found


def _finding_units(ctx: Context, fact: Data) -> tuple[str, str]:
    if fact["subject_kind"] == "village":
        return fact["subject_code"], ctx.township_of(fact["subject_code"])
    if fact["subject_kind"] == "township":
        return "", fact["subject_code"]
    if fact["subject_kind"] == "household":
        for reg in ctx.of(f"household/{fact['subject_code']}", "registered"):
            return reg["village"], reg["township"]
    return "", ""


def current_window(cadence: str, day: date) -> Window:
    """The window of a cadence containing a day (re-exported for the view's clock)."""
    return window_of(cadence, day)
