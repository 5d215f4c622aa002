"""audit_timeline: every event, with both times, the lag, who, about whom, a readable summary,
and correction links both ways (a correction names what it corrects; the corrected event lists
what corrected or retracted it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from projections.formats import flag, from_json, instant, lag_seconds, to_json, when
from projections.schema import Table, table
from projections.source import Item
from projections.summaries import labels, split_fields, summary
from projections.views.base import View

EVENT = table(
    "timeline_event",
    "position I, ref T, aggregate_kind T, aggregate_code T, version I, event_type T, "
    "label_zh T, label_en T, business_time T, business_at T, recorded_at T, lag_seconds I, "
    "is_late I, late_reason T, actor_id T, actor_role T, channel T, evidence_json T, "
    "subject_kind T, subject_code T, household_code T, cadre_code T, village_code T, "
    "fund_code T, summary T, fields_json T, personal_json T, corrects_ref T, "
    "correction_kind T, corrected_by_json T, retracted_by T",
    "position",
    "aggregate_kind, aggregate_code, version", "household_code, position",
    "cadre_code, position", "village_code, position", "fund_code, position",
    "actor_id, position", "recorded_at",
)
PLACE = table("timeline_household", "household_code T, village_code T, township_code T",
              "household_code")
CADRE_FIELDS = ("cadre_code", "approved_by", "authorised_by", "owner_cadre", "lead_inspector")


class TimelineView(View):
    """Every event of the ledger in log order, readable and linked."""

    name: ClassVar[str] = "audit_timeline"
    tables: ClassVar[tuple[Table, ...]] = (EVENT, PLACE)

    def apply(self, items: Sequence[Item]) -> None:
        """Insert one row per event and update the rows that corrections point at."""
        self._villages: dict[str, str | None] = {}
        rows: dict[tuple[str, str, int], dict[str, Any]] = {}
        links: list[tuple[tuple[str, str, int], str, str]] = []
        for item in items:
            row = self._row(item)
            rows[(item.kind, item.code, item.version)] = row
            if row["corrects_ref"] is not None:
                target = (item.kind, item.code, int(item.event.target_version))
                links.append((target, row["correction_kind"], item.ref))
        for target, kind, ref in links:
            self._link(rows.get(target), target, kind, ref)
        columns = EVENT.column_names
        self.db.executemany(
            f"INSERT INTO {self.table('timeline_event')} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [tuple(r[c] for c in columns) for r in rows.values()],
        )

    def _row(self, item: Item) -> dict[str, Any]:
        e = item.event
        public, personal = split_fields(item)
        zh, en = labels(item)
        household = _household(item)
        if item.type_name == "Registered" and item.kind == "household":
            self.upsert("timeline_household", [(item.code, e.village_code, e.township_code)])
        correction = item.type_name in ("Corrected", "Retracted") and hasattr(e, "target_version")
        return {
            "position": item.position, "ref": item.ref, "aggregate_kind": item.kind,
            "aggregate_code": item.code, "version": item.version, "event_type": item.type_name,
            "label_zh": zh, "label_en": en, "business_time": when(item.business),
            "business_at": instant(item.business_at), "recorded_at": instant(item.recorded_at),
            "lag_seconds": lag_seconds(item), "is_late": flag(getattr(e, "is_late", False)),
            "late_reason": getattr(e, "late_reason", None),
            "actor_id": getattr(e, "actor_id", None), "actor_role": getattr(e, "actor_role", None),
            "channel": getattr(e, "channel", None),
            "evidence_json": to_json(list(getattr(e, "evidence", []))),
            **dict(zip(("subject_kind", "subject_code"), _subject(item), strict=True)),
            "household_code": household, "cadre_code": _cadre(item),
            "village_code": self._village(item, household), "fund_code": _fund(item),
            "summary": summary(item, public), "fields_json": to_json(public),
            "personal_json": to_json(personal) if personal else None,
            "corrects_ref": f"{item.kind}/{item.code}/{e.target_version}" if correction else None,
            "correction_kind": item.type_name.lower() if correction else None,
            "corrected_by_json": "[]", "retracted_by": None,
        }

    def _village(self, item: Item, household: str | None) -> str | None:
        e = item.event
        if item.kind == "village":
            return item.code
        if getattr(e, "subject_kind", None) == "village":
            return str(e.subject_code)
        if household is None:
            return getattr(e, "village_code", None)
        if household not in self._villages:
            row = self.db.fetchone(
                f"SELECT village_code FROM {self.table('timeline_household')} "
                "WHERE household_code = ?", (household,))
            self._villages[household] = None if row is None else row[0]
        return self._villages[household]

    def _link(self, row: dict[str, Any] | None, target: tuple[str, str, int], kind: str,
              ref: str) -> None:
        if row is None:
            found = self.db.fetchdicts(
                f"SELECT position, corrected_by_json, retracted_by FROM "
                f"{self.table('timeline_event')} WHERE aggregate_kind = ? AND "
                "aggregate_code = ? AND version = ?", target)
            if not found:
                return
            row = found[0]
        if kind == "retracted":
            row["retracted_by"] = ref
        else:
            row["corrected_by_json"] = to_json([*from_json(row["corrected_by_json"]), ref])
        if "ref" not in row:
            self.db.execute(
                f"UPDATE {self.table('timeline_event')} SET corrected_by_json = ?, "
                "retracted_by = ? WHERE position = ?",
                (row["corrected_by_json"], row["retracted_by"], row["position"]))


def _household(item: Item) -> str | None:
    e = item.event
    if item.kind == "household":
        return item.code
    for kind_field, code_field in (("subject_kind", "subject_code"),
                                   ("recipient_kind", "recipient_code")):
        if getattr(e, kind_field, None) == "household":
            return str(getattr(e, code_field))
    found = getattr(e, "household_code", None)
    return None if found is None else str(found)


def _cadre(item: Item) -> str | None:
    if item.kind == "cadre":
        return item.code
    for name in CADRE_FIELDS:
        found = getattr(item.event, name, None)
        if isinstance(found, str) and found:
            return found
    return None


def _fund(item: Item) -> str | None:
    if item.kind == "fund":
        return item.code
    if getattr(item.event, "subject_kind", None) == "fund":
        return str(item.event.subject_code)
    found = getattr(item.event, "fund_code", None)
    return found if isinstance(found, str) else None


def _subject(item: Item) -> tuple[str, str]:
    e = item.event
    for kind_field, code_field in (("subject_kind", "subject_code"),
                                   ("recipient_kind", "recipient_code")):
        kind = getattr(e, kind_field, None)
        if isinstance(kind, str):
            return kind, str(getattr(e, code_field))
    return item.kind, item.code
