"""Readable lines for stored events: 中文 terms with the English in brackets, no Python reprs.

One renderer for every reader of events (``ledger history``, the pages, evidence): money in ¥
yuan, enum values by their Chinese label, members as "1. 张三 (户主, 1965)", times in
Asia/Shanghai (ISO 8601 with the offset). :func:`plain` gives the JSON-ready value of a field
for tools (``ledger history --json``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from ledger.domain.labels import label
from ledger.domain.values import Indicators, Member, Plan
from ledger.domain.vocabulary import (
    CATEGORY,
    CAUSE,
    CHANNEL,
    EXIT_STAGE,
    FINDING_STATUS,
    HEALTH,
    INCOME_SOURCE,
    INDICATOR,
    PROGRAMME,
    ROLE,
    STATUS,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
"""The one time zone every reader sees (北京时间, +08:00)."""
NOT_SHOWN = frozenset({
    "originator_id", "originator_version", "timestamp", "originator_topic", "actor_id",
    "actor_role", "channel", "recorded_at", "evidence", "is_late", "late_reason",
    "occurred_at", "occurred_on",
})
"""Envelope fields: shown by the reader's own columns (who, when, how), not in the details."""

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "act_code": ("督导编号", "act"), "amount_fen": ("金额", "amount"),
    "approved_by": ("审定人", "approved by"), "authorised_by": ("批准人", "authorised by"),
    "budget_fen": ("预算", "budget"), "cadre_code": ("干部", "cadre"),
    "category": ("类别", "category"), "changes": ("更正为", "changes"), "code": ("编号", "code"),
    "confirmed_by": ("签字人", "confirmed by"), "days": ("天数", "days"),
    "deadline_on": ("整改期限", "deadline"), "description": ("说明", "description"),
    "disbursement_code": ("拨付编号", "disbursement"), "edition": ("版次", "edition"),
    "effective_on": ("生效日期", "effective"), "finding_code": ("问题编号", "finding"),
    "fund_code": ("资金", "fund"), "head_name": ("户主", "head"),
    "household_code": ("农户", "household"), "household_codes": ("农户", "households"),
    "indicators": ("两不愁三保障", "indicators"), "is_demo": ("演示数据", "demo"),
    "is_designated_poor": ("贫困村", "designated poor"), "is_donated": ("捐出", "donated"),
    "item": ("事项", "item"), "kind": ("类型", "kind"), "lat": ("纬度", "latitude"),
    "lon": ("经度", "longitude"), "lead_inspector": ("组长", "lead inspector"),
    "member": ("成员", "member"), "member_no": ("成员序号", "member no."),
    "members": ("家庭成员", "members"), "name": ("名称", "name"), "notes": ("记录", "notes"),
    "observed": ("查见", "observed"), "owner_cadre": ("负责干部", "owner"),
    "per_capita_fen": ("人均纯收入", "per-capita income"), "period": ("期间", "period"),
    "phone": ("电话", "phone"), "plan": ("五定计划", "plan"), "points": ("积分", "points"),
    "poverty_cause": ("致贫原因", "poverty cause"),
    "poverty_line_fen": ("贫困线", "poverty line"), "programme": ("帮扶项目", "programme"),
    "project_code": ("项目", "project"), "purpose": ("用途", "purpose"),
    "reason": ("原因", "reason"), "recipient_code": ("收款方", "recipient"),
    "recipient_kind": ("收款方类型", "recipient kind"), "role": ("岗位", "role"),
    "rules": ("考核细则", "rules"), "seed": ("抽样种子", "seed"),
    "seed_commitment": ("种子承诺", "seed commitment"), "source": ("来源", "source"),
    "subject_code": ("对象", "subject"), "subject_kind": ("对象类型", "subject kind"),
    "summary": ("摘要", "summary"), "supermarket": ("爱心超市", "supermarket"),
    "target_type": ("被更正事件", "target type"),
    "target_version": ("被更正版本", "target version"), "text": ("内容", "text"),
    "title": ("称号", "title"), "to_body": ("汇报对象", "reported to"),
    "township_code": ("乡镇", "township"), "township_codes": ("乡镇", "townships"),
    "unit": ("单位", "unit"), "village_code": ("村", "village"), "year": ("年度", "year"),
    "target": ("目标", "target"), "policies": ("政策", "policies"),
    "measures": ("措施", "measures"), "responsible_cadre": ("责任人", "responsible"),
    "goal": ("预期", "goal"), "description_zh": ("说明", "description"),
    "metric": ("指标", "metric"), "relation": ("关系", "relation"),
    "birth_year": ("出生年", "born"), "health": ("健康", "health"),
    "can_work": ("劳动能力", "can work"), "id_number": ("身份证号", "ID number"),
    "status": ("状态", "status"),
    # Terms of the household's projected state (``ledger history --as-of``, the pages).
    "exit_stage": ("退出进度", "exit stage"), "member_count": ("人口", "members"),
    "income_years": ("年度收入", "income by year"), "assistance": ("帮扶措施", "assistance"),
    "points_balance": ("积分余额", "points balance"), "last_visit_at": ("最近走访", "last visit"),
    "visits_last_4_weeks": ("近4周走访", "visits in 4 weeks"),
    "open_findings": ("未销号问题", "open findings"),
    "five_ones_complete": ("五个一齐全", "five ones complete"),
    "cadres": ("帮扶责任人", "cadres"), "assignments": ("帮扶责任人", "assignments"),
    "registered_on": ("登记日期", "registered on"), "plan_adopted_on": ("计划制定", "plan adopted"),
    "wage_fen": ("工资性收入", "wages"), "business_fen": ("经营性收入", "business"),
    "property_fen": ("财产性收入", "property"), "transfer_fen": ("转移性收入", "transfers"),
    "total_fen": ("合计", "total"), "lines": ("笔数", "lines"), "from_date": ("起", "from"),
    "to_date": ("止", "to"), "version": ("版本", "version"), "sex": ("性别", "sex"),
    "since": ("自", "since"), "exited_on": ("脱贫日期", "exited on"),
    **{key: (zh, key.replace("_", " ")) for key, zh in INDICATOR.items()},
    **{key: (zh, key) for key, zh in INCOME_SOURCE.items()},
}
ENUM_LABELS: dict[str, Mapping[str, str]] = {
    "HouseholdCategory": CATEGORY, "PovertyCause": CAUSE, "IncomeSource": INCOME_SOURCE,
    "Programme": PROGRAMME, "Role": ROLE, "Channel": CHANNEL, "Health": HEALTH,
    "HouseholdStatus": STATUS, "FindingStatus": FINDING_STATUS,
}
FIELD_VOCABULARY: dict[str, Mapping[str, str]] = {
    "actor_role": ROLE, "channel": CHANNEL, "role": ROLE, "category": CATEGORY,
    "poverty_cause": CAUSE, "source": INCOME_SOURCE, "programme": PROGRAMME, "health": HEALTH,
    "status": STATUS, "exit_stage": EXIT_STAGE,
}


def describe(event: Any) -> str:
    """One line: ``入户走访 (visited): 干部 (cadre) C-HC-001 · 记录 (notes) …``."""
    zh, en = label(type(event).__name__)
    details = details_text(event)
    return f"{zh} ({en}): {details}" if details else f"{zh} ({en})"


def details_text(event: Any) -> str:
    """The event's own fields as ``中文 (English) value`` parts, joined by `` · ``."""
    return " · ".join(f"{zh} ({en}) {value}" for zh, en, value in details(event))


def details(event: Any) -> list[tuple[str, str, str]]:
    """(中文, English, readable value) of each field that is not part of the envelope."""
    return [(*field_label(name), readable(value, name))
            for name, value in vars(event).items()
            if name not in NOT_SHOWN and not _is_empty(value)]


def field_label(name: str) -> tuple[str, str]:
    """(中文, English) for a field name; the name itself (underscores as spaces) when unknown."""
    return FIELD_LABELS.get(name, (name.replace("_", " "), name.replace("_", " ")))


def readable(value: Any, name: str = "") -> str:
    """A value as a person reads it (``name`` picks money, vocabulary and labels)."""
    for kind, render in _RENDERERS:
        if isinstance(value, kind):
            return render(value, name)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record(value, name)
    return str(value)


def when(value: date | datetime | None) -> str:
    """A date as ``YYYY-MM-DD``; an instant in Asia/Shanghai, ISO 8601 with the offset."""
    if isinstance(value, datetime):
        return shanghai(value)
    return value.isoformat() if isinstance(value, date) else "—"


def shanghai(value: datetime) -> str:
    """``2018-01-10T10:58:00+08:00``: the instant in Asia/Shanghai (naive means UTC)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(SHANGHAI).isoformat(timespec="seconds")


def yuan(fen: int) -> str:
    """Integer fen as ``¥1,234.50``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def plain(value: Any) -> Any:  # noqa: PLR0911 - one case per JSON type, top to bottom
    """The JSON-ready form of a field value: enums by value, times in Asia/Shanghai."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return shanghai(value)
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def member_line(member: Member) -> str:
    """``1. 张三 (户主, 1965)``, with health when not healthy and 无劳动能力 when so."""
    facts = [member.relation or "—"]
    if member.birth_year is not None:
        facts.append(str(member.birth_year))
    if str(member.health) != "healthy":
        facts.append(_vocabulary_label(HEALTH, str(member.health)))
    if not member.can_work:
        facts.append("无劳动能力")
    return f"{member.member_no}. {member.name} ({', '.join(facts)})"


def _enum(value: Enum, name: str) -> str:
    table = ENUM_LABELS.get(type(value).__name__) or FIELD_VOCABULARY.get(name, {})
    return _vocabulary_label(table, str(value.value))


def _text(value: str, name: str) -> str:
    table = FIELD_VOCABULARY.get(name)
    return _vocabulary_label(table, value) if table and value in table else value


def _vocabulary_label(table: Mapping[str, str], value: str) -> str:
    zh = table.get(value)
    return f"{zh} ({value})" if zh and zh != value else value


def _integer(value: int, name: str) -> str:
    return yuan(value) if name.endswith("_fen") else str(value)


def _boolean(value: bool, _name: str) -> str:
    return "是" if value else "否"


def _indicators(value: Indicators, _name: str) -> str:
    return ", ".join(f"{INDICATOR.get(k, k)} {'✓' if met else '✗'}"
                     for k, met in vars(value).items())


def _record(value: Any, _name: str) -> str:
    parts = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
    return "; ".join(f"{field_label(k)[0]} {readable(v, k)}" for k, v in parts
                     if not _is_empty(v))


def _sequence(value: list[Any] | tuple[Any, ...], name: str) -> str:
    if value and all(isinstance(v, Member) for v in value):
        return "; ".join(member_line(v) for v in value)
    if value and all(isinstance(v, str) for v in value):
        return "、".join(value)
    return "; ".join(readable(v, name) for v in value)


def _mapping(value: Mapping[Any, Any], _name: str) -> str:
    return ", ".join(f"{field_label(str(k))[0]} {readable(v, str(k))}" for k, v in value.items())


def _member(value: Member, _name: str) -> str:
    return member_line(value)


def _moment(value: date, _name: str) -> str:
    return when(value)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, tuple, dict)) and not value)


_RENDERERS: list[tuple[type | tuple[type, ...], Callable[[Any, str], str]]] = [
    (bool, _boolean),
    (Enum, _enum),
    (str, _text),
    (int, _integer),
    ((date, datetime), _moment),
    (Member, _member),
    (Indicators, _indicators),
    (Plan, _record),
    ((list, tuple), _sequence),
    (Mapping, _mapping),
]

