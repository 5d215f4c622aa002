"""Evidence packages: built from a sealed store, checked offline; any changed byte fails.

The store is a small county recorded through the use cases on SQLite; the log key is fixed so
packages are reproducible.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain.cadre import Cadre
from ledger.domain.household import Household
from ledger.domain.values import Member
from ledger.errors import IntegrityFailure, NotFound
from ledger.integrity.audit import verify_store
from ledger.integrity.checkpoint import Checkpoint, Signer, Verifier, cosign
from ledger.integrity.checkpointing import checkpoint_now, sealed_recorder
from ledger.integrity.evidence import verify_package
from ledger.integrity.evidence_export import Extraction, Subject, export_package
from ledger.integrity.evidence_format import (
    EXTRACTION,
    MANIFEST,
    MANIFEST_SIG,
    dump_json,
    read_zip,
    readable,
    reproducible_digest,
    seal_package,
    subject_id,
    write_zip,
)
from ledger.integrity.subject_index import IndexHead, index_head
from ledger.storage.config import resolve_database

LOG = Signer("ledger.changbai.example/log", Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32))
START = date(2024, 1, 2)
H001 = Subject("household", "H001", Household.id_for("H001"))
EXTRACTION_CONTEXT = Extraction(
    case_reason="群众来信反映走访记录不实",
    operators=("纪检员甲", "纪检员乙"),
    command="ledger export-evidence --household H001 ...",
    host="jiwei-pc-01",
    extracted_at=datetime(2024, 3, 1, 9, tzinfo=UTC),
    store="sqlite:///county.db",
    software="poverty-ledger test",
)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Ledger]:
    """A county with two households and 16 visits on SQLite (24 events), and a checkpoint."""
    clock = SimulatedClock(datetime(2024, 1, 2, 8, tzinfo=UTC))
    ledger = Ledger(
        env=resolve_database(str(tmp_path / "c.db"), {}).eventsourcing_env(), clock=clock
    )
    ledger.register_county("220623", "长白朝鲜族自治县", START)
    ledger.register_township("T01", "长白镇", 41.42, 128.20, START)
    ledger.register_village("V01", "T01", "金华村", 41.45, 128.25, True, START)
    ledger.appoint_cadre("C01", "李明", "household_cadre", "V01", occurred_on=START)
    for code, head in (("H001", "金大山"), ("H002", "朴永哲")):
        ledger.register_household(
            code,
            "V01",
            head,
            [Member(1, head, "户主", None, "男", 1955)],
            "dibao",
            "illness",
            START,
        )
        ledger.assign_cadre("C01", START, household=code)
    add_visits(ledger, clock, 8)
    checkpoint_now(ledger, LOG)
    yield ledger
    ledger.close()


def add_visits(ledger: Ledger, clock: SimulatedClock, days: int) -> None:
    """One visit to each household per day."""
    for _ in range(days):
        clock.advance(timedelta(days=1))
        for code in ("H001", "H002"):
            ledger.record_visit(code, "C01", clock.now() - timedelta(hours=2), "in_person", "走访")


def export(app: Ledger, tree_size: int | None = None) -> bytes:
    """A package of H001's events."""
    recorder = sealed_recorder(app)
    return export_package(recorder, LOG, [H001], EXTRACTION_CONTEXT, tree_size=tree_size).data


def test_a_fresh_package_verifies_with_the_published_key(app: Ledger) -> None:
    """Every check holds; H001 has 10 events, proved against the stored checkpoint (24)."""
    report = verify_package(export(app), [Verifier.from_vkey(LOG.vkey())])
    assert report.ok, report.problems
    assert (report.event_count, report.key_source) == (10, "given")
    assert report.checkpoint is not None
    assert report.checkpoint["tree_size"] == 24


def test_without_a_key_the_package_key_is_used_and_reported(app: Ledger) -> None:
    """Offline with nothing but the file: verifies, saying whose key it trusted."""
    report = verify_package(export(app))
    assert report.ok
    assert report.key_source == "package"
    assert report.keys == [f"{LOG.name}+{LOG.key_id().hex()}"]


def test_the_readable_json_is_the_stored_json_unwrapped(app: Ledger) -> None:
    """events/N.json shows the stored fields with the transcoder's type wrappers removed."""
    entries = read_zip(export(app))
    registered = entries["events/000000000004.json"].decode()
    assert '"head_name": "金大山"' in registered
    assert "_type_" in entries["events/000000000004.stored.bin"].decode()
    assert "_type_" not in registered
    assert readable({"a": {"_type_": "date_iso", "_data_": "2024-01-02"}}) == {"a": "2024-01-02"}


def test_the_same_query_over_the_same_prefix_gives_the_same_files(app: Ledger) -> None:
    """Only the extraction record (and so the manifest) differs; the digest is the same."""
    first = read_zip(export(app))
    assert isinstance(app.clock, SimulatedClock)
    add_visits(app, app.clock, 1)
    checkpoint_now(app, LOG)
    later = replace(EXTRACTION_CONTEXT, extracted_at=datetime(2024, 6, 1, tzinfo=UTC))
    recorder = sealed_recorder(app)
    again = read_zip(export_package(recorder, LOG, [H001], later, tree_size=24).data)
    mutable = {EXTRACTION, MANIFEST, MANIFEST_SIG}
    assert {k: v for k, v in first.items() if k not in mutable and "consistency/" not in k} == {
        k: v for k, v in again.items() if k not in mutable and "consistency/" not in k
    }
    assert reproducible_digest(first) == reproducible_digest(again)
    assert first[EXTRACTION] != again[EXTRACTION]


LOCAL_HEADER_FIELDS = (0, 4, 6, 8, 10, 12, 14, 18, 22, 26, 28, 30)
CENTRAL_HEADER_FIELDS = (0, 4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 30, 32, 34, 36, 38, 42, 46)


def header_positions(data: bytes) -> set[int]:
    """A byte of each field of the first and last entries' headers, and the whole end record."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos, central = archive.infolist(), archive.start_dir
    positions = set(range(len(data) - 22, len(data)))
    for number, info in enumerate(infos):
        if number < 3 or number == len(infos) - 1:
            positions |= {info.header_offset + field for field in LOCAL_HEADER_FIELDS}
            positions |= {central + field for field in CENTRAL_HEADER_FIELDS}
        central += 46 + len(info.filename)
    return positions


def test_any_flipped_byte_of_the_file_fails(app: Ledger) -> None:
    """Each header field of some entries, the end record and every 127th byte, one by one."""
    data = export(app)
    for position in sorted(header_positions(data) | set(range(0, len(data), 127))):
        changed = bytearray(data)
        changed[position] ^= 0x01
        assert not verify_package(bytes(changed)).ok, position


def test_a_changed_byte_in_any_entry_of_a_rebuilt_zip_fails_naming_it(app: Ledger) -> None:
    """Rebuilt as a valid, canonical ZIP, a change to any file is still caught and named."""
    entries = read_zip(export(app))
    for name, content in entries.items():
        changed = bytearray(content)
        changed[len(changed) // 2] ^= 0x01
        report = verify_package(write_zip({**entries, name: bytes(changed)}))
        named = {p.file for p in report.problems}
        assert not report.ok, name
        assert name in named or (name == MANIFEST and MANIFEST_SIG in named), report.problems


def test_a_package_re_signed_with_another_key_fails_with_the_published_key(app: Ledger) -> None:
    """An impostor re-signs checkpoint, keys and manifest: only the published key tells."""
    entries = read_zip(export(app))
    impostor = Signer(LOG.name, Ed25519PrivateKey.from_private_bytes(bytes([9]) * 32))
    checkpoint = Checkpoint.parse(entries["checkpoint.txt"].decode().split("\n\n")[0] + "\n")
    forged = {k: v for k, v in entries.items() if k not in {MANIFEST, MANIFEST_SIG}}
    forged["checkpoint.txt"] = impostor.sign_note(checkpoint.body()).encode()
    (key_name,) = [k for k in entries if k.startswith("keys/")]
    forged[key_name] = (impostor.vkey() + "\n").encode()
    record = json.loads(forged[EXTRACTION])
    forged[EXTRACTION] = dump_json({**record, "reproducible_sha256": reproducible_digest(forged)})
    data = seal_package(forged, impostor)
    assert verify_package(data).ok
    report = verify_package(data, [Verifier.from_vkey(LOG.vkey())])
    assert {p.kind for p in report.problems} == {"manifest_signature", "checkpoint_signature"}


def test_a_proof_against_an_earlier_tree_holds_only_the_events_it_contains(app: Ledger) -> None:
    """--tree-size 12: the events of H001 among the first 12 leaves, a new checkpoint signed."""
    report = verify_package(export(app, 12), [Verifier.from_vkey(LOG.vkey())])
    assert report.ok
    assert report.checkpoint is not None
    assert report.checkpoint["tree_size"] == 12
    assert report.event_count == 4


def test_a_tampered_store_is_refused_for_export(app: Ledger, tmp_path: Path) -> None:
    """An event that differs from its seal is not exported: run ledger verify."""
    with sqlite3.connect(tmp_path / "c.db") as connection:
        (state,) = connection.execute("SELECT state FROM stored_events WHERE rowid = 9").fetchone()
        changed = state.replace(b"\xe8\xb5\xb0", b"\xe8\xb5\xb1")  # one character of 走访
        connection.execute("UPDATE stored_events SET state = ? WHERE rowid = 9", (changed,))
    connection.close()
    with pytest.raises(IntegrityFailure, match="differs from its seal"):
        export(app)


def test_an_unknown_subject_is_not_found(app: Ledger) -> None:
    """A household with no events is named."""
    missing = Subject("household", "H404", Household.id_for("H404"))
    with pytest.raises(NotFound, match="H404"):
        export_package(sealed_recorder(app), LOG, [H001, missing], EXTRACTION_CONTEXT)


def test_verifying_needs_no_database_and_no_ledger_application(app: Ledger, tmp_path: Path) -> None:
    """A fresh interpreter verifies the file importing neither a database driver nor the app."""
    path = tmp_path / "p.zip"
    path.write_bytes(export(app))
    script = (
        "import sys\n"
        "from ledger.integrity.evidence import verify_package\n"
        f"assert verify_package(open({str(path)!r}, 'rb').read()).ok\n"
        "roots = {m.split('.')[0] for m in sys.modules}\n"
        "used = {'sqlite3', 'psycopg', 'eventsourcing', 'orjson', 'rich'} & roots\n"
        "assert not used and 'ledger.application' not in sys.modules, used\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_the_container_is_a_plain_stored_zip(app: Ledger) -> None:
    """Entries are stored (no compression), sorted, dated 1980-01-01: any tool can open it."""
    with zipfile.ZipFile(io.BytesIO(export(app))) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {(i.compress_type, i.date_time) for i in infos} == {
        (zipfile.ZIP_STORED, (1980, 1, 1, 0, 0, 0))
    }


WITNESS = Signer("witness.jiwei.example", Ed25519PrivateKey.from_private_bytes(bytes([8]) * 32))


def resealed(entries: dict[str, bytes], **extraction_changes: object) -> bytes:
    """What a county holding its own log key can do: edit, fix the record, sign again."""
    entries = {k: v for k, v in entries.items() if k not in {MANIFEST, MANIFEST_SIG}}
    record = json.loads(entries[EXTRACTION])
    record.update(extraction_changes)
    record["event_count"] = sum(name.endswith(".stored.bin") for name in entries)
    record["reproducible_sha256"] = reproducible_digest(entries)
    entries[EXTRACTION] = dump_json(record)
    return seal_package(entries, LOG)


def test_a_dropped_middle_event_is_caught_though_the_county_signed_again(app: Ledger) -> None:
    """Versions 1..10 with version 5 left out, re-signed with the real key: completeness fails."""
    entries = read_zip(export(app))
    fifth = next(name for name in entries if name.endswith(".json") and name.startswith("events/")
                 and json.loads(entries[name])["originator_version"] == 5)
    stem = fifth.removesuffix(".json")
    for name in (fifth, stem + ".stored.bin", stem.replace("events/", "proofs/") + ".json"):
        del entries[name]
    report = verify_package(resealed(entries), [Verifier.from_vkey(LOG.vkey())])
    assert [p.kind for p in report.problems] == ["completeness"], report.problems
    assert "missing [5]" in report.problems[0].message


def test_a_package_that_names_another_household_is_caught(app: Ledger) -> None:
    """Subjects say H002, the events are H001's: the recomputed ids do not match."""
    entries = read_zip(export(app))
    for name in [n for n in entries if n.startswith("events/") and n.endswith(".json")]:
        meta = json.loads(entries[name])
        meta["subject"] = "household/H002"
        entries[name] = dump_json(meta)
    data = resealed(entries, subjects=["household/H002"])
    report = verify_package(data, [Verifier.from_vkey(LOG.vkey())])
    assert {p.kind for p in report.problems} == {"subjects"}, report.problems


def test_a_witness_cosignature_anchors_and_without_it_nothing_does(app: Ledger) -> None:
    """The package's checkpoint cosigned by a trusted witness, given as the anchor: anchored.
    The same note without the cosignature: not anchored when a witness key is required."""
    data = export(app)
    note = read_zip(data)["checkpoint.txt"].decode()
    text = note.split("\n\n")[0] + "\n"
    cosigned = note + cosign(text, WITNESS, 1_700_000_000)
    witness = Verifier.from_vkey(WITNESS.vkey())
    log = [Verifier.from_vkey(LOG.vkey())]
    report = verify_package(data, log, anchors=[cosigned], witnesses=[witness])
    assert (report.ok, report.anchored) == (True, True), report.problems
    assert WITNESS.name in report.anchors[0]
    bare = verify_package(data, log, anchors=[note], witnesses=[witness])
    assert not bare.anchored
    assert verify_package(data, log, anchors=[note]).anchored


def test_the_verifiers_id_rule_is_the_domains() -> None:
    """The evidence verifier derives aggregate ids exactly as the domain does."""
    assert subject_id("household/H001") == Household.id_for("H001")
    assert subject_id("cadre/C01") == Cadre.id_for("C01")
    assert subject_id("household") is None


def test_a_dropped_last_event_is_caught_by_the_signed_subject_index(app: Ledger) -> None:
    """Versions 1..9 of 10, re-signed with the real key: the index says the latest is 10."""
    entries = read_zip(export(app))
    names = [n for n in entries if n.startswith("events/") and n.endswith(".json")]
    last = max(names, key=lambda n: json.loads(entries[n])["originator_version"])
    stem = last.removesuffix(".json")
    for name in (last, stem + ".stored.bin", stem.replace("events/", "proofs/") + ".json"):
        del entries[name]
    report = verify_package(resealed(entries), [Verifier.from_vkey(LOG.vkey())])
    assert [p.kind for p in report.problems] == ["completeness"], report.problems
    assert "latest event is version 10" in report.problems[0].message


def test_every_single_event_dropped_in_turn_is_caught(app: Ledger) -> None:
    """Whichever one event of H001 is left out, the re-signed package fails completeness."""
    entries = read_zip(export(app))
    names = [n for n in entries if n.startswith("events/") and n.endswith(".json")]
    for name in names:
        stem = name.removesuffix(".json")
        dropped = {name, stem + ".stored.bin", stem.replace("events/", "proofs/") + ".json"}
        kept = {k: v for k, v in entries.items() if k not in dropped}
        report = verify_package(resealed(kept), [Verifier.from_vkey(LOG.vkey())])
        assert "completeness" in {p.kind for p in report.problems}, name


def naive_index_root(rows: list[tuple[bytes, int, int]]) -> tuple[int, bytes]:
    """A second implementation from docs/integrity.md alone: entries sorted by id bytes,
    frame = u32 length || bytes, RFC 9162 MTH written out recursively."""
    import hashlib

    def framed(b: bytes) -> bytes:
        return len(b).to_bytes(4, "big") + b

    latest: dict[bytes, tuple[int, int]] = {}
    for key, version, leaf in rows:
        if key not in latest or version > latest[key][0]:
            latest[key] = (version, leaf)
    data = [framed(b"ledger/index/v1") + framed(k) + framed(latest[k][0].to_bytes(8, "big"))
            + framed(latest[k][1].to_bytes(8, "big")) for k in sorted(latest)]

    def mth(items: list[bytes]) -> bytes:
        if not items:
            return hashlib.sha256(b"").digest()
        if len(items) == 1:
            return hashlib.sha256(b"\x00" + items[0]).digest()
        k = 1
        while k * 2 < len(items):
            k *= 2
        return hashlib.sha256(b"\x01" + mth(items[:k]) + mth(items[k:])).digest()

    return len(data), mth(data)


def test_the_checkpoint_index_matches_a_second_implementation(app: Ledger) -> None:
    """The index line `checkpoint` signs equals the one recomputed from the stored rows."""
    recorder = sealed_recorder(app)
    size = recorder.tree_size()
    rows = recorder.select_stored_rows(0, 10**9, 10**6)
    count, root = naive_index_root(
        [(r.originator_id.bytes, r.originator_version, i) for i, r in enumerate(rows)][:size])
    note = checkpoint_now(app, LOG)
    head = index_head(Checkpoint.parse(note.split("\n\n")[0] + "\n").extensions)
    assert head is not None
    assert (head.count, head.root_hash) == (count, root)


def test_verify_store_catches_a_checkpoint_signed_over_a_false_index(app: Ledger) -> None:
    """A county signing an index that hides an event is caught by the full audit."""
    recorder = sealed_recorder(app)
    size = recorder.tree_size()
    false = IndexHead(1, bytes(32)).line()
    note = LOG.sign_note(Checkpoint(LOG.name, size, recorder.root(size), (false,)).body())
    recorder.store_checkpoint(note, size, recorder.root(size))
    report = verify_store(recorder, log_verifiers=[Verifier.from_vkey(LOG.vkey())])
    assert any("subject index" in p.message for p in report.problems), report.problems
