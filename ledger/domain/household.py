"""贫困户: a registered household, its basic-information sheet (基本信息清单), members,
the 五定 plan, its household cadres, its records and its exit procedure."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from ledger.domain.assignments import Assignable
from ledger.domain.base import Created, TrackedEvent
from ledger.domain.checks import check_text
from ledger.domain.envelope import Envelope
from ledger.domain.household_community import HouseholdCommunity
from ledger.domain.household_exit import ExitProcedure
from ledger.domain.household_records import HouseholdRecords
from ledger.domain.values import (
    PERSONAL,
    HouseholdCategory,
    Indicators,
    Member,
    PersonalText,
    Plan,
    PovertyCause,
    Role,
)
from ledger.errors import RuleViolation

PersonalMembers = Annotated[list[Member], PERSONAL]


class Household(HouseholdRecords, HouseholdCommunity, ExitProcedure, Assignable):
    """建档立卡户: one registered poor household."""

    KIND = "household"
    ASSIGNABLE_ROLES = frozenset({Role.HOUSEHOLD_CADRE})
    SINGLE_HOLDER_ROLES = frozenset({Role.HOUSEHOLD_CADRE})

    def __init__(self) -> None:
        super().__init__()
        self.village_code = ""
        self.township_code = ""
        self.head_name = ""
        self.members: dict[int, Member] = {}
        self.category = HouseholdCategory.GENERAL
        self.poverty_cause = PovertyCause.OTHER
        self.registered_on = date.min
        self.plan: Plan | None = None
        self.indicators = Indicators()

    class Registered(Created):
        """建档立卡: the household was registered with its basic-information sheet."""

        occurred_on: date
        village_code: str
        township_code: str
        head_name: PersonalText
        members: PersonalMembers
        category: HouseholdCategory
        poverty_cause: PovertyCause
        indicators: Indicators
        correctable = frozenset({"category", "poverty_cause"})

        def apply(self, aggregate: Household) -> None:
            aggregate.code = self.code
            aggregate.village_code = self.village_code
            aggregate.township_code = self.township_code
            aggregate.head_name = self.head_name
            aggregate.members = {m.member_no: m for m in self.members}
            aggregate.category = self.category
            aggregate.poverty_cause = self.poverty_cause
            aggregate.indicators = self.indicators
            aggregate.registered_on = self.occurred_on

    class MemberAdded(TrackedEvent):
        """A member joined the household (birth, marriage ...)."""

        occurred_on: date
        member: Annotated[Member, PERSONAL]
        reason: str
        correctable = frozenset({"member"})

        def apply(self, aggregate: Household) -> None:
            aggregate.members[self.member.member_no] = self.member

    class MemberRemoved(TrackedEvent):
        """A member left the household (death, marriage, split ...)."""

        occurred_on: date
        member_no: int
        reason: str

        def apply(self, aggregate: Household) -> None:
            aggregate.members.pop(self.member_no, None)

    class IndicatorsAssessed(TrackedEvent):
        """两不愁三保障 and safe water were assessed."""

        occurred_on: date
        indicators: Indicators
        correctable = frozenset({"indicators"})

        def apply(self, aggregate: Household) -> None:
            aggregate.indicators = self.indicators

    class PlanAdopted(TrackedEvent):
        """五定: the household's assistance plan was adopted."""

        occurred_on: date
        plan: Plan

        def apply(self, aggregate: Household) -> None:
            aggregate.plan = self.plan

    class PlanRevised(TrackedEvent):
        """The assistance plan was revised, with a reason."""

        occurred_on: date
        plan: Plan
        reason: str

        def apply(self, aggregate: Household) -> None:
            aggregate.plan = self.plan

    @classmethod
    def register(
        cls, envelope: Envelope, code: str, village_code: str, township_code: str,
        head_name: str, members: list[Member], category: HouseholdCategory,
        poverty_cause: PovertyCause, occurred_on: date, indicators: Indicators | None = None,
    ) -> Household:
        """Register a household; the head must be one of its members."""
        check_text(head_name, "head")
        _check_members(members)
        if head_name not in {m.name for m in members}:
            raise RuleViolation(f"the head {head_name!r} is not among the members", field="head")
        return cls.start(
            cls.Registered, envelope, occurred_on, code, occurred_on=occurred_on,
            village_code=village_code, township_code=township_code, head_name=head_name,
            members=list(members), category=HouseholdCategory(category),
            poverty_cause=PovertyCause(poverty_cause), indicators=indicators or Indicators(),
        )

    def add_member(
        self, envelope: Envelope, member: Member, occurred_on: date, reason: str
    ) -> None:
        """Add a member with the next free member number."""
        if member.member_no in self.members:
            raise RuleViolation(f"member number {member.member_no} is taken", field="member_no")
        _check_members([member])
        self.record(self.MemberAdded, envelope, occurred_on, occurred_on=occurred_on,
                    member=member, reason=check_text(reason, "reason"))

    def remove_member(
        self, envelope: Envelope, member_no: int, occurred_on: date, reason: str
    ) -> None:
        """Remove a member (never the head)."""
        member = self.members.get(member_no)
        if member is None:
            raise RuleViolation(f"no member number {member_no}", field="member_no")
        if member.name == self.head_name:
            raise RuleViolation("the head cannot be removed", field="member_no")
        self.record(self.MemberRemoved, envelope, occurred_on, occurred_on=occurred_on,
                    member_no=member_no, reason=check_text(reason, "reason"))

    def assess_indicators(
        self, envelope: Envelope, indicators: Indicators, occurred_on: date
    ) -> None:
        """Record an assessment of 两不愁三保障 and safe water."""
        self.record(self.IndicatorsAssessed, envelope, occurred_on, occurred_on=occurred_on,
                    indicators=indicators)

    def adopt_plan(self, envelope: Envelope, plan: Plan, occurred_on: date) -> None:
        """Adopt the first 五定 plan."""
        if self.plan is not None:
            raise RuleViolation("a plan is already adopted; revise it instead", field="plan")
        _check_plan(plan)
        self.record(self.PlanAdopted, envelope, occurred_on, occurred_on=occurred_on, plan=plan)

    def revise_plan(self, envelope: Envelope, plan: Plan, occurred_on: date, reason: str) -> None:
        """Revise the 五定 plan."""
        if self.plan is None:
            raise RuleViolation("no plan to revise; adopt one first", field="plan")
        _check_plan(plan)
        self.record(self.PlanRevised, envelope, occurred_on, occurred_on=occurred_on, plan=plan,
                    reason=check_text(reason, "reason"))

    def per_capita_income(self, year: int) -> int:
        """Per-capita recorded income for a year, in fen (members now)."""
        return self.income_total(year) // max(1, len(self.members))

    def cadre_on(self, day: date) -> list[str]:
        """Household cadres responsible on that day."""
        return self.responsible_on(day, Role.HOUSEHOLD_CADRE)

    def on_correction(self, version: int, type_name: str, changes: dict[str, Any]) -> None:
        super().on_correction(version, type_name, changes)
        if type_name == "Registered":
            self.category = changes.get("category", self.category)
            self.poverty_cause = changes.get("poverty_cause", self.poverty_cause)
        elif type_name == "IndicatorsAssessed":
            self.indicators = changes["indicators"]
        elif type_name == "MemberAdded":
            member = changes["member"]
            self.members[member.member_no] = member


def _check_members(members: list[Member]) -> None:
    if not members:
        raise RuleViolation("a household has at least one member", field="members")
    numbers = [m.member_no for m in members]
    if len(set(numbers)) != len(numbers):
        raise RuleViolation("member numbers must be unique", field="members")
    for member in members:
        check_text(member.name, "members.name")
        check_text(member.relation, "members.relation")


def _check_plan(plan: Plan) -> None:
    check_text(plan.target, "plan.target")
    check_text(plan.responsible_cadre, "plan.responsible_cadre")
    if not plan.measures:
        raise RuleViolation("a plan names at least one measure", field="plan.measures")
