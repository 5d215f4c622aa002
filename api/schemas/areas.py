"""Villages (村), townships (乡镇) and the county (县): records and figures, all aggregates."""

from __future__ import annotations

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel
from api.schemas.households import AssignmentOut


class AreaStatsOut(OutModel):
    """An area's counts (统计): households, people, statuses, 五个一, work done."""

    households: Public[int] = Field(0, description="Households · 户数")
    people: Public[int] = Field(0, description="People · 人数")
    registered: Public[int] = Field(0, description="Registered · 在册")
    monitored: Public[int] = Field(0, description="Monitored · 监测")
    exited: Public[int] = Field(0, description="Exited · 脱贫")
    returned: Public[int] = Field(0, description="Returned to poverty · 返贫")
    cat_general: Public[int] = Field(0, description="一般贫困户")
    cat_dibao: Public[int] = Field(0, description="低保户")
    cat_tekun_wubao: Public[int] = Field(0, description="特困/五保户")
    cat_dibao_poor: Public[int] = Field(0, description="低保贫困户")
    with_plan: Public[int] = Field(0, description="With a plan · 有五定计划")
    five_ones_complete: Public[int] = Field(0, description="五个一 complete")
    measures: Public[int] = Field(0, description="Measures · 帮扶措施")
    assistance_fen: Public[int] = Field(0, description="Assistance · 帮扶金额 (fen)")
    assistance_yuan: Public[str] = Field("0.00", description="Assistance · 帮扶金额 (yuan)")
    visits: Public[int] = Field(0, description="Visits · 走访")
    phone_contacts: Public[int] = Field(0, description="Phone contacts · 电话联系")
    diary_entries: Public[int] = Field(0, description="Diary entries · 民情日记")
    late_events: Public[int] = Field(0, description="Late records · 补记")
    corrections: Public[int] = Field(0, description="Corrections · 更正")
    retractions: Public[int] = Field(0, description="Retractions · 撤销")
    paired: Public[int] = Field(0, description="Households paired · 结亲户数")
    pairing_contacts: Public[int] = Field(0, description="Pairing contacts · 结亲走访")
    activity_attendances: Public[int] = Field(0, description="Activity attendances · 参加活动户次")
    activity_households: Public[int] = Field(0, description="Households in activities · 参活户数")


class FigureOut(OutModel):
    """One figure of the area (统计指标) with its definition: the same figure, by the same
    definition, as ``ledger summary`` and the overview pages show."""

    key: Public[str] = Field(description="Stable key · 指标键")
    label_zh: Public[str] = Field(description="中文名称")
    label_en: Public[str] = Field(description="English label")
    unit: Public[str] = Field(description="Unit · 单位 (户, 人, 次, 件 ... or fen)")
    definition: Public[str] = Field(description="How the figure is defined and counted · 口径")
    value: Public[int] = Field(description="The figure · 数值 (money in fen)")


class ProgrammeOut(OutModel):
    """Assistance in the area under one programme (帮扶项目)."""

    programme: Public[str] = Field(description="Programme · 项目类别")
    households: Public[int] = Field(0, description="Households · 户数")
    measures: Public[int] = Field(0, description="Measures · 措施数")
    amount_fen: Public[int] = Field(0, description="Amount · 金额 (fen)")
    amount_yuan: Public[str] = Field("0.00", description="Amount · 金额 (yuan)")


class AreaIncomeOut(OutModel):
    """The area's income in one year (收入汇总)."""

    year: Public[int] = Field(description="Year · 年度")
    households: Public[int] = Field(0, description="Households with income · 户数")
    people: Public[int] = Field(0, description="People · 人数")
    total_fen: Public[int] = Field(0, description="Total · 合计 (fen)")
    total_yuan: Public[str] = Field("0.00", description="Total · 合计 (yuan)")
    above_poverty_line: Public[int] = Field(0, description="Above the line · 超过贫困线户数")


class TownshipFiguresOut(OutModel):
    """A township's headline figures (乡镇)."""

    code: Public[str] = Field(description="Township code · 乡镇编号")
    name: Public[str | None] = Field(None, description="Township name · 乡镇名")
    households: Public[int | None] = None
    people: Public[int | None] = None
    exited: Public[int | None] = None


class VillageOut(OutModel):
    """A village (村): its record, leaders and figures."""

    code: Public[str] = Field(description="Village code · 村编号")
    name: Public[str | None] = Field(None, description="Village name · 村名")
    parent_code: Public[str | None] = Field(None, description="Township · 所属乡镇")
    is_designated_poor: Public[bool | None] = Field(None, description="贫困村 designated poor")
    lat: Public[float | None] = Field(None, description="Latitude · 纬度")
    lon: Public[float | None] = Field(None, description="Longitude · 经度")
    leaders: Public[list[AssignmentOut]] = Field(default_factory=list, description="包村领导")
    stats: Public[AreaStatsOut | None] = None
    as_of: Public[str | None] = Field(None, description="Figures as of · 统计截至 (YYYY-MM-DD)")
    figures: Public[list[FigureOut]] = Field(default_factory=list, description="统计指标")
    programmes: Public[list[ProgrammeOut]] = Field(default_factory=list)
    income_years: Public[list[AreaIncomeOut]] = Field(default_factory=list)


class TownshipOut(VillageOut):
    """A township (乡镇): its record, leaders, figures and villages."""

    villages: Public[list[TownshipFiguresOut]] = Field(default_factory=list, description="村")


class FundTotalsOut(OutModel):
    """All funds together (资金汇总)."""

    funds: Public[int] = Field(0, description="Funds · 资金笔数")
    allocated_fen: Public[int] = Field(0, description="Allocated · 下达 (fen)")
    allocated_yuan: Public[str] = Field("0.00", description="Allocated · 下达 (yuan)")
    disbursed_fen: Public[int] = Field(0, description="Disbursed · 拨付 (fen)")
    disbursed_yuan: Public[str] = Field("0.00", description="Disbursed · 拨付 (yuan)")
    balance_fen: Public[int] = Field(0, description="Balance · 结余 (fen)")
    balance_yuan: Public[str] = Field("0.00", description="Balance · 结余 (yuan)")


class ProjectKindOut(OutModel):
    """Projects of one kind (产业项目类别)."""

    kind: Public[str] = Field(description="Kind · 类型")
    projects: Public[int] = Field(0, description="Projects · 项目数")
    received_fen: Public[int] = Field(0, description="Received · 到账 (fen)")
    received_yuan: Public[str] = Field("0.00", description="Received · 到账 (yuan)")
    participants: Public[int] = Field(0, description="Participating households · 参与户")


class ActionCountOut(OutModel):
    """Cadre actions of one kind (履职) and how many were recorded late."""

    action: Public[str] = Field(description="Action · 行为")
    actions: Public[int] = Field(0, description="Count · 次数")
    late: Public[int | None] = Field(0, description="Late · 补记")


class CountyStatsOut(OutModel):
    """The county's figures (全县统计), all computed from the views."""

    name: Public[str | None] = Field(None, description="County name · 县名")
    stats: Public[AreaStatsOut | None] = None
    as_of: Public[str | None] = Field(None, description="Figures as of · 统计截至 (YYYY-MM-DD)")
    figures: Public[list[FigureOut]] = Field(
        default_factory=list, description="统计指标: every figure with its definition")
    programmes: Public[list[ProgrammeOut]] = Field(default_factory=list)
    income_years: Public[list[AreaIncomeOut]] = Field(default_factory=list)
    funds: Public[FundTotalsOut | None] = None
    exits_by_year: Public[list[dict[str, int | str | None]]] = Field(
        default_factory=list, description="Exits per year · 年度脱贫 (year, households, people)")
    projects: Public[list[ProjectKindOut]] = Field(default_factory=list)
    actions: Public[list[ActionCountOut]] = Field(default_factory=list)
    townships: Public[list[TownshipFiguresOut]] = Field(default_factory=list)
