"""Every event reads as a Chinese sentence on the pages, never as ``field=value`` text."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.pages import sentences
from api.pages.sentences import describe, sentence_for
from api.pages.vocabulary import exit_progress
from ledger.domain import catalogue
from tests.pages.county import County

RAW_FIELD = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*=\S")
"""``amount_fen=¥800.00``, ``notes=...``: what the old summaries looked like."""
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.DOTALL)


def visible_text(html: str) -> str:
    """The text a reader sees (scripts, styles and tags dropped)."""
    return TAGS.sub(" ", html)


def _every_event_type() -> list[tuple[str, str]]:
    return [(aggregate.KIND, event.__name__) for aggregate in catalogue.AGGREGATES
            for event in catalogue.event_classes(aggregate)]


@pytest.mark.parametrize(("kind", "event_type"), _every_event_type())
def test_every_event_type_of_the_catalogue_has_a_sentence(kind: str, event_type: str) -> None:
    """A new event class without a sentence fails here, before it reaches a page raw."""
    found = sentence_for(kind, event_type)
    assert found is not None, f"no sentence for {kind}/{event_type} in api/pages/sentences.py"
    text = found(sentences.Facts({"aggregate_kind": kind, "event_type": event_type,
                                  "fields": {}}, {}, visible=True))
    assert text.strip()
    assert RAW_FIELD.search(text) is None


def test_the_table_names_no_event_type_that_does_not_exist() -> None:
    """Entries for removed or misspelt event types are caught too."""
    known = set(_every_event_type())
    names = {name for _, name in known}
    for kind, event_type in sentences.SENTENCES:
        if kind == sentences.SHARED:
            assert event_type in names
        else:
            assert (kind, event_type) in known, (kind, event_type)


def test_a_visit_reads_as_who_did_what() -> None:
    """The example of the issue: role, name, what was done, the notes in brackets."""
    row = {"aggregate_kind": "household", "event_type": "Visited", "actor_id": "C01",
           "actor_role": "household_cadre", "fields": {"cadre_code": "C01", "is_in_person": True},
           "personal": {"notes": "在家，面谈"}}
    assert describe(row, {"C01": "张三"}) == "包户干部 张三 入户走访（在家，面谈）"


def test_the_public_reads_masked_names_and_no_personal_text() -> None:
    """Without personal detail: 张** and no notes."""
    row = {"aggregate_kind": "household", "event_type": "Visited", "actor_id": "C01",
           "actor_role": "household_cadre", "fields": {"cadre_code": "C01"},
           "personal": {"notes": "户主住院"}}
    text = describe(row, {"C01": "张三"}, visible=False)
    assert text == "包户干部 张** 入户走访"


def test_a_correction_names_the_field_in_chinese_and_the_money_in_yuan() -> None:
    """``changes`` read as 金额改为 ¥3,720.00, with the reason and who authorised it."""
    row = {"aggregate_kind": "household", "event_type": "Corrected",
           "fields": {"target_version": 12, "target_type": "IncomeRecorded",
                      "changes": {"amount_fen": 372_000}, "reason": "一人户的低保",
                      "authorised_by": "C10"}}
    text = describe(row, {"C10": "王强"})
    assert text == ("经 王强 授权，更正第 12 条记录（收入记账）：金额改为 ¥3,720.00；"
                    "原因：一人户的低保")


def test_the_exit_progress_of_an_exited_household_is_not_not_started() -> None:
    """The view's exit_stage is ``none`` after an exit: the status tells it apart."""
    assert exit_progress("registered", "none") == "未启动"
    assert exit_progress("registered", "notice_posted") == "进行中：公示中"
    assert exit_progress("exited", "none", "2018-11-04") == "已退出（2018-11-04 县级审定）"
    assert "防返贫监测" in exit_progress("monitored", "none", "2018-11-04")
    assert "返贫" in exit_progress("returned", "none", "2018-11-04")


@pytest.mark.parametrize("path", ["/", "/pages/households", "/pages/villages/V01",
                                  "/pages/integrity", "/pages/proofs/3",
                                  "/pages/households/H001", "/pages/households/H002",
                                  "/pages/households/H001/handbook",
                                  "/pages/households/H001/sheet", "/pages/cadres/C01",
                                  "/pages/cadres/C10", "/pages/cadres/C30"])
def test_no_rendered_page_shows_raw_field_value_text(discipline: TestClient, path: str) -> None:
    """Every page, the replay, handbook, sheet and cadre trails above all, reads as prose."""
    response = discipline.get(path)
    assert response.status_code == 200
    text = visible_text(response.text)
    assert RAW_FIELD.search(text) is None, RAW_FIELD.search(text)


def test_the_replay_tells_each_event_as_a_sentence(discipline: TestClient,
                                                   county: County) -> None:
    """Visits, the income correction and the late phone contact, as the county recorded them."""
    text = visible_text(discipline.get("/pages/households/H001").text)
    assert "包户干部 李明 入户走访" in text
    assert "经 王强 授权，更正第" in text
    assert "金额改为 ¥3,720.00" in text
    assert "电话联系农户（电话补记" in text
    assert "记入 2024 年转移性收入 ¥7,440.00（低保）" in text


def test_the_replay_lists_the_flagged_events_with_anchors(discipline: TestClient) -> None:
    """Late, corrected and correcting events are listed and reachable by #ev-N."""
    html = discipline.get("/pages/households/H001").text
    flagged = re.findall(r'<li id="ev-(\d+)" data-index="\d+" data-flagged="1"', html)
    anchors = re.findall(r'<a href="#ev-(\d+)" data-index=', html)
    assert len(flagged) >= 3  # the late phone contact, the corrected line, the correction
    assert anchors == flagged
    assert 'id="flag-next"' in html
    assert 'id="flag-prev"' in html
