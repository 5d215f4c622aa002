"""cadre_trail: per cadre, every action in log order (visits, phone contacts, diary entries,
plan changes, supervision acts, disbursements approved, corrections authorised) with business
time, recorded time, lag and late flag; corrections and retractions update the action."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from projections.formats import INSTANT_FORMAT, flag, from_json, instant, lag_seconds, to_json, when
from projections.schema import Table, table
from projections.source import Item
from projections.summaries import labels, plain, summary
from projections.views.base import View

CADRE = table(
    "cadre",
    "code T, name T, phone T, role T, unit T, appointed_on T, dismissed_on T, posts_json T, "
    "actions I, late_actions I, retracted_actions I, lag_seconds_total I, last_action_at T",
    "code",
    "role, unit",
)
ACTION = table(
    "cadre_action",
    "cadre_code T, position I, action T, event_type T, label_zh T, ref T, subject_kind T, "
    "subject_code T, business_time T, business_at T, recorded_at T, lag_seconds I, is_late I, "
    "late_reason T, actor_id T, summary T, parts_json T, corrections I, is_retracted I",
    "cadre_code, position",
    "ref", "cadre_code, business_at",
)
DIRECT = {"Visited": "visit", "PhoneContacted": "phone", "DiaryEntryRecorded": "diary"}
AUTHORISED = {"Corrected": "correction", "Retracted": "retraction"}
ACT_FIELDS = frozenset({
    "originator_id", "originator_version", "timestamp", "actor_id", "actor_role", "channel",
    "recorded_at", "evidence", "is_late", "late_reason", "occurred_on", "subject_kind",
    "subject_code", "summary", "act_code",
})
"""Fields every supervision act has; the others are its parts (四个一, 三了解两协调 ...)."""
_ACTION_COLUMNS = ACTION.column_names
_CADRE_COLUMNS = CADRE.column_names


class CadreTrailView(View):
    """What each cadre did, in order, with how late it was recorded."""

    name: ClassVar[str] = "cadre_trail"
    tables: ClassVar[tuple[Table, ...]] = (CADRE, ACTION)

    def apply(self, items: Sequence[Item]) -> None:
        """Add the page's actions, then update the cadres' rows and corrected actions."""
        self._cadres: dict[str, dict[str, Any]] = {}
        actions: list[dict[str, Any]] = []
        for item in items:
            if item.kind == "cadre" and item.type_name in ("Appointed", "PostChanged",
                                                           "Dismissed"):
                self._career(item)
            found = _action(item)
            if found is not None:
                actions.append(found)
                self._count(found)
            if item.type_name in ("Corrected", "Retracted") and hasattr(item.event,
                                                                     "target_version"):
                self._amend(item, actions)
        self.db.executemany(
            f"INSERT INTO {self.table('cadre_action')} ({', '.join(_ACTION_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in _ACTION_COLUMNS)})",
            [tuple(a[c] for c in _ACTION_COLUMNS) for a in actions])
        self.upsert("cadre", [tuple(c[k] for k in _CADRE_COLUMNS)
                              for _, c in sorted(self._cadres.items())])

    def _cadre(self, code: str) -> dict[str, Any]:
        found = self._cadres.get(code)
        if found is None:
            rows = self.db.fetchdicts(CADRE.select_sql(self.generation, "code = ?"), (code,))
            found = rows[0] if rows else {**dict.fromkeys(_CADRE_COLUMNS), "code": code,
                                          "posts_json": "[]", "actions": 0, "late_actions": 0,
                                          "retracted_actions": 0, "lag_seconds_total": 0}
            self._cadres[code] = found
        return found

    def _career(self, item: Item) -> None:
        e, cadre = item.event, self._cadre(item.code)
        if item.type_name == "Dismissed":
            cadre["dismissed_on"] = when(e.occurred_on)
            return
        posts = [*_posts(cadre), {"role": str(e.role), "unit": e.unit,
                                  "from_date": when(e.occurred_on)}]
        cadre.update(role=str(e.role), unit=e.unit, posts_json=to_json(posts))
        if item.type_name == "Appointed":
            cadre.update(name=e.name, phone=e.phone, appointed_on=when(e.occurred_on))

    def _count(self, action: dict[str, Any]) -> None:
        cadre = self._cadre(action["cadre_code"])
        cadre["actions"] += 1
        cadre["late_actions"] += action["is_late"]
        cadre["lag_seconds_total"] += action["lag_seconds"]
        cadre["last_action_at"] = max(filter(None, (cadre["last_action_at"],
                                                    action["business_at"])))

    def _amend(self, item: Item, page: list[dict[str, Any]]) -> None:
        e = item.event
        ref = f"{item.kind}/{item.code}/{e.target_version}"
        targets = [a for a in page if a["ref"] == ref] or self.db.fetchdicts(
            ACTION.select_sql(self.generation, "ref = ?"), (ref,))
        for action in targets:
            in_page = any(a is action for a in page)
            self._amend_one(action, item)
            if not in_page:
                self.upsert("cadre_action", [tuple(action[c] for c in _ACTION_COLUMNS)])

    def _amend_one(self, action: dict[str, Any], item: Item) -> None:
        cadre = self._cadre(action["cadre_code"])
        if item.type_name == "Retracted":
            if not action["is_retracted"]:
                action["is_retracted"] = 1
                cadre["retracted_actions"] += 1
            return
        action["corrections"] += 1
        moved = item.event.changes.get("occurred_at")
        if moved is not None:
            recorded = datetime.strptime(action["recorded_at"], INSTANT_FORMAT).replace(tzinfo=UTC)
            new_lag = int((recorded - moved).total_seconds())
            cadre["lag_seconds_total"] += new_lag - action["lag_seconds"]
            action.update(business_time=when(moved), business_at=instant(moved),
                          lag_seconds=new_lag)


def _posts(cadre: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = from_json(cadre["posts_json"])
    return found


def _action(item: Item) -> dict[str, Any] | None:
    e, name = item.event, item.type_name
    kind = DIRECT.get(name)
    cadre = getattr(e, "cadre_code", None) if kind else None
    subject: tuple[str, str] = ("household", item.code)
    if name in ("PlanAdopted", "PlanRevised"):
        kind, cadre = "plan", e.plan.responsible_cadre
    elif item.kind == "cadre" and hasattr(e, "act_code"):
        kind, cadre, subject = "supervision", item.code, (e.subject_kind, e.subject_code)
    elif name == "Disbursed":
        kind, cadre, subject = "disbursement", e.approved_by, (e.recipient_kind, e.recipient_code)
    elif name in ("Corrected", "Retracted") and hasattr(e, "authorised_by"):
        kind, cadre = AUTHORISED[name], e.authorised_by
        subject = (item.kind, f"{item.code}/{e.target_version}")
    if kind is None or not cadre:
        return None
    return {
        "cadre_code": cadre, "position": item.position, "action": kind, "event_type": name,
        "label_zh": labels(item)[0], "ref": item.ref, "subject_kind": subject[0],
        "subject_code": subject[1], "business_time": when(item.business),
        "business_at": instant(item.business_at), "recorded_at": instant(item.recorded_at),
        "lag_seconds": lag_seconds(item), "is_late": flag(e.is_late),
        "late_reason": e.late_reason, "actor_id": e.actor_id, "summary": summary(item),
        "parts_json": _parts(e) if kind == "supervision" else None,
        "corrections": 0, "is_retracted": 0,
    }


def _parts(event: Any) -> str | None:
    """A supervision act's parts as JSON (None for an act without parts)."""
    parts = {k: plain(v) for k, v in vars(event).items() if k not in ACT_FIELDS}
    missing = getattr(event, "missing_parts", None)
    if missing is not None:
        parts["missing_parts"] = list(missing)
    return to_json(parts) if parts else None
