"""Signals from where and when visits happened: bursts before an inspection round reaches a
village (迎检突击), and one cadre at two places too far apart for the time between (分身术)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from typing import Any

from projections.db import ViewDb
from projections.formats import from_json
from projections.signals.config import Thresholds
from projections.signals.geo import distance_km, local, local_midnight, parse
from projections.signals.model import Evidence, Signal

VISITS = (
    "SELECT a.cadre_code, a.ref, a.position, a.business_at, h.code AS household, "
    "h.village_code, h.township_code FROM view_cadre_action a "
    "JOIN view_household_state h ON h.code = a.subject_code "
    "WHERE a.action = 'visit' AND a.subject_kind = 'household' AND a.is_retracted = 0"
)


def visit_bursts(db: ViewDb, limits: Thresholds) -> list[Signal]:
    """Per round and cadre: visits per household in the days before the round opened."""
    t = limits.section("visit_burst")
    days = int(t["window_days"])
    signals = []
    for code, ref, position, opened, townships in db.fetchall(
            "SELECT code, ref, position, opened_on, townships_json FROM view_signal_round "
            "ORDER BY position"):
        opened_on = date.fromisoformat(opened)
        places = from_json(townships)
        marks = ", ".join("?" for _ in places)
        rows = db.fetchdicts(
            f"{VISITS} AND h.township_code IN ({marks}) AND a.business_at >= ? "
            "AND a.business_at < ? ORDER BY a.position",
            (*places, local_midnight(opened_on, days), local_midnight(opened_on)))
        by_cadre: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_cadre[row["cadre_code"]].append(row)
        for cadre, visits in sorted(by_cadre.items()):
            homes = {v["household"] for v in visits}
            rate = round(len(visits) / len(homes), 3)
            if rate < t["per_household"] / 2:
                continue
            evidence = (Evidence(ref, int(position), f"round {code} opened on {opened}"),
                        *(Evidence(v["ref"], int(v["position"]),
                                   f"visit to {v['household']} at "
                                   f"{local(v['business_at']):%Y-%m-%d %H:%M%z}")
                          for v in visits))
            signals.append(Signal(
                "visit_burst", "cadre", cadre, rate, t["per_household"],
                f"{len(visits)} visits by {cadre} to {len(homes)} households in the {days} days "
                f"before inspection round {code} opened on {opened} ({rate} per household; "
                f"threshold {t['per_household']}).",
                evidence, tuple(sorted({v["village_code"] for v in visits})),
                {"round": code, "visits": len(visits), "households": len(homes)}, code))
    return signals


def impossible_schedules(db: ViewDb, limits: Thresholds) -> list[Signal]:
    """Per cadre: consecutive visits at villages too far apart for the time between them."""
    t = limits.section("impossible_schedule")
    places = {code: (lat, lon) for code, lat, lon in db.fetchall(
        "SELECT code, lat, lon FROM view_area WHERE level = 'village' AND lat IS NOT NULL")}
    by_cadre: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in db.fetchdicts(f"{VISITS} ORDER BY a.cadre_code, a.business_at, a.position"):
        by_cadre[row["cadre_code"]].append(row)
    signals = []
    for cadre, visits in sorted(by_cadre.items()):
        found = [_pair(a, b, places, t) for a, b in pairwise(visits)]
        hits = [f for f in found if f is not None]
        if not hits:
            continue
        fastest = max(h[0] for h in hits)
        evidence = tuple(e for h in hits for e in h[1])
        signals.append(Signal(
            "impossible_schedule", "cadre", cadre, round(fastest, 1), t["travel_kmh"],
            f"{len(hits)} times {cadre} recorded visits at two villages farther apart than "
            f"{t['travel_kmh']:.0f} km/h allows in the time between them (fastest "
            f"{fastest:.0f} km/h).",
            evidence, tuple(sorted({v["village_code"] for h in hits for v in h[2]})),
            {"pairs": len(hits)}))
    return signals


def _pair(a: dict[str, Any], b: dict[str, Any], places: dict[str, tuple[float, float]],
          t: Any) -> tuple[float, tuple[Evidence, ...], tuple[dict[str, Any], ...]] | None:
    if a["village_code"] == b["village_code"] or not {a["village_code"],
                                                        b["village_code"]} <= places.keys():
        return None
    km = distance_km(places[a["village_code"]], places[b["village_code"]])
    hours = (parse(b["business_at"]) - parse(a["business_at"])).total_seconds() / 3600
    speed = km / max(hours, 1 / 60)
    if km < t["min_km"] or speed < t["travel_kmh"] / 2:
        return None
    note = f"{km:.1f} km in {hours * 60:.0f} minutes ({speed:.0f} km/h)"
    return speed, tuple(Evidence(v["ref"], int(v["position"]),
                                 f"visit to {v['household']} ({v['village_code']}) at "
                                 f"{local(v['business_at']):%Y-%m-%d %H:%M%z}; {note}")
                        for v in (a, b)), (a, b)
