"""The ledger application: every use case, one eventsourcing Application."""

from __future__ import annotations

from ledger.application.act_cases import ActCases
from ledger.application.community_cases import CommunityCases
from ledger.application.correction_cases import CorrectionCases
from ledger.application.evaluation_cases import EvaluationCases
from ledger.application.exit_cases import ExitCases
from ledger.application.fund_cases import FundCases
from ledger.application.household_cases import HouseholdCases
from ledger.application.organisation_cases import OrganisationCases
from ledger.application.supervision_cases import SupervisionCases


class Ledger(
    OrganisationCases, HouseholdCases, ExitCases, FundCases, SupervisionCases, ActCases,
    CommunityCases, CorrectionCases, EvaluationCases,
):
    """扶贫痕迹化管理台账: the write side of the accountability ledger."""

    name = "Ledger"
