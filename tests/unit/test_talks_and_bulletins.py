"""约谈 and 通报 carry who was named, the basis by reference and the outcome as data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ledger.domain.cadre import Cadre
from ledger.domain.supervision import BulletinRecorded, TalkRecorded
from ledger.domain.values import Role, SupervisionKind, TalkOutcome
from tests.unit.test_cadre import appoint, envelope, refused

DAY = date(2019, 6, 5)


def leader() -> Cadre:
    return appoint(Role.COUNTY_LEADER, "CB")


def talk(cadre: Cadre, **changes: Any) -> None:
    args: dict[str, Any] = {
        "subject_kind": "township", "subject_code": "T-CBZ", "talked_to": ["T-CBZ", "GB010"],
        "basis": ["obligation/visit/H001/2024-W03", "finding/R01/F-1"],
        "outcome": "rectification_order",
        "summary": "约谈长白镇党政主要负责人", "act_code": "TALK-1",
    }
    cadre.hold_talk(envelope(), DAY, **{**args, **changes})


def bulletin(cadre: Cadre, **changes: Any) -> None:
    args: dict[str, Any] = {
        "subject_kind": "county", "subject_code": "CB", "praised": ["T-CBZ"],
        "criticised": ["T-SSDG"], "basis": ["evaluation/2019Q2"],
        "summary": "通报第二季度脱贫攻坚工作", "act_code": "BUL-1",
    }
    cadre.issue_bulletin(envelope(), DAY, **{**args, **changes})


def test_a_talk_records_who_was_talked_to_the_basis_and_the_outcome() -> None:
    """A formal talk keeps the named codes, the references and the outcome enum."""
    cadre = leader()
    talk(cadre)
    event = cadre.pending_events[-1]
    assert isinstance(event, Cadre.TalkHeld)
    assert (event.talked_to, event.basis, event.outcome) == (
        ["T-CBZ", "GB010"], ["obligation/visit/H001/2024-W03", "finding/R01/F-1"],
        TalkOutcome.RECTIFICATION_ORDER)
    assert cadre.acts[-1].kind is SupervisionKind.FORMAL_TALK


@pytest.mark.parametrize("basis", [
    [], ["obligation"], ["obligation/"], ["finding/R01"], ["finding/R01/F-1/x"],
    ["violation/OB-7"], ["evaluation/a b"], ["obligation/OB-7"],
    ["obligation/visit/H001/2024-W03", "obligation/visit/H001/2024-W03"], "obligation/1",
])
def test_a_talk_with_a_malformed_or_missing_basis_is_refused(basis: Any) -> None:
    """The basis is one or more distinct obligation/, finding/<round>/ or evaluation/ refs."""
    cadre = leader()
    refused(cadre, "basis", lambda: talk(cadre, basis=basis))


def test_a_talk_naming_nobody_is_refused() -> None:
    """Somebody (a cadre or a unit) is talked to."""
    cadre = leader()
    refused(cadre, "talked_to", lambda: talk(cadre, talked_to=[]))
    refused(cadre, "talked_to", lambda: talk(cadre, talked_to=["GB 010"]))


def test_a_talk_with_an_unknown_outcome_is_refused() -> None:
    """The outcome is a warning, a rectification order or a referral."""
    cadre = leader()
    refused(cadre, "outcome", lambda: talk(cadre, outcome="banquet"))


def test_only_a_county_leader_holds_a_talk() -> None:
    """A township lead's talk is refused: 约谈 is the county leaders' act."""
    cadre = appoint(Role.TOWNSHIP_LEAD)
    refused(cadre, "kind", lambda: talk(cadre))


def test_a_talk_cannot_be_recorded_without_its_parts() -> None:
    """record_supervision refuses the kinds that have their own command."""
    cadre = leader()
    refused(cadre, "kind", cadre.record_supervision, envelope(), SupervisionKind.FORMAL_TALK,
            DAY, "township", "T-CBZ", "约谈", "TALK-1")


def test_a_bulletin_records_its_praise_and_criticism_lists() -> None:
    """A bulletin keeps both lists and its basis; ``named`` lists everyone."""
    cadre = leader()
    bulletin(cadre)
    event = cadre.pending_events[-1]
    assert isinstance(event, Cadre.BulletinIssued)
    assert (event.praised, event.criticised, event.basis) == (
        ["T-CBZ"], ["T-SSDG"], ["evaluation/2019Q2"])
    assert event.named == ["T-CBZ", "T-SSDG"]


def test_a_bulletin_naming_nobody_is_refused() -> None:
    """A bulletin praises or criticises somebody."""
    cadre = leader()
    refused(cadre, "praised", lambda: bulletin(cadre, praised=[], criticised=[]))


def test_a_bulletin_cannot_praise_and_criticise_the_same_unit() -> None:
    """Nobody is on both lists."""
    cadre = leader()
    refused(cadre, "criticised", lambda: bulletin(cadre, criticised=["T-CBZ"]))


def test_a_bulletin_without_a_basis_is_refused() -> None:
    """A bulletin rests on at least one reference."""
    cadre = leader()
    refused(cadre, "basis", lambda: bulletin(cadre, basis=["第二季度考核"]))


def test_v1_talks_and_bulletins_upcast_with_nothing_invented() -> None:
    """A stored v1 talk or bulletin reads with empty lists and no outcome."""
    talk_state: dict[str, Any] = {"summary": "约谈"}
    TalkRecorded.upcast_v1_v2(talk_state)
    assert talk_state == {"summary": "约谈", "talked_to": [], "basis": [], "outcome": None}
    bulletin_state: dict[str, Any] = {}
    BulletinRecorded.upcast_v1_v2(bulletin_state)
    assert bulletin_state == {"praised": [], "criticised": [], "basis": []}
    assert Cadre.TalkHeld.class_version == Cadre.BulletinIssued.class_version == 2
