"""The service itself: health, projection lag (投影延迟) and the access log (查阅记录)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from api.masking import Public
from api.schemas.common import OutModel


class LiveOut(OutModel):
    """The process answers (存活); says nothing of the databases."""

    status: Public[str] = Field(description="alive · 存活")


class HealthOut(OutModel):
    """Liveness and readiness (健康检查)."""

    status: Public[str] = Field(description="ok / degraded · 状态")
    views_database: Public[bool] = Field(description="The views' database answers")
    event_store: Public[bool] = Field(description="The event store answers")


class LagOut(OutModel):
    """How far one view is behind the log (投影延迟)."""

    view: Public[str] = Field(description="View name · 视图")
    generation: Public[int | None] = Field(None, description="Live generation · 代")
    position: Public[int] = Field(description="Applied up to · 已应用位置")
    head: Public[int] = Field(description="Log head · 日志末端")
    events_behind: Public[int] = Field(description="Events not applied · 落后事件数")
    seconds_behind: Public[int] = Field(description="Recorded time behind (s) · 落后秒数")
    last_recorded_at: Public[dt.datetime | None] = None
    head_recorded_at: Public[dt.datetime | None] = None
    error: Public[str | None] = Field(None, description="Why it stopped, if it did · 失败原因")


class LagReportOut(OutModel):
    """Every view's lag; ``built`` is false before the first ``ledger project``."""

    built: Public[bool] = Field(description="Views built at least once · 已构建")
    views: Public[list[LagOut]] = Field(default_factory=list)


class AccessEntryOut(OutModel):
    """One read of personal detail (查阅记录): who, what, when, why."""

    id: int | None = Field(None, description="Entry number · 序号")
    at: dt.datetime | None = Field(None, description="When (UTC) · 时间")
    token_label: str | None = Field(None, description="Whose token · 令牌标签")
    role: str | None = Field(None, description="Role · 角色")
    method: str | None = None
    path: str | None = Field(None, description="Request path and query · 请求")
    subject: str | None = Field(None, description="What was read · 查阅对象")
    reason: str | None = Field(None, description="X-Access-Reason given · 查阅事由")
    is_break_glass: bool | None = Field(None, description="Out of scope · 越权紧急查阅")
