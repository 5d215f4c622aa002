"""The cadre's commands for the supervision acts whose parts are data (约谈, 通报 ...).

Each checks the act's own parts, then hands over to ``Cadre._record_act``, which checks what
every act needs (role, dates, a fresh act code) and records the event of that kind.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain.base import LedgerAggregate
from ledger.domain.envelope import Envelope
from ledger.domain.four_ones import (
    inspection_parts,
    report_heard_parts,
    report_up_parts,
    research_parts,
)
from ledger.domain.funds_secured import funds_parts
from ledger.domain.supervision import bulletin_parts, review_parts, talk_parts
from ledger.domain.values import FundSource, ReviewPart, SupervisionKind, TalkOutcome

STRUCTURED_ACTS: dict[SupervisionKind, str] = {
    SupervisionKind.FORMAL_TALK: "hold_talk",
    SupervisionKind.BULLETIN: "issue_bulletin",
    SupervisionKind.QUARTERLY_REVIEW: "record_quarterly_review",
    SupervisionKind.RESEARCH_VISIT: "record_research_visit",
    SupervisionKind.INSPECTION: "record_inspection",
    SupervisionKind.REPORT_HEARING: "hear_report",
    SupervisionKind.REPORT_UP: "submit_report",
    SupervisionKind.FUNDS_SECURED: "record_funds_secured",
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

    def record_research_visit(
        self, envelope: Envelope, occurred_on: date, subject_kind: str, subject_code: str,
        villages: list[str], households: list[str], summary: str, act_code: str,
    ) -> None:
        """调研: a research visit naming the villages and households visited."""
        self._record_act(envelope, SupervisionKind.RESEARCH_VISIT, occurred_on, subject_kind,
                         subject_code, summary, act_code, **research_parts(villages, households))

    def record_inspection(
        self, envelope: Envelope, occurred_on: date, subject_kind: str, subject_code: str,
        inspected: list[str], findings: list[str], summary: str, act_code: str,
    ) -> None:
        """督查: an inspection naming what was inspected and the findings it raised."""
        self._record_act(envelope, SupervisionKind.INSPECTION, occurred_on, subject_kind,
                         subject_code, summary, act_code, **inspection_parts(inspected, findings))

    def hear_report(
        self, envelope: Envelope, occurred_on: date, subject_kind: str, subject_code: str,
        reporters: list[str], summary: str, act_code: str,
    ) -> None:
        """听取汇报: a work report heard, naming whose report."""
        self._record_act(envelope, SupervisionKind.REPORT_HEARING, occurred_on, subject_kind,
                         subject_code, summary, act_code, **report_heard_parts(reporters))

    def submit_report(
        self, envelope: Envelope, occurred_on: date, subject_kind: str, subject_code: str,
        party_secretary: str, county_head: str, summary: str, act_code: str,
    ) -> None:
        """汇报: a report up to both the county party secretary and the county head."""
        self._record_act(envelope, SupervisionKind.REPORT_UP, occurred_on, subject_kind,
                         subject_code, summary, act_code,
                         **report_up_parts(party_secretary, county_head))

    def record_funds_secured(
        self, envelope: Envelope, occurred_on: date, subject_kind: str, subject_code: str,
        amount_fen: int, source: FundSource, agreement_digest: str | None, fund: str | None,
        summary: str, act_code: str,
    ) -> None:
        """一争取: money secured (or nothing), its source, agreement and the fund it became."""
        self._record_act(envelope, SupervisionKind.FUNDS_SECURED, occurred_on, subject_kind,
                         subject_code, summary, act_code,
                         **funds_parts(amount_fen, source, agreement_digest, fund))

    def _record_act(
        self, envelope: Envelope, kind: SupervisionKind, occurred_on: date, subject_kind: str,
        subject_code: str, summary: str, act_code: str, **parts: Any,
    ) -> None:
        raise NotImplementedError  # Cadre records the act
