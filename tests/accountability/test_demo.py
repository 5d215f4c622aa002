"""On the demo county, every injected missed week and skipped monthly act is a violation with
its escalation chain, and nothing else the demo does is reported missed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from ledger.application.app import Ledger
from ledger.cli import main
from ledger.demo.anomalies import MISSED_ACTS, MISSED_WEEKS
from ledger.demo.generator import DemoConfig, DemoReport, demo_clock, generate_demo
from ledger.storage.config import parse_database_url
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource
from tests.accountability.conftest import rows

Demo = tuple[Path, DemoReport, dict[str, dict[str, Any]]]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """A 30-household demo year, with the accountability view caught up."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    config = parse_database_url(str(path))
    settings = DemoConfig(households=30)
    ledger = Ledger(env=config.eventsourcing_env(), clock=demo_clock(settings))
    report = generate_demo(ledger, settings)
    source, db = EventSource(config), ViewDb(config)
    try:
        assert Projector(source, db, names=["accountability"]).catch_up().ok
        return path, report, rows(db)
    finally:
        db.close()
        source.close()


def _roots(found: dict[str, dict[str, Any]], prefix: str, status: str) -> list[dict[str, Any]]:
    return [r for r in found.values()
            if r["step"] == 0 and r["duty"].startswith(prefix) and r["status"] == status]


def test_every_injected_missed_week_is_a_violation_and_no_other_week_is(demo: Demo) -> None:
    """The demo's household-weeks without a visit are exactly the missed visit obligations."""
    _, report, found = demo
    missed = _roots(found, "visit", "missed")
    assert len(missed) == report.anomalies[MISSED_WEEKS] > 0
    for row in missed:
        step = found[f"{row['obligation_id']}/escalation/1"]
        assert step["owner_role"] == "village_leader"
        assert step["owner"]


def test_every_skipped_monthly_act_is_a_violation_escalated_to_the_county(demo: Demo) -> None:
    """A skipped 四个一 act is missed and the county leaders must respond."""
    _, report, found = demo
    missed = _roots(found, "four_ones.", "missed")
    assert len(missed) == report.anomalies[MISSED_ACTS] > 0
    for row in missed:
        assert found[f"{row['obligation_id']}/escalation/1"]["owner_role"] == "county_leader"


def test_partial_quarterly_reviews_are_the_only_missed_quarters(demo: Demo) -> None:
    """三了解两协调 is missed only when a review left a part out."""
    _, _, found = demo
    for row in _roots(found, "three_learn_two_coordinate", "missed"):
        assert "partial: missing" in row["reason"]


def test_the_county_answers_some_violations_with_a_talk(demo: Demo) -> None:
    """The demo's talks naming skipped weeks meet a step of their chains."""
    _, _, found = demo
    answered = [r for r in found.values() if r["step"] > 0 and r["status"] in ("met", "met_late")]
    assert answered
    assert Counter(r["owner_role"] for r in answered).keys() <= {"county_leader"}


def test_ledger_accountability_answers_for_a_household_with_a_missed_week(
    demo: Demo, capsys: pytest.CaptureFixture[str],
) -> None:
    """The command names every level's holder, the missed week and its chain, in JSON too."""
    path, _, found = demo
    row = _roots(found, "visit", "missed")[0]
    code, day = row["subject_code"], row["window_end"]
    assert main(["accountability", code, "--on", day, "--db", str(path)]) == 0
    text = capsys.readouterr().out
    assert row["obligation_id"] in text
    assert "village_leader" in text
    assert main(["accountability", code, "--on", day, "--json", "--db", str(path)]) == 0
    answer = orjson.loads(capsys.readouterr().out)
    assert [lv["level"] for lv in answer["levels"]] == [
        "household_cadre", "village_leader", "township_lead", "county_leader"]
    assert any(o["obligation_id"] == row["obligation_id"] for o in answer["obligations"])
