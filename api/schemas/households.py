"""Households (贫困户): list items, the detail, its as-of state and replay steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class MemberOut(OutModel):
    """A household member (家庭成员): every field is personal."""

    member_no: int | None = Field(None, description="Member number · 成员序号")
    name: str | None = Field(None, description="Name · 姓名 (personal)")
    relation: str | None = Field(None, description="Relation to the head · 与户主关系")
    id_number: str | None = Field(None, description="ID number · 身份证号 (personal)")
    sex: str | None = Field(None, description="Sex · 性别 (personal)")
    birth_year: int | None = Field(None, description="Birth year · 出生年份 (personal)")
    health: str | None = Field(None, description="Health · 健康状况 (personal)")
    can_work: bool | None = Field(None, description="Able to work · 劳动能力 (personal)")


class AssignmentOut(OutModel):
    """A responsible cadre's period (帮扶责任人): who, in which role, from and to."""

    cadre_code: Public[str] = Field(description="Cadre code · 干部编号")
    role: Public[str] = Field(description="Role · 角色 (household_cadre 包户干部 ...)")
    from_date: Public[dt.date | None] = Field(None, description="From · 起始时间")
    to_date: Public[dt.date | None] = Field(None, description="Until (null: current) · 终止时间")


class FindingOut(OutModel):
    """An inspection finding (巡察问题) about the household."""

    round_code: Public[str] = Field(description="Inspection round · 巡察轮次")
    finding_code: Public[str] = Field(description="Finding code · 问题编号")
    owner_cadre: Public[str | None] = Field(None, description="Cadre to rectify · 整改责任人")
    description: str | None = Field(None, description="What was found · 问题描述 (free text)")
    raised_on: Public[dt.date | None] = Field(None, description="Raised on · 发现日期")
    deadline_on: Public[dt.date | None] = Field(None, description="Deadline · 整改期限")
    status: Public[str | None] = Field(None, description="open / rectified / settled · 状态")
    rectified_on: Public[dt.date | None] = Field(None, description="Rectified on · 整改日期")
    settled_on: Public[dt.date | None] = Field(None, description="Settled on · 销号日期")


class IncomeYearOut(OutModel):
    """One year of the household's income (收入台账), by source (personal)."""

    year: int | None = Field(None, description="Year · 年度")
    wage_fen: int | None = Field(None, description="Wage income · 工资性收入 (fen)")
    business_fen: int | None = Field(None, description="Business income · 经营性收入 (fen)")
    property_fen: int | None = Field(None, description="Property income · 财产性收入 (fen)")
    transfer_fen: int | None = Field(None, description="Transfer income · 转移性收入 (fen)")
    total_fen: int | None = Field(None, description="Total · 合计 (fen)")
    total_yuan: str | None = Field(None, description="Total · 合计 (yuan)")
    per_capita_fen: int | None = Field(None, description="Per person · 人均纯收入 (fen)")
    per_capita_yuan: str | None = Field(None, description="Per person · 人均纯收入 (yuan)")
    above_poverty_line: bool | None = Field(None, description="Above the poverty line · 超过贫困线")


class AssistanceOut(OutModel):
    """Assistance received under one programme (帮扶措施)."""

    programme: Public[str] = Field(description="Programme · 帮扶项目")
    measures: Public[int] = Field(description="Measures delivered · 措施数")
    amount_fen: Public[int] = Field(description="Amount · 金额 (fen 分)")
    amount_yuan: Public[str] = Field(description="Amount · 金额 (yuan 元)")


class ResponsibleOut(OutModel):
    """The accountability chain (责任链): household cadres, village and township leaders."""

    household_cadres: Public[list[AssignmentOut]] = Field(default_factory=list)
    village: Public[list[AssignmentOut]] = Field(default_factory=list)
    township: Public[list[AssignmentOut]] = Field(default_factory=list)


class HouseholdSummaryOut(OutModel):
    """A household in a list (贫困户列表)."""

    code: Public[str] = Field(description="Household code · 户编号")
    village_code: Public[str | None] = Field(None, description="Village · 所属村")
    township_code: Public[str | None] = Field(None, description="Township · 所属乡镇")
    status: Public[str | None] = Field(None, description="registered / monitored / exited / "
                                       "returned · 状态 (在册/监测/脱贫/返贫)")
    category: Public[str | None] = Field(None, description="贫困户属性 category")
    head_name: str | None = Field(None, description="Head of household · 户主姓名 (personal)")
    member_count: Public[int | None] = Field(None, description="Members · 家庭人口")
    points_balance: Public[int | None] = Field(None, description="Points · 爱心超市积分余额")
    last_visit_at: Public[dt.datetime | None] = Field(None, description="Last visit · 最近走访")
    open_findings: Public[int | None] = Field(None, description="Open findings · 未整改问题")
    five_ones_complete: Public[bool | None] = Field(None, description="五个一 complete")


class HouseholdCoreOut(HouseholdSummaryOut):
    """The household's state (as now, or as of a time): the fields of the household view."""

    exit_stage: Public[str | None] = Field(None, description="Exit procedure · 退出程序")
    poverty_cause: str | None = Field(None, description="Main cause · 致贫原因 (personal)")
    members: list[MemberOut] = Field(default_factory=list, description="成员 (personal)")
    registered_on: Public[dt.date | None] = Field(None, description="Registered · 识别日期")
    indicators: Public[dict[str, bool] | None] = Field(None, description="两不愁三保障")
    indicators_met: Public[bool | None] = Field(None, description="All assured · 全部达标")
    plan: dict[str, Any] | None = Field(None, description="五定 plan (free text)")
    plan_adopted_on: Public[dt.date | None] = Field(None, description="Plan adopted · 计划日期")
    cadres: Public[list[AssignmentOut]] = Field(default_factory=list, description="包户干部")
    projects: Public[list[str]] = Field(default_factory=list, description="Projects · 产业项目")
    points_earned: Public[int | None] = None
    points_redeemed: Public[int | None] = None
    visits: Public[int | None] = Field(None, description="In-person visits · 入户走访次数")
    phone_contacts: Public[int | None] = Field(None, description="Phone contacts · 电话联系")
    last_contact_at: Public[dt.datetime | None] = None
    diary_entries: Public[int | None] = Field(None, description="Diary entries · 民情日记")
    income_lines: Public[int | None] = Field(None, description="Income records · 收入记录数")
    measures: Public[int | None] = Field(None, description="Measures · 帮扶措施数")
    assistance_fen: Public[int | None] = Field(None, description="Assistance · 帮扶金额 (fen)")
    assistance_yuan: Public[str | None] = Field(None, description="Assistance · 帮扶金额 (yuan)")
    has_income_project: Public[bool | None] = Field(None, description="一个增收项目")
    has_income_ledger: Public[bool | None] = Field(None, description="一本收入台账")
    has_basic_info: Public[bool | None] = Field(None, description="一张基本信息表")
    has_diary: Public[bool | None] = Field(None, description="一本民情日记")
    findings: Public[int | None] = Field(None, description="Findings · 巡察问题数")
    exited_on: Public[dt.date | None] = Field(None, description="Exited · 脱贫日期")
    honours: list[str] = Field(default_factory=list, description="Honours · 荣誉 (free text)")
    monitoring_category: Public[str | None] = Field(None, description="Monitoring · 监测类别")
    monitoring_ended_on: Public[dt.date | None] = Field(
        None, description="Monitoring ended · 风险消除日期")
    pairings: list[dict[str, Any]] = Field(
        default_factory=list, description="结亲交友 pairings (personal: the member's name)")
    is_paired: Public[bool | None] = Field(None, description="Paired now · 结亲在结")
    pairing_contacts: Public[int | None] = Field(None, description="Pairing contacts · 结亲走访")
    pairing_help_fen: Public[int | None] = Field(None, description="Pairing help · 结亲帮扶 (fen)")
    activities: Public[int | None] = Field(None, description="Activities taken part in · 参加活动")
    activity_points: Public[int | None] = Field(None, description="Activity points · 活动积分")
    late_events: Public[int | None] = Field(None, description="Late records · 补记数")
    corrections: Public[int | None] = Field(None, description="Corrections · 更正数")
    retractions: Public[int | None] = Field(None, description="Retractions · 撤销数")
    events: Public[int | None] = Field(None, description="Events · 事件数")
    last_position: Public[int | None] = Field(None, description="Last log position · 日志位置")
    income_years: list[IncomeYearOut] = Field(default_factory=list, description="收入 (personal)")
    assistance: Public[list[AssistanceOut]] = Field(default_factory=list)
    visits_last_4_weeks: Public[int | None] = Field(None, description="Visits, 4 weeks · 近4周走访")


class HouseholdOut(HouseholdCoreOut):
    """One household now (户详情), with its accountability chain and open findings."""

    responsible: Public[ResponsibleOut | None] = None
    open_findings_list: Public[list[FindingOut]] = Field(default_factory=list)


class StepOut(OutModel):
    """One event of a replay (回放) and what it changed."""

    ref: Public[str] = Field(description="Event reference kind/code/version · 事件引用")
    position: Public[int | None] = Field(None, description="Log position · 日志位置")
    event_type: Public[str] = Field(description="Event type · 事件类型")
    label_zh: Public[str] = Field(description="中文名称")
    label_en: Public[str] = Field(description="English label")
    business_time: Public[str | None] = Field(None, description="When it happened · 业务时间")
    recorded_at: Public[dt.datetime] = Field(description="When recorded · 记录时间")
    actor_id: Public[str | None] = Field(None, description="Who recorded it · 记录人")
    is_late: Public[bool] = Field(False, description="Recorded late · 补记")
    summary: str | None = Field(None, description="Summary (free text)")
    changes: dict[str, list[Any]] | None = Field(None, description="field: [before, after]")


class HouseholdAsOfOut(OutModel):
    """The household as the ledger knew it at ``as_of``, for business dates up to a date."""

    code: Public[str] = Field(description="Household code · 户编号")
    as_of: Public[dt.datetime | None] = Field(None, description="Recorded up to · 记录截止")
    business_date: Public[dt.date | None] = Field(None, description="Happened by · 业务截止日")
    state: Public[HouseholdCoreOut] = Field(description="State at the cut-off · 当时状态")
    applied: Public[list[StepOut]] = Field(default_factory=list, description="Events applied")
    later: Public[list[StepOut]] = Field(default_factory=list, description="Events after it")
