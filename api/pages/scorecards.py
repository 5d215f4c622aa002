"""Cadre scorecards (履职记分卡), one page per cadre whatever the level, and an index of every
cadre by level reached from the county overview.

* household cadre (包户干部): weeks met / late / missed / excused per household;
* village leader (包村领导): the monthly checks, and the follow-ups owed after violations;
* township lead (包保常委): a month grid of the 四个一, each cell the act that met it told as a
  sentence; 三了解两协调 per quarter with the parts missing; 一争取 per half-year;
* county leader (县级领导): talks and bulletins, and the escalations they had to answer;
* inspector (巡察组): the rounds led, their coverage of villages, findings and overdue ones.

Anyone may open them (codes, states, counts); names and the acts' sentences only for readers
whose scope covers one of the cadre's units.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import Request, Response

from api.auth import EVERYWHERE, Principal
from api.deps import ViewsDep
from api.errors import ResourceNotFound
from api.pages import reads
from api.pages.access import PagePrincipal, record_list, shown_name
from api.pages.rendering import render
from api.pages.routing import Code, page_router
from api.pages.sentences import describe
from api.readmodel import cadre_covered_places
from projections import inspection, queries
from projections.accountability import queries as duties
from projections.db import ViewDb

router = page_router()
LEVELS = ("county_leader", "township_lead", "village_leader", "household_cadre", "inspector")
STATES = ("met", "met_late", "missed", "excused", "open")
FOUR_ONES = ("four_ones.research_visit", "four_ones.inspection", "four_ones.report_hearing",
             "four_ones.report_up")
REVIEW_PARTS = {"project_progress": "了解扶贫项目实施进度", "exit_progress": "了解贫困户脱贫进度",
                "difficulties": "了解工作中的困难", "fund_coordination": "协调资金项目投入",
                "sector_coordination": "协调行业扶贫投入"}
COUNTY_ACTS = ("TalkHeld", "BulletinIssued")


@router.get("/pages/scorecards")
def scorecard_index(request: Request, db: ViewsDep, principal: PagePrincipal) -> Response:
    """Every cadre by level, with counts of their obligations by state."""
    cadres = db.fetchdicts("SELECT code, name, role, unit FROM view_cadre ORDER BY code")
    tallies = _tallies(db)
    visible = principal.sees_personal and principal.scope is None
    groups = {level: [{**c, "shown": shown_name(c["name"], visible=visible),
                       "tally": tallies.get(c["code"], {})}
                      for c in cadres if c["role"] == level] for level in LEVELS}
    if visible:
        record_list(db, request, principal, "cadres")
    return render(request, "scorecards.html", groups=groups, states=STATES)


@router.get("/pages/scorecards/{code}")
def scorecard(request: Request, code: Code, db: ViewsDep, principal: PagePrincipal) -> Response:
    """One cadre's duties, what they met, missed or were excused, by their level's measure."""
    cadre = queries.cadre(db, code)
    if cadre is None:
        raise ResourceNotFound("cadre", code)
    visible = _visible(db, principal, cadre)
    owned = reads.every(lambda c: duties.obligations(db, {"owner": code}, c, duties.MAX_LIMIT))
    sentences = _sentences(db, owned, visible=visible)
    if visible:
        record_list(db, request, principal, f"cadre:{code}")
    role = str(cadre.get("role"))
    return render(
        request, "scorecard.html", cadre=cadre, role=role, visible=visible, states=STATES,
        name=shown_name(cadre.get("name"), visible=visible), sentences=sentences,
        by_duty=_by_duty(owned), per_household=_per_household(owned),
        follow_ups=[o for o in owned if o["step"] > 0],
        months=_month_grid(owned), reviews=_reviews(db, owned),
        half_years=[o for o in owned if o["duty"] == "one_secure" and o["step"] == 0],
        checks=[o for o in owned if o["duty"] == "visits_checked" and o["step"] == 0],
        acts=_county_acts(db, code, visible=visible) if role == "county_leader" else [],
        rounds=inspection.rounds(db, code) if role == "inspector" else [],
        findings=_round_findings(db, code) if role == "inspector" else [],
        four_ones=FOUR_ONES, review_parts=REVIEW_PARTS)


def _visible(db: ViewDb, principal: Principal, cadre: dict[str, Any]) -> bool:
    if not principal.sees_personal:
        return False
    places = cadre_covered_places(cadre, db) or [EVERYWHERE]
    return any(principal.covers(p) for p in places)


def _tallies(db: ViewDb) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    if not db.table_exists("view_obligation"):
        return found
    for owner, status, n in db.fetchall(
            "SELECT owner, status, COUNT(*) FROM view_obligation GROUP BY owner, status"):
        for code in str(owner).split(","):
            tally = found.setdefault(code, {})
            tally[str(status)] = tally.get(str(status), 0) + int(n)
    return found


def _by_duty(owned: list[dict[str, Any]]) -> list[tuple[str, Counter[str]]]:
    found: dict[str, Counter[str]] = {}
    for o in owned:
        key = o["duty"] if o["step"] == 0 else "escalation"
        found.setdefault(key, Counter())[o["status"]] += 1
    return sorted(found.items())


def _per_household(owned: list[dict[str, Any]]) -> list[tuple[str, Counter[str]]]:
    """Weekly household duties by household and state."""
    found: dict[str, Counter[str]] = {}
    for o in owned:
        if o["step"] == 0 and o["subject_kind"] == "household" and "-W" in str(o["period"]):
            found.setdefault(o["subject_code"], Counter())[o["status"]] += 1
    return sorted(found.items())


def _month_grid(owned: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """period (YYYY-MM) → 四个一 duty → its obligation."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for o in owned:
        if o["duty"] in FOUR_ONES and o["step"] == 0:
            found.setdefault(o["period"], {})[o["duty"]] = o
    return dict(sorted(found.items()))


def _sentences(db: ViewDb, owned: list[dict[str, Any]], *, visible: bool) -> dict[int, str]:
    """The sentence of each event that met an obligation (only for readers who see names)."""
    positions = sorted({int(o["met_position"]) for o in owned if o.get("met_position")})
    if not visible or not positions:
        return {}
    rows = reads.timeline_rows(db, positions)
    names = reads.cadre_names(db, sorted({str(r.get("cadre_code")) for r in rows.values()
                                          if r.get("cadre_code")}))
    return {p: describe(r, names) for p, r in rows.items()}


def _reviews(db: ViewDb, owned: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """三了解两协调 per quarter with the parts on record and those missing (read tolerantly:
    an act recorded before the parts were data shows none)."""
    reviews = [o for o in owned if o["duty"] == "three_learn_two_coordinate" and o["step"] == 0]
    positions = sorted({int(e["position"]) for o in reviews for e in o["events"]})
    rows = reads.timeline_rows(db, positions) if positions else {}
    found = []
    for o in reviews:
        present: set[str] = set()
        structured = False
        for e in o["events"]:
            row = rows.get(int(e["position"]), {})
            fields = {**(row.get("personal") or {}), **(row.get("fields") or {})}
            structured = structured or bool(fields.get("is_structured"))
            present |= {str(p.get("part")) for p in fields.get("parts") or []
                        if isinstance(p, dict)}
        missing = [p for p in REVIEW_PARTS if p not in present] if structured else []
        found.append({**o, "parts": [p for p in REVIEW_PARTS if p in present],
                      "missing": missing})
    return found


def _county_acts(db: ViewDb, code: str, *, visible: bool) -> list[dict[str, Any]]:
    acts = [a for a in reads.cadre_actions(db, code) if a.get("event_type") in COUNTY_ACTS]
    rows = reads.timeline_rows(db, [int(a["position"]) for a in acts])
    names = reads.cadre_names(db, [code]) if visible else {}
    return [{**a, "sentence": describe(rows[a["position"]], names, visible=visible)
             if a["position"] in rows else a["label_zh"]} for a in acts]


def _round_findings(db: ViewDb, lead: str) -> list[dict[str, Any]]:
    codes = [r["code"] for r in inspection.rounds(db, lead)]
    return [f for c in codes for f in inspection.findings(
        db, {"round": c}, limit=inspection.MAX_LIMIT).items]
