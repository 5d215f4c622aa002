"""Only init, import and demo create a store; every other command refuses a missing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.cli import main

READING_COMMANDS = [
    ["history", "T01-V01-H001"],
    ["history", "T01-V01-H001", "--as-of", "2018-06-30"],
    ["history", "T01-V01-H001", "--json"],
    ["verify"],
    ["checkpoint"],
    ["consistency-proof", "--old", "0"],
    ["export-evidence", "--household", "T01-V01-H001", "--reason", "抽查", "--out", "h.zip"],
    ["keygen", "--out", "keys"],
    ["project"],
    ["project", "--lag"],
    ["serve", "--port", "8199"],
    ["token", "create", "--role", "public"],
    ["token", "list"],
    ["token", "revoke", "someone"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_a_reading_command_refuses_a_missing_sqlite_file_and_creates_nothing(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Exit 2, one line naming the path and what to do, and no file appears."""
    monkeypatch.chdir(tmp_path)
    status = main([*command, "--db", "nosuch.db"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert f"ledger {command[0]}: no ledger store at nosuch.db (no such file)" in err
    assert "ledger init" in err
    assert list(tmp_path.iterdir()) == []


def test_a_file_without_the_events_table_is_refused_as_well(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty file (say, left by an old mistake) is not a store, and stays empty."""
    empty = tmp_path / "empty.db"
    empty.touch()
    assert main(["history", "T01-V01-H001", "--db", str(empty)]) == 2
    assert "holds no ledger events table" in capsys.readouterr().err
    assert empty.stat().st_size == 0


def test_init_creates_an_empty_store_that_the_reading_commands_accept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ledger init`` makes the tables; verify then passes and history says not found."""
    db = str(tmp_path / "county.db")
    assert main(["init", "--db", db]) == 0
    assert "created (empty)" in capsys.readouterr().out
    assert main(["init", "--db", db]) == 0
    assert "exists already (0 events)" in capsys.readouterr().out
    assert main(["verify", "--quiet", "--db", db]) == 0
    capsys.readouterr()
    assert main(["history", "T01-V01-H001", "--db", db]) == 2
    assert "not found" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_postgres_schema_without_the_events_table_is_refused(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing but empty schema is not a store: exit 2 and no table is made in it."""
    assert main(["history", "T01-V01-H001", "--db", postgres_url]) == 2
    assert "has no ledger events table" in capsys.readouterr().err
    assert main(["verify", "--db", postgres_url]) == 2
    assert main(["init", "--db", postgres_url]) == 0
    assert main(["verify", "--quiet", "--db", postgres_url]) == 0
