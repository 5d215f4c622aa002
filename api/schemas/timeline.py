"""The audit timeline (审计时间线): every event, in log order, readable and linked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class InclusionOut(OutModel):
    """An RFC 9162 inclusion proof (包含证明) of one event's leaf in a tree."""

    position: Public[int] = Field(description="Log position (notification id) · 日志位置")
    leaf_index: Public[int] = Field(description="Leaf index (0-based) · 叶子序号")
    tree_size: Public[int] = Field(description="Tree size · 树大小")
    leaf_hash: Public[str] = Field(description="Leaf hash (hex) · 叶子哈希")
    root_hash: Public[str] = Field(description="Root at tree_size (hex) · 根哈希")
    proof: Public[list[str]] = Field(description="Audit path, leaf to root (hex) · 审计路径")


class EventOut(OutModel):
    """One event (事件) with its envelope: who, how, when, and what it says."""

    position: Public[int] = Field(description="Log position · 日志位置")
    ref: Public[str] = Field(description="kind/code/version · 事件引用")
    aggregate_kind: Public[str] = Field(description="Aggregate kind · 聚合类型")
    aggregate_code: Public[str] = Field(description="Aggregate code · 聚合编号")
    version: Public[int] = Field(description="Version in its aggregate · 版本")
    event_type: Public[str] = Field(description="Event type · 事件类型")
    label_zh: Public[str | None] = Field(None, description="中文名称")
    label_en: Public[str | None] = Field(None, description="English label")
    business_time: Public[str | None] = Field(None, description="When it happened · 业务时间")
    recorded_at: Public[dt.datetime] = Field(description="When recorded · 记录时间")
    lag_seconds: Public[int] = Field(0, description="Recording lag (s) · 记录滞后")
    is_late: Public[bool] = Field(False, description="Recorded late · 补记")
    late_reason: str | None = Field(None, description="Why late · 补记原因 (free text)")
    actor_id: Public[str | None] = Field(None, description="Who recorded · 记录人")
    actor_role: Public[str | None] = Field(None, description="Actor's role · 记录人角色")
    channel: Public[str | None] = Field(None, description="Channel · 渠道")
    evidence: list[str] = Field(default_factory=list, description="Evidence digests · 佐证")
    subject_kind: Public[str | None] = Field(None, description="Subject kind · 对象类型")
    subject_code: Public[str | None] = Field(None, description="Subject code · 对象编号")
    household_code: Public[str | None] = Field(None, description="Household · 户")
    cadre_code: Public[str | None] = Field(None, description="Cadre · 干部")
    village_code: Public[str | None] = Field(None, description="Village · 村")
    fund_code: Public[str | None] = Field(None, description="Fund · 资金")
    summary: str | None = Field(None, description="Summary (free text)")
    fields: dict[str, Any] | None = Field(None, description="Event fields · 事件字段")
    personal: dict[str, Any] | None = Field(None, description="Personal fields · 个人信息")
    corrects_ref: Public[str | None] = Field(None, description="Corrects/retracts · 更正对象")
    correction_kind: Public[str | None] = Field(None, description="correction / retraction")
    corrected_by: Public[list[str]] = Field(default_factory=list, description="Corrected by")
    retracted_by: Public[str | None] = Field(None, description="Retracted by · 被撤销")
    inclusion: Public[InclusionOut | None] = Field(
        None, description="Inclusion proof, when asked (`proofs=true`) · 包含证明")
