"""A recount of what the demo generated, computed only from the stored events read back through
the notification log: nothing here trusts the generator's own counters. It checks the generator
(tests) and feeds ``ledger demo``'s report; the county's figures shown to users are defined once
in ``projections.figures``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from ledger.application.app import Ledger
from ledger.demo.tally import Tally

PAGE = 2_000


def read_events(ledger: Ledger, page: int = PAGE) -> Iterator[Any]:
    """Every stored event in log order, page by page."""
    start = 1
    while True:
        notifications = ledger.recorder.select_notifications(start=start, limit=page)
        if not notifications:
            return
        for notification in notifications:
            yield ledger.mapper.to_domain_event(notification)
        start = notifications[-1].id + 1


def summarise(ledger: Ledger) -> dict[str, Any]:
    """The county's figures, from the events alone."""
    tally = Tally()
    for event in read_events(ledger):
        tally.add(event)
    return _figures(tally)


def _figures(t: Tally) -> dict[str, Any]:
    as_of = t.last.date() if t.last else date.min
    return {
        "county": {**t.county, "registered_on": str(t.county.get("registered_on")),
                   "townships": t.places["townships"],
                   "villages": t.places["villages"]},
        "store": {"events": t.counts["events"], "late_events": t.counts["late"],
                  "first_recorded_at": t.first.isoformat() if t.first else None,
                  "last_recorded_at": t.last.isoformat() if t.last else None},
        "households": _households(t),
        "townships": _by_township(t),
        "cadres": dict(sorted(t.cadres.items())) | {"dismissed": t.counts["cadres_dismissed"]},
        "contacts": _contacts(t),
        "income": _income_figures(t),
        "measures": _measure_figures(t),
        "funds": _fund_figures(t),
        "projects": {"count": t.counts["projects"], "joined": t.counts["projects_joined"],
                     "received_fen": t.counts["project_received_fen"]},
        "points": {"earned": t.counts["points_earned"], "redeemed": t.counts["points_redeemed"]},
        "supervision": dict(sorted(t.acts.items())),
        "inspections": _inspection_figures(t, as_of),
        "refusals": dict(sorted(t.refusals.items())),
        "corrections": t.counts["corrections"],
        "retractions": t.counts["retractions"],
    }


def _households(t: Tally) -> dict[str, int]:
    return {"registered": len(t.homes), "people": sum(h["members"] for h in t.homes.values()),
            "exited": t.counts["exited"], "exited_people": t.counts["exited_people"],
            "returned": t.counts["returned"], "monitored": t.counts["monitored"],
            "honoured": t.counts["honoured"], "exit_reviews": t.counts["exit_reviews"],
            "exit_objections": t.counts["exit_objections"]}


def _by_township(t: Tally) -> dict[str, dict[str, Any]]:
    """Villages, households, people and exits per township (乡镇), in code order."""
    figures = {code: {**place, "households": 0, "people": 0, "exited": 0}
               for code, place in sorted(t.townships.items())}
    for home in t.homes.values():
        entry = figures[home["township"]]
        entry["households"] += 1
        entry["people"] += home["members"]
        entry["exited"] += bool(home.get("exited"))
    return figures


def _contacts(t: Tally) -> dict[str, Any]:
    in_person = sum(c.in_person for c in t.contacts.values())
    late = sum(c.is_late for c in t.contacts.values())
    total = len(t.contacts)
    return {"in_person": in_person, "phone": total - in_person, "late": late,
            "late_share": round(late / total, 4) if total else 0.0,
            "diary_entries": len(t.diary)}


def _income_figures(t: Tally) -> dict[str, Any]:
    by_source: Counter[str] = Counter()
    by_year: Counter[str] = Counter()
    for line in t.income.values():
        by_source[line["source"]] += line["amount_fen"]
        by_year[line["period"][:4]] += line["amount_fen"]
    people = max(1, sum(h["members"] for h in t.homes.values()))
    return {"lines": len(t.income), "total_fen": sum(by_source.values()),
            "by_source_fen": dict(sorted(by_source.items())),
            "per_capita_fen": {year: total // people for year, total in sorted(by_year.items())}}


def _measure_figures(t: Tally) -> dict[str, dict[str, int]]:
    figures: dict[str, dict[str, int]] = {}
    for programme, amount in t.measures.values():
        entry = figures.setdefault(programme, {"count": 0, "fen": 0})
        entry["count"] += 1
        entry["fen"] += amount
    return dict(sorted(figures.items()))


def _fund_figures(t: Tally) -> dict[str, int]:
    paid: Counter[UUID] = Counter()
    for (fund, _), amount in t.disbursed.items():
        paid[fund] += amount
    allocated, disbursed = sum(t.allocated.values()), sum(paid.values())
    return {"funds": t.counts["funds"], "top_ups": t.counts["top_ups"],
            "disbursements": len(t.disbursed), "allocated_fen": allocated,
            "disbursed_fen": disbursed, "balance_fen": allocated - disbursed,
            "overdrawn_funds": sum(1 for fund, amount in paid.items()
                                   if amount > t.allocated[fund])}


def _inspection_figures(t: Tally, as_of: date) -> dict[str, int]:
    overdue = sum(1 for f in t.findings.values()
                  if f["deadline_on"] < as_of and not f["answered"] and not f["settled"])
    return {"rounds": t.counts["rounds"], "rounds_closed": t.counts["rounds_closed"],
            "spot_checks": t.counts["spot_checks"], "findings_raised": len(t.findings),
            "findings_closed": t.counts["findings_closed"],
            "findings_transferred": t.counts["findings_transferred"],
            "findings_overdue": overdue}
