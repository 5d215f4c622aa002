"""四个一 as data: the research visit's villages and households, what an inspection inspected
and the findings it raised, whose report was heard, and the two recipients of a report up.

A v1 event (subject and summary only) upcasts with empty lists and no recipients: unknown,
never invented.
"""

from __future__ import annotations

import re
from typing import Any

from ledger.domain.checks import check_code, check_text
from ledger.domain.supervision import SupervisionRecorded, check_codes, check_codes_or_refs
from ledger.errors import RuleViolation

FINDING_REF = re.compile(r"^finding/[^/\s]+/[^/\s]+$")


class ResearchVisitRecorded(SupervisionRecorded):
    """调研: the villages and households visited (v2)."""

    villages: list[str]
    households: list[str]
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 recorded only a subject and a summary."""
        state.update(villages=[], households=[])


class InspectionRecorded(SupervisionRecorded):
    """督查: what was inspected and the findings raised, as ``finding/<round>/<code>`` (v2)."""

    inspected: list[str]
    findings: list[str]
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 recorded only a subject and a summary."""
        state.update(inspected=[], findings=[])


class ReportHeardRecorded(SupervisionRecorded):
    """听取汇报: whose report was heard, by cadre code (v2)."""

    reporters: list[str]
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 recorded only a subject and a summary."""
        state.update(reporters=[])


class ReportSubmittedRecorded(SupervisionRecorded):
    """向县委书记、县长汇报: both recipients by cadre code (v2; None on upcast v1 events)."""

    party_secretary: str | None
    county_head: str | None
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 recorded only a subject and a summary."""
        state.update(party_secretary=None, county_head=None)


def research_parts(villages: list[str], households: list[str]) -> dict[str, Any]:
    """At least one village; households optional."""
    return {"villages": check_codes(villages, "villages"),
            "households": check_codes(households, "households", minimum=0)}


def inspection_parts(inspected: list[str], findings: list[str]) -> dict[str, Any]:
    """At least one thing inspected; findings as ``finding/<round>/<code>`` references."""
    items = check_codes_or_refs(inspected, "inspected")
    for item in items:
        check_text(item, "inspected")
    refs = [] if findings == [] else check_codes_or_refs(findings, "findings")
    for ref in refs:
        if not FINDING_REF.match(ref):
            raise RuleViolation(f"finding {ref!r} is not finding/<round>/<code>",
                                field="findings")
    return {"inspected": items, "findings": refs}


def report_heard_parts(reporters: list[str]) -> dict[str, Any]:
    """Whose report: at least one cadre code."""
    return {"reporters": check_codes(reporters, "reporters")}


def report_up_parts(party_secretary: str, county_head: str) -> dict[str, Any]:
    """Both recipients, two different cadres."""
    check_code(party_secretary, "party_secretary")
    check_code(county_head, "county_head")
    if party_secretary == county_head:
        raise RuleViolation("the report goes to both the county party secretary and the county "
                            "head: two different cadres", field="county_head")
    return {"party_secretary": party_secretary, "county_head": county_head}
