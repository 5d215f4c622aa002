"""The API never writes: no route but GET, no write SQL outside its side tables, no use cases."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.app import ROUTERS
from projections.db import ViewDb
from projections.maintenance import table_hashes
from projections.source import EventSource
from tests.api.conftest import READ_PATHS, Served, bearer

API = Path(__file__).resolve().parents[2] / "api"
SIDE_TABLE_MODULES = {"tokens.py", "access_log.py"}
"""The only modules that write: the API's own side tables, never events or views."""
WRITE_SQL = re.compile(r"\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|"
                       r"(CREATE|DROP|ALTER)\s+(TABLE|INDEX|VIEW)|TRUNCATE)\b")
WRITE_CALLS = {"insert_events", "store_checkpoint", "save", "catch_up", "follow", "rebuild",
               "transaction", "executemany", "_insert_checkpoint", "advance"}


def _modules() -> list[Path]:
    return [p for p in API.rglob("*.py") if "pages" not in p.relative_to(API).parts]


def test_every_route_only_reads() -> None:
    """Each API route answers GET only."""
    methods = {m for router in ROUTERS for route in router.routes
               if isinstance(route, APIRoute) for m in route.methods}
    assert methods == {"GET"}


def test_no_module_writes_sql_except_the_side_tables() -> None:
    """No SQL text that writes appears outside tokens.py and access_log.py."""
    found = [
        path.name
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and WRITE_SQL.search(node.value)
    ]
    assert set(found) == SIDE_TABLE_MODULES


def test_no_module_calls_a_writing_method() -> None:
    """Nothing in api/ saves, seals, checkpoints, projects or opens a write transaction."""
    offenders = [
        f"{path.name}:{node.lineno} {node.func.attr}"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITE_CALLS
    ]
    assert offenders == []


def test_no_module_imports_the_write_side() -> None:
    """api/ never imports ledger.application, ledger.cli or the projections runner."""
    forbidden = ("ledger.application", "ledger.cli", "projections.runner",
                 "projections.follow", "projections.maintenance")
    offenders = []
    for path in API.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(forbidden)]
    assert offenders == []


def test_reading_everything_as_everyone_changes_no_event_and_no_view(
        client: TestClient, served: Served) -> None:
    """After every read by every role, the log's head and every view table are unchanged."""
    source, views = EventSource(served.config), ViewDb(served.config)
    try:
        head, hashes = source.max_position(), table_hashes(views)
        for who in (None, "public", "inspector", "t01", "discipline"):
            headers = bearer(served, who, "复核") if who else {}
            for path in READ_PATHS:
                client.get(path, headers=headers)
        assert (source.max_position(), table_hashes(views)) == (head, hashes)
    finally:
        views.close()
        source.close()
