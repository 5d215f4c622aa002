"""A small county of two townships, recorded through the use cases, projected, and served.

The store is built once per test session (the API only reads; the few tests that need to
change a store build their own). Personal values are listed in ``PERSONAL_VALUES`` so the
role tests can walk every answer for any of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import tokens
from api.app import create_app
from api.settings import Settings
from api.tokens import Role, Scope
from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.application.core import Actor
from ledger.domain.values import Indicators, Member, Plan
from ledger.integrity.checkpoint import Checkpoint, Signer, generate_signing_key
from ledger.storage.config import DatabaseConfig, parse_database_url
from projections.db import ViewDb
from projections.runner import Projector
from projections.source import EventSource

D = date
NAMES = ["金大山", "崔顺姬", "朴顺子", "李春花", "李明", "朴成浩", "王强", "赵丽", "金正一", "崔英"]
ID_NUMBERS = ["220623195501010011", "220623195803030022", "220623196002020033",
              "220623198504040044"]
PHONES = ["13912345601", "13912345602", "13912345610", "13912345620", "13912345630"]
NOTES = ["腿疼复诊", "了解病情血压偏高", "台账未更新户主未签字", "手机没电补录", "一人户的低保",
         "金大山户", "误记", "给朴顺子看病"]
PERSONAL_VALUES = [*NAMES, *ID_NUMBERS, *PHONES, *NOTES, '"chronic"', '"disabled"']
"""Every personal or free-text value the fixtures record: the public must never see one."""


@dataclass(frozen=True)
class Served:
    """The county's store, its signer key and the tokens of each kind of reader."""

    config: DatabaseConfig
    vkey: str
    tokens: dict[str, str]


def record_county(ledger: Ledger, clock: SimulatedClock) -> None:
    """Two townships, a village each, cadres at every level, two households and their work."""
    ledger.register_county("CB", "长白朝鲜族自治县", D(2024, 1, 2), is_demo=True)
    for town, name, village, vname in (("T01", "长白镇", "V01", "金华村"),
                                       ("T02", "八道沟镇", "V02", "葫芦套村")):
        ledger.register_township(town, name, 41.4, 128.2, D(2024, 1, 2))
        ledger.register_village(village, town, vname, 41.45, 128.25, True, D(2024, 1, 2))
    for (code, name, role, unit), phone in zip(
            [("C01", "李明", "household_cadre", "V01"), ("C02", "朴成浩", "household_cadre", "V02"),
             ("C10", "王强", "village_leader", "V01"), ("C20", "赵丽", "township_lead", "T01"),
             ("C30", "金正一", "county_leader", "CB"), ("C40", "崔英", "inspector", "CB")],
            [*PHONES, PHONES[-1]], strict=True):
        ledger.appoint_cadre(code, name, role, unit, phone, D(2024, 1, 2))
    ledger.assign_cadre("C10", D(2024, 1, 2), village="V01")
    ledger.assign_cadre("C20", D(2024, 1, 2), township="T01")
    _households(ledger)
    _work(ledger, clock)


def _households(ledger: Ledger) -> None:
    homes = (("H001", "V01", "C01", [Member(1, "金大山", "户主", ID_NUMBERS[0], "男", 1955),
                                     Member(2, "崔顺姬", "配偶", ID_NUMBERS[1], "女", 1958,
                                            "chronic")]),
             ("H002", "V02", "C02", [Member(1, "朴顺子", "户主", ID_NUMBERS[2], "女", 1960),
                                     Member(2, "李春花", "女儿", ID_NUMBERS[3], "女", 1985,
                                            "disabled", False)]))
    for code, village, cadre, members in homes:
        head = members[0].name
        ledger.register_household(code, village, head, members, "dibao", "illness",
                                  D(2024, 1, 2), Indicators(True, True, True, True, True, True))
        ledger.assign_cadre(cadre, D(2024, 1, 3), household=code)
        ledger.adopt_plan(code, Plan(f"{head}户", ["低保"], ["光伏分红"], cadre, "脱贫"),
                          D(2024, 1, 4))
    ledger.allocate_fund("F01", "光伏扶贫", "省级", 10_000_000, D(2024, 1, 3), "solar")
    ledger.register_project("P01", "18兆瓦光伏", "solar", "T01", 10_000_000, D(2024, 1, 3))
    ledger.open_round("R01", "第一轮巡察", "C40", ["T01", "T02"], D(2024, 1, 9))


def _work(ledger: Ledger, clock: SimulatedClock) -> None:
    clock.advance(timedelta(days=1))
    ledger.record_visit("H001", "C01", datetime(2024, 1, 10, 9, tzinfo=UTC), "in_person",
                        "腿疼复诊")
    ledger.record_visit("H001", "C01", datetime(2024, 1, 6, 9, tzinfo=UTC), "phone", "电话",
                        actor=Actor("C01", late_reason="手机没电补录"))
    ledger.record_diary("H001", "C01", D(2024, 1, 10), "了解病情血压偏高")
    ledger.record_visit("H002", "C02", datetime(2024, 1, 10, 10, tzinfo=UTC), "in_person", "走访")
    ledger.record_income("H001", "transfer", 744_000, "2024", D(2024, 1, 10), "低保")
    ledger.record_income("H001", "wage", 300_000, "2024", D(2024, 1, 10), "务工")
    ledger.disburse("F01", "D1", 5_000_000, "solar", D(2024, 1, 10), "光伏电站", "C30",
                    project="P01")
    ledger.disburse("F01", "D2", 12_345, "solar", D(2024, 1, 10), "给朴顺子看病", "C30",
                    household="H002")
    ledger.join_project("H001", "P01", D(2024, 1, 10))
    ledger.earn_points("H001", 20, "打扫卫生", D(2024, 1, 10))
    ledger.raise_finding("R01", "F-1", "household", "H001", "C01", "台账未更新户主未签字",
                         D(2024, 1, 10), D(2024, 1, 15))
    clock.advance(timedelta(days=2))
    ledger.correct_record("household/H001/7", {"amount_fen": 372_000}, "一人户的低保", "C10")
    ledger.retract_record("household/H001/5", "误记", "C10")


def build_store(path: Path) -> tuple[DatabaseConfig, str]:
    """Record the county in a SQLite file, sign a checkpoint, and project the views."""
    config = parse_database_url(str(path))
    clock = SimulatedClock(datetime(2024, 1, 10, 8, tzinfo=UTC))
    ledger = Ledger(env=config.eventsourcing_env(), clock=clock)
    record_county(ledger, clock)
    skey, vkey = generate_signing_key("ledger.test/log")
    recorder = ledger.recorder
    size = recorder.tree_size()
    body = Checkpoint("ledger.test/log", size, recorder.root(size)).body()
    recorder.store_checkpoint(Signer.from_skey(skey).sign_note(body), size, recorder.root(size))
    project(config)
    return config, vkey


def project(config: DatabaseConfig) -> None:
    """Catch the views up (the projections runner's public API)."""
    source, db = EventSource(config), ViewDb(config)
    try:
        Projector(source, db).catch_up()
    finally:
        db.close()
        source.close()


def issue_tokens(config: DatabaseConfig) -> dict[str, str]:
    """One token per kind of reader, and a revoked one."""
    with ViewDb(config) as db:
        tokens.ensure_table(db)
        found = {
            "discipline": tokens.create_token(db, Role.DISCIPLINE, None, "纪委一室"),
            "inspector": tokens.create_token(db, Role.INSPECTOR, None, "巡察组长"),
            "t01": tokens.create_token(db, Role.INSPECTOR, Scope("township", "T01"), "巡察一组"),
            "v02": tokens.create_token(db, Role.INSPECTOR, Scope("village", "V02"), "巡察二组"),
            "public": tokens.create_token(db, Role.PUBLIC, None, "公众号"),
            "revoked": tokens.create_token(db, Role.DISCIPLINE, None, "离任"),
        }
        tokens.revoke_token(db, "离任")
    return found


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Served:
    """The county's store, built once per session."""
    config, vkey = build_store(tmp_path_factory.mktemp("county") / "ledger.db")
    return Served(config, vkey, issue_tokens(config))


@pytest.fixture(scope="session")
def client(served: Served) -> Iterator[TestClient]:
    """A client of the app over the county (server errors raise in the test)."""
    app = create_app(Settings(served.config, log_vkeys=(served.vkey,),
                              verify_cache_seconds=0.0))
    with TestClient(app) as found:
        yield found


def bearer(served: Served, who: str, reason: str | None = None) -> dict[str, str]:
    """Headers for one kind of reader (and a percent-encoded access reason)."""
    from urllib.parse import quote

    headers = {"Authorization": f"Bearer {served.tokens[who]}"}
    if reason is not None:
        headers["X-Access-Reason"] = quote(reason)
    return headers


READ_PATHS = [
    "/v1/households", "/v1/households?village=V01", "/v1/households/H001",
    "/v1/households/H002", "/v1/households/H001/events?proofs=true&limit=100",
    "/v1/households/H002/events", "/v1/households/H001/state",
    "/v1/households/H001/state?as_of=2024-01-11T12:00:00Z&business_date=2024-01-10",
    "/v1/cadres/C01", "/v1/cadres/C02", "/v1/cadres/C30", "/v1/cadres/C01/trail?limit=100",
    "/v1/villages/V01", "/v1/villages/V02", "/v1/townships/T01", "/v1/timeline?limit=500",
    "/v1/timeline?late=true", "/v1/funds/F01", "/v1/stats/county", "/v1/integrity/checkpoint",
    "/v1/integrity/inclusion?position=14", "/v1/integrity/consistency?first=3",
    "/v1/integrity/verify", "/v1/projections/lag", "/healthz", "/metrics", "/openapi.json",
]
"""Every read the API offers, with the county's codes (the role tests walk them all)."""
