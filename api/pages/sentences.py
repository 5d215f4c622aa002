"""One readable Chinese sentence per event type (事件叙述), for the replay and the trail pages.

The pages used to show an event's body as ``field=value`` text in English; an inspector reads
"包户干部 李明 入户走访（了解务工情况）" instead. The sentences are a table keyed by the
aggregate's kind and the event's class name (``("household", "Visited")``); events every
aggregate shares (更正, 撤销, 责任人指定/解除) have one entry under ``"*"``. A test checks
that every event class of the catalogue has an entry, so a new event type cannot reach a page
as raw fields.

A sentence reads a timeline row (``view_timeline_event``, JSON columns parsed): its public
``fields``, its ``personal`` fields, the actor and the aggregate. Personal fields (names,
notes, diary text) appear only when the reader may see personal detail; otherwise names are
masked as everywhere on the pages (金**) and notes are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from api.pages.formatting import yuan
from api.pages.vocabulary import zh
from ledger.domain.labels import label

SHARED = "*"
"""The kind under which events that every aggregate records are described."""

FIELD_LABELS: Mapping[str, str] = {
    "amount_fen": "金额", "source": "类别", "item": "项目", "period": "所属年度",
    "programme": "项目类别", "description": "内容", "fund_code": "资金", "notes": "备注",
    "text": "日记内容", "reason": "原因", "title": "名称", "name": "名称", "unit": "单位",
    "role": "职务", "phone": "电话", "category": "属性", "poverty_cause": "致贫原因",
    "head_name": "户主", "members": "家庭成员", "indicators": "两不愁三保障", "plan": "五定计划",
    "points": "积分", "supermarket": "爱心超市", "summary": "情况", "deadline_on": "整改期限",
    "observed": "核查结果", "budget_fen": "预算", "purpose": "用途", "days": "公示天数",
    "per_capita_fen": "人均纯收入", "poverty_line_fen": "贫困线", "year": "年度",
    "is_donated": "捐赠", "occurred_on": "发生日期", "occurred_at": "发生时间",
    "member_no": "成员序号", "village_code": "行政村", "township_code": "乡镇",
    "cadre_code": "干部", "owner_cadre": "整改责任人", "approved_by": "审批人",
    "is_in_person": "入户", "project_code": "项目", "rules": "考核细则",
    "effective_on": "施行日期", "edition": "版次", "kind": "类别",
}
"""Chinese names of the fields a correction may change (the key itself when not listed)."""


@dataclass(frozen=True)
class Facts:
    """What a sentence may use: one timeline row, cadre names, and the reader's visibility."""

    row: Mapping[str, Any]
    names: Mapping[str, str]
    visible: bool

    @property
    def fields(self) -> Mapping[str, Any]:
        """The event's public fields."""
        found: Mapping[str, Any] = self.row.get("fields") or {}
        return found

    def get(self, key: str, default: Any = None) -> Any:
        """A public field, or a personal one when the reader may see it."""
        if key in self.fields:
            return self.fields[key]
        personal: Mapping[str, Any] = self.row.get("personal") or {}
        return personal.get(key, default) if self.visible else default

    def text(self, key: str) -> str:
        """A field as text ('' when missing or hidden)."""
        value = self.get(key)
        return "" if value in (None, "", [], {}) else str(value)

    def cadre(self, code: Any) -> str:
        """A cadre by name when known (masked for the public), else by code."""
        if not code:
            return "—"
        name = self.names.get(str(code))
        if not name:
            return str(code)
        return name if self.visible else name[0] + "*" * max(2, len(name) - 1)

    def person(self, key: str) -> str:
        """A personal name field: whole for readers who may see it, masked otherwise."""
        personal: Mapping[str, Any] = self.row.get("personal") or {}
        name = str(personal.get(key) or "")
        if not name:
            return ""
        return name if self.visible else name[0] + "*" * max(2, len(name) - 1)

    def actor(self) -> str:
        """Who recorded the event: role and name (``包户干部 李明``)."""
        actor = self.row.get("actor_id")
        role = self.row.get("actor_role")
        shown = zh("role", role) if role and role not in ("operator", "system") else ""
        return " ".join(p for p in (shown, self.cadre(actor) if actor else "") if p)


Sentence = Callable[[Facts], str]


def _bracket(*parts: str) -> str:
    found = [p for p in parts if p]
    return f"（{'，'.join(found)}）" if found else ""


def _doer(f: Facts) -> str:
    """The cadre who did the work: the event's cadre, with the actor's role when it is them."""
    code = f.get("cadre_code")
    if code and code == f.row.get("actor_id") and f.row.get("actor_role"):
        return f"{zh('role', f.row['actor_role'])} {f.cadre(code)}"
    return f"干部 {f.cadre(code)}" if code else f.actor() or "干部"


def _visit(f: Facts) -> str:
    notes = f.text("notes").removeprefix("入户走访：").removeprefix("入户走访")
    return f"{_doer(f)} 入户走访{_bracket(notes)}"


def _phone(f: Facts) -> str:
    return f"{_doer(f)} 电话联系农户{_bracket(f.text('notes'))}"


def _diary(f: Facts) -> str:
    text = f.text("text")
    return f"{_doer(f)} 记扶贫日记" + (f"：{text}" if text else "")


def _value(key: str, value: Any) -> str:
    """One changed value, readable: money in yuan, lists joined, records as their parts."""
    if key.endswith("_fen") and isinstance(value, int):
        return yuan(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        if "name" in value and "relation" in value:
            return f"{value['name']}（{value['relation']}）"
        return "，".join(f"{FIELD_LABELS.get(k, k)} {_value(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_value(key, v) for v in value)
    return "—" if value is None else str(value)


def _target(f: Facts) -> str:
    kind = f.text("target_type")
    version = f.text("target_version")
    return f"第 {version} 条记录（{label(kind)[0]}）" if kind else f"第 {version} 条记录"


def _corrected(f: Facts) -> str:
    changes: dict[str, Any] = {**(f.get("changes") or {})}
    if f.visible:
        changes.update((f.row.get("personal") or {}).get("changes") or {})
    said = "，".join(f"{FIELD_LABELS.get(k, k)}改为 {_value(k, v)}" for k, v in changes.items())
    return (f"经 {f.cadre(f.get('authorised_by'))} 授权，更正{_target(f)}"
            + (f"：{said}" if said else "") + f"；原因：{f.text('reason') or '—'}")


def _retracted(f: Facts) -> str:
    return (f"经 {f.cadre(f.get('authorised_by'))} 授权，撤销{_target(f)}"
            f"；原因：{f.text('reason') or '—'}")


def _assigned(f: Facts) -> str:
    duty = {"household": "包扶本户", "village": "包保本村", "township": "包保本乡镇"}
    what = duty.get(str(f.row.get("aggregate_kind")), "到岗")
    return f"指定{zh('role', f.get('role'))} {f.cadre(f.get('cadre_code'))} {what}"


def _unassigned(f: Facts) -> str:
    reason = f.text("reason")
    return f"{f.cadre(f.get('cadre_code'))} 不再负责" + (f"；原因：{reason}" if reason else "")


def _household_registered(f: Facts) -> str:
    members = f.get("members")
    size = f"{len(members)} 口人" if isinstance(members, list) else ""
    head = f.person("head_name")
    return ("建档立卡：" + "，".join(p for p in (
        f"户主 {head}" if head else "", size, zh("category", f.get("category")),
        f"致贫原因 {zh('cause', f.get('poverty_cause'))}") if p))


def _member_added(f: Facts) -> str:
    member = f.get("member")
    who = _value("member", member) if isinstance(member, dict) else ""
    return f"新增家庭成员 {who}".rstrip() + f"；原因：{f.text('reason') or '—'}"


def _member_removed(f: Facts) -> str:
    return f"减少家庭成员（第 {f.text('member_no')} 号）；原因：{f.text('reason') or '—'}"


def _indicators(f: Facts) -> str:
    found: dict[str, bool] = f.get("indicators") or {}
    missing = [zh("indicator", k) for k, ok in found.items() if not ok]
    said = f"{sum(found.values())}/{len(found)} 项达标"
    return f"两不愁三保障评估：{said}" + (f"，未达标：{'、'.join(missing)}" if missing else "")


def _plan_text(f: Facts) -> str:
    plan: dict[str, Any] = f.get("plan") or {}
    parts = [f"对象 {plan.get('target') or '—'}",
             f"政策 {'、'.join(plan.get('policies') or []) or '—'}",
             f"措施 {'、'.join(plan.get('measures') or []) or '—'}",
             f"责任人 {f.cadre(plan.get('responsible_cadre'))}",
             f"目标 {plan.get('goal') or '—'}"]
    return "，".join(parts)


def _plan_adopted(f: Facts) -> str:
    return f"制定五定计划：{_plan_text(f)}"


def _plan_revised(f: Facts) -> str:
    return f"调整五定计划：{_plan_text(f)}；原因：{f.text('reason') or '—'}"


def _period(text: str) -> str:
    """``2018`` as 2018 年, ``2018-03`` as 2018 年 3 月, anything else as written."""
    year, _, month = text.partition("-")
    if year.isdigit() and len(year) == 4 and (not month or month.isdigit()):
        return f"{year} 年" + (f" {int(month)} 月" if month else "")
    return text or "—"


def _income(f: Facts) -> str:
    item = f.text("item")
    return (f"记入 {_period(f.text('period'))}{zh('income_source', f.get('source'))} "
            f"{yuan(f.get('amount_fen'))}" + (f"（{item}）" if item else ""))


def _measure(f: Facts) -> str:
    money = [f"资金 {f.text('fund_code')}" if f.get("fund_code") else "",
             f"拨付 {f.text('disbursement_code')}" if f.get("disbursement_code") else ""]
    return (f"落实{zh('programme', f.get('programme'))}措施：{f.text('description') or '—'}，"
            f"{yuan(f.get('amount_fen'))}{_bracket(*money)}")


def _points_earned(f: Facts) -> str:
    donated = "捐赠所得" if f.get("is_donated") else ""
    return f"获得爱心超市积分 {f.text('points')} 分{_bracket(f.text('reason'), donated)}"


def _points_redeemed(f: Facts) -> str:
    shop = f.text("supermarket")
    return (f"在{shop or '爱心超市'}兑换 {f.text('item') or '物品'}，"
            f"使用积分 {f.text('points')} 分")


def _exit_reviewed(f: Facts) -> str:
    return (f"村级民主评议退出：{f.text('year')} 年人均纯收入 {yuan(f.get('per_capita_fen'))}，"
            f"贫困线 {yuan(f.get('poverty_line_fen'))}")


def _exit_objection(f: Facts) -> str:
    said = f.text("summary")
    return "公示期间收到异议，退出程序退回" + (f"：{said}" if said else "")


def _exit_confirmed(f: Facts) -> str:
    who = f.person("confirmed_by")
    return "农户签字确认退出" + (f"（{who}）" if who else "")


def _monitoring(f: Facts) -> str:
    return f"纳入防返贫监测（{f.text('category') or '—'}）：{f.text('reason') or '—'}"


def _appointed(f: Facts) -> str:
    who = f.person("name")
    return f"任命{zh('role', f.get('role'))}{' ' + who if who else ''}，单位 {f.text('unit')}"


def _supervision(f: Facts) -> str:
    name = str(f.row.get("event_type", ""))
    subject = f"{_subject(f.text('subject_kind'))} {f.text('subject_code')}"
    said = f.text("summary")
    parts = "；".join(part for part in (_act_part(f, key, title) for key, title in ACT_PARTS)
                     if part)
    return (f"{f.actor() or '干部'} {label(name)[0]}：{subject}"
            + (f"，{said}" if said else "") + (f"（{parts}）" if parts else "")
            + f"（编号 {f.text('act_code')}）")


ACT_PARTS = (("villages", "调研村"), ("households", "调研户"), ("inspected", "督查内容"),
             ("findings", "发现问题"), ("reporters", "听取汇报"),
             ("party_secretary", "汇报县委书记"), ("county_head", "汇报县长"),
             ("parts", "了解与协调"), ("source", "来源"), ("talked_to", "约谈对象"),
             ("basis", "依据"), ("outcome", "结果"), ("praised", "表扬"), ("criticised", "批评"))
"""The parts of a structured act a sentence names (四个一, 三了解两协调, 一争取, 约谈, 通报)."""


def _act_part(f: Facts, key: str, title: str) -> str:
    value = f.get(key)
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, list):
        value = "、".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
    return f"{title} {value}"


def _subject(kind: str) -> str:
    return {"household": "农户", "village": "村", "township": "乡镇", "cadre": "干部",
            "county": "县", "fund": "资金", "project": "项目"}.get(kind, kind)


def _allocated(f: Facts) -> str:
    return (f"下达资金「{f.text('name')}」{yuan(f.get('amount_fen'))}（来源 {f.text('source')}，"
            f"{zh('programme', f.get('programme'))}）")


def _disbursed(f: Facts) -> str:
    recipient = f"{_subject(f.text('recipient_kind'))} {f.text('recipient_code')}"
    return (f"经 {f.cadre(f.get('approved_by'))} 审批，拨付 {yuan(f.get('amount_fen'))} 至"
            f"{recipient}（{zh('programme', f.get('programme'))}，{f.text('purpose') or '—'}，"
            f"拨付单 {f.text('disbursement_code')}）")


def _project_registered(f: Facts) -> str:
    where = f.text("village_code") or f.text("township_code")
    return (f"立项「{f.text('name')}」（{zh('programme', f.get('kind'))}，{where}），"
            f"预算 {yuan(f.get('budget_fen'))}")


def _finding_raised(f: Facts) -> str:
    said = f.text("description")
    return (f"发现问题 {f.text('finding_code')}：{_subject(f.text('subject_kind'))} "
            f"{f.text('subject_code')}" + (f"，{said}" if said else "")
            + f"；整改责任人 {f.cadre(f.get('owner_cadre'))}，期限 {f.text('deadline_on')}")


def _finding_step(verb: str) -> Sentence:
    def sentence(f: Facts) -> str:
        said = f.text("summary")
        return f"问题 {f.text('finding_code')} {verb}" + (f"：{said}" if said else "")
    return sentence


def _spot_check(f: Facts) -> str:
    observed: dict[str, Any] = f.get("observed") or {}
    said = "，".join(f"{k} {v}" for k, v in observed.items())
    notes = f.text("notes")
    return (f"实地抽查农户 {f.text('household_code')}" + (f"：{said}" if said else "")
            + (f"（{notes}）" if notes else ""))


def _opened(f: Facts) -> str:
    places = "、".join(f.get("township_codes") or []) or "—"
    return (f"巡察「{f.text('name')}」开始，组长 {f.cadre(f.get('lead_inspector'))}，"
            f"覆盖乡镇 {places}")


def _sample_drawn(f: Facts) -> str:
    codes: list[str] = f.get("household_codes") or []
    return f"公开种子抽样 {len(codes)} 户：{'、'.join(codes) or '—'}"


def _published(f: Facts) -> str:
    rules = f.get("rules") or []
    return (f"发布考核办法「{f.text('title')}」第 {f.text('edition')} 版，"
            f"{f.text('effective_on')} 起施行，{len(rules)} 条细则")


def _revised(f: Facts) -> str:
    rules = f.get("rules") or []
    return (f"修订考核办法至第 {f.text('edition')} 版，{f.text('effective_on')} 起施行，"
            f"{len(rules)} 条细则；原因：{f.text('reason') or '—'}")


def _excused(f: Facts) -> str:
    return (f"免除履职义务 {f.text('obligation_id')}（{f.text('occurred_on')}），"
            f"批准 {f.cadre(f.get('authorised_by'))}；原因：{f.text('reason') or '—'}")


def _monitoring_ended(f: Facts) -> str:
    return (f"风险消除，结束防返贫监测（{f.text('year')} 年人均 {yuan(f.get('per_capita_fen'))}）；"
            f"原因：{f.text('reason') or '—'}")


def _pairing_started(f: Facts) -> str:
    unit, member = f.text("member_unit") or "—", f.person("member_name") or "—"
    return f"结亲交友开始：党员 {member}（{unit}），结对 {f.text('pairing_code')}"


def _pairing_contacted(f: Facts) -> str:
    how = "走访" if f.get("is_in_person") else "联系"
    helped = f"：{f.text('help_given')}" if f.text("help_given") else ""
    return f"结亲交友{how}（结对 {f.text('pairing_code')}）{helped}"


def _pairing_ended(f: Facts) -> str:
    how = "中断" if f.get("is_lapsed") else "结束"
    return f"结亲交友{how}（结对 {f.text('pairing_code')}）；原因：{f.text('reason') or '—'}"


def _activity_held(f: Facts) -> str:
    return (f"举办活动「{f.text('title')}」（{f.text('kind')}，{f.text('place') or '—'}），"
            f"{len(f.get('households') or [])} 户参加，每户积分 {f.text('points_each') or 0}")


def _with(template: str, *keys: str) -> Sentence:
    """A sentence that fills ``template`` with some fields as text."""
    return lambda f: template.format(*(f.text(k) or "—" for k in keys))


SUPERVISION = ("ResearchVisitMade", "InspectionMade", "ReportHeard", "ReportSubmitted",
               "QuarterlyReviewMade", "FundsSecured", "VisitsChecked", "ResidentCadreAssessed",
               "TalkHeld", "BulletinIssued")

SENTENCES: Mapping[tuple[str, str], Sentence] = {
    (SHARED, "Corrected"): _corrected,
    (SHARED, "Retracted"): _retracted,
    (SHARED, "CadreAssigned"): _assigned,
    (SHARED, "CadreUnassigned"): _unassigned,
    ("county", "Registered"): lambda f: f"设立县「{f.text('name')}」"
    + ("（演示数据）" if f.get("is_demo") else ""),
    ("township", "Registered"): _with("设立乡镇「{}」", "name"),
    ("village", "Registered"): lambda f: f"设立行政村「{f.text('name')}」（乡镇 "
    f"{f.text('township_code')}）" + ("，列为贫困村" if f.get("is_designated_poor") else ""),
    ("cadre", "Appointed"): _appointed,
    ("cadre", "PostChanged"): lambda f: f"调任{zh('role', f.get('role'))}，单位 {f.text('unit')}",
    ("cadre", "Dismissed"): _with("离岗；原因：{}", "reason"),
    **{("cadre", name): _supervision for name in SUPERVISION},
    ("cadre", "DutyExcused"): _excused,
    ("household", "Registered"): _household_registered,
    ("household", "MemberAdded"): _member_added,
    ("household", "MemberRemoved"): _member_removed,
    ("household", "IndicatorsAssessed"): _indicators,
    ("household", "PlanAdopted"): _plan_adopted,
    ("household", "PlanRevised"): _plan_revised,
    ("household", "Visited"): _visit,
    ("household", "PhoneContacted"): _phone,
    ("household", "DiaryEntryRecorded"): _diary,
    ("household", "IncomeRecorded"): _income,
    ("household", "IncomeProjectJoined"): _with("参加增收项目 {}", "project_code"),
    ("household", "MeasureDelivered"): _measure,
    ("household", "PointsEarned"): _points_earned,
    ("household", "PointsRedeemed"): _points_redeemed,
    ("household", "ExitReviewed"): _exit_reviewed,
    ("household", "ExitNoticePosted"): _with("张榜公示拟退出，公示 {} 天", "days"),
    ("household", "ExitObjectionRaised"): _exit_objection,
    ("household", "ExitConfirmed"): _exit_confirmed,
    ("household", "Exited"): lambda f: f"县级审定脱贫退出（审批 {f.cadre(f.get('approved_by'))}）",
    ("household", "ReturnedToPoverty"): _with("返贫；原因：{}", "reason"),
    ("household", "MonitoringStarted"): _monitoring,
    ("household", "HonourAwarded"): _with("获评「{}」", "title"),
    ("fund", "Allocated"): _allocated,
    ("fund", "AllocationIncreased"): lambda f: f"追加资金 {yuan(f.get('amount_fen'))}；"
    f"原因：{f.text('reason') or '—'}",
    ("fund", "Disbursed"): _disbursed,
    ("project", "Registered"): _project_registered,
    ("project", "FundsReceived"): lambda f: f"项目到账 {yuan(f.get('amount_fen'))}（资金 "
    f"{f.text('fund_code')}，拨付单 {f.text('disbursement_code')}）",
    ("project", "ParticipantJoined"): _with("农户 {} 参与项目", "household_code"),
    ("project", "Completed"): lambda f: "项目完工" + (f"：{f.text('summary')}"
                                                    if f.text("summary") else ""),
    ("round", "Opened"): _opened,
    ("round", "SampleCommitted"): lambda f: "抽样种子承诺（先公布种子的哈希，抽样后公开种子）："
    f"{f.text('seed_commitment')[:16]}…",
    ("round", "SampleDrawn"): _sample_drawn,
    ("round", "SpotCheckRecorded"): _spot_check,
    ("round", "FindingRaised"): _finding_raised,
    ("round", "RectificationReported"): _finding_step("报告整改"),
    ("round", "FindingClosed"): _finding_step("整改到位，销号"),
    ("round", "CaseLeadTransferred"): lambda f: f"问题 {f.text('finding_code')} 线索移交 "
    f"{f.text('to_body')}" + (f"：{f.text('summary')}" if f.text("summary") else ""),
    ("round", "Closed"): lambda f: "本轮巡察结束",
    ("regulation", "Published"): _published,
    ("regulation", "Revised"): _revised,
    ("household", "MonitoringEnded"): _monitoring_ended,
    ("household", "PairingStarted"): _pairing_started,
    ("household", "PairingContacted"): _pairing_contacted,
    ("household", "PairingEnded"): _pairing_ended,
    ("household", "ActivityAttended"): lambda f: f"参加活动 {f.text('activity_code')}，"
    f"获爱心超市积分 {f.text('points') or 0}",
    ("activity", "Held"): _activity_held,
    ("evaluation", "ScoresPublished"): lambda f: f"公布考核结果：{f.text('period')} "
    f"{f.text('level')}，考核办法 {f.text('regulation_code')} 第 {f.text('edition')} 版，"
    f"读至第 {f.text('tree_size')} 条记录（回执 SHA-256 {f.text('receipt_sha256')[:16]}…）",
    ("refusal", "CommandRefused"): lambda f: f"拒绝执行命令 {f.text('command_name')}"
    f"（{f.text('subject_kind') or '—'} {f.text('subject_code') or '—'}）：违反 "
    f"{f.text('rule')}；{f.text('reason') or '—'}；未产生任何效果",
}
"""The sentence of each event type, by (aggregate kind, event class name)."""


def sentence_for(kind: str, event_type: str) -> Sentence | None:
    """The sentence of an event type (its aggregate's own, else the shared one)."""
    return SENTENCES.get((kind, event_type)) or SENTENCES.get((SHARED, event_type))


def describe(row: Mapping[str, Any], names: Mapping[str, str], *, visible: bool = True) -> str:
    """The readable sentence of one timeline row (its Chinese label when the type is unknown)."""
    found = sentence_for(str(row.get("aggregate_kind")), str(row.get("event_type")))
    if found is None:
        return str(row.get("label_zh") or row.get("event_type") or "—")
    return found(Facts(row, names, visible))
