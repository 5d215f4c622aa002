"""Cadres (干部) and their trail of actions (履职痕迹)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class PostOut(OutModel):
    """A post the cadre held (任职)."""

    role: Public[str] = Field(description="Role · 角色")
    unit: Public[str] = Field(description="Unit (village, township or county) · 单位")
    from_date: Public[dt.date | None] = Field(None, description="From · 起始时间")
    to_date: Public[dt.date | None] = Field(None, description="Until · 终止时间")


class CadreOut(OutModel):
    """A cadre's record (干部档案): posts, action counts and how late they record."""

    code: Public[str] = Field(description="Cadre code · 干部编号")
    name: str | None = Field(None, description="Name · 姓名 (personal)")
    phone: str | None = Field(None, description="Phone · 电话 (personal)")
    role: Public[str | None] = Field(None, description="Role · 角色")
    unit: Public[str | None] = Field(None, description="Unit · 单位")
    appointed_on: Public[dt.date | None] = Field(None, description="Appointed · 任命日期")
    dismissed_on: Public[dt.date | None] = Field(None, description="Dismissed · 免职日期")
    posts: Public[list[PostOut]] = Field(default_factory=list, description="Posts · 任职")
    actions: Public[int] = Field(0, description="Actions recorded · 履职记录数")
    late_actions: Public[int] = Field(0, description="Recorded late · 补记数")
    retracted_actions: Public[int] = Field(0, description="Retracted · 撤销数")
    lag_seconds_total: Public[int] = Field(0, description="Total recording lag (s) · 累计滞后")
    last_action_at: Public[dt.datetime | None] = Field(None, description="Last action · 最近履职")


class CadreActionOut(OutModel):
    """One action of a cadre (履职记录): a visit, call, diary entry, plan, approval ..."""

    position: Public[int] = Field(description="Log position · 日志位置")
    action: Public[str] = Field(description="visit / phone / diary / plan / ... · 行为")
    event_type: Public[str] = Field(description="Event type · 事件类型")
    label_zh: Public[str | None] = Field(None, description="中文名称")
    ref: Public[str] = Field(description="Event reference · 事件引用")
    subject_kind: Public[str | None] = Field(None, description="Subject kind · 对象类型")
    subject_code: Public[str | None] = Field(None, description="Subject code · 对象编号")
    business_time: Public[str | None] = Field(None, description="When it happened · 业务时间")
    recorded_at: Public[dt.datetime] = Field(description="When recorded · 记录时间")
    lag_seconds: Public[int] = Field(0, description="Recording lag (s) · 记录滞后")
    is_late: Public[bool] = Field(False, description="Recorded late · 补记")
    late_reason: str | None = Field(None, description="Why late · 补记原因 (free text)")
    actor_id: Public[str | None] = Field(None, description="Who recorded · 记录人")
    summary: str | None = Field(None, description="Summary (free text)")
    parts: dict[str, Any] | None = Field(
        None, description="The act's parts · 四个一、三了解两协调、一争取、约谈、通报 (free text)")
    corrections: Public[int] = Field(0, description="Corrections · 更正数")
    is_retracted: Public[bool] = Field(False, description="Retracted · 已撤销")
