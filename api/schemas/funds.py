"""Funds (扶贫资金), their disbursements (拨付) and the projects (项目) they reached."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class ParticipantOut(OutModel):
    """A household taking part in a project (参与户)."""

    household_code: Public[str] = Field(description="Household · 户编号")
    joined_on: Public[dt.date | None] = Field(None, description="Joined · 加入日期")


class ProjectOut(OutModel):
    """A project (产业项目) with what it received and who takes part."""

    code: Public[str] = Field(description="Project code · 项目编号")
    name: Public[str | None] = Field(None, description="Project name · 项目名称")
    kind: Public[str | None] = Field(None, description="Kind · 类型")
    township_code: Public[str | None] = Field(None, description="Township · 乡镇")
    village_code: Public[str | None] = Field(None, description="Village · 村")
    budget_fen: Public[int] = Field(0, description="Budget · 预算 (fen)")
    budget_yuan: Public[str] = Field("0.00", description="Budget · 预算 (yuan)")
    registered_on: Public[dt.date | None] = Field(None, description="Registered · 立项日期")
    received_fen: Public[int] = Field(0, description="Received · 到账 (fen)")
    received_yuan: Public[str] = Field("0.00", description="Received · 到账 (yuan)")
    receipts: Public[int] = Field(0, description="Receipts · 到账笔数")
    participants: Public[list[ParticipantOut]] = Field(default_factory=list)
    status: Public[str | None] = Field(None, description="Status · 状态")
    completed_on: Public[dt.date | None] = Field(None, description="Completed · 完工日期")


class DisbursementOut(OutModel):
    """One disbursement (拨付) from a fund to a project or a household."""

    disbursement_code: Public[str] = Field(description="Disbursement code · 拨付编号")
    version: Public[int] = Field(description="Fund version · 版本")
    amount_fen: Public[int] = Field(description="Amount · 金额 (fen 分)")
    amount_yuan: Public[str] = Field(description="Amount · 金额 (yuan 元)")
    recipient_kind: Public[str] = Field(description="project / household · 受益类型")
    recipient_code: Public[str] = Field(description="Recipient · 受益对象")
    programme: Public[str | None] = Field(None, description="Programme · 项目类别")
    occurred_on: Public[dt.date | None] = Field(None, description="Disbursed · 拨付日期")
    purpose: str | None = Field(None, description="Purpose · 用途 (free text)")
    approved_by: Public[str | None] = Field(None, description="Approved by · 审批人")
    is_retracted: Public[bool] = Field(False, description="Retracted · 已撤销")
    received_on: Public[dt.date | None] = Field(None, description="Received · 到账日期")
    received_fen: Public[int | None] = Field(None, description="Received · 到账 (fen)")
    received_yuan: Public[str | None] = Field(None, description="Received · 到账 (yuan)")
    is_receipt_retracted: Public[bool | None] = None
    project: Public[ProjectOut | None] = Field(None, description="The project, if any · 项目")


class FundRefusalOut(OutModel):
    """A refused command on the fund, kept in the sealed log (拒绝记录, e.g. 超额拨付)."""

    ref: Public[str] = Field(description="The refusal's event · 事件引用")
    recorded_at: Public[str] = Field(description="Refused at · 拒绝时间 (UTC)")
    actor_id: Public[str | None] = Field(None, description="Who tried · 操作人")
    summary: Public[str] = Field(description="Command, rule, reason, parameters · 摘要")


class SecuredOut(OutModel):
    """一争取: money a township lead secured from its source into this fund."""

    cadre_code: Public[str] = Field(description="Township lead · 包保县委常委")
    act_code: Public[str] = Field(description="Act code · 工作编号")
    occurred_on: Public[dt.date | None] = Field(None, description="Secured · 争取日期")
    subject_code: Public[str | None] = Field(None, description="For · 受益乡镇")
    amount_fen: Public[int] = Field(0, description="Secured · 争取金额 (fen)")
    source: Public[str | None] = Field(None, description="Source kind · 资金来源类别")
    agreement_digest: Public[str | None] = Field(None, description="Agreement · 协议 SHA-256")
    is_retracted: Public[bool] = Field(False, description="Retracted · 已撤销")


class FundOut(OutModel):
    """A fund (资金) and every disbursement from it."""

    code: Public[str] = Field(description="Fund code · 资金编号")
    name: Public[str | None] = Field(None, description="Fund name · 资金名称")
    source: Public[str | None] = Field(None, description="Source · 资金来源")
    programme: Public[str | None] = Field(None, description="Programme · 项目类别")
    allocated_on: Public[dt.date | None] = Field(None, description="Allocated · 下达日期")
    allocated_fen: Public[int] = Field(0, description="Allocated · 下达 (fen)")
    allocated_yuan: Public[str] = Field("0.00", description="Allocated · 下达 (yuan)")
    disbursed_fen: Public[int] = Field(0, description="Disbursed · 已拨付 (fen)")
    disbursed_yuan: Public[str] = Field("0.00", description="Disbursed · 已拨付 (yuan)")
    retracted_fen: Public[int] = Field(0, description="Retracted · 撤销 (fen)")
    retracted_yuan: Public[str] = Field("0.00", description="Retracted · 撤销 (yuan)")
    balance_fen: Public[int] = Field(0, description="Balance · 结余 (fen)")
    balance_yuan: Public[str] = Field("0.00", description="Balance · 结余 (yuan)")
    to_projects_fen: Public[int] = Field(0, description="To projects · 拨付项目 (fen)")
    to_projects_yuan: Public[str] = Field("0.00", description="To projects · 拨付项目 (yuan)")
    to_households_fen: Public[int] = Field(0, description="To households · 拨付到户 (fen)")
    to_households_yuan: Public[str] = Field("0.00", description="To households (yuan)")
    secured_fen: Public[int] = Field(0, description="Secured by 一争取 · 争取资金 (fen)")
    secured_source: Public[str | None] = Field(None, description="一争取 source · 争取来源")
    secured_by: Public[str | None] = Field(None, description="Secured by · 争取人")
    secured: Public[list[SecuredOut]] = Field(default_factory=list, description="一争取")
    disbursements: Public[list[DisbursementOut]] = Field(default_factory=list)
    refusals: Public[list[FundRefusalOut]] = Field(
        default_factory=list, description="Refused commands on the fund · 拒绝记录")
