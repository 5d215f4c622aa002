"""Chinese labels for the stored enum values that pages show: the ledger's one vocabulary."""

from __future__ import annotations

from ledger.domain.vocabulary import (
    ACTION,
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
    VOCABULARIES,
    zh,
)

__all__ = ["ACTION", "CATEGORY", "CAUSE", "CHANNEL", "EXIT_STAGE", "FINDING_STATUS", "HEALTH",
           "INCOME_SOURCE", "INDICATOR", "PROGRAMME", "ROLE", "STATUS", "VOCABULARIES", "zh"]


def exit_progress(status: object, stage: object, exited_on: object = None) -> str:
    """退出进度 as a reader means it: the exit procedure's step while one runs, else whether
    the household has exited (the view's ``exit_stage`` is ``none`` both before an exit
    starts and after it is done, so the status tells the two apart)."""
    if stage not in (None, "", "none"):
        return f"进行中：{zh('exit_stage', stage)}"
    on = f"{exited_on} " if exited_on else ""
    after = {"exited": "", "monitored": "，现纳入防返贫监测", "returned": "，后返贫"}
    if status in after:
        return f"已退出（{on}县级审定）{after[str(status)]}"
    return EXIT_STAGE["none"]
