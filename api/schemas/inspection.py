"""Inspection rounds (巡察轮次), their coverage of villages, and findings with deadlines."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class FindingItemOut(OutModel):
    """A finding (巡察问题) with its deadline and whether it is overdue (逾期未整改)."""

    round_code: Public[str] = Field(description="Inspection round · 巡察轮次")
    finding_code: Public[str] = Field(description="Finding code · 问题编号")
    subject_kind: Public[str | None] = Field(None, description="household / village / "
                                             "township / cadre · 对象类别")
    subject_code: Public[str | None] = Field(None, description="Subject code · 对象编号")
    village_code: Public[str | None] = Field(None, description="Village of the subject · 村")
    township_code: Public[str | None] = Field(None, description="Township · 乡镇")
    owner_cadre: Public[str | None] = Field(None, description="Cadre to rectify · 整改责任人")
    description: str | None = Field(None, description="What was found · 问题描述 (free text)")
    raised_on: Public[dt.date | None] = Field(None, description="Raised on · 发现日期")
    deadline_on: Public[dt.date | None] = Field(None, description="Deadline · 整改期限")
    status: Public[str | None] = Field(None, description="open / rectified / closed / "
                                       "transferred · 状态")
    rectified_on: Public[dt.date | None] = Field(None, description="Rectified on · 整改日期")
    settled_on: Public[dt.date | None] = Field(None, description="Closed or transferred on · "
                                               "销号/移交日期")
    overdue: Public[bool] = Field(False, description="Still open past its deadline on the "
                                  "as-of day · 逾期未整改")
    days_overdue: Public[int] = Field(0, description="Days past the deadline · 逾期天数")


class RoundOut(OutModel):
    """An inspection round with its coverage and findings counted."""

    code: Public[str] = Field(description="Round code · 轮次编号")
    name: Public[str | None] = Field(None, description="Name · 名称")
    lead_inspector: Public[str | None] = Field(None, description="Lead inspector · 组长")
    township_codes: Public[list[str]] = Field(default_factory=list,
                                              description="Townships inspected · 巡察乡镇")
    opened_on: Public[dt.date | None] = Field(None, description="Opened on · 进驻日期")
    closed_on: Public[dt.date | None] = Field(None, description="Closed on · 结束日期")
    villages: Public[int] = Field(0, description="Villages of its townships · 应覆盖村数")
    villages_covered: Public[int] = Field(0, description="Villages spot-checked · 已覆盖村数")
    findings: Public[int] = Field(0, description="Findings · 发现问题")
    findings_overdue: Public[int] = Field(0, description="Findings overdue · 逾期未整改")


class VillageCoverageOut(OutModel):
    """One village of a round's townships: spot checks there and whether it was covered."""

    village_code: Public[str] = Field(description="Village · 村编号")
    village_name: Public[str | None] = Field(None, description="Village name · 村名")
    township_code: Public[str | None] = Field(None, description="Township · 乡镇")
    spot_checks: Public[int] = Field(0, description="Spot checks recorded · 抽查次数")
    households_checked: Public[list[str]] = Field(default_factory=list,
                                                  description="Households checked · 抽查户")
    findings: Public[int] = Field(0, description="Findings about it · 发现问题")
    is_covered: Public[bool] = Field(False, description="Covered by the round · 已覆盖")


class CoverageOut(OutModel):
    """A round's coverage of villages (全覆盖): every village of its townships."""

    round: Public[RoundOut] = Field(description="The round · 轮次")
    villages: Public[list[VillageCoverageOut]] = Field(default_factory=list,
                                                       description="Per village · 各村")
    is_complete: Public[bool] = Field(False, description="Every village covered · 全覆盖")
