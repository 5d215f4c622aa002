"""Use cases of the supervision acts with parts: what they name must be on record."""

from __future__ import annotations

from datetime import date

import orjson
import pytest

from ledger.application.app import Ledger
from ledger.application.importer import import_lines
from ledger.domain.cadre import Cadre
from ledger.errors import NotFound, RuleViolation
from tests.application.conftest import stored_count

DAY = date(2024, 2, 1)


def test_a_talk_is_recorded_with_its_basis(county: Ledger) -> None:
    """约谈 by the county leader, naming a township and a cadre, on an obligation."""
    county.hold_talk("C30", DAY, "township", "T01", ["T01", "C20"],
                     ["obligation/four_ones.report_up/C20/2024-01"],
                     "warning", "约谈长白镇党政主要负责人", "TALK-1")
    cadre = county.repository.get(Cadre.id_for("C30"))
    assert [a.kind for a in cadre.acts] == ["formal_talk"]


def test_a_talk_naming_an_unknown_cadre_or_unit_stores_nothing(county: Ledger) -> None:
    """A code that is neither a cadre nor a registered unit is refused by name."""
    before = stored_count(county)
    with pytest.raises(NotFound) as caught:
        county.hold_talk("C30", DAY, "township", "T01", ["T99"],
                         ["obligation/four_ones.report_up/C20/2024-01"],
                         "warning", "约谈", "TALK-1")
    assert caught.value.kind == "talked_to"
    assert stored_count(county) == before


def test_a_talk_on_a_finding_that_was_never_raised_is_refused(county: Ledger) -> None:
    """A finding reference must name a finding raised in that round."""
    county.open_round("R01", "第一轮巡察", "C40", ["T01"], DAY)
    county.raise_finding("R01", "F-1", "household", "H001", "C01", "台账未更新", DAY,
                         date(2024, 2, 15))
    county.hold_talk("C30", DAY, "township", "T01", ["C01"], ["finding/R01/F-1"],
                     "rectification_order", "约谈包户干部", "TALK-1")
    with pytest.raises(NotFound) as caught:
        county.hold_talk("C30", DAY, "township", "T01", ["C01"], ["finding/R01/F-9"],
                         "warning", "约谈", "TALK-2")
    assert caught.value.key == "finding/R01/F-9"


def test_a_bulletin_names_praised_and_criticised_units(county: Ledger) -> None:
    """通报 with its praise list and an evaluation basis."""
    county.issue_bulletin("C30", DAY, "county", "CB", ["T01"], ["C01"], ["evaluation/2024Q1"],
                          "通报第一季度工作", "BUL-1")
    with pytest.raises(NotFound):
        county.issue_bulletin("C30", DAY, "county", "CB", ["T01"], ["X9"],
                              ["evaluation/2024Q1"], "通报", "BUL-2")


def test_talks_and_bulletins_import_line_by_line(county: Ledger) -> None:
    """The import format takes both commands; a bad basis is reported with its line."""
    lines = [
        {"command": "hold_talk", "cadre": "C30", "occurred_on": "2024-02-01",
         "subject_kind": "township", "subject_code": "T01", "talked_to": ["T01"],
         "basis": ["evaluation/2024Q1"], "outcome": "referral", "summary": "约谈",
         "act_code": "TALK-1"},
        {"command": "issue_bulletin", "cadre": "C30", "occurred_on": "2024-02-01",
         "subject_kind": "county", "subject_code": "CB", "praised": ["T01"], "criticised": [],
         "basis": ["violation/1"], "summary": "通报", "act_code": "BUL-1"},
    ]
    report = import_lines(county, [orjson.dumps(line).decode() for line in lines])
    assert report.accepted == 1
    assert [(e.line, e.field) for e in report.errors] == [(2, "basis")]


def test_a_quarterly_review_imports_its_parts_and_reads_back_partial(county: Ledger) -> None:
    """三了解两协调 from the import file with four parts: stored and read back as partial."""
    parts = [{"part": name, "content": "了解情况", "concerned": ["T01"]}
             for name in ("project_progress", "exit_progress", "difficulties", "fund_coordination")]
    line = {"command": "record_quarterly_review", "cadre": "C20", "occurred_on": "2024-02-01",
            "subject_kind": "township", "subject_code": "T01", "parts": parts,
            "summary": "三了解两协调", "act_code": "Q-2024Q1"}
    report = import_lines(county, [orjson.dumps(line).decode()])
    assert report.errors == []
    (notification,) = county.recorder.select_notifications(
        start=county.recorder.max_notification_id(), limit=1)
    event = county.mapper.to_domain_event(notification)
    assert isinstance(event, Cadre.QuarterlyReviewMade)
    assert event.missing_parts == ("sector_coordination",)


def test_a_research_visit_names_households_of_the_villages_visited(county: Ledger) -> None:
    """Households must exist and lie in a village visited."""
    county.record_research_visit("C20", DAY, "village", "V01", ["V01"], ["H001"], "调研",
                                 "RV-1")
    with pytest.raises(NotFound):
        county.record_research_visit("C20", DAY, "village", "V01", ["V01"], ["H404"], "调研",
                                     "RV-2")
    county.register_village("V02", "T01", "民主村", 41.40, 128.21, True, DAY)
    with pytest.raises(RuleViolation) as caught:
        county.record_research_visit("C20", DAY, "village", "V02", ["V02"], ["H001"], "调研",
                                     "RV-2")
    assert caught.value.field == "households"


def test_an_inspection_links_only_findings_on_record(county: Ledger) -> None:
    """督查 with a finding reference that names no finding is refused."""
    with pytest.raises(NotFound):
        county.record_inspection("C20", DAY, "village", "V01", ["民情日记"], ["finding/R01/F-1"],
                                 "督查", "IN-1")
    county.record_inspection("C20", DAY, "village", "V01", ["民情日记"], [], "督查", "IN-1")


def test_a_report_heard_names_cadres_on_record(county: Ledger) -> None:
    """听取汇报 from C10; an unknown reporter is refused."""
    county.hear_report("C20", DAY, "township", "T01", ["C10"], "听取汇报", "RH-1")
    with pytest.raises(NotFound):
        county.hear_report("C20", DAY, "township", "T01", ["C99"], "听取汇报", "RH-2")


def test_a_report_up_goes_to_two_county_leaders(county: Ledger) -> None:
    """Both recipients must be county leaders on the day; a village leader is refused."""
    county.appoint_cadre("C31", "李县长", "county_leader", "CB", occurred_on=DAY)
    county.submit_report("C20", DAY, "county", "CB", "C30", "C31", "汇报", "RU-1")
    with pytest.raises(RuleViolation) as caught:
        county.submit_report("C20", DAY, "county", "CB", "C30", "C10", "汇报", "RU-2")
    assert caught.value.field == "county_head"


def test_funds_secured_must_fit_the_fund_it_became(county: Ledger) -> None:
    """The fund must exist and hold at least the amount secured."""
    digest = "ab" * 32
    county.allocate_fund("F-SEC", "龙潭区对口帮扶资金", "吉林市龙潭区", 5_000_000, DAY)
    county.record_funds_secured("C20", DAY, "township", "T01", 5_000_000, "paired_district",
                                digest, "F-SEC", "争取龙潭区资金", "FS-1")
    with pytest.raises(RuleViolation) as caught:
        county.record_funds_secured("C20", DAY, "township", "T01", 6_000_000, "enterprise",
                                    digest, "F-SEC", "争取", "FS-2")
    assert caught.value.field == "amount_fen"
    with pytest.raises(NotFound):
        county.record_funds_secured("C20", DAY, "township", "T01", 100, "enterprise", digest,
                                    "F-NONE", "争取", "FS-2")
    county.record_funds_secured("C20", DAY, "township", "T01", 0, "enterprise", None, None,
                                "争取未果", "FS-2")
