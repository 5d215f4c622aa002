"""Obligations, violations and the chain of responsibility (可问责)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class EventLinkOut(OutModel):
    """An event an obligation was judged on (its log position has an inclusion proof)."""

    ref: Public[str] = Field(description="Event reference · 事件引用")
    position: Public[int] = Field(description="Log position · 日志位置 (/v1/integrity/inclusion)")
    recorded_at: Public[str] = Field(description="When recorded (UTC) · 记录时间")
    is_late: Public[bool] = Field(False, description="Recorded late · 补记")
    note: Public[str] = Field("", description="retracted / partial … · 备注")


class ObligationOut(OutModel):
    """One obligation (履职义务): a duty, a window, an owner, and how it was judged."""

    obligation_id: Public[str] = Field(description="Obligation id · 义务编号")
    duty: Public[str] = Field(description="Duty code of the regulation · 职责")
    edition: Public[int] = Field(description="Regulation edition in force · 考核办法版次")
    step: Public[int] = Field(description="0, or the escalation step · 问责层级")
    root_id: Public[str] = Field(description="The violation a step follows · 原违规")
    owner: Public[str] = Field(description="Who owes it (cadre codes) · 责任人")
    owner_role: Public[str] = Field(description="Level · 层级")
    subject_kind: Public[str] = Field(description="Subject kind · 对象类型")
    subject_code: Public[str] = Field(description="Subject · 对象")
    village_code: Public[str] = Field(description="Village · 村")
    township_code: Public[str] = Field(description="Township · 乡镇")
    period: Public[str] = Field(description="Window label, e.g. 2024-W03 · 周期")
    window_start: Public[dt.date] = Field(description="First day (Asia/Shanghai) · 起")
    window_end: Public[dt.date] = Field(description="Last day (Asia/Shanghai) · 止")
    due_at: Public[str] = Field(description="When it closes (UTC) · 截止")
    status: Public[str] = Field(description="open / met / met_late / missed / excused · 状态")
    is_violation: Public[bool] = Field(description="A violation · 违规")
    met_ref: Public[str] = Field(description="Event that met, excused or answered it · 依据事件")
    met_position: Public[int] = Field(description="Its log position · 日志位置")
    events: Public[list[EventLinkOut]] = Field(description="Events considered · 所依据事件")
    reason: str | None = Field(None, description="Why judged so (may quote an excusal's reason)")


class ViolationOut(ObligationOut):
    """A violation (违规) with its escalation chain (逐级问责)."""

    chain: Public[list[ObligationOut]] = Field(description="Follow-ups, in step order · 问责链")


class LevelOut(OutModel):
    """Who held one level of responsibility that day."""

    level: Public[str] = Field(description="Level · 层级")
    unit: Public[str] = Field(description="Unit · 单位")
    cadres: Public[list[str]] = Field(description="Cadre codes · 干部")


class AccountabilityOut(OutModel):
    """The chain of responsibility for a household or village on a day (问责链)."""

    kind: Public[str] = Field(description="household or village")
    code: Public[str] = Field(description="Code · 编号")
    on: Public[dt.date] = Field(description="The day asked about · 日期")
    known_at: Public[str] = Field(description="Judged as the ledger knew it at (UTC) · 已知时点")
    levels: Public[list[LevelOut]] = Field(description="Responsible per level · 各级责任人")
    obligations: Public[list[ObligationOut]] = Field(description="Held that day · 当日义务")
    violations: Public[list[ViolationOut]] = Field(description="Up to that day · 违规及问责")
