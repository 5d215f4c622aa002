"""Signals from a cadre's own records: recording lag (补记) and visit timing (one minute of the
hour for every visit, or many records made in one sitting at night)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

from projections.db import ViewDb
from projections.signals.config import Thresholds
from projections.signals.geo import local, parse
from projections.signals.model import Evidence, Signal

ACTIONS = "view_cadre_action"
DAY = 86_400


def cadre_villages(db: ViewDb) -> dict[str, tuple[str, ...]]:
    """The villages of the households each cadre recorded something about."""
    found: dict[str, set[str]] = defaultdict(set)
    for cadre, village in db.fetchall(
            f"SELECT DISTINCT a.cadre_code, h.village_code FROM {ACTIONS} a "
            "JOIN view_household_state h ON h.code = a.subject_code "
            "WHERE a.subject_kind = 'household'"):
        found[cadre].add(village)
    return {cadre: tuple(sorted(villages)) for cadre, villages in found.items()}


def recording_lag(db: ViewDb, limits: Thresholds,
                  villages: dict[str, tuple[str, ...]]) -> list[Signal]:
    """Per cadre: the share of records made late, their size, and the trend per month."""
    t = limits.section("recording_lag")
    months: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for cadre, month, records, late, late_seconds in db.fetchall(
            f"SELECT cadre_code, substr(business_at, 1, 7), COUNT(*), SUM(is_late), "
            f"SUM(CASE WHEN is_late = 1 THEN lag_seconds ELSE 0 END) FROM {ACTIONS} "
            "WHERE is_retracted = 0 GROUP BY cadre_code, substr(business_at, 1, 7)"):
        months[cadre][month] = [int(records), int(late), int(late_seconds)]
    signals = []
    for cadre, trend in sorted(months.items()):
        records = sum(m[0] for m in trend.values())
        late = sum(m[1] for m in trend.values())
        if records < t["min_records"] or late < max(1, t["min_late"]):
            continue
        share = round(late / records, 4)
        evidence = _late_records(db, cadre)
        mean_days = round(sum(m[2] for m in trend.values()) / late / DAY, 1)
        signals.append(Signal(
            "recording_lag", "cadre", cadre, share, t["late_share"],
            f"{late} of {records} records by {cadre} were made late (补记), on average "
            f"{mean_days} days after the fact; threshold {t['late_share']:.0%} of records.",
            evidence, villages.get(cadre, ()),
            {"records": records, "late": late, "mean_late_days": mean_days,
             "by_month": {m: {"records": r, "late": n, "late_days": round(s / DAY, 1)}
                          for m, (r, n, s) in sorted(trend.items())}}))
    return signals


def _late_records(db: ViewDb, cadre: str) -> tuple[Evidence, ...]:
    rows = db.fetchall(
        f"SELECT ref, position, lag_seconds, late_reason FROM {ACTIONS} "
        "WHERE cadre_code = ? AND is_late = 1 AND is_retracted = 0 ORDER BY position", (cadre,))
    return tuple(Evidence(ref, int(position), f"recorded {round(lag / DAY, 1)} days late"
                          + (f": {reason}" if reason else ""))
                 for ref, position, lag, reason in rows)


def visit_timing(db: ViewDb, limits: Thresholds,
                 villages: dict[str, tuple[str, ...]]) -> list[Signal]:
    """Visits always at one minute of the hour; many records made in one night sitting."""
    t = limits.section("visit_timing")
    rows = db.fetchdicts(
        f"SELECT cadre_code, ref, position, action, business_at, recorded_at FROM {ACTIONS} "
        "WHERE is_retracted = 0 AND action IN ('visit', 'phone', 'diary') "
        "ORDER BY cadre_code, recorded_at, position")
    by_cadre: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_cadre[row["cadre_code"]].append(row)
    signals: list[Signal] = []
    for cadre, records in sorted(by_cadre.items()):
        signals += _same_minute(cadre, records, t, villages)
        signals += _night_sitting(cadre, records, t, villages)
    return signals


def _same_minute(cadre: str, records: list[dict[str, Any]], t: Any,
                 villages: dict[str, tuple[str, ...]]) -> list[Signal]:
    visits = [r for r in records if r["action"] == "visit"]
    if len(visits) < t["min_visits"]:
        return []
    minute, count = Counter(r["business_at"][14:16] for r in visits).most_common(1)[0]
    share = round(count / len(visits), 4)
    if share < t["same_minute_share"] / 2:
        return []
    evidence = tuple(Evidence(r["ref"], int(r["position"]),
                              f"visit at {local(r['business_at']):%Y-%m-%d %H:%M%z}")
                     for r in visits if r["business_at"][14:16] == minute)
    return [Signal("same_minute_visits", "cadre", cadre, share, t["same_minute_share"],
                   f"{count} of {len(visits)} visits by {cadre} are recorded at minute :{minute} "
                   f"of the hour; threshold {t['same_minute_share']:.0%}.",
                   evidence, villages.get(cadre, ()), {"pattern": "same_minute",
                                                       "minute": minute, "visits": len(visits)})]


def _night_sitting(cadre: str, records: list[dict[str, Any]], t: Any,
                   villages: dict[str, tuple[str, ...]]) -> list[Signal]:
    start, end = int(t["night_from"]), int(t["night_until"])
    night = [r for r in records if _is_night(local(r["recorded_at"]).hour, start, end)]
    sittings: list[list[dict[str, Any]]] = []
    gap = timedelta(minutes=t["sitting_minutes"])
    for row in night:
        if sittings and parse(row["recorded_at"]) - parse(sittings[-1][-1]["recorded_at"]) <= gap:
            sittings[-1].append(row)
        else:
            sittings.append([row])
    largest = max(sittings, key=len, default=[])
    if len(largest) < max(2, t["night_records"] / 2):
        return []
    first = local(largest[0]["recorded_at"])
    evidence = tuple(Evidence(r["ref"], int(r["position"]),
                              f"{r['action']} recorded {local(r['recorded_at']):%Y-%m-%d %H:%M%z}")
                     for r in largest)
    return [Signal("night_recording", "cadre", cadre, float(len(largest)),
                   t["night_records"],
                   f"{len(largest)} records by {cadre} were made in one night sitting from "
                   f"{first:%Y-%m-%d %H:%M%z}; threshold {int(t['night_records'])} records.",
                   evidence, villages.get(cadre, ()),
                   {"pattern": "night_sitting",
                    "sittings": sum(1 for s in sittings if len(s) >= t["night_records"])})]


def _is_night(hour: int, start: int, end: int) -> bool:
    return hour >= start or hour < end
