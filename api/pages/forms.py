"""What the printable forms show of one household: 扶贫手册 (handbook) and 基本信息清单
(information sheet). The pages and their PDFs (:mod:`api.pages.pdf`) render the same
templates from the same context, built here."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from api.pages import reads
from projections.db import ViewDb

EXIT_EVENTS = ("ExitReviewed", "ExitNoticePosted", "ExitObjectionRaised", "ExitConfirmed",
               "Exited", "ReturnedToPoverty", "MonitoringStarted", "MonitoringEnded",
               "HonourAwarded")
POINT_EVENTS = ("PointsEarned", "PointsRedeemed", "ActivityAttended")
PAIRING_EVENTS = ("PairingStarted", "PairingContacted", "PairingEnded")
Context = dict[str, Any]


class Form(StrEnum):
    """The printable forms."""

    HANDBOOK = "handbook"
    SHEET = "sheet"


def handbook_context(db: ViewDb, household: dict[str, Any]) -> Context:
    """What ``handbook.html`` shows of one household."""
    code = household["code"]
    rows = reads.household_events(db, code)
    return {"household": household, "assignments": reads.assignments(db, code),
            "income": reads.income_lines(db, code), "measures": reads.measures(db, code),
            "contacts": reads.contacts(db, code),
            "diary": _of_type(rows, ("DiaryEntryRecorded",)),
            "exits": _of_type(rows, EXIT_EVENTS), "points": _of_type(rows, POINT_EVENTS),
            "pairing": _of_type(rows, PAIRING_EVENTS),
            "names": cadre_names(db, household, rows), "today": reads.today(db)}


def sheet_context(db: ViewDb, household: dict[str, Any]) -> Context:
    """What ``sheet.html`` shows of one household."""
    return {"household": household, "assignments": reads.assignments(db, household["code"]),
            "names": cadre_names(db, household, []), "today": reads.today(db)}


FORMS: dict[Form, tuple[str, Callable[[ViewDb, dict[str, Any]], Context]]] = {
    Form.HANDBOOK: ("handbook.html", handbook_context),
    Form.SHEET: ("sheet.html", sheet_context),
}
"""Each form's template and context."""


def cadre_names(db: ViewDb, household: dict[str, Any],
                rows: list[dict[str, Any]]) -> dict[str, str]:
    """Names of the cadres the pages mention (assigned, acting, authorising, approving)."""
    codes = {a["cadre_code"] for a in household.get("assignments") or []}
    codes |= {str(r["cadre_code"]) for r in rows if r.get("cadre_code")}
    codes |= {str(r["actor_id"]) for r in rows if r.get("actor_id")}
    for row in rows:
        fields = row.get("fields") or {}
        codes |= {str(fields[k]) for k in ("approved_by", "authorised_by", "owner_cadre")
                  if fields.get(k)}
    return reads.cadre_names(db, sorted(codes))


def _of_type(rows: list[dict[str, Any]], types: tuple[str, ...]) -> list[dict[str, Any]]:
    return [r for r in rows if r["event_type"] in types]
