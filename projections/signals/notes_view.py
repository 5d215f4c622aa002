"""signals: the facts the formalism signals need that no other view keeps — every diary entry
and visit note with its LSH band keys, the near-duplicate pairs confirmed among one cadre's
notes, and the inspection rounds with their townships and opening day.

Set-based per page: new notes' band keys are looked up in one ``IN`` query per 4,000 keys,
candidates confirmed with ``rapidfuzz``, and every row written with ``executemany``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import numpy as np

from projections.formats import instant, to_json
from projections.schema import Table, table
from projections.signals import text
from projections.signals.samples import SAMPLE, sample_row
from projections.source import Item
from projections.views.base import View

LOCAL = ZoneInfo("Asia/Shanghai")
NOTE = table(
    "signal_note",
    "ref T, position I, household_code T, cadre_code T, source T, day T, recorded_at T, "
    "chars I, text T, clause_form T, is_retracted I",
    "ref", "cadre_code, position", "position",
)
BAND = table("signal_note_band", "band_key I, position I", "band_key, position")
COPY = table(
    "signal_copy",
    "ref_a T, ref_b T, position_a I, position_b I, cadre_code T, similarity R",
    "ref_a, ref_b", "cadre_code", "ref_b",
)
SHEET = table("signal_sheet", "ref T, position I, household_code T, occurred_on T, sheet_json T",
              "ref", "occurred_on")
ROUND = table("signal_round", "code T, ref T, position I, opened_on T, townships_json T", "code")
SOURCES = {"DiaryEntryRecorded": ("diary", "text"), "Visited": ("visit", "notes"),
           "PhoneContacted": ("phone", "notes")}
CHUNK = 4000


class SignalNotesView(View):
    """Notes, their near-duplicates within each cadre, indicator sheets, rounds, samples."""

    name: ClassVar[str] = "signals"
    tables: ClassVar[tuple[Table, ...]] = (NOTE, BAND, COPY, SHEET, ROUND, SAMPLE)

    def apply(self, items: Sequence[Item]) -> None:
        """Index the page's notes, confirm their near-duplicates, record rounds."""
        notes: dict[str, dict[str, Any]] = {}
        for item in items:
            if item.kind == "household" and item.type_name in SOURCES:
                found = _note(item)
                notes[found["ref"]] = found
            elif item.kind == "household" and item.type_name in ("Corrected", "Retracted"):
                self._amend(item, notes)
            elif item.kind == "household" and item.type_name == "IndicatorsAssessed":
                self.upsert("signal_sheet", [(item.ref, item.position, item.code,
                                              item.event.occurred_on.isoformat(),
                                              to_json(vars(item.event.indicators)))])
            elif item.kind == "round" and item.type_name in ("SampleCommitted", "SampleDrawn"):
                stored = self.db.fetchdicts(SAMPLE.select_sql(self.generation, "round = ?"),
                                            (item.code,))
                row = sample_row(item, stored[0] if stored else None)
                self.upsert("signal_sample", [tuple(row[c] for c in SAMPLE.column_names)])
            elif item.kind == "round" and item.type_name == "Opened":
                self.upsert("signal_round", [(item.code, item.ref, item.position,
                                              item.event.occurred_on.isoformat(),
                                              to_json(sorted(item.event.township_codes)))])
        if notes:
            self._index(list(notes.values()))

    def _amend(self, item: Item, page: dict[str, dict[str, Any]]) -> None:
        e = item.event
        ref = f"{item.kind}/{item.code}/{e.target_version}"
        found = page.get(ref) or self._stored(ref)
        if found is None:
            return
        changed = e.changes.get("text", e.changes.get("notes")) if hasattr(e, "changes") else None
        if item.type_name != "Retracted" and changed is None:
            return
        if ref not in page:
            self._forget(found)
        if item.type_name == "Retracted":
            found["is_retracted"] = 1
        else:
            found.update(_texts(str(changed)))
        page[ref] = found

    def _stored(self, ref: str) -> dict[str, Any] | None:
        rows = self.db.fetchdicts(NOTE.select_sql(self.generation, "ref = ?"), (ref,))
        return rows[0] if rows else None

    def _forget(self, note: dict[str, Any]) -> None:
        """Drop a stored note's band keys (recomputed: they depend only on its text) and pairs."""
        ref = note["ref"]
        signature = text.signatures([note["clause_form"].replace(" ", "")])[0]
        self.db.executemany(
            f"DELETE FROM {self.table('signal_note_band')} WHERE band_key = ? AND position = ?",
            [(key, note["position"]) for key in text.band_keys(note["cadre_code"], signature)])
        for column in ("ref_a", "ref_b"):
            self.db.execute(f"DELETE FROM {self.table('signal_copy')} WHERE {column} = ?",
                            (ref,))

    def _index(self, notes: list[dict[str, Any]]) -> None:
        columns = NOTE.column_names
        self.upsert("signal_note", [tuple(n[c] for c in columns) for n in notes])
        live = [n for n in notes if not n["is_retracted"] and n["chars"] >= text.MIN_INDEXED_CHARS]
        if not live:
            return
        signatures = np.asarray(text.signatures([n["clause_form"].replace(" ", "")
                                                 for n in live]))
        rows = text.band_key_rows([n["cadre_code"] for n in live], signatures).tolist()
        keyed = list(zip(live, rows, strict=True))
        candidates = self._candidates(keyed)
        self.upsert("signal_note_band",
                    sorted((k, n["position"]) for n, keys in keyed for k in keys))
        self.upsert("signal_copy", _confirmed(candidates))

    def _candidates(self, keyed: list[tuple[dict[str, Any], list[int]]]
                    ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Pairs (new note, earlier or same-page note) sharing a band key."""
        by_key: dict[int, list[dict[str, Any]]] = {}
        for note, keys in keyed:
            for key in keys:
                by_key.setdefault(key, []).append(note)
        stored_refs: dict[int, set[int]] = {}
        keys = list(by_key)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for key, position in self.db.fetchall(
                    f"SELECT band_key, position FROM {self.table('signal_note_band')} "
                    f"WHERE band_key IN ({marks})", tuple(chunk)):
                stored_refs.setdefault(int(position), set()).add(key)
        stored = self._notes(list(stored_refs))
        pairs: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}
        for position, hit in stored_refs.items():
            for key in hit:
                for note in by_key[key]:
                    if position in stored and position != note["position"]:
                        pairs[_ordered(stored[position], note)] = (stored[position], note)
        for group in by_key.values():
            for i, first in enumerate(group):
                for second in group[i + 1:]:
                    pairs[_ordered(first, second)] = (first, second)
        return list(pairs.values())

    def _notes(self, positions: list[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(positions), CHUNK):
            chunk = positions[start:start + CHUNK]
            where = f"position IN ({', '.join('?' for _ in chunk)}) AND is_retracted = 0"
            for row in self.db.fetchdicts(NOTE.select_sql(self.generation, where), tuple(chunk)):
                found[int(row["position"])] = row
        return found


def _ordered(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, str]:
    first, second = sorted((a, b), key=lambda n: int(n["position"]))
    return first["ref"], second["ref"]


def _confirmed(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[tuple[object, ...]]:
    """Pairs of notes about another household or another day, alike above the floor."""
    rows: list[tuple[object, ...]] = []
    for a, b in pairs:
        if a["household_code"] == b["household_code"] and a["day"] == b["day"]:
            continue
        score = text.similarity(a["clause_form"], b["clause_form"])
        if score >= text.PAIR_FLOOR:
            first, second = sorted((a, b), key=lambda n: int(n["position"]))
            rows.append((first["ref"], second["ref"], first["position"], second["position"],
                         first["cadre_code"], round(score, 4)))
    return sorted(rows, key=lambda r: (str(r[0]), str(r[1])))


def _note(item: Item) -> dict[str, Any]:
    e = item.event
    source, field = SOURCES[item.type_name]
    moment: date | datetime = getattr(e, "occurred_at", None) or e.occurred_on
    day = moment.astimezone(LOCAL).date() if isinstance(moment, datetime) else moment
    return {"ref": item.ref, "position": item.position, "household_code": item.code,
            "cadre_code": e.cadre_code, "source": source, "day": day.isoformat(),
            "recorded_at": instant(item.recorded_at), "is_retracted": 0,
            **_texts(getattr(e, field))}


def _texts(value: str) -> dict[str, Any]:
    form = text.clause_form(value)
    return {"text": value, "clause_form": form, "chars": len(form.replace(" ", ""))}
