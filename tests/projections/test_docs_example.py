"""The quick start in docs/projections.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

from ledger.storage.config import DatabaseConfig

ROOT = Path(__file__).resolve().parents[2]


def test_the_quick_start_runs_and_answers(county: DatabaseConfig) -> None:
    """Catch up, read a household, its timeline, its state as of a past time, and the lag."""
    text = (ROOT / "docs/projections.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    store = county.sqlite_path if not county.is_postgres else (
        f"postgresql://{county.user}@{county.host}:{county.port}/{county.dbname}"
        f"?schema={county.schema}")
    names: dict[str, object] = {"STORE": store}
    exec(compile(block, "docs/projections.md", "exec"), names)
    assert names["report"].ok  # type: ignore[attr-defined]
    assert names["home"]["income_years"][0]["transfer_fen"] == 372_000  # type: ignore[index]
    assert len(names["page"].items) == 15  # 13 own, project joined, finding  # type: ignore[attr-defined]
    assert names["then"].state["income_years"][0]["transfer_fen"] == 744_000  # type: ignore[attr-defined]
    assert {lag.events_behind for lag in names["behind"]} == {0}  # type: ignore[attr-defined]
    names["views"].close()  # type: ignore[attr-defined]
    names["source"].close()  # type: ignore[attr-defined]
