"""Escalation (逐级问责): a missed obligation opens a follow-up for the level above.

Step k (``<root id>/escalation/<k>``) belongs to the k-th role of the duty's ``escalation`` list
(the holder of that role over the root's village or township on the day the step opens; county
leaders all together). It opens when the previous deadline passes unmet and must be answered
within the duty's ``response_days``: a supervision act (a talk, bulletin, inspection ...) whose
``basis`` names ``obligation/<root id>`` (or the step's id), or, for a finding, its transfer to
the discipline commission. The earliest answer meets the step it falls in and ends the chain;
an answer after the last step's deadline meets that step late. An unanswered last step stays
missed: the chain has reached the top.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from projections.accountability.calendar import Window, local_day, shown
from projections.accountability.context import Context
from projections.accountability.judging import Obligation
from projections.formats import instant

Data = dict[str, Any]


def escalate(root: Obligation, ctx: Context) -> list[Obligation]:
    """The chain of follow-ups of a missed obligation (none for any other state)."""
    duty = _duty(ctx, root)
    if not root.is_violation or duty is None or not duty["escalation"]:
        return []
    answers = sorted(_answers(ctx, root), key=lambda a: (a["recorded_at"], a["position"]))
    steps: list[Obligation] = []
    opens = root.due
    for number, role in enumerate(duty["escalation"], start=1):
        due = opens + timedelta(days=duty["response_days"])
        window = Window(local_day(opens), local_day(due - timedelta(seconds=1)),
                        f"{root.window.label}/escalation/{number}")
        step = Obligation(
            f"{root.obligation_id}/escalation/{number}", root.scope, root.duty,
            ",".join(_holders(ctx, root, role, window)), role, root.subject_kind,
            root.subject_code, root.village_code, root.township_code, window, due,
            root.edition, step=number, root_id=root.obligation_id, root_end=root.window.end)
        steps.append(step)
        answer = answers[0] if answers else None
        if answer is not None and answer["recorded_at"] < instant(due):
            _answered(step, answer, "met")
            return steps
        if instant(ctx.knowledge) < instant(due):
            step.reason = f"response due by {shown(due)}"
            return steps
        step.status, step.is_violation = "missed", True
        step.reason = f"no response naming obligation/{root.obligation_id} by {shown(due)}"
        opens = due
    if answers:
        _answered(steps[-1], answers[0], "met_late")
        steps[-1].is_violation = True
    return steps


def _answered(step: Obligation, answer: Data, status: str) -> None:
    step.status, step.met_ref, step.met_position = status, answer["ref"], answer["position"]
    step.events = [{"ref": answer["ref"], "position": answer["position"],
                    "recorded_at": answer["recorded_at"], "is_late": status == "met_late",
                    "note": ""}]
    what = f"transferred to {answer['transfer']}" if answer.get("transfer") else answer["type"]
    step.reason = f"answered by {answer.get('cadre', '')} ({what}, {answer['ref']})"


def _duty(ctx: Context, root: Obligation) -> Data | None:
    _, duties = ctx.duties_on(max(root.window.start, ctx.editions()[0][0]))
    return next((d for d in duties if d["code"] == root.duty), None)


def _answers(ctx: Context, root: Obligation) -> list[Data]:
    prefix = root.obligation_id
    found = [a for a in ctx.of(root.scope, "answer")
             if a["target"] == prefix or a["target"].startswith(prefix + "/escalation/")]
    if root.scope.startswith("round/"):
        finding = root.obligation_id.split("/", 1)[1]
        found += [a for a in ctx.of(root.scope, "answer") if a["target"] == finding]
        found += [{**s, "cadre": ""} for s in ctx.of(root.scope, "settled")
                  if s["transfer"] and f"{root.scope[6:]}/{s['finding']}" == finding]
    return found


def _holders(ctx: Context, root: Obligation, role: str, window: Window) -> list[str]:
    day = window.start
    if role == "village_leader" and root.village_code:
        return ctx.holders("village", root.village_code, role, day)
    if role == "township_lead" and root.township_code:
        return ctx.holders("township", root.township_code, role, day)
    if role == "county_leader":
        return ctx.county_leaders(day)
    return []
