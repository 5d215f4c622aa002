"""The `ledger` command end to end: import with bad lines, history, --db and its fallbacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from ledger.cli import main
from ledger.cli.reading import JSON_KEYS

LINES = [
    {"command": "register_township", "code": "T01", "name": "长白镇"},
    {"command": "register_village", "code": "V01", "township": "T01", "name": "金华村"},
    {"command": "appoint_cadre", "code": "C01", "name": "李明", "role": "household_cadre",
     "unit": "V01", "occurred_on": "2024-01-01"},
    {"command": "appoint_cadre", "code": "C10", "name": "王强", "role": "village_leader",
     "unit": "V01", "occurred_on": "2024-01-01"},
    {"command": "register_household", "code": "H001", "village": "V01", "head": "金大山",
     "members": [{"name": "金大山"}], "category": "dibao", "poverty_cause": "illness",
     "registered_on": "2024-01-02"},
    {"command": "assign_cadre", "household": "H001", "cadre": "C01", "from_date": "2024-01-02"},
    {"command": "record_visit", "household": "H001", "cadre": "C01",
     "occurred_at": "2024-01-05T09:30:00+08:00", "mode": "in_person", "notes": "了解病情"},
    {"command": "record_income", "household": "H001", "source": "transfer",
     "amount_fen": 372000, "period": "2024", "item": "低保"},
]
BAD = {"command": "record_visit", "household": "H001", "cadre": "C01",
       "occurred_at": "2024-01-06T09:30:00+08:00", "mode": "teleport", "notes": ""}


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(orjson.dumps(r).decode() for r in rows) + "\n", encoding="utf-8")
    return path


def test_import_reports_a_bad_line_by_number_and_stores_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1; stderr names line 9 and the field; the eight good lines are stored."""
    db = tmp_path / "county.db"
    status = main(["import", str(write(tmp_path / "in.jsonl", [*LINES, BAD])), "--db", str(db)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "line 9: field 'mode'" in err
    assert "8 commands accepted" in out
    assert main(["history", "H001", "--db", str(db)]) == 0
    assert "入户走访" in capsys.readouterr().out


def test_atomic_import_stores_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--atomic with one bad line: nothing stored, so the household has no history."""
    db = tmp_path / "county.db"
    rows = write(tmp_path / "in.jsonl", [*LINES, BAD])
    assert main(["import", str(rows), "--atomic", "--db", str(db)]) == 1
    assert "NOT stored" in capsys.readouterr().out
    assert main(["history", "H001", "--db", str(db)]) == 2
    assert "not found" in capsys.readouterr().err


def test_history_marks_late_records_and_corrections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A correction is linked both ways and the corrected event is flagged."""
    correction = {"command": "correct_record", "target_event": "household/H001/4",
                  "changes": {"amount_fen": 300000}, "reason": "核对", "authorised_by": "C10"}
    db = tmp_path / "county.db"
    assert main(["import", str(write(tmp_path / "in.jsonl", [*LINES, correction])),
                 "--db", str(db)]) == 0
    capsys.readouterr()
    main(["history", "H001", "--db", str(db)])
    out = capsys.readouterr().out
    assert "corrected by v5" in out
    assert "corrects v4" in out


def test_the_database_falls_back_to_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --db, LEDGER_DATABASE_URL names the store."""
    db = tmp_path / "from-env.db"
    monkeypatch.setenv("LEDGER_DATABASE_URL", str(db))
    assert main(["import", str(write(tmp_path / "in.jsonl", LINES))]) == 0
    assert db.exists()


def test_the_console_script_runs_import_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    """`ledger import --db postgresql://...` in a subprocess, then `ledger history`."""
    rows = write(tmp_path / "in.jsonl", LINES)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    run = [sys.executable, "-m", "ledger.cli"]
    done = subprocess.run([*run, "import", str(rows), "--db", postgres_url], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    shown = subprocess.run([*run, "history", "H001", "--db", postgres_url], env=env,
                           capture_output=True, text=True, timeout=120, check=False)
    assert "household/H001/3" in shown.stdout


def test_a_bad_database_url_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    """An unusable --db is reported with what was wrong, exit 2."""
    assert main(["history", "H001", "--db", "mysql://nowhere/db"]) == 2
    assert "mysql" in capsys.readouterr().err


def test_history_reads_as_prose_in_one_time_zone_and_as_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No reprs, money in ¥, members listed, +08:00 times; --json: one object per event."""
    db = tmp_path / "county.db"
    assert main(["import", str(write(tmp_path / "in.jsonl", LINES)), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["history", "H001", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "Member(" not in text
    assert "=" not in text
    assert "1. 金大山 (户主" in text
    assert "¥3,720.00" in text
    assert "2024-01-05T09:30:00+08:00" in text
    assert "Z " not in text
    assert main(["history", "H001", "--db", str(db), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [orjson.loads(line) for line in lines]
    assert [list(r) for r in records] == [list(JSON_KEYS)] * len(records)
    visit = next(r for r in records if r["type"] == "Visited")
    assert visit["business_time"] == "2024-01-05T09:30:00+08:00"
    assert visit["fields"] == {"cadre_code": "C01", "notes": "了解病情"}
    income = next(r for r in records if r["type"] == "IncomeRecorded")
    assert income["fields"]["amount_fen"] == 372000
