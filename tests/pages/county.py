"""A small county for the page tests, recorded through the use cases and projected.

长白镇 / 金华村 (two households, weekly visits for nine weeks, one late phone contact, one
corrected income line, evidence on a visit) and 八道沟镇 / 十六道沟村 (one household, for scope
tests). A signed checkpoint with a witness cosignature covers most of the log; a few events
come after it, so some proofs are against the current tree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.application.core import Actor
from ledger.domain.values import Indicators, Member, Plan
from ledger.integrity.checkpoint import Checkpoint, Signer, cosign, generate_signing_key
from ledger.storage.config import DatabaseConfig, parse_database_url
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource

D = date
ORIGIN = "changbai.example/ledger"
PHOTO = hashlib.sha256("入户照片 H001 第一周".encode()).hexdigest()
START = datetime(2024, 1, 10, 8, tzinfo=UTC)


@dataclass(frozen=True)
class County:
    """Where the county is stored and what the tests need to know about it."""

    config: DatabaseConfig
    log_vkey: str
    witness_name: str


def build(path: Path) -> County:
    """Record the county into a SQLite file, seal a checkpoint, and build the views."""
    config = parse_database_url(str(path))
    clock = SimulatedClock(START)
    ledger = Ledger(env=config.eventsourcing_env(), clock=clock)
    _places_and_people(ledger)
    _weeks_of_work(ledger, clock)
    vkey = _checkpoint(ledger, clock)
    clock.advance(timedelta(hours=1))
    ledger.record_diary("H001", "C01", clock.now().date(), "检查点之后的日记")
    _pairing_and_activity(ledger, clock.now().date())
    _project(config)
    return County(config, vkey, "witness.example")


def _pairing_and_activity(ledger: Ledger, day: date) -> None:
    """H002 is paired with a party member who visited once and took part in a contest; 王强
    made a research visit to it."""
    ledger.start_pairing("H002", "JQ-1", "朴正浩", "DZB-JH", day)
    ledger.record_pairing_contact("H002", "JQ-1", datetime.combine(day, time(9), UTC),
                                  "in_person", "送米面油", 20_000)
    ledger.hold_activity("ACT-1", "knowledge_contest", "扶贫政策知识竞赛", "金华村文化室", "C10",
                         "V01", ["H002"], 15, day)
    ledger.record_research_visit("C10", day, "village", "V01", ["V01"], ["H002"], "调研金华村",
                                 "RV-1")


def _places_and_people(ledger: Ledger) -> None:
    ledger.register_county("CB", "长白朝鲜族自治县", D(2024, 1, 2), is_demo=True)
    ledger.register_township("T01", "长白镇", 41.42, 128.20, D(2024, 1, 2))
    ledger.register_township("T02", "八道沟镇", 41.60, 127.90, D(2024, 1, 2))
    ledger.register_village("V01", "T01", "金华村", 41.45, 128.25, True, D(2024, 1, 2))
    ledger.register_village("V02", "T02", "十六道沟村", 41.62, 127.95, False, D(2024, 1, 2))
    for code, name, role, unit in [("C01", "李明", "household_cadre", "V01"),
                                   ("C02", "朴成浩", "household_cadre", "V01"),
                                   ("C03", "赵刚", "household_cadre", "V02"),
                                   ("C10", "王强", "village_leader", "V01"),
                                   ("C30", "金正一", "county_leader", "CB")]:
        ledger.appoint_cadre(code, name, role, unit, "13800000000", D(2024, 1, 2))
    ledger.assign_cadre("C10", D(2024, 1, 2), village="V01")
    for code, village, head, spouse, cadre in (
            ("H001", "V01", "金大山", "崔顺姬", "C01"), ("H002", "V01", "朴顺子", "李春花", "C02"),
            ("H003", "V02", "赵永福", "孙桂兰", "C03")):
        members = [Member(1, head, "户主", f"22062319550101{code[-3:]}1", "男", 1955),
                   Member(2, spouse, "配偶", f"22062319580303{code[-3:]}2", "女", 1958)]
        ledger.register_household(code, village, head, members, "dibao", "illness",
                                  D(2024, 1, 2), Indicators(True, True, True, True, True, True))
        ledger.assign_cadre(cadre, D(2024, 1, 3), household=code)
        ledger.adopt_plan(code, Plan(f"{head}户", ["低保"], ["光伏分红"], cadre, "脱贫"),
                          D(2024, 1, 4))
    ledger.allocate_fund("F01", "光伏扶贫", "省级", 10_000_000, D(2024, 1, 3), "solar")
    ledger.register_project("P01", "18兆瓦光伏", "solar", "T01", 10_000_000, D(2024, 1, 3))


def _weeks_of_work(ledger: Ledger, clock: SimulatedClock) -> None:
    """Nine weeks: H001 visited weekly (H002 every other week), then income and a correction."""
    witness = Actor("C01", "household_cadre", "in_person", evidence=(PHOTO,))
    for week in range(9):
        clock.advance(timedelta(days=7))
        at = clock.now() - timedelta(hours=2)
        ledger.record_visit("H001", "C01", at, "in_person", "走访",
                            actor=witness if week == 0 else None)
        if week % 2 == 0:
            ledger.record_visit("H002", "C02", at, "in_person", "走访")
        ledger.record_visit("H003", "C03", at, "in_person", "走访")
    clock.advance(timedelta(days=1))
    ledger.record_visit("H001", "C01", clock.now() - timedelta(days=5), "phone", "电话补记")
    transfer = ledger.record_income("H001", "transfer", 744_000, "2024", clock.now().date(),
                                    "低保")
    ledger.record_income("H001", "wage", 300_000, "2024", clock.now().date(), "务工")
    ledger.disburse("F01", "D1", 5_000_000, "solar", clock.now().date(), "光伏电站", "C30",
                    project="P01")
    ledger.join_project("H001", "P01", clock.now().date())
    clock.advance(timedelta(days=1))
    ledger.correct_record(transfer.event_refs[0], {"amount_fen": 372_000}, "一人户的低保",
                          "C10")


def _checkpoint(ledger: Ledger, clock: SimulatedClock) -> str:
    """Sign the current tree with a log key; a witness cosigns it. Returns the log's vkey."""
    skey, vkey = generate_signing_key(ORIGIN)
    signer = Signer.from_skey(skey)
    witness = Signer.from_skey(generate_signing_key("witness.example")[0])
    recorder = ledger.recorder
    size = recorder.tree_size()
    root = recorder.root(size)
    body = Checkpoint(ORIGIN, size, root).body()
    note = signer.sign_note(body) + cosign(body, witness, int(clock.now().timestamp()))
    recorder.store_checkpoint(note, size, root, clock.now())
    return vkey


def _project(config: DatabaseConfig) -> None:
    source, db = EventSource(config), ViewDb(config)
    try:
        report = Projector(source, db).catch_up()
        assert report.ok, report.failures
    finally:
        db.close()
        source.close()
