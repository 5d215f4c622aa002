"""The cadre's commands for the supervision acts whose parts are data (约谈, 通报 ...).

Each checks the act's own parts, then hands over to ``Cadre._record_act``, which checks what
every act needs (role, dates, a fresh act code) and records the event of that kind.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain.base import LedgerAggregate
from ledger.domain.envelope import Envelope
from ledger.domain.supervision import bulletin_parts, review_parts, talk_parts
from ledger.domain.values import ReviewPart, SupervisionKind, TalkOutcome

STRUCTURED_ACTS: dict[SupervisionKind, str] = {
    SupervisionKind.FORMAL_TALK: "hold_talk",
    SupervisionKind.BULLETIN: "issue_bulletin",
    SupervisionKind.QUARTERLY_REVIEW: "record_quarterly_review",
}
"""The acts recorded with their own command (and which), never by ``record_supervision``."""


class SupervisionActs(LedgerAggregate):
    """Commands of the structured supervision acts (mixed into ``Cadre``)."""

    def hold_talk(
        self, envelope: Envelope, occurred_on: date, subject_kind: str, subject_code: str,
        talked_to: list[str], basis: list[str], outcome: TalkOutcome, summary: str,
        act_code: str,
    ) -> None:
        """约谈: a formal talk with the named cadres or units, on a basis, with an outcome."""
        self._record_act(envelope, SupervisionKind.FORMAL_TALK, occurred_on, subject_kind,
                         subject_code, summary, act_code, **talk_parts(talked_to, basis, outcome))

    def issue_bulletin(
        self, envelope: Envelope, occurred_on: date, subject_kind: str, subject_code: str,
        praised: list[str], criticised: list[str], basis: list[str], summary: str,
        act_code: str,
    ) -> None:
        """通报: a bulletin praising and criticising named cadres or units, on a basis."""
        self._record_act(envelope, SupervisionKind.BULLETIN, occurred_on, subject_kind,
                         subject_code, summary, act_code,
                         **bulletin_parts(praised, criticised, basis))

    def record_quarterly_review(
        self, envelope: Envelope, occurred_on: date, subject_kind: str, subject_code: str,
        parts: list[ReviewPart], summary: str, act_code: str,
    ) -> None:
        """三了解两协调: the parts learned and coordinated; fewer than five makes it partial."""
        self._record_act(envelope, SupervisionKind.QUARTERLY_REVIEW, occurred_on, subject_kind,
                         subject_code, summary, act_code, **review_parts(parts))

    def _record_act(
        self, envelope: Envelope, kind: SupervisionKind, occurred_on: date, subject_kind: str,
        subject_code: str, summary: str, act_code: str, **parts: Any,
    ) -> None:
        raise NotImplementedError  # Cadre records the act
