"""Formalism signals (形式主义信号) and the events behind them."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class EvidenceOut(OutModel):
    """One event behind a signal; the note's text is personal."""

    ref: Public[str] = Field(description="Event reference · 事件 (kind/code/version)")
    position: Public[int] = Field(description="Position in the log · 日志序号")
    note: Public[str] = Field(description="Why this event counts · 说明")
    text: str | None = Field(None, description="The note's text (personal) · 记录原文")


class SignalOut(OutModel):
    """A signal: measure against threshold, explained, with its events. It steers sampling
    and inspection; it never scores or sanctions anyone."""

    key: Public[str] = Field(description="Stable key · 编号")
    kind: Public[str] = Field(description="Signal kind · 信号类别")
    label_zh: Public[str] = Field(description="中文名称")
    label_en: Public[str] = Field(description="English label")
    subject_kind: Public[str] = Field(description="cadre or village · 对象类别")
    subject_code: Public[str] = Field(description="Cadre or village code · 对象编号")
    scope: Public[str] = Field("", description="Round, year or day the signal is about · 范围")
    villages: Public[list[str]] = Field(default_factory=list, description="Villages · 涉及村")
    measure: Public[float] = Field(description="What was measured · 测量值")
    threshold: Public[float] = Field(description="Configured threshold · 阈值")
    strength: Public[float] = Field(description="measure / threshold · 强度")
    is_raised: Public[bool] = Field(description="Measure reaches the threshold · 是否触发")
    explanation: Public[str] = Field(description="Explanation · 说明")
    details: Public[dict[str, Any]] = Field(default_factory=dict, description="Figures · 明细")
    evidence: Public[list[EvidenceOut]] = Field(default_factory=list,
                                                description="Events behind it · 依据事件")
