"""Print the county summary in the style of the seed article's figures (中文, English beside)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ledger.demo import anomalies as kinds

PROGRAMMES = {
    "housing": "危房改造", "health": "健康扶贫", "education": "教育扶贫", "employment": "就业扶贫",
    "microcredit": "扶贫小额信贷", "minimum_living_allowance": "低保兜底", "industry": "产业扶贫",
    "solar": "光伏扶贫", "elderly_care": "互助养老",
}
ACTS = {
    "research_visit": "调研", "inspection": "督查", "report_hearing": "听取汇报",
    "report_up": "向县委书记、县长汇报", "quarterly_review": "三了解两协调",
    "funds_secured": "一争取", "visits_checked": "检查包户干部入户",
    "resident_assessed": "考核驻村干部", "formal_talk": "约谈", "bulletin": "通报",
}
ROLES = {
    "household_cadre": ("包户干部", "household cadres"),
    "resident_cadre": ("驻村帮扶干部", "village-resident cadres"),
    "village_leader": ("包村科级领导", "village leaders"),
    "township_lead": ("包保乡镇常委", "township leads"),
    "county_leader": ("县级领导", "county leaders"),
    "inspector": ("巡察组成员", "inspectors"),
}
SIGNALS = (
    (kinds.MISSED_WEEKS, "漏访周次", "household-weeks without a visit"),
    (kinds.LATE_RECORDS, "事后补记", "records flagged late"),
    (kinds.COPIED_DIARY, "日记雷同", "diary entries with copied text"),
    (kinds.BURST_VISITS, "突击入户", "visits in a burst"),
    (kinds.SAME_HOUR, "同时异地", "two distant places within an hour"),
)


def money(fen: int) -> str:
    """An amount as 万元 with the exact yuan beside."""
    return f"{fen / 1_000_000:,.2f}万元 = {fen // 100:,} yuan"


def render_summary(summary: dict[str, Any], console: Console, *, store: str = "",
                   injected: dict[str, int] | None = None) -> None:
    """Print every section of the summary."""
    console.print(_header(summary, store))
    sections = (_overview, _townships, _exits, _traces, _funds, _measures, _supervision,
                _inspections)
    for section in sections:
        console.print(section(summary))
    console.print(_signals(summary, injected or {}))


def _header(s: dict[str, Any], store: str) -> Panel:
    county, meta = s["county"], s["store"]
    badge = Text(" DEMO 演示数据 · simulated clock ", style="bold white on red") \
        if county.get("is_demo") else Text("")
    lines = [Text.assemble((f"{county.get('name', '?')} 脱贫攻坚成效综述", "bold"),
                           "  Changbai County: poverty-alleviation summary  ", badge),
             Text(f"store {store}  ·  {meta['events']:,} events  ·  recorded "
                  f"{(meta['first_recorded_at'] or '')[:10]} → "
                  f"{(meta['last_recorded_at'] or '')[:10]}",
                  style="dim")]
    return Panel(Group(*lines), border_style="red" if county.get("is_demo") else "blue")


def _table(title: str) -> Labelled:
    table = Labelled(title=title, title_justify="left", title_style="bold cyan",
                     show_header=False, box=None, pad_edge=False)
    table.add_column("item", no_wrap=True)
    table.add_column("figure", justify="right", no_wrap=True)
    return table


class Labelled(Table):
    """A two-column table: a 中文 label with its English beside, and the figure."""

    def add_row(self, *cells: Any, **kwargs: Any) -> None:
        """``add_row(zh, en, figure)``: the labels share the first column."""
        zh, en, figure = cells
        super().add_row(Text.assemble((zh, "bold"), " ", (en, "dim")), figure, **kwargs)


def _overview(s: dict[str, Any]) -> Table:
    c, h, t = s["county"], s["households"], _table("基本情况 · Overview")
    t.add_row("乡镇", "townships", f"{c['townships']} 个")
    t.add_row("行政村", "villages", f"{c['villages']} 个")
    t.add_row("建档立卡贫困户", "registered households / people",
              f"{h['registered']} 户 {h['people']} 人")
    for role, (zh, en) in ROLES.items():
        t.add_row(zh, en, f"{s['cadres'].get(role, 0)} 人")
    t.add_row("帮扶责任人变更", "cadres transferred (handovers)",
              f"{s['cadres'].get('dismissed', 0)} 人")
    return t


def _townships(s: dict[str, Any]) -> Table:
    t = Table(title="分乡镇 · By township", title_justify="left", title_style="bold cyan",
              box=None, pad_edge=False)
    for column in ("乡镇 township", "村 villages", "户 households", "人 people", "脱贫 exited"):
        t.add_column(column, justify="left" if column.startswith("乡镇") else "right")
    for place in s["townships"].values():
        t.add_row(place["name"], str(place["villages"]), str(place["households"]),
                  str(place["people"]), str(place["exited"]))
    return t


def _exits(s: dict[str, Any]) -> Table:
    h, t = s["households"], _table("脱贫退出 · Exits")
    t.add_row("脱贫", "households exited (people)", f"{h['exited']} 户 {h['exited_people']} 人")
    t.add_row("退出评议", "exit reviews", str(h["exit_reviews"]))
    t.add_row("公示异议", "objections during the notice", str(h["exit_objections"]))
    t.add_row("脱贫光荣户", "honoured households", f"{h['honoured']} 户")
    t.add_row("纳入监测", "put under monitoring", f"{h['monitored']} 户")
    t.add_row("返贫", "returned to poverty", f"{h['returned']} 户")
    return t


def _traces(s: dict[str, Any]) -> Table:
    v, i, t = s["contacts"], s["income"], _table("五个一 · Traces")
    t.add_row("入户走访", "visits in person", f"{v['in_person']:,} 次")
    t.add_row("电话联系", "phone contacts", f"{v['phone']:,} 次")
    t.add_row("事后补记", "contacts recorded late", f"{v['late']:,} ({v['late_share']:.1%})")
    t.add_row("扶贫日记", "diary entries", f"{v['diary_entries']:,} 篇")
    t.add_row("收入明细账", "income lines", f"{i['lines']:,} 笔")
    t.add_row("收入合计", "income recorded", money(i["total_fen"]))
    for year, fen in i["per_capita_fen"].items():
        t.add_row(f"{year}年人均收入", f"recorded income per person, {year}",
                  f"{fen / 100:,.0f} 元")
    p = s["projects"]
    t.add_row("增收项目", "projects / households joined", f"{p['count']} 个 / {p['joined']} 户次")
    t.add_row("爱心超市积分", "points earned / redeemed",
              f"{s['points']['earned']:,} / {s['points']['redeemed']:,} 分")
    return t


def _funds(s: dict[str, Any]) -> Table:
    f, t = s["funds"], _table("资金 · Funds")
    t.add_row("资金下达", f"allocated ({f['funds']} funds, {f['top_ups']} top-ups)",
              money(f["allocated_fen"]))
    t.add_row("资金拨付", f"disbursed ({f['disbursements']} payments)", money(f["disbursed_fen"]))
    t.add_row("结余", "balance", money(f["balance_fen"]))
    t.add_row("项目到账", "received by projects", money(s["projects"]["received_fen"]))
    return t


def _measures(s: dict[str, Any]) -> Table:
    t = _table("帮扶措施 · Measures by programme")
    for programme, figure in s["measures"].items():
        t.add_row(PROGRAMMES.get(programme, programme), programme,
                  f"{figure['count']} 项  {money(figure['fen'])}")
    return t


def _supervision(s: dict[str, Any]) -> Table:
    t = _table("四级联动 · Supervision acts")
    for kind, count in s["supervision"].items():
        t.add_row(ACTS.get(kind, kind), kind, f"{count} 次")
    return t


def _inspections(s: dict[str, Any]) -> Table:
    i, t = s["inspections"], _table("巡察 · Inspections, corrections")
    t.add_row("巡察轮次", "rounds (closed)", f"{i['rounds']} ({i['rounds_closed']})")
    t.add_row("抽查", "spot checks of sampled households", f"{i['spot_checks']} 户次")
    t.add_row("发现问题", "findings raised", str(i["findings_raised"]))
    t.add_row("整改销号", "findings closed", str(i["findings_closed"]))
    t.add_row("移交纪委", "case leads transferred", str(i["findings_transferred"]))
    t.add_row("逾期未整改", "findings overdue", str(i["findings_overdue"]))
    t.add_row("更正 / 撤销", "corrections / retractions",
              f"{s['corrections']} / {s['retractions']}")
    return t


def _signals(s: dict[str, Any], injected: dict[str, int]) -> Table:
    t = Table(title="形式主义信号 · Formalism: injected by the demo / found in the events",
              title_justify="left", box=None, pad_edge=False)
    for column in ("中文", "English", "injected", "found"):
        t.add_column(column, justify="right" if column in ("injected", "found") else "left")
    for key, zh, en in SIGNALS:
        t.add_row(zh, en, str(injected.get(key, "—")), str(s["signals"].get(key, 0)))
    t.add_row("漏报督导", "supervision acts skipped",
              str(injected.get(kinds.MISSED_ACTS, "—")), "—")
    overdrawn = s["funds"]["overdrawn_funds"]
    guard = "no fund overdrawn" if not overdrawn else f"{overdrawn} funds OVERDRAWN"
    t.add_row("超额拨付", "overspend refused by the guard",
              str(injected.get(kinds.REFUSED_OVERSPEND, "—")), guard)
    return t
