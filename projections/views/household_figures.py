"""The figures the household_state view gives an area (县/乡镇/村): households by status, people,
五个一, visits, late records, and the findings of inspection rounds (巡察问题) from open to 销号."""

from __future__ import annotations

from projections.db import ViewDb
from projections.figure import COUNTY_CODE, Compute, Figure, Scope
from projections.overdue import overdue_condition


def _stat(column: str) -> Compute:
    """A column of the area's row in ``view_area_stats`` (0 when the area has no households)."""

    def compute(db: ViewDb, scope: Scope) -> int:
        row = db.fetchone(f"SELECT {column} FROM view_area_stats WHERE level = ? AND code = ?",
                          (scope.level, scope.code))
        return int(row[0]) if row and row[0] is not None else 0

    return compute


SUBJECTS_IN = {
    "township": "((subject_kind = 'household' AND subject_code IN (SELECT code FROM "
                "view_household_state WHERE township_code = ?)) OR (subject_kind = 'village' AND "
                "subject_code IN (SELECT code FROM view_area WHERE level = 'village' AND "
                "parent_code = ?)) OR (subject_kind = 'township' AND subject_code = ?))",
    "village": "((subject_kind = 'household' AND subject_code IN (SELECT code FROM "
               "view_household_state WHERE village_code = ?)) OR (subject_kind = 'village' AND "
               "subject_code = ?))",
}
"""Which findings belong to a township or a village: those about its households and places."""


def _findings(condition: str, *, dated: bool = False) -> Compute:
    """Findings not retracted, in the scope, meeting ``condition`` (``?`` = the as-of date)."""

    def compute(db: ViewDb, scope: Scope) -> int:
        where = ["is_retracted = 0", condition]
        params: list[object] = [scope.as_of.isoformat()] if dated else []
        if scope.level != "county" or scope.code != COUNTY_CODE:
            subjects = SUBJECTS_IN[scope.level]
            where.append(subjects)
            params.extend([scope.code] * subjects.count("?"))
        row = db.fetchone(f"SELECT COUNT(*) FROM view_finding WHERE {' AND '.join(where)}",
                          params)
        return int(row[0]) if row else 0

    return compute


STATUS_NOW = ("Counted by the household's status now (on the as-of date), so each household "
              "is in exactly one of 在册 / 已脱贫 / 监测户 / 返贫户.")
FINDINGS_SCOPE = ("Findings about households, cadres, villages or townships, not retracted; "
                  "a township or village counts those about its own households and places "
                  "(findings about cadres count for the county only).")
FIGURES = (
    Figure("households", "建档立卡贫困户", "registered poor households", "户",
           "Households ever registered as poor (建档立卡) in the area, whatever their status "
           "now.", _stat("households")),
    Figure("people", "建档立卡人口", "people in those households", "人",
           "Members of the registered households now (additions and removals applied).",
           _stat("people")),
    Figure("registered", "在册未脱贫", "registered, not exited", "户",
           "Households with status 'registered' now: not yet exited. " + STATUS_NOW,
           _stat("registered")),
    Figure("exited", "已脱贫", "exited", "户",
           "Households with status 'exited' now (county approval of the exit recorded). "
           "Exited households later put under monitoring or returned to poverty are not "
           "counted here but under 监测户 or 返贫户. " + STATUS_NOW, _stat("exited")),
    Figure("monitored", "监测户", "under monitoring", "户",
           "Households with status 'monitored' now (纳入防返贫监测). " + STATUS_NOW,
           _stat("monitored")),
    Figure("returned", "返贫户", "returned to poverty", "户",
           "Households with status 'returned' now (返贫 after an exit). " + STATUS_NOW,
           _stat("returned")),
    Figure("five_ones_complete", "五个一齐全", "five ones complete", "户",
           "Households with all of 五个一 on record: an income project, an income ledger line, "
           "complete basic information (every member's ID number) and a diary entry.",
           _stat("five_ones_complete")),
    Figure("visits", "入户走访", "in-person visits", "次",
           "In-person visits to the area's households on record, retracted ones left out "
           "(phone contacts are not visits).", _stat("visits")),
    Figure("late_events", "补记", "late records", "条",
           "Events about the area's households recorded late (补记: recorded well after they "
           "happened, with a reason).", _stat("late_events")),
    Figure("findings_raised", "巡察问题", "findings raised", "件",
           "Findings raised in inspection rounds. " + FINDINGS_SCOPE,
           _findings("1 = 1")),
    Figure("findings_open", "未销号问题", "open findings", "件",
           "Findings neither closed (销号) nor transferred to the discipline commission, "
           "rectification reported or not. " + FINDINGS_SCOPE,
           _findings("status NOT IN ('closed', 'transferred')")),
    Figure("findings_closed", "已销号问题", "findings closed", "件",
           "Findings closed (整改销号) after their rectification was checked. " + FINDINGS_SCOPE,
           _findings("status = 'closed'")),
    Figure("findings_transferred", "移交问题线索", "findings transferred", "件",
           "Findings handed over as case leads (移交纪委监委). " + FINDINGS_SCOPE,
           _findings("status = 'transferred'")),
    Figure("findings_overdue", "逾期未整改", "findings overdue", "件",
           "Open findings with no rectification reported whose deadline (整改期限) is before "
           "the as-of date. The as-of date is the day (Asia/Shanghai) of the last recorded "
           "event the views have applied. " + FINDINGS_SCOPE,
           _findings(overdue_condition(), dated=True)),
)
"""The household_state view's area figures, in display order."""
