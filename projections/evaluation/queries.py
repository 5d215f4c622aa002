"""What the API and pages read of evaluations: published receipts (from the audit timeline)
and a live evaluation of the views as they stand."""

from __future__ import annotations

from typing import Any

import orjson

from projections.db import ViewDb
from projections.evaluation.periods import parse_period
from projections.evaluation.run import evaluate, log_point, views_position
from projections.source import EventSource

SUMMARY = ("code", "period", "level", "regulation_code", "edition", "tree_size", "root_hash",
           "receipt_sha256", "authorised_by")


def published(db: ViewDb) -> list[dict[str, Any]]:
    """Every published evaluation, newest first, without its receipt body."""
    return [_summary(row) for row in _rows(db, None)]


def published_one(db: ViewDb, code: str) -> dict[str, Any] | None:
    """One published evaluation with its whole receipt."""
    rows = _rows(db, code)
    if not rows:
        return None
    found = _summary(rows[0])
    found["receipt"] = orjson.loads(rows[0]["fields"].get("receipt_json") or "{}")
    return found


def live(db: ViewDb, source: EventSource, period: str, level: str,
         edition: int | None = None) -> dict[str, Any]:
    """An evaluation of the views as they stand (their common position), with its receipt."""
    point = log_point(source, views_position(db))
    return evaluate(db, source, parse_period(period), level, point, edition)


def _rows(db: ViewDb, code: str | None) -> list[dict[str, Any]]:
    where = "event_type = 'ScoresPublished'" + (" AND aggregate_code = ?" if code else "")
    rows = db.fetchdicts(f"SELECT aggregate_code, position, recorded_at, fields_json "
                         f"FROM view_timeline_event WHERE {where} ORDER BY position DESC",
                         (code,) if code else ())
    for row in rows:
        row["fields"] = orjson.loads(row.pop("fields_json") or "{}")
    return rows


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    fields = row["fields"]
    found = {key: fields.get(key) for key in SUMMARY if key != "code"}
    return {"code": row["aggregate_code"], **found, "position": row["position"],
            "published_at": row["recorded_at"]}
