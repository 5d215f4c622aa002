"""The access log (查阅记录): every read of personal detail, by whom, when and why.

Readers are accountable too. Each row says when, which token (label and role), the request
(method, path with query), the subject read (``household:H001``, ``timeline`` ...), the reason
given in ``X-Access-Reason`` and whether it was break-glass (out of scope, 紧急查阅). The table
``api_access_log`` lives beside the views; only the discipline role reads it
(``/v1/access-log``). It is a side table, not events: the API never writes an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from api.auth import Principal
from projections.db import ViewDb

TABLE = "api_access_log"
_COLUMNS = "at, token_label, role, method, path, subject, reason, is_break_glass"
FILTERS = {"token_label": "token_label = ?", "subject": "subject = ?",
           "is_break_glass": "is_break_glass = ?", "from": "at >= ?", "to": "at <= ?"}


@dataclass(frozen=True)
class AccessRecord:
    """One read of personal detail."""

    subject: str
    method: str
    path: str
    is_break_glass: bool = False


def ensure_table(db: ViewDb) -> None:
    """Create ``api_access_log`` if missing (an identity column on each database)."""
    key = ("id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" if db.dialect == "postgres"
           else "id INTEGER PRIMARY KEY AUTOINCREMENT")
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} ({key}, at TEXT NOT NULL, token_label TEXT NOT "
        "NULL, role TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, subject TEXT NOT "
        "NULL, reason TEXT, is_break_glass INTEGER NOT NULL)")
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_label ON {TABLE} (token_label, id)")


def record_access(db: ViewDb, principal: Principal, record: AccessRecord,
                  at: datetime | None = None) -> None:
    """Write one row (who, what, when, reason) before the detail is answered."""
    when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
    db.execute(
        f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (when.replace("+00:00", "Z"), principal.label, principal.role.value, record.method,
         record.path[:2000], record.subject, principal.reason, int(record.is_break_glass)))


def list_access(db: ViewDb, filters: dict[str, Any], after: int,
                limit: int) -> list[dict[str, Any]]:
    """Rows after id ``after``, oldest first, at most ``limit`` (+1 to tell if more follow)."""
    where = [FILTERS[k] for k in sorted(filters) if filters[k] is not None]
    params: list[Any] = [_param(filters[k]) for k in sorted(filters) if filters[k] is not None]
    where.append("id > ?")
    params.append(after)
    return db.fetchdicts(
        f"SELECT id, {_COLUMNS} FROM {TABLE} WHERE {' AND '.join(where)} ORDER BY id LIMIT ?",
        [*params, limit + 1])


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return value
