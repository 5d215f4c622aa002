"""A fixed scenario touching every kind of aggregate; its stored events are the golden log.

``golden_events.jsonl`` is the first log, frozen: it must replay forever (its v1 events upcast).
``golden_events_v2.jsonl`` is this scenario's log with the 五四五N method's structured acts.
Regenerate the current log (only when adding event types, never to paper over a change):
    python -m tests.compat.scenario > tests/compat/golden_events_v2.jsonl
"""

from __future__ import annotations

import base64
import hashlib
import sys
from datetime import UTC, date, datetime

import orjson

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.application.core import Actor
from ledger.domain.values import Indicators, Member, Plan, ReviewPart, ReviewPartName, Rule

D = date


def run(ledger: Ledger) -> None:
    """Record the scenario."""
    ledger.register_county("CB", "长白朝鲜族自治县", D(2024, 1, 2), is_demo=True)
    ledger.register_township("T01", "长白镇", 41.42, 128.20, D(2024, 1, 2))
    ledger.register_village("V01", "T01", "金华村", 41.45, 128.25, True, D(2024, 1, 2))
    for code, name, role, unit in [("C01", "李明", "household_cadre", "V01"),
                                   ("C10", "王强", "village_leader", "V01"),
                                   ("C20", "赵丽", "township_lead", "T01"),
                                   ("C30", "金正一", "county_leader", "CB"),
                                   ("C40", "崔英", "inspector", "CB")]:
        ledger.appoint_cadre(code, name, role, unit, "13800000000", D(2024, 1, 2))
    ledger.assign_cadre("C10", D(2024, 1, 2), village="V01")
    ledger.register_household("H001", "V01", "金大山",
                              [Member(1, "金大山", "户主", "220623195501010011", "男", 1955)],
                              "dibao", "illness", D(2024, 1, 2))
    ledger.assign_cadre("C01", D(2024, 1, 3), household="H001")
    ledger.adopt_plan("H001", Plan("金大山户", ["低保"], ["光伏分红"], "C01", "脱贫"),
                      D(2024, 1, 4))
    ledger.record_visit("H001", "C01", datetime(2024, 1, 5, 9, tzinfo=UTC), "in_person", "走访",
                        actor=Actor("C01", evidence=(hashlib.sha256(b"photo").hexdigest(),)))
    ledger.record_diary("H001", "C01", D(2024, 1, 5), "了解病情")
    ledger.record_income("H001", "transfer", 744_000, "2024", D(2024, 1, 6), "低保")
    ledger.correct_record("household/H001/6", {"amount_fen": 372_000}, "一人户", "C10")
    ledger.earn_points("H001", 20, "打扫卫生", D(2024, 1, 7))
    ledger.redeem_points("H001", 10, "大米", "金华村爱心超市", D(2024, 1, 8))
    ledger.allocate_fund("F01", "光伏扶贫", "省级", 10_000_000, D(2024, 1, 3), "solar")
    ledger.register_project("P01", "18兆瓦光伏", "solar", "T01", 10_000_000, D(2024, 1, 3))
    ledger.disburse("F01", "D1", 5_000_000, "solar", D(2024, 1, 9), "光伏电站", "C30",
                    project="P01")
    ledger.join_project("H001", "P01", D(2024, 1, 9))
    ledger.record_research_visit("C20", D(2024, 1, 9), "village", "V01", ["V01"], ["H001"],
                                 "调研", "A1")
    ledger.publish_regulation("REG", "考核办法",
                              [Rule("R1", "每周入户", 10, "weekly_in_person_visits")],
                              D(2024, 1, 1))
    ledger.open_round("R01", "第一轮巡察", "C40", ["T01"], D(2024, 1, 9))
    ledger.raise_finding("R01", "F-1", "household", "H001", "C01", "台账未更新", D(2024, 1, 9),
                         D(2024, 1, 15))
    ledger.assess_indicators("H001", Indicators(True, True, True, True, True, True),
                             D(2024, 1, 10))
    run_method(ledger)


def run_method(ledger: Ledger) -> None:
    """The method's structured acts: 四个一, 三了解两协调, 一争取, 约谈, 通报, pairing,
    activities and the end of monitoring."""
    ledger.record_inspection("C20", D(2024, 1, 9), "village", "V01", ["民情日记"],
                             ["finding/R01/F-1"], "督查", "A2")
    ledger.hear_report("C20", D(2024, 1, 9), "township", "T01", ["C10"], "听取汇报", "A3")
    ledger.appoint_cadre("C31", "朴县长", "county_leader", "CB", None, D(2024, 1, 2))
    ledger.submit_report("C20", D(2024, 1, 9), "county", "CB", "C30", "C31", "汇报", "A4")
    ledger.record_quarterly_review(
        "C20", D(2024, 1, 9), "township", "T01",
        [ReviewPart(ReviewPartName.PROJECT_PROGRESS, "光伏电站并网", ["P01"], "验收"),
         ReviewPart(ReviewPartName.DIFFICULTIES, "道路塌方", ["V01"], "")], "三了解两协调", "A5")
    ledger.allocate_fund("F02", "龙潭区对口帮扶资金", "吉林市龙潭区", 2_000_000, D(2024, 1, 9))
    ledger.record_funds_secured("C20", D(2024, 1, 9), "township", "T01", 2_000_000,
                                "paired_district", hashlib.sha256(b"agreement").hexdigest(),
                                "F02", "争取", "A6")
    ledger.record_funds_secured("C20", D(2024, 1, 9), "township", "T01", 0, "enterprise", None,
                                None, "争取未果", "A7")
    ledger.hold_talk("C30", D(2024, 1, 9), "township", "T01", ["T01", "C20"],
                     ["obligation/visit/H001/2024-W02", "finding/R01/F-1"],
                     "rectification_order", "约谈", "A8")
    ledger.issue_bulletin("C30", D(2024, 1, 9), "county", "CB", ["T01"], ["C01"],
                          ["evaluation/2024Q1"], "通报", "A9")
    _second_household(ledger)


def _second_household(ledger: Ledger) -> None:
    """H002: paired (the pairing lapses), at an activity, exited, monitored, monitoring ended."""
    ledger.register_household("H002", "V01", "朴顺子",
                              [Member(1, "朴顺子", "户主", "220623196001010021", "女", 1960)],
                              "general", "lack_skills", D(2024, 1, 2),
                              Indicators(True, True, True, True, True, True))
    ledger.start_pairing("H002", "JQ-1", "朴正浩", "DZB-JH", D(2024, 1, 3))
    ledger.record_pairing_contact("H002", "JQ-1", datetime(2024, 1, 9, 9, tzinfo=UTC),
                                  "in_person", "送米面油", 20_000)
    ledger.end_pairing("H002", "JQ-1", D(2024, 1, 9), "党员调离", True)
    ledger.hold_activity("ACT-1", "knowledge_contest", "政策知识竞赛", "金华村文化室", "C10",
                         "V01", ["H002"], 10, D(2024, 1, 9))
    ledger.record_income("H002", "wage", 500_000, "2024", D(2024, 1, 3), "务工")
    ledger.review_exit("H002", D(2024, 1, 3), 2024)
    ledger.post_exit_notice("H002", D(2024, 1, 3), 7)
    ledger.confirm_exit("H002", D(2024, 1, 10), "朴顺子")
    ledger.approve_exit("H002", D(2024, 1, 10), "C30")
    ledger.start_monitoring("H002", D(2024, 1, 10), "脱贫不稳定户", "收入不稳定")
    ledger.end_monitoring("H002", D(2024, 1, 10), 2024, "务工收入稳定，风险消除")


def main() -> None:
    """Print the scenario's stored events as JSON lines (topic, base64 state)."""
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                    clock=SimulatedClock(datetime(2024, 1, 10, 8, tzinfo=UTC)))
    run(ledger)
    for n in ledger.recorder.select_notifications(start=None, limit=10_000):
        row = {"originator_id": str(n.originator_id), "originator_version": n.originator_version,
               "topic": n.topic, "state": base64.b64encode(n.state).decode()}
        sys.stdout.write(orjson.dumps(row).decode() + "\n")


if __name__ == "__main__":
    main()
