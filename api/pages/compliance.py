"""Accountability pages (问责): the village compliance grid, one obligation, and the county's
violations with their escalation chains.

All read ``projections.accountability.queries`` (the rows ``ledger accountability`` and the
API read). Anyone may open them: they show codes, states and windows; heads' and cadres'
names, the household replay and inclusion proofs only to readers whose scope covers the place
(as on the village dashboard).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Path, Query, Request, Response

from api.auth import Place
from api.deps import ViewsDep
from api.errors import ResourceNotFound
from api.pages import heatmap, reads
from api.pages.access import PagePrincipal, record_list, sees, shown_name
from api.pages.rendering import render
from api.pages.routing import Code, page_router
from projections import queries
from projections.accountability import queries as duties
from projections.db import ViewDb

router = page_router()
LEVEL_ORDER = {level: n for n, level in enumerate((*duties.LEVELS, "inspector"))}
STATUS_ORDER = {"missed": 0, "met_late": 1, "open": 2, "excused": 3, "met": 4}
"""A cell holding several obligations (two holders in one week) shows the worst."""
ObligationId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.,\-]+){1,6}$")]
Duty = Annotated[str, Query(pattern=r"^[a-z_.]{1,64}$")]


@dataclass(frozen=True)
class Cell:
    """One household-week: its obligations (none before the duty applied)."""

    obligations: list[dict[str, Any]]

    @property
    def status(self) -> str | None:
        """The worst state among the cell's obligations (None: no duty that week)."""
        if not self.obligations:
            return None
        return str(min((o["status"] for o in self.obligations),
                       key=lambda s: STATUS_ORDER.get(s, 9)))

    @property
    def link(self) -> str | None:
        """The obligation page of the cell's (worst) obligation."""
        if not self.obligations:
            return None
        worst = self.status
        chosen = next(o for o in self.obligations if o["status"] == worst)
        return f"/pages/obligations/{chosen['obligation_id']}"


@dataclass(frozen=True)
class Row:
    """One household's weeks."""

    code: str
    name: str
    cells: list[Cell]

    def count(self, status: str) -> int:
        """Weeks in a state."""
        return sum(1 for c in self.cells if c.status == status)


@router.get("/pages/villages/{code}/compliance")
def village_compliance(request: Request, code: Code, db: ViewsDep, principal: PagePrincipal,
                       duty: Duty = "visit") -> Response:
    """Weeks × households of a weekly household duty over the whole period, each cell linked
    to its obligation."""
    village = queries.village(db, code)
    if village is None:
        raise ResourceNotFound("village", code)
    visible = sees(principal, Place(village.get("parent_code"), code))
    found = reads.every(lambda c: duties.obligations(
        db, {"village": code, "kind": duty, "step": 0}, c, duties.MAX_LIMIT))
    weeks, rows = _grid(found, reads.village_households(db, code), visible=visible)
    if visible:
        record_list(db, request, principal, f"village:{code}")
    return render(request, "compliance.html", village=village, duty=duty, visible=visible,
                  weeks=weeks, rows=rows, segments=heatmap.Heatmap(weeks, []).segments,
                  counts=duties.counts(db, code), duty_codes=_weekly_duties(db, code))


def _grid(found: list[dict[str, Any]], households: list[dict[str, Any]], *,
          visible: bool) -> tuple[list[date], list[Row]]:
    by_cell: dict[tuple[str, date], list[dict[str, Any]]] = {}
    for ob in found:
        week = heatmap.week_of(date.fromisoformat(ob["window_start"]))
        by_cell.setdefault((ob["subject_code"], week), []).append(ob)
    if not by_cell:
        return [], []
    weeks = heatmap.weeks_between(min(w for _, w in by_cell), max(w for _, w in by_cell))
    names = {h["code"]: shown_name(h["head_name"], visible=visible) for h in households}
    codes = sorted({h for h, _ in by_cell} | set(names))
    return weeks, [Row(h, names.get(h, ""), [Cell(by_cell.get((h, w), [])) for w in weeks])
                   for h in codes]


def _weekly_duties(db: ViewDb, village: str) -> list[str]:
    return [str(d) for (d,) in db.fetchall(
        "SELECT DISTINCT duty FROM view_obligation WHERE village_code = ? AND step = 0 AND "
        "subject_kind = 'household' AND period LIKE '%-W%' ORDER BY duty", (village,))]


@router.get("/pages/obligations/{obligation_id:path}")
def obligation_page(request: Request, obligation_id: ObligationId, db: ViewsDep,
                    principal: PagePrincipal) -> Response:
    """One obligation: owner, window, state, why, the events considered and its chain."""
    found = duties.obligation(db, obligation_id)
    if found is None:
        raise ResourceNotFound("obligation", obligation_id)
    root = found if found["step"] == 0 else duties.obligation(db, found["root_id"])
    visible = sees(principal, Place(found["township_code"] or None,
                                    found["village_code"] or None))
    chain = (root or found)["chain"]
    named = sorted({c for r in [found, root or found, *chain] for c in str(r["owner"]).split(",")
                    if c})
    positions = sorted({int(e["position"]) for r in [found, *chain] for e in r["events"]})
    rows = reads.timeline_rows(db, positions) if visible else {}
    if visible:
        record_list(db, request, principal, f"obligation:{obligation_id}")
    return render(request, "obligation.html", ob=found, root=root, visible=visible,
                  names=reads.cadre_names(db, named) if visible else {},
                  chain=chain, timeline=rows)


@router.get("/pages/violations")
def county_violations(request: Request, db: ViewsDep, principal: PagePrincipal,
                      level: Annotated[str | None, Query(pattern=r"^[a-z_]{1,32}$")] = None,
                      village: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")]
                      = None) -> Response:
    """Every violation with its escalation chain: unanswered first, then oldest first, then
    by level (household cadre up to the county)."""
    found = reads.every(lambda c: duties.violations(
        db, {"level": level, "village": village}, c, duties.MAX_LIMIT))
    today = reads.today(db)
    for v in found:
        v["is_open"] = not any(s["status"] in ("met", "met_late") for s in v["chain"])
        v["age_days"] = (today - date.fromisoformat(v["window_end"])).days
    found.sort(key=lambda v: (not v["is_open"], v["due_at"], LEVEL_ORDER.get(v["owner_role"], 9),
                              v["obligation_id"]))
    return render(request, "violations.html", violations=found, level=level, village=village,
                  counts=duties.counts(db), levels=duties.LEVELS)
