"""Inspector pages (巡察页面): server-rendered HTML over the read models, Chinese first.

``router`` holds every page; ``mount_static(app)`` serves the stylesheet and the one script
from ``/pages/static``. Nothing is built at import beyond the routers' route tables: the
templates load on first use. See ``docs/pages.md``.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from api.pages import (
    cadres,
    compliance,
    county,
    evaluations,
    funds,
    household,
    households,
    inspection,
    integrity,
    login,
    scorecards,
    signals,
    villages,
)
from api.pages.rendering import STATIC, STATIC_URL

__all__ = ["mount_static", "router"]

router = APIRouter(include_in_schema=False)
for _module in (county, evaluations, funds, households, household, cadres, villages,
                compliance, scorecards, inspection, signals, integrity, login):
    router.include_router(_module.router)


def mount_static(app: FastAPI) -> None:
    """Serve ``api/pages/static`` at ``/pages/static`` (CSS and the replay script)."""
    app.mount(STATIC_URL, StaticFiles(directory=STATIC), name="pages-static")
