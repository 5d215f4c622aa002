"""One valid act of every supervision kind, with sample parts (for the role and replay tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.values import FundSource, ReviewPart, ReviewPartName, TalkOutcome
from ledger.domain.values import SupervisionKind as Kind

SUBJECT = ("village", "V-ESDG")
FULL_REVIEW = [
    ReviewPart(ReviewPartName.PROJECT_PROGRESS, "光伏电站完成并网", ["P-PV"], "月底验收"),
    ReviewPart(ReviewPartName.EXIT_PROGRESS, "二十道沟村拟脱贫户核实完毕", ["V-ESDG"], ""),
    ReviewPart(ReviewPartName.DIFFICULTIES, "雨季道路塌方影响入户", [], "报交通局"),
    ReviewPart(ReviewPartName.FUND_COORDINATION, "协调整合涉农资金", ["F-2019"], ""),
    ReviewPart(ReviewPartName.SECTOR_COORDINATION, "协调水利局解决饮水", ["D-SLJ"], "跟进"),
]
SUMMARY = "督查二十道沟村帮扶台账，约谈村支书朴成哲"


def record_act(cadre: Cadre, envelope: Envelope, kind: Any, occurred_on: date,
               act_code: str) -> None:
    """Record an act of ``kind`` through its own command, with plausible parts."""
    common = (envelope, occurred_on, *SUBJECT)
    if kind == Kind.FORMAL_TALK:
        cadre.hold_talk(*common, ["T-CBZ"], ["finding/R01/F-1"], TalkOutcome.WARNING, SUMMARY,
                        act_code)
    elif kind == Kind.BULLETIN:
        cadre.issue_bulletin(*common, ["T-CBZ"], ["T-SSDG"], ["evaluation/2019Q2"], SUMMARY,
                             act_code)
    elif kind == Kind.RESEARCH_VISIT:
        cadre.record_research_visit(*common, ["V-ESDG"], ["HH-0001"], SUMMARY, act_code)
    elif kind == Kind.INSPECTION:
        cadre.record_inspection(*common, ["民情日记"], ["finding/R01/F-1"], SUMMARY, act_code)
    elif kind == Kind.REPORT_HEARING:
        cadre.hear_report(*common, ["GB010"], SUMMARY, act_code)
    elif kind == Kind.REPORT_UP:
        cadre.submit_report(*common, "GB100", "GB101", SUMMARY, act_code)
    elif kind == Kind.FUNDS_SECURED:
        cadre.record_funds_secured(*common, 0, FundSource.ENTERPRISE, None, None, SUMMARY,
                                   act_code)
    elif kind == Kind.QUARTERLY_REVIEW:
        cadre.record_quarterly_review(*common, FULL_REVIEW, SUMMARY, act_code)
    else:
        cadre.record_supervision(envelope, kind, occurred_on, *SUBJECT, SUMMARY, act_code)
