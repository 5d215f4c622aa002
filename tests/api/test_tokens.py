"""Tokens: issued once, stored hashed, revocable; ``ledger token`` and ``ledger serve``."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import tokens
from api.tokens import Role, Scope
from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.cli import build_parser
from ledger.errors import RuleViolation
from ledger.storage.config import parse_database_url
from projections.db import ViewDb


def run(*argv: str) -> int:
    """Run ``ledger token ...`` or ``ledger serve ...`` as the CLI would."""
    args = build_parser().parse_args(argv)
    status: int = args.handler(args)
    return status


def test_a_created_token_is_printed_once_and_stored_only_as_its_hash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The table holds SHA-256 of the token, never the token."""
    db_path = str(tmp_path / "ledger.db")
    assert run("init", "--db", db_path) == 0
    capsys.readouterr()
    assert run("token", "create", "--role", "inspector", "--scope", "township:T01",
               "--label", "巡察一组", "--db", db_path) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("lgr_")
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT * FROM api_tokens").fetchall()
    assert token not in repr(stored)
    assert stored[0][0] == hashlib.sha256(token.encode()).hexdigest()
    assert stored[0][1:4] == ("巡察一组", "inspector", "township:T01")


def test_list_and_revoke_by_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A revoked token shows as revoked; revoking twice exits 1."""
    db_path = str(tmp_path / "ledger.db")
    assert run("init", "--db", db_path) == 0
    run("token", "create", "--role", "discipline", "--label", "纪委一室", "--db", db_path)
    assert run("token", "revoke", "纪委一室", "--db", db_path) == 0
    assert run("token", "revoke", "纪委一室", "--db", db_path) == 1
    capsys.readouterr()
    run("token", "list", "--db", db_path)
    listed = capsys.readouterr().out
    assert listed.startswith("纪委一室\tdiscipline\t-\t")
    assert "\trevoked " in listed


def test_bad_scopes_roles_and_labels_are_refused(tmp_path: Path) -> None:
    """Only inspectors have scopes; scopes are township:CODE or village:CODE; labels unique."""
    with ViewDb(parse_database_url(str(tmp_path / "ledger.db"))) as db:
        tokens.ensure_table(db)
        with pytest.raises(RuleViolation):
            tokens.create_token(db, Role.DISCIPLINE, Scope("township", "T01"), "x")
        with pytest.raises(RuleViolation):
            Scope.parse("county:CB")
        tokens.create_token(db, Role.PUBLIC, None, "same")
        with pytest.raises(RuleViolation):
            tokens.create_token(db, Role.PUBLIC, None, "same")
        with pytest.raises(RuleViolation):
            tokens.create_token(db, Role.PUBLIC, None, "has space")
    with pytest.raises(SystemExit):
        run("token", "create", "--role", "inspector", "--scope", "planet:X")


def test_serve_projects_first_then_runs_the_app(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ledger serve --project`` catches the views up and hands uvicorn a working app."""
    config = parse_database_url(str(tmp_path / "ledger.db"))
    ledger = Ledger(env=config.eventsourcing_env(),
                    clock=SimulatedClock(datetime(2024, 1, 10, 8, tzinfo=UTC)))
    ledger.register_county("CB", "长白朝鲜族自治县", date(2024, 1, 2))
    ledger.register_township("T01", "长白镇", 41.4, 128.2, date(2024, 1, 2))
    served: dict[str, Any] = {}

    def fake_run(app: FastAPI, **options: Any) -> None:
        served.update(app=app, **options)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    assert run("serve", "--project", "--port", "8123", "--db", str(config.sqlite_path)) == 0
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    with TestClient(served["app"]) as client:
        assert client.get("/v1/townships/T01").json()["name"] == "长白镇"
