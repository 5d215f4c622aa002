"""Household list (农户名录) with filters, and the same list as an xlsx workbook.

The public sees codes, places, status and figures, with heads' names masked (金**); a
signed-in reader sees the names of households within its scope, and the read is recorded.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response

from api.auth import Place, Principal
from api.deps import ViewsDep
from api.errors import InvalidParameter
from api.pages import reads, xlsx
from api.pages.access import PagePrincipal, record_list, sees, shown_name
from api.pages.formatting import local_time
from api.pages.rendering import render
from api.pages.routing import page_router
from api.pages.vocabulary import CATEGORY, STATUS, zh
from projections import queries

router = page_router()
PAGE_SIZE = 100
Filter = Annotated[str | None, Query(max_length=64)]
COLUMNS = ("户编码 code", "乡镇 township", "村 village", "状态 status", "属性 category",
           "户主 head", "人口 members", "积分 points", "最近入户 last visit",
           "未销号问题 open findings", "五个一 five ones")


@router.get("/pages/households")
def household_list(request: Request, db: ViewsDep, principal: PagePrincipal,
                   village: Filter = None, township: Filter = None, status: Filter = None,
                   category: Filter = None, cursor: Filter = None) -> Response:
    """One page of households matching the filters, and a link to the next."""
    filters = _filters(village, township, status, category)
    page = queries.list_households(db, filters, cursor or None, limit=PAGE_SIZE)
    rows = [_row(item, principal) for item in page.items]
    record_list(db, request, principal, "households")
    return render(request, "households.html", rows=rows, filters=filters or {},
                  next_cursor=page.next_cursor, townships=reads.places(db, "township"),
                  villages=reads.places(db, "village"), statuses=STATUS, categories=CATEGORY,
                  query=request.url.query)


@router.get("/pages/households.xlsx")
def household_workbook(request: Request, db: ViewsDep, principal: PagePrincipal,
                       village: Filter = None, township: Filter = None, status: Filter = None,
                       category: Filter = None) -> Response:
    """Every household matching the filters, as ``households.xlsx``."""
    filters = _filters(village, township, status, category)
    rows = [_row(item, principal) for item in reads.all_households(db, filters)]
    record_list(db, request, principal, "households.xlsx")
    content = xlsx.workbook("农户名录", COLUMNS, (_cells(r) for r in rows))
    return xlsx.download(content, "households.xlsx")


def _filters(village: str | None, township: str | None, status: str | None,
             category: str | None) -> dict[str, Any]:
    if status and status not in STATUS:
        raise InvalidParameter("status", f"one of {', '.join(STATUS)}")
    if category and category not in CATEGORY:
        raise InvalidParameter("category", f"one of {', '.join(CATEGORY)}")
    given = {"village": village, "township": township, "status": status, "category": category}
    return {k: v for k, v in given.items() if v}


def _row(item: dict[str, Any], principal: Principal) -> dict[str, Any]:
    visible = sees(principal, Place(item["township_code"], item["village_code"]))
    return {**item, "head": shown_name(item["head_name"], visible=visible),
            "is_visible": visible}


def _cells(row: dict[str, Any]) -> list[Any]:
    return [row["code"], row["township_code"], row["village_code"], zh("status", row["status"]),
            zh("category", row["category"]), row["head"], row["member_count"],
            row["points_balance"], local_time(row["last_visit_at"]), row["open_findings"],
            "齐全" if row["five_ones_complete"] else "不全"]

