"""One household: the replay (户档回放), the handbook (扶贫手册) and the basic-information sheet
(基本信息清单), all generated from its events. Personal detail: signed-in readers only,
within scope or break-glass, and every read is recorded before it is answered."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request, Response

from api.auth import Place, Principal
from api.deps import SourceDep, ViewsDep
from api.errors import ResourceNotFound
from api.pages import reads, replay
from api.pages.access import PagePrincipal, open_detail
from api.pages.rendering import render
from api.pages.routing import Code, page_router
from projections import queries
from projections.asof import household_as_of
from projections.db import ViewDb

router = page_router()
EXIT_EVENTS = ("ExitReviewed", "ExitNoticePosted", "ExitObjectionRaised", "ExitConfirmed",
               "Exited", "ReturnedToPoverty", "MonitoringStarted", "MonitoringEnded",
               "HonourAwarded")
POINT_EVENTS = ("PointsEarned", "PointsRedeemed", "ActivityAttended")
PAIRING_EVENTS = ("PairingStarted", "PairingContacted", "PairingEnded")


@router.get("/pages/households/{code}")
def household_replay(request: Request, code: Code, db: ViewsDep, source: SourceDep,
                     principal: PagePrincipal, on: date | None = None) -> Response:
    """The timeline with a scrubber: the state as the ledger knew it after each event."""
    household = _open(request, db, principal, code)
    rows = reads.household_events(db, code)
    found = replay.build(household_as_of(source, code, views=db), rows, on)
    return render(request, "household.html", household=household, replay=found, on=on,
                  frames=[f.as_json() for f in found.frames],
                  names=_names(db, household, rows))


@router.get("/pages/households/{code}/handbook")
def household_handbook(request: Request, code: Code, db: ViewsDep,
                       principal: PagePrincipal) -> Response:
    """扶贫手册: the household's record book, printable on A4."""
    household = _open(request, db, principal, code)
    rows = reads.household_events(db, code)
    return render(request, "handbook.html", household=household,
                  assignments=reads.assignments(db, code), income=reads.income_lines(db, code),
                  measures=reads.measures(db, code), contacts=reads.contacts(db, code),
                  diary=_of_type(rows, ("DiaryEntryRecorded",)),
                  exits=_of_type(rows, EXIT_EVENTS), points=_of_type(rows, POINT_EVENTS),
                  pairing=_of_type(rows, PAIRING_EVENTS),
                  names=_names(db, household, rows), today=reads.today(db))


@router.get("/pages/households/{code}/sheet")
def household_sheet(request: Request, code: Code, db: ViewsDep,
                    principal: PagePrincipal) -> Response:
    """基本信息清单: one printable page of the household's basic information."""
    household = _open(request, db, principal, code)
    return render(request, "sheet.html", household=household,
                  assignments=reads.assignments(db, code),
                  names=_names(db, household, []), today=reads.today(db))


def _open(request: Request, db: ViewDb, principal: Principal, code: str) -> dict[str, Any]:
    """The household's current state, after the reach check and the access record."""
    household = queries.household_state(db, code)
    if household is None:
        raise ResourceNotFound("household", code)
    place = Place(household["township_code"], household["village_code"])
    open_detail(db, request, principal, place, f"household:{code}")
    return household


def _of_type(rows: list[dict[str, Any]], types: tuple[str, ...]) -> list[dict[str, Any]]:
    return [r for r in rows if r["event_type"] in types]


def _names(db: ViewDb, household: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, str]:
    """Names of the cadres the pages mention (assigned, acting, authorising)."""
    codes = {a["cadre_code"] for a in household.get("assignments") or []}
    codes |= {str(r["cadre_code"]) for r in rows if r.get("cadre_code")}
    codes |= {str(r["actor_id"]) for r in rows if r.get("actor_id")}
    return reads.cadre_names(db, sorted(codes))
