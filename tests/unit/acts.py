"""One valid act of every supervision kind, with sample parts (for the role and replay tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain.cadre import Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.values import SupervisionKind as Kind
from ledger.domain.values import TalkOutcome

SUBJECT = ("village", "V-ESDG")
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
    else:
        cadre.record_supervision(envelope, kind, occurred_on, *SUBJECT, SUMMARY, act_code)
