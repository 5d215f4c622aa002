"""Bearer tokens: created by ``ledger token create``, stored only as SHA-256 hashes.

A token is ``lgr_`` and 43 base64url characters (32 random bytes); the table ``api_tokens`` in
the views' database keeps its hash, role, scope, label and when it was created or revoked.
The clear token is shown once, at creation, and is never stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from ledger.errors import RuleViolation
from projections.db import ViewDb

TABLE = "api_tokens"
TOKEN_PREFIX = "lgr_"  # noqa: S105 - a visible prefix, not a secret
TOKEN_BYTES = 32
_SCOPE = re.compile(r"(township|village):([A-Za-z0-9_.\-]{1,64})")
_LABEL = re.compile(r"[\w.@\-]{1,64}")
_COLUMNS = "token_hash, label, role, scope, created_at, revoked_at"


class Role(StrEnum):
    """Who reads: 公众 the public, 巡察组 an inspector, 纪委监委 the discipline commission."""

    PUBLIC = "public"
    INSPECTOR = "inspector"
    DISCIPLINE = "discipline"


@dataclass(frozen=True)
class Scope:
    """Where an inspector's full detail reaches: one township (乡镇) or one village (村)."""

    kind: str
    code: str

    @classmethod
    def parse(cls, text: str) -> Scope:
        """``township:T01`` or ``village:V01``."""
        found = _SCOPE.fullmatch(text.strip())
        if found is None:
            raise RuleViolation(f"scope {text!r} is not township:CODE or village:CODE",
                                field="scope")
        return cls(found.group(1), found.group(2))

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class TokenRecord:
    """One stored token (never its clear text)."""

    token_hash: str
    label: str
    role: Role
    scope: Scope | None
    created_at: str
    revoked_at: str | None

    @property
    def is_revoked(self) -> bool:
        """A revoked token authenticates no one."""
        return self.revoked_at is not None


def ensure_table(db: ViewDb) -> None:
    """Create ``api_tokens`` if missing."""
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (token_hash TEXT PRIMARY KEY, label TEXT NOT NULL "
        "UNIQUE, role TEXT NOT NULL, scope TEXT, created_at TEXT NOT NULL, revoked_at TEXT)")


def hash_token(token: str) -> str:
    """SHA-256 hex of the token's text: what is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(db: ViewDb, role: Role, scope: Scope | None, label: str,
                 now: datetime | None = None) -> str:
    """Store a new token's hash and return the clear token (shown once)."""
    if not _LABEL.fullmatch(label):
        raise RuleViolation(f"label {label!r}: 1-64 letters, digits, . @ _ -", field="label")
    if scope is not None and role is not Role.INSPECTOR:
        raise RuleViolation("only an inspector token has a scope", field="scope")
    if lookup_label(db, label) is not None:
        raise RuleViolation(f"a token labelled {label!r} exists", field="label")
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    db.execute(f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL)",
               (hash_token(token), label, role.value, str(scope) if scope else None, at))
    return token


def revoke_token(db: ViewDb, label: str, now: datetime | None = None) -> bool:
    """Revoke the token with this label; False if there is none (or it was revoked)."""
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    changed = db.execute(
        f"UPDATE {TABLE} SET revoked_at = ? WHERE label = ? AND revoked_at IS NULL", (at, label))
    return changed == 1


def lookup(db: ViewDb, token: str) -> TokenRecord | None:
    """The record of a clear token, if it was ever issued."""
    rows = db.fetchall(f"SELECT {_COLUMNS} FROM {TABLE} WHERE token_hash = ?",
                       (hash_token(token),))
    return _record(rows[0]) if rows else None


def lookup_label(db: ViewDb, label: str) -> TokenRecord | None:
    """The record with this label."""
    rows = db.fetchall(f"SELECT {_COLUMNS} FROM {TABLE} WHERE label = ?", (label,))
    return _record(rows[0]) if rows else None


def list_tokens(db: ViewDb) -> list[TokenRecord]:
    """Every token ever issued, oldest first."""
    rows = db.fetchall(f"SELECT {_COLUMNS} FROM {TABLE} ORDER BY created_at, label")
    return [_record(row) for row in rows]


def _record(row: tuple[object, ...]) -> TokenRecord:
    token_hash, label, role, scope, created_at, revoked_at = row
    return TokenRecord(str(token_hash), str(label), Role(str(role)),
                       Scope.parse(str(scope)) if scope else None, str(created_at),
                       None if revoked_at is None else str(revoked_at))
