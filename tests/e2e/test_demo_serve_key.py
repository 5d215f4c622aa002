"""``ledger serve`` finds the log's verifier key as ``ledger verify`` does: the demo is checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ledger.cli import main


def served_app(monkeypatch: pytest.MonkeyPatch, *args: str) -> FastAPI:
    """The app ``ledger serve ARGS`` would hand to uvicorn."""
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.update(app=app))
    assert main(["serve", *args]) == 0
    app: FastAPI = served["app"]
    return app


@pytest.mark.slow
def test_the_demo_serves_with_its_verification_key(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The integrity page shows the demo checkpoint's signature verified, not 'no key'."""
    monkeypatch.chdir(demo_dir)
    app = served_app(monkeypatch, "--db", "demo.db", "--port", "8198")
    assert "DEMO-KEY-NOT-FOR-PRODUCTION" in capsys.readouterr().err
    with TestClient(app) as client:
        page = client.get("/pages/integrity").text
        report = client.get("/v1/integrity/verify").json()
    assert "✓ 已核验" in page
    assert "no key configured" not in page
    assert report["ok"] is True
    assert report["verifier_keys"] == 1


def test_an_explicit_key_wins_over_the_demo_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--vkey`` names the keys; nothing is looked up beside the store."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--db", "county.db"]) == 0
    assert main(["keygen", "--name", "ledger.example/log", "--out", "keys"]) == 0
    vkey = (tmp_path / "keys" / "ledger.example_log.vkey").read_text(encoding="utf-8").strip()
    capsys.readouterr()
    app = served_app(monkeypatch, "--db", "county.db", "--vkey", vkey)
    assert "checking checkpoint signatures" not in capsys.readouterr().err
    with TestClient(app) as client:
        assert client.get("/v1/integrity/verify").json()["verifier_keys"] == 1


def test_without_any_key_the_server_says_nothing_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store with no key anywhere is served with no verifier keys (the page says so)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDGER_VERIFIER_KEY", raising=False)
    monkeypatch.delenv("LEDGER_SIGNING_KEY", raising=False)
    monkeypatch.delenv("LEDGER_LOG_VKEYS", raising=False)
    assert main(["init", "--db", "county.db"]) == 0
    app = served_app(monkeypatch, "--db", "county.db")
    with TestClient(app) as client:
        assert client.get("/v1/integrity/verify").json()["verifier_keys"] == 0
