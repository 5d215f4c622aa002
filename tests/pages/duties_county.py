"""A county that owes duties, for the accountability pages: 长白镇 / 金华村 over a whole year.

Built on the accountability tests' county (``tests.accountability.conftest.build_county``:
household cadres C01 and C02, village leader C10, township lead C20, county leader C30,
inspector C40; the regulation publishes the weekly visit, the 四个一, 三了解两协调 and finding
duties). Then 2024-01-01 to 2024-12-31:

* H001 is visited every week but week 3 (its chain reaches the county; C30's talk answers it)
  and week 20, whose visit is recorded three weeks late (补记: met late);
* H002 is visited every week;
* C20 does the 四个一 each month but skips the inspection of March (2024-03);
* one review per quarter (the first without its difficulties part: missed);
* round R01 over T01 spot-checks H001; finding F01 (deadline 2024-03-31) is never rectified
  (overdue), F02 is rectified and closed.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ledger.application.core import Actor
from ledger.domain.values import ReviewPart, ReviewPartName
from ledger.storage.config import DatabaseConfig, parse_database_url
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource
from tests.accountability.conftest import County, build_county

D = date
FIRST_MONDAY = D(2024, 1, 1)
WEEKS = 52
SKIPPED_WEEK = 3
LATE_WEEK = 20
SKIPPED_ACT = ("inspection", 3)
ACTS = ("research_visit", "inspection", "report_hearing", "report_up")


def build(path: Path) -> DatabaseConfig:
    """Record the year into a SQLite file and build every view."""
    config = parse_database_url(str(path))
    county = build_county(config)
    led = county.ledger
    for week in range(1, WEEKS + 1):
        monday = FIRST_MONDAY + timedelta(weeks=week - 1)
        wednesday = monday + timedelta(days=2)
        if wednesday.day <= 7:
            _month(county, wednesday)
        if week == 2:
            _round(county, wednesday)
        if week == 12:
            county.at(datetime(2024, 3, 20, 2, tzinfo=UTC))
            led.report_rectification("R01", "F02", D(2024, 3, 20), "已整改", actor=Actor("C01"))
            led.close_finding("R01", "F02", D(2024, 3, 20), "销号", actor=Actor("C40"))
        county.visit("H002", wednesday, "C02")
        if week not in (SKIPPED_WEEK, LATE_WEEK):
            county.visit("H001", wednesday)
        if week == LATE_WEEK + 3:
            county.visit("H001", wednesday - timedelta(weeks=3))
        if week == 7:
            county.at(datetime(wednesday.year, wednesday.month, wednesday.day, 6, tzinfo=UTC))
            led.hold_talk("C30", wednesday, "township", "T01", ["C20"],
                          ["obligation/visit/H001/2024-W03"], "warning", "约谈", "TALK-1")
    county.tick(D(2024, 12, 31))
    _project(config)
    return config


def _month(county: County, day: date) -> None:
    for act in ACTS:
        if (act, day.month) != SKIPPED_ACT:
            county.act(act, day, f"{act}-{day:%Y%m}")
    if day.month in (3, 6, 9, 12):
        parts = [ReviewPart(name, "内容") for name in ReviewPartName]
        county.at(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))
        county.ledger.record_quarterly_review(
            "C20", day, "township", "T01", parts[:4] if day.month == 3 else parts,
            "三了解两协调", f"review-{day:%Y%m}")


def _round(county: County, day: date) -> None:
    led = county.ledger
    county.at(datetime(day.year, day.month, day.day, 3, tzinfo=UTC))
    led.open_round("R01", "第一轮巡察", "C40", ["T01"], day)
    at = county.clock.now()
    frame = ["H001\tV01\tregistered\t1"]
    led.commit_sample("R01", hashlib.sha256(b"seed-R01").hexdigest(), frame, at)
    led.draw_sample("R01", "seed-R01", 1, at)
    led.record_spot_check("R01", "H001", day, {"visits": "有记录"}, "抽查")
    led.raise_finding("R01", "F01", "household", "H001", "C01", "帮扶手册未更新", day,
                      D(2024, 3, 31))
    led.raise_finding("R01", "F02", "household", "H002", "C02", "收入台账缺页", day,
                      D(2024, 3, 31))


def _project(config: DatabaseConfig) -> None:
    source, db = EventSource(config), ViewDb(config)
    try:
        report = Projector(source, db).catch_up()
        assert report.ok, report.failures
    finally:
        db.close()
        source.close()
