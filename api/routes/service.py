"""``/healthz``, ``/metrics`` and ``/v1/projections/lag``: is the service well, how far behind."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request, Response

from api import replies
from api.auth import Reach
from api.deps import PrincipalDep, ResourcesDep, ViewsDep
from api.metrics import CONTENT_TYPE
from api.openapi import problems
from api.resources import Resources
from api.schemas.system import HealthOut, LagReportOut, LiveOut
from projections import queries, tracking

router = APIRouter(tags=["service"])
LIVE = b'{"status":"alive"}'



@router.get("/healthz", response_model=HealthOut, summary="Health · 健康检查")
def healthz(resources: ResourcesDep) -> Response:
    """200 when the views' database and the event store answer, else 503 (degraded)."""
    views = _answers(lambda: _ping_views(resources))
    store = _answers(resources.recorder.max_notification_id)
    body = HealthOut(status="ok" if views and store else "degraded", views_database=views,
                     event_store=store)
    return Response(body.model_dump_json(), status_code=200 if views and store else 503,
                    media_type="application/json")


@router.get("/livez", response_model=LiveOut, summary="Liveness · 存活检查")
async def livez() -> Response:
    """200 while the process serves requests; touches no database (the benchmark's baseline)."""
    return Response(LIVE, media_type="application/json")


@router.get("/metrics", response_class=Response, summary="Prometheus metrics · 监控指标",
            responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}})
def metrics(resources: ResourcesDep) -> Response:
    """Request counts and latency by route, and each view's lag (Prometheus text format)."""
    try:
        lags = _lags(resources)
    except Exception:
        lags = []
    return Response(resources.metrics.render(lags), media_type=CONTENT_TYPE)


@router.get("/v1/projections/lag", response_model=LagReportOut, responses=problems(),
            summary="Projection lag · 投影延迟")
def projection_lag(request: Request, resources: ResourcesDep, db: ViewsDep,
                   principal: PrincipalDep) -> Response:
    """Each view's position, the log's head, and events and seconds behind."""
    report = LagReportOut.model_validate({
        "built": bool(tracking.rows(db)),
        "views": [lag.as_dict() for lag in queries.lag(resources.source(), db)]})
    return replies.detail(request, principal, db, report, reach=Reach.PUBLIC, subject="lag")


def _ping_views(resources: Resources) -> bool:
    with resources.pool.connection() as db:
        return db.fetchone("SELECT 1") is not None


def _lags(resources: Resources) -> list[tuple[str, int, int]]:
    with resources.pool.connection() as db:
        return [(lag.view, lag.events_behind, lag.seconds_behind)
                for lag in queries.lag(resources.source(), db)]


def _answers(probe: Callable[[], object]) -> bool:
    try:
        probe()
    except Exception:
        return False
    return True
