"""四个一 carry their parts: villages and households, what was inspected, whose report, both
recipients of the report up."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ledger.domain.cadre import Cadre
from ledger.domain.four_ones import (
    InspectionRecorded,
    ReportHeardRecorded,
    ReportSubmittedRecorded,
    ResearchVisitRecorded,
)
from tests.unit.test_cadre import appoint, envelope, refused

DAY = date(2019, 6, 5)
COMMON = ("village", "V-ESDG")


def last(cadre: Cadre) -> Any:
    return cadre.pending_events[-1]


def test_a_research_visit_names_villages_and_households() -> None:
    """调研 records the villages and the households visited."""
    cadre = appoint()
    cadre.record_research_visit(envelope(), DAY, *COMMON, ["V-ESDG"], ["HH-1", "HH-2"], "调研",
                                "RV-1")
    assert isinstance(last(cadre), Cadre.ResearchVisitMade)
    assert (last(cadre).villages, last(cadre).households) == (["V-ESDG"], ["HH-1", "HH-2"])


@pytest.mark.parametrize(("villages", "households", "field"), [
    ([], [], "villages"), (["V 1"], [], "villages"), (["V1"], ["HH-1", "HH-1"], "households"),
])
def test_a_research_visit_without_a_village_or_with_bad_codes_is_refused(
    villages: Any, households: Any, field: str,
) -> None:
    """At least one village; codes well-formed and distinct."""
    cadre = appoint()
    refused(cadre, field, cadre.record_research_visit, envelope(), DAY, *COMMON, villages,
            households, "调研", "RV-1")


def test_an_inspection_names_what_was_inspected_and_its_findings() -> None:
    """督查 records the things inspected and the finding references."""
    cadre = appoint()
    cadre.record_inspection(envelope(), DAY, *COMMON, ["民情日记"], ["finding/R01/F-1"], "督查",
                            "IN-1")
    assert (last(cadre).inspected, last(cadre).findings) == (["民情日记"], ["finding/R01/F-1"])


@pytest.mark.parametrize(("inspected", "findings", "field"), [
    ([], [], "inspected"), ([" "], [], "inspected"), (["台账"], ["F-1"], "findings"),
    (["台账"], ["obligation/7"], "findings"), (["台账"], ["finding/R01/F 1"], "findings"),
])
def test_an_inspection_with_nothing_inspected_or_a_bad_finding_is_refused(
    inspected: Any, findings: Any, field: str,
) -> None:
    """Something was inspected; findings are finding/<round>/<code>."""
    cadre = appoint()
    refused(cadre, field, cadre.record_inspection, envelope(), DAY, *COMMON, inspected,
            findings, "督查", "IN-1")


def test_a_report_heard_names_whose_report() -> None:
    """听取汇报 names at least one reporting cadre."""
    cadre = appoint()
    cadre.hear_report(envelope(), DAY, *COMMON, ["GB010"], "听取汇报", "RH-1")
    assert last(cadre).reporters == ["GB010"]
    refused(cadre, "reporters", cadre.hear_report, envelope(), DAY, *COMMON, [], "听", "RH-2")


def test_a_report_up_names_both_recipients() -> None:
    """汇报 goes to the county party secretary and the county head: two cadres."""
    cadre = appoint()
    cadre.submit_report(envelope(), DAY, *COMMON, "GB100", "GB101", "汇报", "RU-1")
    assert (last(cadre).party_secretary, last(cadre).county_head) == ("GB100", "GB101")
    refused(cadre, "county_head", cadre.submit_report, envelope(), DAY, *COMMON, "GB100",
            "GB100", "汇报", "RU-2")
    refused(cadre, "county_head", cadre.submit_report, envelope(), DAY, *COMMON, "GB100", "",
            "汇报", "RU-2")


def test_v1_four_ones_upcast_with_nothing_invented() -> None:
    """Stored v1 acts read with empty parts and no recipients."""
    for event_class, expected in (
        (ResearchVisitRecorded, {"villages": [], "households": []}),
        (InspectionRecorded, {"inspected": [], "findings": []}),
        (ReportHeardRecorded, {"reporters": []}),
        (ReportSubmittedRecorded, {"party_secretary": None, "county_head": None}),
    ):
        state: dict[str, Any] = {}
        event_class.upcast_v1_v2(state)  # type: ignore[attr-defined]
        assert state == expected
