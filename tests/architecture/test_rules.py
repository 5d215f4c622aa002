"""Rules of the code that import-linter cannot express, checked on the syntax tree."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK_CALLS = {"now", "utcnow", "today", "time", "random", "uuid4", "monotonic"}


def _sources(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (ROOT / folder).rglob("*.py")]


def test_applying_an_event_never_reads_a_clock_or_randomness() -> None:
    """No ``apply`` method in the domain calls now(), today(), time(), random() or uuid4()."""
    offenders = []
    for path in _sources("ledger/domain"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in {"apply", "mutate"}:
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                            and call.func.attr in CLOCK_CALLS:
                        offenders.append(f"{path.name}:{call.lineno}")
    assert offenders == []


def test_applying_an_event_never_raises() -> None:
    """Guards live in commands: an ``apply`` body never raises (it reruns on every replay)."""
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in _sources("ledger/domain")
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(fn, ast.FunctionDef) and fn.name == "apply"
        for node in ast.walk(fn)
        if isinstance(node, ast.Raise)
    ]
    assert offenders == []


def test_production_code_validates_with_named_errors_not_assert() -> None:
    """No ``assert`` statements in ledger/, projections/ or api/."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _sources("ledger", "projections", "api")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assert)
    ]
    assert offenders == []


def test_the_ledger_never_imports_the_read_side() -> None:
    """ledger/ knows nothing of projections/ or api/ (their commands arrive as entry points)."""
    offenders = []
    for path in _sources("ledger"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names
                          if n.split(".")[0] in {"projections", "api"}]
    assert offenders == []
