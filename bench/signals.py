"""Copied-text detection benchmark: the ``signals`` view indexing N diary notes, then reading
the copied_text signal, at several sizes, to show the cost grows near-linearly.

    python bench/signals.py [--sizes 10000,30000,100000]

Notes are synthetic Chinese diary entries: 100 per cadre, each composed from a pool of
clauses with numbers and names, and 3 % pasted or lightly edited copies. They are fed to the
real view (``SignalNotesView.apply``, pages of 1,000, a SQLite file, one transaction per page)
exactly as ``ledger project`` feeds it; then ``detect(kind="copied_text")`` reads the signal.
Prints a Markdown table: seconds, notes per second, pairs kept, and the time per note relative
to the smallest size (1.0 = perfectly linear).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.storage.config import parse_database_url
from projections.db import ViewDb
from projections.schema import create_tables
from projections.signals.detect import SignalFilter, detect
from projections.signals.notes_view import SignalNotesView
from projections.source import Item

CLAUSES = ("了解{n}号大棚木耳长势", "核对一卡通补贴{n}元到账", "帮助联系乡卫生院医生上门复查",
           "讲解雨露计划申请条件", "查看院墙{n}米修缮进度", "商量明年种植玉米{n}亩",
           "推荐到合作社务工日工资{n}元", "核实大病医疗报销{n}元", "送去大米{n}斤和一桶油",
           "检查火炕和烟囱是否通畅", "询问孩子在校学习情况", "协助准备小额信贷申请材料",
           "动员参加食用菌栽培技术培训", "登记家中养鸡{n}只", "讲解先诊疗后付费政策",
           "帮助填写务工登记表", "查看自来水入户情况", "协调镇农机站代耕{n}亩")
NAMES = ("金长顺", "崔明浩", "李秀英", "朴春花", "王德福", "张玉兰", "赵永山", "刘成军")
PASTED = ("入户走访，宣讲扶贫政策，了解家庭生产生活情况，帮助解决实际困难，"
          "落实各项帮扶措施，群众满意。")
PER_CADRE = 100
PAGE = 1_000


def note(rng: random.Random, day: date) -> str:
    """An honest note: a name, three clauses with numbers, a date."""
    parts = [c.format(n=rng.randint(2, 900)) for c in rng.sample(CLAUSES, 3)]
    return f"{day.month}月{day.day}日，到{rng.choice(NAMES)}家，" + "，".join(parts) + "。"


def items(count: int, seed: int = 7) -> list[Item]:
    """``count`` diary events as the view receives them."""
    rng = random.Random(seed)
    start = datetime(2018, 1, 1, 12, tzinfo=UTC)
    found = []
    for position in range(1, count + 1):
        cadre = f"C{position % max(1, count // PER_CADRE):05d}"
        household = f"H{rng.randrange(count // 4 + 1):06d}"
        when = start + timedelta(hours=position % 8760)
        text = PASTED if rng.random() < 0.03 else note(rng, when.date())
        if text is PASTED and rng.random() < 0.5:
            text = text.replace("了解", "询问").replace("各项", "各类")
        event = SimpleNamespace(occurred_on=when.date(), occurred_at=None, cadre_code=cadre,
                                text=text, recorded_at=when)
        found.append(Item(position, "household", household, position, "DiaryEntryRecorded",
                          event))
    return found


def run(count: int) -> tuple[float, int, int]:
    """Seconds to index and read; pairs kept; notes in raised signals."""
    with tempfile.TemporaryDirectory() as folder:
        db = ViewDb(parse_database_url(str(Path(folder) / "bench.db")))
        create_tables(db, SignalNotesView.tables, 1)
        for table in SignalNotesView.tables:
            db.execute(f"CREATE VIEW {table.stable_name} AS SELECT * FROM {table.physical(1)}")
        feed = items(count)
        view = SignalNotesView(db, 1)
        began = time.perf_counter()
        for start in range(0, count, PAGE):
            with db.transaction():
                view.apply(feed[start:start + PAGE])
        pairs = int(db.fetchall("SELECT COUNT(*) FROM view_signal_copy")[0][0])
        signals = _copied(db)
        elapsed = time.perf_counter() - began
        db.close()
    return elapsed, pairs, signals


def _copied(db: ViewDb) -> int:
    db.execute("CREATE TABLE IF NOT EXISTS view_cadre_action (cadre_code TEXT, subject_kind TEXT,"
               " subject_code TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS view_household_state (code TEXT, village_code TEXT)")
    found = detect(db, SignalFilter(kind="copied_text", raised_only=True))
    return sum(len(s.evidence) for s in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print("| notes | seconds | notes/s | pairs kept | notes in raised signals "
          "| cost per note vs first |")
    print("|---:|---:|---:|---:|---:|---:|")
    first: float | None = None
    for size in sizes:
        elapsed, pairs, flagged = run(size)
        per = elapsed / size
        first = first or per
        print(f"| {size:,} | {elapsed:.1f} | {size / elapsed:,.0f} | {pairs:,} | {flagged:,} "
              f"| {per / first:.2f} |")


if __name__ == "__main__":
    main()
