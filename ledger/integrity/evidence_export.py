"""Building an evidence package (证据包) from a sealed store; ``evidence`` checks one offline.

The subject's events are found by their aggregate ids; each must be sealed and match its seal
(a tampered store is refused: run ``ledger verify``). They are proved against a checkpoint
signed by the log key: by default the newest stored one that covers them, else a new one of the
current tree, which is then stored too. Everything but the extraction record is a function of
the query and the log prefix, so the same query over the same prefix gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from ledger.errors import IntegrityFailure, NotFound, RuleViolation
from ledger.integrity.checkpoint import Checkpoint, Signer, Verifier, verify_checkpoint
from ledger.integrity.checkpointing import (
    SealedRecorder,
    index_entries_at,
    issue_checkpoint,
    stored_note,
)
from ledger.integrity.evidence_format import (
    CHECKPOINT,
    EXTRACTION,
    FORMAT,
    README,
    consistency_path,
    dump_json,
    event_json_path,
    event_path,
    index_path,
    proof_path,
    readable_fields,
    reproducible_digest,
    seal_package,
    sha256_hex,
)
from ledger.integrity.keys import key_file_stem
from ledger.integrity.leaf import LeafRow, StoredRow, event_leaf_hash, originator_id_bytes
from ledger.integrity.subject_index import index_head, proof_for
from ledger.integrity.verify import verify_inclusion

PAGE_SIZE = 5000
ANCHORS_KEPT = 64
"""How many of the newest stored checkpoints' sizes a package carries consistency proofs for."""
METHOD = (
    "Read from the sealed event store with `ledger export-evidence`: each event's stored bytes "
    "are copied unchanged, with the leaf fields that seal them and an RFC 9162 inclusion proof "
    "against a checkpoint signed by the log key (C2SP signed note, Ed25519). Check offline with "
    "`ledger verify-evidence` or by hand as README.txt explains."
)
README_TEXT = f"""{FORMAT}: an evidence package of a tamper-evident ledger

Check it with `ledger verify-evidence FILE.zip --verifier-key LOG.vkey`, or by hand:
1. manifest.json lists the SHA-256 of every other file except manifest.sig;
   manifest.sig is a signed note over "{FORMAT} manifest\\nsha256 <SHA-256 of manifest.json>\\n".
2. checkpoint.txt is the log's signed checkpoint: origin, tree size, base64 root hash.
3. For each events/N.stored.bin, leaf = frame("ledger/leaf/v1") || frame(u64 notification_id)
   || frame(originator id bytes) || frame(u64 originator_version) || frame(utf8 topic)
   || frame(stored bytes), frame(x) = u32_be(len(x)) || x, with the fields of events/N.json;
   leaf hash = SHA-256(0x00 || leaf). proofs/N.json is its RFC 9162 inclusion path to the root.
4. extraction.json is the extraction record; reproducible_sha256 hashes the sha256sum-style
   lines of every file but extraction.json, manifest.json and manifest.sig.
Compare the key in keys/ with the key the county publishes.
"""


@dataclass(frozen=True)
class Subject:
    """Whose events go in: an aggregate's kind, natural code and id."""

    kind: str
    code: str
    originator_id: UUID | str

    @property
    def ref(self) -> str:
        """``household/H001``."""
        return f"{self.kind}/{self.code}"


@dataclass(frozen=True)
class Extraction:
    """The context of the extraction record (提取笔录): why, who, when, where, how."""

    case_reason: str
    operators: tuple[str, ...]
    command: str
    host: str
    extracted_at: datetime
    store: str
    software: str


@dataclass(frozen=True)
class ExportedPackage:
    """A built package and what it proves."""

    data: bytes
    checkpoint: Checkpoint
    event_count: int
    reproducible_sha256: str
    is_new_checkpoint: bool


@dataclass(frozen=True)
class _Found:
    subject: Subject
    row: StoredRow
    leaf: LeafRow


def export_package(
    recorder: SealedRecorder,
    signer: Signer,
    subjects: Sequence[Subject],
    extraction: Extraction,
    *,
    tree_size: int | None = None,
    label: Callable[[str], str] | None = None,
    anchor_sizes: Sequence[int] = (),
) -> ExportedPackage:
    """The subjects' events within ``tree_size`` leaves (default: see the module) as a package.

    The package also carries consistency proofs between its tree and the trees of the last
    ``ANCHORS_KEPT`` stored checkpoints and of ``anchor_sizes``, so an auditor holding any of
    those checkpoints (or a witness's cosignature of one) can anchor it.
    """
    found = find_subject_events(recorder, subjects)
    for subject in subjects:
        if all(event.subject != subject for event in found):
            raise NotFound(subject.kind, subject.code)
    needed = max(event.leaf.leaf_index for event in found) + 1
    note, is_new = _choose_checkpoint(recorder, signer, needed, tree_size)
    checkpoint = verify_checkpoint(note, [Verifier.from_vkey(signer.vkey())])
    found = [event for event in found if event.leaf.leaf_index < checkpoint.tree_size]
    if not found:
        message = f"none of the subjects' events lies in the first {checkpoint.tree_size} leaves"
        raise RuleViolation(message, field="tree_size")
    entries = {
        README: README_TEXT.encode(),
        CHECKPOINT: note.encode(),
        f"keys/{key_file_stem(signer.name)}.vkey": (signer.vkey() + "\n").encode(),
    }
    for event in found:
        entries.update(_event_entries(recorder, event, checkpoint, label))
    entries.update(_consistency_entries(recorder, checkpoint, anchor_sizes))
    entries.update(_index_entries(recorder, checkpoint, subjects))
    digest = reproducible_digest(entries)
    record = _extraction_record(extraction, subjects, found, checkpoint, digest)
    entries[EXTRACTION] = dump_json(record)
    data = seal_package(entries, signer)
    return ExportedPackage(data, checkpoint, len(found), digest, is_new)


def find_subject_events(recorder: SealedRecorder, subjects: Sequence[Subject]) -> list[_Found]:
    """Every stored event of the subjects, in log order, each checked against its seal."""
    wanted = {subject.originator_id: subject for subject in subjects}
    found: list[_Found] = []
    until, after = recorder.log_bounds().max_notification_id, 0
    while page := recorder.select_stored_rows(after, until, PAGE_SIZE):
        for row in page:
            subject = wanted.get(row.originator_id)
            if subject is not None:
                found.append(_Found(subject, row, _sealed_leaf(recorder, row)))
        after = page[-1].notification_id
    return found


def _sealed_leaf(recorder: SealedRecorder, row: StoredRow) -> LeafRow:
    leaf = recorder.leaf_for_notification(row.notification_id)
    if leaf is None:
        raise IntegrityFailure(
            f"event {row.notification_id} is not sealed: run ledger verify",
            kind="inserted",
            position=row.notification_id,
        )
    if event_leaf_hash(row) != leaf.leaf_hash:
        raise IntegrityFailure(
            f"event {row.notification_id} differs from its seal: run ledger verify",
            kind="altered",
            position=leaf.leaf_index,
        )
    return leaf


def _choose_checkpoint(
    recorder: SealedRecorder, signer: Signer, needed: int, tree_size: int | None
) -> tuple[str, bool]:
    """A signed note: a stored one if it fits, else a new one (stored too)."""
    verifier = Verifier.from_vkey(signer.vkey())
    current = recorder.tree_size()
    if tree_size is None:
        newest = stored_note(recorder, verifier, None)
        if newest is not None and _fits(verify_checkpoint(newest, [verifier]), needed):
            return newest, False
        tree_size = current
    if not 0 < tree_size <= current:
        message = f"tree size {tree_size} is outside the sealed log of {current} leaves"
        raise RuleViolation(message, field="tree_size")
    note = stored_note(recorder, verifier, tree_size)
    if note is not None and _fits(verify_checkpoint(note, [verifier]), 0):
        return note, False
    return issue_checkpoint(recorder, signer, tree_size), True


def _fits(checkpoint: Checkpoint, needed: int) -> bool:
    """Covers the events needed and carries the subject index completeness is proved by."""
    return checkpoint.tree_size >= needed and index_head(checkpoint.extensions) is not None


def _index_entries(
    recorder: SealedRecorder, checkpoint: Checkpoint, subjects: Sequence[Subject]
) -> dict[str, bytes]:
    """For each subject, its entry in the checkpoint's subject index, with the inclusion path."""
    entries = index_entries_at(recorder, checkpoint.tree_size)
    position = {entry.originator_id: number for number, entry in enumerate(entries)}
    files: dict[str, bytes] = {}
    for subject in subjects:
        number = position.get(originator_id_bytes(subject.originator_id))
        if number is None:
            continue
        entry = entries[number]
        files[index_path(number)] = dump_json({
            "subject": subject.ref,
            "position": number,
            "count": len(entries),
            "originator_id": entry.originator_id.hex(),
            "version": entry.version,
            "leaf_index": entry.leaf_index,
            "inclusion_path": [node.hex() for node in proof_for(entries, number)],
        })
    return files


def _event_entries(
    recorder: SealedRecorder,
    event: _Found,
    checkpoint: Checkpoint,
    label: Callable[[str], str] | None,
) -> dict[str, bytes]:
    index, row, size = event.leaf.leaf_index, event.row, checkpoint.tree_size
    path = recorder.inclusion_proof(index, size)
    verify_inclusion(event.leaf.leaf_hash, index, size, path, checkpoint.root_hash)
    meta = {
        "ref": f"{event.subject.ref}/{row.originator_version}",
        "subject": event.subject.ref,
        "leaf_index": index,
        "notification_id": row.notification_id,
        "originator_id": str(row.originator_id),
        "originator_id_type": "uuid" if isinstance(row.originator_id, UUID) else "text",
        "originator_version": row.originator_version,
        "topic": row.topic,
        "label": label(row.topic) if label else None,
        "leaf_hash": event.leaf.leaf_hash.hex(),
        "stored_state_file": event_path(index),
        "stored_state_sha256": sha256_hex(row.state),
        "fields": readable_fields(row.state),
    }
    proof = {
        "leaf_index": index,
        "tree_size": size,
        "leaf_hash": event.leaf.leaf_hash.hex(),
        "inclusion_path": [node.hex() for node in path],
        "root_hash": checkpoint.root_hash.hex(),
    }
    return {
        event_path(index): bytes(row.state),
        event_json_path(index): dump_json(meta),
        proof_path(index): dump_json(proof),
    }


def _consistency_entries(
    recorder: SealedRecorder, checkpoint: Checkpoint, requested: Sequence[int]
) -> dict[str, bytes]:
    """Consistency proofs from (or to) the sizes an auditor may hold an anchor of."""
    current = recorder.tree_size()
    for size in requested:
        if not 0 < size <= current:
            raise RuleViolation(f"anchor size {size} is outside the sealed log of {current} "
                                "leaves", field="anchor_size")
    stored = sorted({row.tree_size for row in recorder.select_checkpoints()})[-ANCHORS_KEPT:]
    entries: dict[str, bytes] = {}
    for size in sorted({*stored, *requested} - {checkpoint.tree_size, 0}):
        old, new = sorted((size, checkpoint.tree_size))
        proof = {
            "old_size": old,
            "new_size": new,
            "old_root": recorder.root(old).hex(),
            "new_root": recorder.root(new).hex(),
            "proof": [node.hex() for node in recorder.consistency_proof(old, new)],
        }
        entries[consistency_path(size)] = dump_json(proof)
    return entries


def _extraction_record(
    extraction: Extraction,
    subjects: Sequence[Subject],
    found: Sequence[_Found],
    checkpoint: Checkpoint,
    digest: str,
) -> dict[str, object]:
    return {
        "record": "电子数据提取笔录 (electronic data extraction record)",
        "format": FORMAT,
        "case_reason": extraction.case_reason,
        "subjects": [subject.ref for subject in subjects],
        "operators": list(extraction.operators),
        "extracted_at": extraction.extracted_at.isoformat(),
        "place": extraction.host,
        "method": METHOD,
        "command": extraction.command,
        "software": extraction.software,
        "store": extraction.store,
        "log": {
            "origin": checkpoint.origin,
            "tree_size": checkpoint.tree_size,
            "root_hash": checkpoint.root_hash.hex(),
            "checkpoint_file": CHECKPOINT,
        },
        "event_count": len(found),
        "data_list": [
            {
                "file": event_path(e.leaf.leaf_index),
                "ref": f"{e.subject.ref}/{e.row.originator_version}",
                "topic": e.row.topic,
            }
            for e in found
        ],
        "reproducible_sha256": digest,
    }
