"""三了解两协调 records its five parts as data; a missing part makes the act partial."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from ledger.domain.cadre import Cadre
from ledger.domain.supervision import ReviewRecorded
from ledger.domain.values import ReviewPart, ReviewPartName
from tests.unit.acts import FULL_REVIEW
from tests.unit.test_cadre import appoint, envelope, refused

DAY = date(2019, 6, 5)


def review(cadre: Cadre, parts: Any, act_code: str = "Q-1") -> None:
    cadre.record_quarterly_review(envelope(), DAY, "township", "T-CBZ", parts,
                                  "三了解两协调", act_code)


def recorded(cadre: Cadre) -> Cadre.QuarterlyReviewMade:
    event = cadre.pending_events[-1]
    assert isinstance(event, Cadre.QuarterlyReviewMade)
    return event


def test_a_complete_review_has_no_missing_parts() -> None:
    """All five parts recorded: the review is complete."""
    cadre = appoint()
    review(cadre, list(reversed(FULL_REVIEW)))
    event = recorded(cadre)
    assert [p.part for p in event.parts] == list(ReviewPartName)
    assert (event.missing_parts, event.is_partial, event.is_structured) == ((), False, True)


def test_a_review_missing_a_part_is_recorded_as_partial() -> None:
    """Four parts: recorded, and ``missing_parts`` names the fifth."""
    cadre = appoint()
    review(cadre, [p for p in FULL_REVIEW if p.part is not ReviewPartName.DIFFICULTIES])
    assert recorded(cadre).missing_parts == ("difficulties",)
    assert recorded(cadre).is_partial


def test_parts_given_as_import_dicts_become_review_parts() -> None:
    """A part may arrive as a plain dict with a text part name."""
    cadre = appoint()
    review(cadre, [{"part": "exit_progress", "content": "核实完毕", "concerned": ["V-ESDG"]}])
    assert recorded(cadre).parts == [
        ReviewPart(ReviewPartName.EXIT_PROGRESS, "核实完毕", ["V-ESDG"], "")]


@pytest.mark.parametrize(("parts", "field"), [
    ([], "parts"),
    ([FULL_REVIEW[0], FULL_REVIEW[0]], "parts"),
    ([{"part": "banquet", "content": "x"}], "parts"),
    ([dataclasses.replace(FULL_REVIEW[2], content=" ")], "parts.difficulties.content"),
    ([dataclasses.replace(FULL_REVIEW[0], concerned=["P PV"])], "parts.project_progress.concerned"),
    ([{"part": "exit_progress", "content": "x", "colour": "red"}], "parts"),
])
def test_a_malformed_review_is_refused_naming_the_part(parts: Any, field: str) -> None:
    """No parts, a repeated part, an unknown part, empty content or a bad code are refused."""
    cadre = appoint()
    refused(cadre, field, review, cadre, parts)


def test_a_v1_review_upcasts_as_unstructured_with_nothing_missing() -> None:
    """A stored v1 review reads with no parts, is_structured False and missing_parts ()."""
    state: dict[str, Any] = {"summary": "三了解两协调"}
    ReviewRecorded.upcast_v1_v2(state)
    assert state == {"summary": "三了解两协调", "parts": [], "is_structured": False}
    assert Cadre.QuarterlyReviewMade.class_version == 2
