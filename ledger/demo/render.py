"""Print what ``ledger demo`` generated: events written and anomalies injected (中文, English)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ledger.demo import anomalies as kinds

SIGNALS = (
    (kinds.MISSED_WEEKS, "漏访周次", "household-weeks without a visit"),
    (kinds.LATE_RECORDS, "事后补记", "records flagged late"),
    (kinds.COPIED_DIARY, "日记雷同", "diary entries with copied text"),
    (kinds.BURST_VISITS, "突击入户", "visits in a burst"),
    (kinds.SAME_HOUR, "同时异地", "two distant places within an hour"),
)


def render_report(summary: dict[str, Any], console: Console, *, store: str = "",
                  injected: dict[str, int] | None = None) -> None:
    """Print what the demo generated: the events written and the anomalies injected (the
    county's figures are ``ledger summary``'s, from the read views)."""
    console.print(_header(summary, store))
    console.print(_written(summary))
    console.print(_signals(summary, injected or {}))


def _header(s: dict[str, Any], store: str) -> Panel:
    county, meta = s["county"], s["store"]
    badge = Text(" DEMO 演示数据 · simulated clock ", style="bold white on red") \
        if county.get("is_demo") else Text("")
    lines = [Text.assemble((f"{county.get('name', '?')} 演示数据生成报告", "bold"),
                           "  what the demo generator wrote  ", badge),
             Text(f"store {store}  ·  {meta['events']:,} events  ·  recorded "
                  f"{(meta['first_recorded_at'] or '')[:10]} → "
                  f"{(meta['last_recorded_at'] or '')[:10]}",
                  style="dim")]
    return Panel(Group(*lines), border_style="red" if county.get("is_demo") else "blue")


def _written(s: dict[str, Any]) -> Table:
    meta = s["store"]
    t = Table(title="写入的事件 · Events written", title_justify="left", title_style="bold cyan",
              show_header=False, box=None, pad_edge=False)
    t.add_column("item", no_wrap=True)
    t.add_column("figure", justify="right", no_wrap=True)
    for zh, en, figure in (("事件", "events written", meta["events"]),
                           ("事后补记", "events recorded late", meta["late_events"]),
                           ("更正", "corrections", s["corrections"]),
                           ("撤销", "retractions", s["retractions"]),
                           ("拒绝记录", "refused commands kept", sum(s["refusals"].values()))):
        t.add_row(Text.assemble((zh, "bold"), " ", (en, "dim")), f"{figure:,}")
    return t


def _signals(s: dict[str, Any], injected: dict[str, int]) -> Table:
    t = Table(title="形式主义 · Formalism injected by the demo (what the read side finds: "
              "`ledger summary`, /v1/signals, /v1/violations)",
              title_justify="left", box=None, pad_edge=False)
    for column in ("中文", "English", "injected", "guard"):
        t.add_column(column, justify="right" if column in ("injected", "guard") else "left")
    for key, zh, en in SIGNALS:
        t.add_row(zh, en, str(injected.get(key, "—")), "")
    t.add_row("漏报督导", "supervision acts skipped",
              str(injected.get(kinds.MISSED_ACTS, "—")), "")
    overdrawn = s["funds"]["overdrawn_funds"]
    kept = s["refusals"].get("fund.balance", 0)
    guard = f"{kept} kept, " + ("no fund overdrawn" if not overdrawn
                                else f"{overdrawn} funds OVERDRAWN")
    t.add_row("超额拨付", "overspend refused by the guard",
              str(injected.get(kinds.REFUSED_OVERSPEND, "—")), guard)
    return t
