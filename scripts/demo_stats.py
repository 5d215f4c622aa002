"""Print a demo store's distributions as Markdown: the numbers of docs/demo.md.

    ledger demo --db /tmp/demo.db --quiet
    python scripts/demo_stats.py --db /tmp/demo.db

Reads the stored events through the ledger's read path (nothing is written): visit hour and
weekday (Asia/Shanghai), recording lag, monitoring starts and returns with their reasons and the
household's income, and the gaps in the 五个一 records.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ledger.application.app import Ledger
from ledger.demo.stats import LAGS, DemoStats, Turn, collect
from ledger.errors import StoreMissing
from ledger.storage.options import add_db_option, database

WEEKDAYS = ("一 Mon", "二 Tue", "三 Wed", "四 Thu", "五 Fri", "六 Sat", "日 Sun")
LAG_LABELS = {
    "same_day": "当天录入 same day",
    "next_days": "次日或隔日 next days (within the window)",
    "catch_up_evening": "周末集中补记 catch-up evening (within the window)",
    "late": "逾期补记 late (beyond the 3-day window, flagged)",
}


def render(stats: DemoStats) -> str:
    """The tables, in Markdown."""
    parts = [
        f"Visits in person: {stats.visits:,}.\n",
        "### Visit hour (入户走访时刻, Asia/Shanghai)\n",
        _table(("hour", "visits", "share", ""),
               [(f"{h:02d}:00–{h:02d}:59", *_share(n, stats.visits))
                for h, n in sorted(stats.hours.items())]),
        "### Weekday (星期)\n",
        _table(("day", "visits", "share", ""),
               [(WEEKDAYS[d], *_share(stats.weekdays[d], stats.visits)) for d in range(7)]),
        "### Recording lag (录入时差)\n",
        _table(("recorded", "visits", "share", ""),
               [(LAG_LABELS[k], *_share(stats.lags[k], stats.visits)) for k in LAGS]),
        "### Monitoring starts (防返贫监测)\n",
        _turns(stats.monitoring),
        "### Returns to poverty (返贫)\n",
        _turns(stats.returns),
        "### Gaps in the 五个一 records\n",
        _table(("record", "gaps", "of", "rate"), [
            ("扶贫日记 diary: cadre-weeks with visits but no entry", *_rate(stats.diary_weeks)),
            ("收入明细账 income ledger: household-months (Feb–Dec) with no line entered, "
             "monthly ledgers", *_rate(stats.income_months)),
        ]),
    ]
    return "\n".join(parts)


def _share(count: int, total: int) -> tuple[str, str, str]:
    share = count / total if total else 0.0
    return f"{count:,}", f"{share:.1%}", "█" * round(share * 60)


def _rate(pair: tuple[int, int]) -> tuple[str, str, str]:
    gaps, total = pair
    return f"{gaps:,}", f"{total:,}", f"{gaps / total:.1%}" if total else "—"


def _turns(turns: list[Turn]) -> str:
    if not turns:
        return "None in this county.\n"
    rows = [(str(t.day), t.household, f"{t.per_capita_fen // 100:,} ({t.income_year})",
             t.reason) for t in turns]
    dates = len({t.day for t in turns})
    return _table(("date", "household", "income per person, yuan (year)", "reason"),
                  rows) + f"\n{len(turns)} on {dates} different days.\n"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Read the store named by --db (or LEDGER_DATABASE_URL) and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add_db_option(parser)
    parser.add_argument("--year", type=int, default=2018,
                        help="year of the income and diary gaps (default 2018)")
    args = parser.parse_args(argv)
    try:
        config = database(args)
    except StoreMissing as missing:
        print(f"demo_stats: {missing}; generate one with `ledger demo --db PATH` first",
              file=sys.stderr)
        return 2
    ledger = Ledger(env=config.eventsourcing_env())
    print(render(collect(ledger, args.year)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
