"""Value types and enumerations of the 五四五N method (persisted names: never rename a value)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Self


class Immutable:
    """A frozen value: copying it returns itself (aggregates are deep-copied per command)."""

    __slots__ = ()

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self


class Personal:
    """Marks a field as personal data (names, ID numbers, phones, health, free text about people).

    A later issue encrypts these per person; the marker is what it will look for.
    """

    def __repr__(self) -> str:
        return "PERSONAL"


PERSONAL = Personal()
PersonalText = Annotated[str, PERSONAL]


class Role(StrEnum):
    """Cadre roles of 四级联动 plus the village-resident cadre and the inspection group."""

    HOUSEHOLD_CADRE = "household_cadre"  # 包户干部
    RESIDENT_CADRE = "resident_cadre"  # 驻村帮扶干部
    VILLAGE_LEADER = "village_leader"  # 包村科级领导干部
    TOWNSHIP_LEAD = "township_lead"  # 包保乡镇县委常委
    COUNTY_LEADER = "county_leader"  # 县级领导
    INSPECTOR = "inspector"  # 县巡查组成员


class Channel(StrEnum):
    """How a fact reached the ledger."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    IMPORT = "import"
    SELF_REPORT = "self_report"
    DEPARTMENT = "department"
    SYSTEM = "system"
    PAIRING = "pairing"  # 结亲交友: a paired party member's own contacts


class HouseholdCategory(StrEnum):
    """贫困户属性."""

    GENERAL = "general"  # 一般贫困户
    DIBAO = "dibao"  # 低保户
    TEKUN_WUBAO = "tekun_wubao"  # 特困/五保户
    DIBAO_POOR = "dibao_poor"  # 低保贫困户


class PovertyCause(StrEnum):
    """主要致贫原因."""

    ILLNESS = "illness"
    DISABILITY = "disability"
    SCHOOLING = "schooling"
    DISASTER = "disaster"
    LACK_LAND = "lack_land"
    LACK_WATER = "lack_water"
    LACK_SKILLS = "lack_skills"
    LACK_LABOUR = "lack_labour"
    LACK_CAPITAL = "lack_capital"
    POOR_TRANSPORT = "poor_transport"
    LOW_MOTIVATION = "low_motivation"
    OTHER = "other"


class IncomeSource(StrEnum):
    """工资性 / 经营性 / 财产性 / 转移性收入."""

    WAGE = "wage"
    BUSINESS = "business"
    PROPERTY = "property"
    TRANSFER = "transfer"


class Programme(StrEnum):
    """Assistance programmes that measures are delivered under."""

    HOUSING = "housing"
    HEALTH = "health"
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    MICROCREDIT = "microcredit"
    MINIMUM_LIVING_ALLOWANCE = "minimum_living_allowance"
    INDUSTRY = "industry"
    SOLAR = "solar"
    ELDERLY_CARE = "elderly_care"


class HouseholdStatus(StrEnum):
    """Where a household stands."""

    REGISTERED = "registered"
    MONITORED = "monitored"
    EXITED = "exited"
    RETURNED = "returned"


class ExitStage(StrEnum):
    """Steps of the exit procedure (review → notice → confirmation → county approval)."""

    NONE = "none"
    REVIEWED = "reviewed"
    NOTICE_POSTED = "notice_posted"
    CONFIRMED = "confirmed"


class Health(StrEnum):
    """A member's health (A11): personal data."""

    HEALTHY = "healthy"
    CHRONIC = "chronic"
    SERIOUS = "serious"
    DISABLED = "disabled"


class SupervisionKind(StrEnum):
    """Supervision acts of levels 2-4 and the inspection group."""

    RESEARCH_VISIT = "research_visit"  # 调研
    INSPECTION = "inspection"  # 督查
    REPORT_HEARING = "report_hearing"  # 听取汇报
    REPORT_UP = "report_up"  # 向县委书记、县长汇报
    QUARTERLY_REVIEW = "quarterly_review"  # 三了解两协调
    FUNDS_SECURED = "funds_secured"  # 一争取
    VISITS_CHECKED = "visits_checked"  # 检查包户干部入户
    RESIDENT_ASSESSED = "resident_assessed"  # 督导考核驻村干部
    FORMAL_TALK = "formal_talk"  # 约谈
    BULLETIN = "bulletin"  # 通报


class TalkOutcome(StrEnum):
    """What a formal talk (约谈) decided."""

    WARNING = "warning"  # 提醒/警示
    RECTIFICATION_ORDER = "rectification_order"  # 责令整改
    REFERRAL = "referral"  # 移交纪检监察


class ActivityKind(StrEnum):
    """The N activities (五四五N's "N"): what kind of gathering."""

    KNOWLEDGE_CONTEST = "knowledge_contest"  # 知识竞赛
    FILM = "film"  # 电影放映
    EXHIBITION = "exhibition"  # 展览
    TRAINING = "training"  # 培训
    SUPERMARKET_EVENT = "supermarket_event"  # 爱心超市活动


class FundSource(StrEnum):
    """Where money secured by 一争取 came from."""

    SOCIAL_DONATION = "social_donation"  # 社会捐助
    PAIRED_DISTRICT = "paired_district"  # 对口帮扶城区
    ENTERPRISE = "enterprise"  # 企业
    DEPARTMENT = "department"  # 部门


class ReviewPartName(StrEnum):
    """The five parts of 三了解两协调 (persisted names, in the method's order)."""

    PROJECT_PROGRESS = "project_progress"  # 了解扶贫项目实施进度
    EXIT_PROGRESS = "exit_progress"  # 了解贫困户脱贫进度
    DIFFICULTIES = "difficulties"  # 了解工作中的困难
    FUND_COORDINATION = "fund_coordination"  # 协调资金项目投入
    SECTOR_COORDINATION = "sector_coordination"  # 协调行业扶贫投入


@dataclass(frozen=True)
class ReviewPart(Immutable):
    """One part of 三了解两协调: what was learned or coordinated, about whom, and what follows."""

    part: ReviewPartName
    content: str
    concerned: list[str] = field(default_factory=list)
    follow_up: str = ""


@dataclass(frozen=True)
class Member(Immutable):
    """A household member (A4-A13). Name, ID number, sex, birth year and health are personal."""

    member_no: int
    name: str
    relation: str
    id_number: str = ""
    sex: str = ""
    birth_year: int | None = None
    health: Health = Health.HEALTHY
    can_work: bool = True


@dataclass(frozen=True)
class Indicators(Immutable):
    """两不愁三保障 and safe drinking water: True means assured."""

    food: bool = False
    clothing: bool = False
    compulsory_education: bool = False
    basic_medical: bool = False
    safe_housing: bool = False
    safe_drinking_water: bool = False

    def all_met(self) -> bool:
        """Every indicator is assured (a precondition of exit)."""
        return all(vars(self).values())


@dataclass(frozen=True)
class Plan(Immutable):
    """五定: fixed target, policies, measures, responsible cadre, goal."""

    target: str
    policies: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    responsible_cadre: str = ""
    goal: str = ""


@dataclass(frozen=True)
class Rule(Immutable):
    """One line of the assessment regulation (考核办法): what is scored and how much."""

    code: str
    description: str
    points: int
    metric: str


MEASURES = frozenset({
    "weekly_in_person_visits", "monthly_four_ones", "quarterly_and_half_yearly_acts",
    "visits_checked", "findings_closed_on_time", "formal_talks", "monthly_income_lines",
    "diary_entries", "exit_procedure",
})
"""The measures a regulation rule may name (考核指标): a persisted contract. Their formulas are
read-side code (projections/evaluation/measures.py, docs/evaluation.md); a regulation naming any
other measure is refused when published, never at evaluation time."""


class Cadence(StrEnum):
    """How often a duty falls due (windows in Asia/Shanghai calendar days)."""

    WEEKLY = "weekly"  # Monday to Sunday
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    PER_PERIOD = "per_period"  # once per subject: a finding's deadline, an inspection round


class Handover(StrEnum):
    """Who owes a window whose owner changed inside it."""

    LAST_DAY = "last_day"  # whoever held the subject on the window's last day
    BOTH = "both"  # every holder within the window


@dataclass(frozen=True)
class Duty(Immutable):
    """One duty of the regulation (职责): who owes what, how often, and who answers if missed.

    ``fulfilled_by`` names event types as ``Aggregate.Event`` (``Household.Visited``);
    ``escalation`` lists the roles that must respond, level by level, each within
    ``response_days`` of the previous step's deadline.
    """

    code: str
    description: str
    owner_role: Role
    subject: str
    cadence: Cadence
    fulfilled_by: list[str]
    grace_days: int = 0
    escalation: list[str] = field(default_factory=list)
    response_days: int = 7
    handover: Handover = Handover.LAST_DAY
    post_exit_days: int = 0


@dataclass(frozen=True)
class Policy:
    """County parameters the commands decide with (set per county; demo values from the seed)."""

    poverty_line_fen: int = 400_000  # about 4,000 yuan per person per year (2020 prices)
    minimum_living_standard_fen: int = 372_000  # 低保 3,720 yuan per person per year
    exit_notice_min_days: int = 7  # 公示 at least a week
