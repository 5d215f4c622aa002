"""Fund page (资金去向): where a fund's money came from and where it went.

Secured money (一争取) starts the flow at its source; then the allocation and top-ups, each
disbursement to a project (with its households) or a household, and the refused commands kept
in the log (超额拨付 and the like). Anyone may open it: amounts and codes are public; the free
text of a disbursement's purpose is shown to readers with a county-wide scope only.
"""

from __future__ import annotations

from fastapi import Request, Response

from api.auth import EVERYWHERE
from api.deps import ViewsDep
from api.errors import ResourceNotFound
from api.pages.access import PagePrincipal, sees
from api.pages.rendering import render
from api.pages.routing import Code, page_router
from projections import queries

router = page_router()


@router.get("/pages/funds")
def funds_index(request: Request, db: ViewsDep, principal: PagePrincipal) -> Response:
    """Every fund with its allocation, secured money, disbursements and balance."""
    rows = db.fetchdicts("SELECT * FROM view_fund ORDER BY code")
    secured = {code: int(total) for code, total in db.fetchall(
        "SELECT fund_code, COALESCE(SUM(amount_fen), 0) FROM view_fund_secured "
        "WHERE is_retracted = 0 GROUP BY fund_code")}
    return render(request, "funds.html", funds=rows, secured=secured)


@router.get("/pages/funds/{code}")
def fund_page(request: Request, code: Code, db: ViewsDep, principal: PagePrincipal) -> Response:
    """One fund: secured money by source, allocation, disbursements and refusals."""
    found = queries.fund(db, code)
    if found is None:
        raise ResourceNotFound("fund", code)
    return render(request, "fund.html", fund=found, visible=sees(principal, EVERYWHERE),
                  secured_fen=sum(int(s["amount_fen"] or 0) for s in found["secured"]
                                  if not s["is_retracted"]))
