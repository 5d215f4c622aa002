"""County overview (全县概况): figures and SVG charts anyone may see (aggregates only), with
the accountability figures and the way to every level's pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request, Response

from api.deps import ViewsDep
from api.pages import heatmap, reads
from api.pages.access import PagePrincipal
from api.pages.charts import Chart, Series, bar_chart
from api.pages.rendering import render
from api.pages.routing import page_router
from api.pages.vocabulary import PROGRAMME, STATUS
from projections import inspection, queries
from projections.accountability import queries as duties
from projections.db import ViewDb

router = page_router()
VISIT_WEEKS = 26


@router.get("/")
def overview(request: Request, db: ViewsDep, principal: PagePrincipal) -> Response:
    """The county's figures, households by status per township, visits per week, funds."""
    stats = queries.county_stats(db)
    charts = [status_chart(reads.township_status(db)), visits_chart(db), funds_chart(db)]
    return render(request, "county.html", county=stats, charts=charts,
                  townships=reads.township_status(db), villages=reads.places(db, "village"),
                  duties=accountability_figures(db), leads=_township_leads(db))


def accountability_figures(db: ViewDb) -> dict[str, int]:
    """Open violations (:func:`projections.accountability.queries.counts`, as the API and
    ``ledger accountability`` count them) and overdue findings
    (:func:`projections.inspection.overdue_count`, as ``/v1/findings?overdue=true``)."""
    counts = duties.counts(db) if db.table_exists("view_obligation") else {}
    return {"open_violations": counts.get("open_violations", 0),
            "missed": counts.get("missed", 0),
            "findings_overdue": inspection.overdue_count(db)}


def _township_leads(db: ViewDb) -> dict[str, list[str]]:
    """Township code → its township leads' codes (for the links to their scorecards)."""
    found: dict[str, list[str]] = {}
    for code, unit in db.fetchall("SELECT code, unit FROM view_cadre WHERE role = "
                                  "'township_lead' ORDER BY code"):
        found.setdefault(str(unit), []).append(str(code))
    return found


def status_chart(rows: list[dict[str, Any]]) -> Chart:
    """Stacked bars: each township's households by status."""
    series = [Series(f"{STATUS[s]} {s}", s, [int(r[s]) for r in rows]) for s in STATUS]
    return bar_chart("各乡镇贫困户状态 · households by status per township",
                     [str(r["name"] or r["code"]) for r in rows], series)


def visits_chart(db: ViewDb) -> Chart:
    """Bars: in-person visits on record per week, the last half year."""
    weeks = heatmap.weeks_ending(reads.today(db), VISIT_WEEKS)
    totals = dict.fromkeys(weeks, 0)
    for row in reads.visits_per_day(db, f"{weeks[0].isoformat()}T00:00:00Z"):
        week = heatmap.week_of(date.fromisoformat(row["day"]))
        if week in totals:
            totals[week] += int(row["visits"])
    return bar_chart("每周入户走访 · in-person visits per week",
                     [w.strftime("%m-%d") for w in weeks],
                     [Series("入户走访 visits", "visits", list(totals.values()))], every=4)


def funds_chart(db: ViewDb) -> Chart:
    """Grouped bars: allocated and disbursed per programme."""
    rows = reads.funds_by_programme(db)
    names = [PROGRAMME.get(r["programme"] or "", r["programme"] or "未指定") for r in rows]
    return bar_chart("资金下达与拨付 · funds allocated and disbursed", names, [
        Series("下达 allocated", "allocated", [int(r["allocated_fen"]) for r in rows]),
        Series("拨付 disbursed", "disbursed", [int(r["disbursed_fen"]) for r in rows]),
    ], stacked=False, unit="yuan")

