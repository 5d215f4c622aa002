"""Evaluations on a small hand-built county: scores per rule, receipts that --check
recomputes, any change of the history or the edition caught; the same for any page size."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.cli import main
from ledger.errors import RuleViolation
from ledger.storage.config import DatabaseConfig, parse_database_url
from projections.db import ViewDb
from projections.evaluation.periods import parse_period
from projections.evaluation.run import NEEDED, evaluate, log_point
from projections.runner import Projector
from projections.source import EventSource
from tests.accountability.conftest import County, build_county, store

__all__ = ["store"]  # the fixture: a SQLite file or a PostgreSQL schema



def january(county: County) -> None:
    """H001 visited in weeks 1, 2 and 4 of January 2024 (week 3 skipped), H002 every week;
    then the ledger learns it is February."""
    for week in range(5):
        monday = date(2024, 1, 1) + timedelta(weeks=week)
        county.visit("H002", monday + timedelta(days=1), "C02")
        if week != 2:
            county.visit("H001", monday + timedelta(days=2), "C01")
    county.tick(date(2024, 2, 14))


def receipt(config: DatabaseConfig, period: str, level: str, page_size: int = 1000,
            views: DatabaseConfig | None = None) -> dict[str, Any]:
    """Evaluate with the views built in ``views`` (default: the store) at the given page size."""
    source, db = EventSource(config), ViewDb(views or config)
    try:
        Projector(source, db, names=NEEDED, page_size=page_size).catch_up()
        position = source.max_position()
        return evaluate(db, source, parse_period(period), level, log_point(source, position))
    finally:
        db.close()
        source.close()


def scores(result: dict[str, Any]) -> dict[str, tuple[str | None, int | None]]:
    return {s["unit"]: (s["percent"], s["rank"]) for s in result["scores"]}


def test_a_skipped_week_costs_its_share_of_the_rule(store: DatabaseConfig) -> None:
    """C01 met 3 of 4 January weeks: 15.00 of 20; C02 all 4: 20.00; ranked 1 and 2."""
    county = build_county(store)
    january(county)
    result = receipt(store, "2024-01", "cadre")
    by_unit = {s["unit"]: s for s in result["scores"]}
    visits = by_unit["C01"]["rules"][0]
    assert (visits["counts"]["met"], visits["counts"]["missed"], visits["earned"]) == (
        3, 1, "15.00")
    assert scores(result) == {"C01": ("75.00", 2), "C02": ("100.00", 1)}
    village = receipt(store, "2024-01", "village")
    assert scores(village) == {"V01": ("87.50", 1)}


def test_the_receipt_names_the_edition_and_the_log_prefix(store: DatabaseConfig) -> None:
    """Regulation code, edition and digest; tree size and root of the log read."""
    county = build_county(store)
    january(county)
    result = receipt(store, "2024-01", "cadre")
    assert result["regulation"]["code"] == "REG"
    assert result["regulation"]["edition"] == 1
    assert len(result["regulation"]["sha256"]) == 64
    assert result["log"]["tree_size"] > 0
    assert len(result["log"]["root_hash"]) == 64


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page_size=st.sampled_from([1, 3, 17, 1000]))
def test_the_same_scores_for_any_page_size(tmp_path: Path, page_size: int) -> None:
    """Views fed in pages of 1, 3, 17 or 1,000 events give the same receipt."""
    store = parse_database_url(str(tmp_path / "ledger.db"))
    if not (tmp_path / "ledger.db").exists():
        january(build_county(store))
    expected = receipt(store, "2024-01", "cadre", views=parse_database_url(
        str(tmp_path / "views-1000.db")))
    actual = receipt(store, "2024-01", "cadre", page_size=page_size, views=parse_database_url(
        str(tmp_path / f"views-{page_size}-{datetime.now(UTC).timestamp()}.db")))
    assert actual == expected


def cli(*args: object) -> int:
    return main([str(a) for a in args])


def test_check_says_identical_and_catches_a_changed_event_or_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """--check reproduces an honest receipt (exit 0); a changed event (the root differs) or
    another edition is named (exit 1)."""
    db = tmp_path / "ledger.db"
    january(build_county(parse_database_url(str(db))))
    assert cli("evaluate", "--period", "2024-01", "--level", "cadre", "--json", "--db", db) == 0
    honest = tmp_path / "receipt.json"
    honest.write_text(capsys.readouterr().out, encoding="utf-8")
    assert cli("evaluate", "--check", honest, "--db", db) == 0
    assert "IDENTICAL" in capsys.readouterr().out
    other = json.loads(honest.read_text())
    other["regulation"]["edition"] = 2
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    assert cli("evaluate", "--check", tmp_path / "other.json", "--db", db) == 1
    assert "edition 2" in capsys.readouterr().out
    with sqlite3.connect(db) as conn:
        rowid, state = conn.execute(
            "SELECT rowid, state FROM stored_events WHERE topic LIKE '%Visited' "
            "ORDER BY rowid LIMIT 1").fetchone()
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?",
                     (state.replace(b"2024-01-0", b"2024-01-1"), rowid))
    assert cli("evaluate", "--check", honest, "--db", db) == 1
    assert "history changed" in capsys.readouterr().out


def test_a_published_evaluation_is_sealed_and_a_foreign_receipt_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """publish-evaluation records the receipt (verify still passes); a receipt of another
    log prefix is refused and nothing is stored."""
    db = tmp_path / "ledger.db"
    county = build_county(parse_database_url(str(db)))
    january(county)
    cli("evaluate", "--period", "2024-01", "--json", "--db", db)
    text = capsys.readouterr().out
    county.ledger.publish_evaluation(text, "C30")
    forged = json.loads(text)
    forged["log"]["root_hash"] = "00" * 32
    with pytest.raises(RuleViolation):
        county.ledger.publish_evaluation(json.dumps(forged), "C30")
    with sqlite3.connect(db) as conn:
        published = conn.execute("SELECT COUNT(*) FROM stored_events "
                                 "WHERE topic LIKE '%ScoresPublished'").fetchone()[0]
    assert published == 1
