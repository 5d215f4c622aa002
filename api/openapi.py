"""What the OpenAPI document says about the API as a whole: description, tags, problems."""

from __future__ import annotations

from typing import Any

from api.errors import PROBLEM_MEDIA_TYPE
from api.schemas.common import ProblemOut

DESCRIPTION = """\
Read-only HTTP API of the 扶贫痕迹化管理台账 (poverty-alleviation accountability ledger, the
五四五N method). It answers from the projection views (投影视图) and the tamper-evident
integrity log (防篡改日志); it never writes an event, and every method but GET and HEAD
answers 405.

**Roles (角色).** Send `Authorization: Bearer <token>` (tokens come from `ledger token create`).
Without a token you are `public` (公众): aggregates and the fields marked `x-public` only, never
names, ID numbers, phones, health or free-text notes. An `inspector` (巡察组) sees full detail
within its scope (`township:CODE` or `village:CODE`); outside it, only with an
`X-Access-Reason` header (UTF-8 or percent-encoded), recorded as break-glass (紧急查阅). The
`discipline` role (纪委监委) sees everything, including the access log (查阅记录): every read of
personal detail is recorded with who, what, when and why.

**Conventions.** Errors are RFC 9457 problem details (`application/problem+json`) with a stable
`code`. Dates are ISO 8601; money is integer fen (`*_fen`, 分) beside a yuan string (`*_yuan`,
元). Lists are cursor-paged: pass `next_cursor` back as `cursor`, or follow `next`. Detail
resources carry a strong `ETag`; send `If-None-Match` for a 304.
"""

TAGS: list[dict[str, Any]] = [
    {"name": "households", "description": "贫困户 households: list, detail, history, as-of"},
    {"name": "cadres", "description": "干部 cadres and their trail of actions (履职痕迹)"},
    {"name": "areas", "description": "村、乡镇、县 villages, townships and county figures"},
    {"name": "timeline", "description": "审计时间线 every event, in log order"},
    {"name": "funds", "description": "扶贫资金 funds, disbursements and projects"},
    {"name": "accountability",
     "description": "可问责 obligations, violations and their escalation chains"},
    {"name": "inspection", "description": "巡察 rounds, coverage of villages, findings and "
                                          "their deadlines (逾期)"},
    {"name": "signals", "description": "形式主义信号 formalism signals with the events behind "
     "them; they steer sampling and inspection, never scores or sanctions"},
    {"name": "samples", "description": "抽样 spot-check samples anyone can redraw"},
    {"name": "evaluations",
     "description": "考核评价 scores under the regulation, with receipts anyone can recompute"},
    {"name": "integrity", "description": "防篡改日志 checkpoints, proofs, verification"},
    {"name": "service", "description": "运行状态 health, metrics, projection lag"},
    {"name": "access", "description": "查阅记录 the access log (discipline role only)"},
]

_MEANINGS = {
    401: "Unknown, revoked or malformed token · 令牌无效 (code invalid_token)",
    403: "Role or scope refuses this · 无权访问 (code role_forbidden or out_of_scope)",
    404: "No such resource · 未找到 (code not_found)",
    422: "A parameter is invalid; `parameter` names it · 参数无效 (code invalid_parameter)",
    503: "The store or views cannot answer now · 暂不可用 (code unavailable)",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these problem statuses (401 and 422 always)."""
    chosen = sorted({401, 422, *statuses})
    return {status: {"description": _MEANINGS[status], "model": ProblemOut,
                     "content": {PROBLEM_MEDIA_TYPE: {}}} for status in chosen}
