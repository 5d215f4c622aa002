"""``/v1/evaluations``: published evaluations with their receipts, and a live one (可评价).

Scores name units (cadre, village and township codes) and counts, never personal data, so
every role may read them.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api import replies
from api.deps import SourceDep, ViewsDep
from api.errors import InvalidParameter, ResourceNotFound
from api.openapi import problems
from projections.evaluation import queries
from projections.evaluation.periods import BadPeriod
from projections.evaluation.regulation import NoRegulation

router = APIRouter(prefix="/v1/evaluations", tags=["evaluations"])
JSON = "application/json"
PERIOD = r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
PERIOD_TEXT = "考核期 period: 2018 | 2018-H2 | 2018-Q3 | 2018-07"
LEVEL_TEXT = "考核对象 level: cadre | village | township"


def _json(request: Request, payload: Any) -> Response:
    return replies.conditional(request, orjson.dumps(payload), JSON)


@router.get("", responses=problems(), summary="Published evaluations · 考核结果")
async def published(request: Request, db: ViewsDep) -> Response:
    """Every evaluation published in the sealed log (code, period, level, regulation edition,
    the log prefix read, the receipt's SHA-256), newest first."""
    return _json(request, {"items": await run_in_threadpool(queries.published, db)})


@router.get("/live", responses=problems(422), summary="Evaluate now · 实时考核")
async def live(
    request: Request, db: ViewsDep, source: SourceDep,
    period: Annotated[str, Query(pattern=PERIOD, description=PERIOD_TEXT)],
    level: Annotated[str, Query(pattern=r"^(cadre|village|township)$",
                                description=LEVEL_TEXT)] = "township",
    regulation: Annotated[int | None, Query(ge=1, le=10_000,
                                                 description="考核办法版次 edition")] = None,
) -> Response:
    """Score every unit of a level for a period from the views as they stand, with the
    receipt that `ledger evaluate --check` reproduces."""
    try:
        found = await run_in_threadpool(queries.live, db, source, period, level, regulation)
    except (BadPeriod, NoRegulation) as error:
        raise InvalidParameter("period" if isinstance(error, BadPeriod) else "regulation",
                               str(error)) from None
    return _json(request, found)


@router.get("/{code}", responses=problems(404), summary="One published evaluation · 考核结果详情")
async def published_one(
    request: Request, db: ViewsDep,
    code: Annotated[str, Path(pattern=r"^[\w.\-]{1,80}$",
                              description="考核结果编号 code: <period>.<level>.<tree size>")],
) -> Response:
    """A published evaluation with its whole receipt."""
    found = await run_in_threadpool(queries.published_one, db, code)
    if found is None:
        raise ResourceNotFound("evaluation", code)
    return _json(request, found)
