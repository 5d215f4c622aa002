"""Cadre trail (干部履职轨迹): what one cadre did, in log order, and how late it was recorded."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from api.auth import EVERYWHERE, Principal
from api.deps import ViewsDep
from api.errors import ResourceNotFound
from api.pages import reads, xlsx
from api.pages.access import PagePrincipal, open_detail
from api.pages.formatting import days, local_time
from api.pages.rendering import render
from api.pages.routing import Code, page_router
from api.pages.sentences import describe
from api.pages.vocabulary import zh
from api.readmodel import cadre_covered_places
from projections import queries
from projections.db import ViewDb

router = page_router()
PAGE_SIZE = 200
COLUMNS = ("发生 occurred", "记录 recorded", "动作 action", "事件 event", "对象 subject",
           "滞后天数 lag days", "补记 late", "更正次数 corrections", "已撤销 retracted",
           "事件引用 ref", "事件叙述 what happened")


@router.get("/pages/cadres/{code}")
def cadre_trail(request: Request, code: Code, db: ViewsDep, principal: PagePrincipal,
                cursor: int | None = None) -> Response:
    """The cadre's record, households, and one page of actions."""
    cadre = _open(request, db, principal, code)
    page = queries.cadre_trail(db, code, None if cursor is None else str(cursor), PAGE_SIZE)
    households = queries.list_households(db, {"cadre": code}, limit=queries.MAX_LIMIT).items
    actions = _described(db, page.items)
    return render(request, "cadre.html", cadre=cadre, actions=actions,
                  next_cursor=page.next_cursor, households=households)


@router.get("/pages/cadres/{code}/trail.xlsx")
def cadre_workbook(request: Request, code: Code, db: ViewsDep,
                   principal: PagePrincipal) -> Response:
    """The whole trail as ``cadre-<code>.xlsx``."""
    _open(request, db, principal, code)
    rows = (_cells(action) for action in _described(db, reads.cadre_actions(db, code)))
    content = xlsx.workbook(f"履职轨迹 {code}", COLUMNS, rows)
    return xlsx.download(content, f"cadre-{code}.xlsx")


def _open(request: Request, db: ViewDb, principal: Principal, code: str) -> dict[str, Any]:
    """The cadre, after the reach check (any unit it served in counts, as in the API)."""
    cadre = queries.cadre(db, code)
    if cadre is None:
        raise ResourceNotFound("cadre", code)
    places = cadre_covered_places(cadre, db) or [EVERYWHERE]
    covered = [p for p in places if principal.covers(p)]
    open_detail(db, request, principal, covered[0] if covered else places[0], f"cadre:{code}")
    return cadre


def _described(db: ViewDb, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actions, each with its event's sentence (:mod:`api.pages.sentences`)."""
    rows = reads.timeline_rows(db, [int(a["position"]) for a in actions])
    codes = {str(c) for r in rows.values() for c in _cadres_named(r)}
    names = reads.cadre_names(db, sorted(codes))
    return [{**a, "sentence": describe(rows[a["position"]], names)
             if a["position"] in rows else a["label_zh"]} for a in actions]


def _cadres_named(row: dict[str, Any]) -> list[Any]:
    fields = row.get("fields") or {}
    found = [row.get("actor_id"), row.get("cadre_code"), (fields.get("plan") or {}).get(
        "responsible_cadre") if isinstance(fields.get("plan"), dict) else None]
    found += [fields.get(k) for k in ("approved_by", "authorised_by", "owner_cadre",
                                      "lead_inspector")]
    return [c for c in found if c]


def _cells(action: dict[str, Any]) -> list[Any]:
    return [local_time(action["business_time"]), local_time(action["recorded_at"]),
            zh("action", action["action"]), action["label_zh"],
            f"{action['subject_kind']}/{action['subject_code']}",
            days(action["lag_seconds"]).removesuffix(" 天"), "是" if action["is_late"] else "",
            action["corrections"], "是" if action["is_retracted"] else "", action["ref"],
            action["sentence"]]
