"""The demo county the README describes, generated once per test run and copied per test."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_COMMAND = ["demo", "--quiet", "--db", "demo.db"]
"""What ``bash scripts/demo.sh`` runs first (the default county), minus the progress bar."""
LEDGER = [sys.executable, "-m", "ledger.cli"]


def ledger_run(
    args: list[str], cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``ledger ARGS`` as a user would, in ``cwd``."""
    return subprocess.run([*LEDGER, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False, env={**os.environ, "COLUMNS": "200"})


@pytest.fixture(scope="session")
def readme_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``demo.db`` (the default demo, views built) and its demo key folder.

    Made once per run and shared by the xdist workers under a file lock; never written to by
    tests (they copy it with :func:`copy_demo`). The demo summary is kept in ``demo.out``.
    """
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's base is <run>/popen-gwN: share <run>; alone, the base is <run>.
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "readme-demo"
    shared.mkdir(exist_ok=True)
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "done").exists():
            made = ledger_run(DEMO_COMMAND, shared, timeout=900)
            assert made.returncode == 0, made.stderr
            (shared / "demo.out").write_text(made.stdout, encoding="utf-8")
            built = ledger_run(["project", "--db", "demo.db"], shared, timeout=900)
            assert built.returncode == 0, built.stderr
            (shared / "done").touch()
    return shared


def copy_demo(source: Path, target: Path) -> Path:
    """``demo.db`` and its key folder copied into ``target`` (a test's working directory)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "demo.db", target / "demo.db")
    shutil.copytree(source / "demo.db.demo-keys", target / "demo.db.demo-keys")
    return target


@pytest.fixture
def demo_dir(readme_demo: Path, tmp_path: Path) -> Path:
    """A working directory with a private copy of the README's demo store."""
    return copy_demo(readme_demo, tmp_path / "work")
