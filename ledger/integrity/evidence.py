"""Checking an evidence package offline: no database, only the stdlib and ``cryptography``.

``verify_package`` checks every byte: the container is the canonical ZIP of its files; every
file is listed in the manifest with its SHA-256; the manifest is signed by the log key; the
checkpoint is signed by the log key; each event's leaf, recomputed from its stored bytes and
leaf fields, is included in the checkpoint's tree; each readable rendering equals its stored
bytes; and the extraction record names the same tree. Without verifier keys it trusts the keys
inside the package and says so: compare their IDs with the county's published key.

Problem kinds: ``container``, ``missing_file``, ``unexpected_file``, ``format``, ``manifest``,
``manifest_signature``, ``key``, ``checkpoint_signature``, ``leaf``, ``proof``, ``fields``,
``extraction``. The package format and the report types are in ``evidence_format``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from ledger.errors import ProofError, SignatureError
from ledger.integrity.checkpoint import (
    ED25519_COSIGNATURE,
    Checkpoint,
    VerifiedSignature,
    Verifier,
    key_id,
    verify_note,
)
from ledger.integrity.evidence_format import (
    ANCHOR_PROOFS,
    CHECKPOINT,
    EXTRACTION,
    INDEX_PROOFS,
    MANIFEST,
    MANIFEST_SIG,
    MAX_JSON_DEPTH,
    STORED_SUFFIX,
    UNSIGNED,
    EvidenceError,
    EvidenceProblem,
    EvidenceReport,
    consistency_path,
    event_json_path,
    event_path,
    is_package_name,
    json_depth,
    manifest_signature_text,
    proof_path,
    read_zip,
    readable_fields,
    reproducible_digest,
    sha256_hex,
    subject_id,
    write_zip,
)
from ledger.integrity.leaf import StoredRow, event_leaf_hash
from ledger.integrity.subject_index import IndexEntry, IndexHead, index_head
from ledger.integrity.verify import leaf_hash, verify_consistency, verify_inclusion

REQUIRED = (CHECKPOINT, EXTRACTION, MANIFEST, MANIFEST_SIG)
MAX_PROBLEMS = 100
"""Problems listed in a report; the rest are counted in one closing line."""


def verify_package(
    data: bytes, verifiers: Sequence[Verifier] = (), *, anchors: Sequence[str] = (),
    witnesses: Sequence[Verifier] = (),
) -> EvidenceReport:
    """Check every byte of a package; with no ``verifiers``, trust the package's own keys.

    ``anchors`` are checkpoint notes the auditor holds; ``witnesses`` are cosigner keys the
    auditor trusts. The package is *anchored* when its tree is proved consistent with a held
    checkpoint, or with a checkpoint (held or in the package) cosigned by a trusted witness;
    when witnesses are given, only a cosigned checkpoint anchors it. An unanchored package
    proves only that the county's key signed it.

    A package may be hostile: whatever it holds, the answer is a report (problems capped at
    ``MAX_PROBLEMS``), never an exception.
    """
    report = EvidenceReport(key_source="given" if verifiers else "package")
    try:
        entries = read_zip(data)
    except EvidenceError as error:
        report.problems.append(EvidenceProblem("container", None, str(error)))
        return report
    check = _PackageCheck(entries, report)
    if write_zip(entries) != data:
        check.add(
            "container",
            None,
            "the ZIP container is not canonical: a byte outside the "
            "files' contents (names, dates, attributes, directory) was changed",
        )
    try:
        check.run(list(verifiers), list(anchors), [as_cosigner(w) for w in witnesses])
    except Exception as error:  # a hostile package gets a FAIL line, never a traceback
        check.add("format", None, f"the package could not be read: {type(error).__name__}")
    check.close()
    return report


class _PackageCheck:
    """One verification run over a package's entries, collecting problems in the report."""

    def __init__(self, entries: dict[str, bytes], report: EvidenceReport) -> None:
        self.entries = entries
        self.report = report
        self.dropped = 0

    def add(self, kind: str, file: str | None, message: str) -> None:
        if len(self.report.problems) < MAX_PROBLEMS:
            self.report.problems.append(EvidenceProblem(kind, file, message))
        else:
            self.dropped += 1

    def close(self) -> None:
        """Say how many problems were past the cap."""
        if self.dropped:
            self.report.problems.append(EvidenceProblem(
                "format", None, f"{self.dropped:,} more problems not listed"))

    def signed_by(self, signatures: Sequence[VerifiedSignature]) -> None:
        """Remember which keys produced a valid signature: only those are reported."""
        for signature in signatures:
            shown = f"{signature.name}+{signature.key_id.hex()}"
            if shown not in self.report.keys:
                self.report.keys.append(shown)

    def run(self, verifiers: list[Verifier], anchors: list[str],
            witnesses: list[Verifier]) -> None:
        self.check_names()
        manifest = self.check_manifest()
        keys = verifiers or self.package_keys()
        if not keys:
            self.add("key", None, "no verifier key: give one, or the package must hold keys/")
            return
        self.check_manifest_signature(keys)
        checkpoint = self.open_checkpoint(keys)
        if checkpoint is not None:
            self.check_events(checkpoint)
            self.check_extraction(checkpoint, manifest)
            self.check_subjects(checkpoint)
            self.check_anchors(checkpoint, keys, anchors, witnesses)

    # --- files and manifest ---

    def check_names(self) -> None:
        for name in sorted(self.entries):
            if not is_package_name(name):
                self.add("unexpected_file", name, f"{name} is not part of the package format")
        for name in REQUIRED:
            if name not in self.entries:
                self.add("missing_file", name, f"{name} is missing")

    def check_manifest(self) -> dict[str, Any]:
        manifest = self.load_json(MANIFEST)
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
            self.add("format", MANIFEST, "manifest.json lists no files")
            return {}
        listed: dict[str, Any] = manifest["files"]
        for name in sorted(set(self.entries) - UNSIGNED - set(listed)):
            self.add("unexpected_file", name, f"{name} is not listed in the manifest")
        for name, digest in sorted(listed.items()):
            data = self.entries.get(name)
            if data is None:
                self.add("missing_file", name, f"{name} is listed in the manifest but missing")
            elif sha256_hex(data) != digest:
                self.add("manifest", name, f"the SHA-256 of {name} differs from the manifest")
        if manifest.get("reproducible_sha256") != reproducible_digest(self.entries):
            self.add("manifest", MANIFEST, "the reproducible digest does not match the files")
        return manifest

    def package_keys(self) -> list[Verifier]:
        keys: list[Verifier] = []
        for name in sorted(n for n in self.entries if n.startswith("keys/")):
            try:
                keys.append(Verifier.from_vkey(self.entries[name].decode().strip()))
            except (SignatureError, UnicodeDecodeError) as error:
                self.add("key", name, f"{name} is not a verifier key: {error}")
        return keys

    def check_manifest_signature(self, keys: list[Verifier]) -> None:
        manifest, signature = self.entries.get(MANIFEST), self.text(MANIFEST_SIG)
        if manifest is None or signature is None:
            return
        try:
            opened = verify_note(signature, keys)
        except SignatureError as error:
            self.add("manifest_signature", MANIFEST_SIG, f"manifest signature: {error.message}")
            return
        self.signed_by(opened.signatures)
        if opened.text != manifest_signature_text(manifest):
            self.add("manifest_signature", MANIFEST_SIG, "the signature is not over this manifest")

    def open_checkpoint(self, keys: list[Verifier]) -> Checkpoint | None:
        note = self.text(CHECKPOINT)
        if note is None:
            return None
        try:
            opened = verify_note(note, keys)
            checkpoint = Checkpoint.parse(opened.text)
        except SignatureError as error:
            self.add("checkpoint_signature", CHECKPOINT, f"checkpoint: {error.message}")
            return None
        self.signed_by(opened.signatures)
        self.report.checkpoint = {
            "origin": checkpoint.origin,
            "tree_size": checkpoint.tree_size,
            "root_hash": checkpoint.root_hash.hex(),
        }
        return checkpoint

    # --- events and proofs ---

    def check_events(self, checkpoint: Checkpoint) -> None:
        stored = sorted(n for n in self.entries if n.endswith(STORED_SUFFIX))
        indexes = [
            int(name.removeprefix("events/").removesuffix(STORED_SUFFIX))
            for name in stored
            if is_package_name(name)
        ]
        self.report.event_count = len(indexes)
        expected = {p(i) for i in indexes for p in (event_json_path, proof_path)}
        described = {n for n in self.entries if n.endswith(".json") and "/" in n
                     and not n.startswith((ANCHOR_PROOFS, INDEX_PROOFS))}
        for name in sorted(described - expected):
            self.add("unexpected_file", name, f"{name} belongs to no stored event")
        for index in indexes:
            self.check_event(index, checkpoint)

    def check_event(self, index: int, checkpoint: Checkpoint) -> None:
        names = (event_path(index), event_json_path(index), proof_path(index))
        state, meta, proof = (
            self.entries[names[0]],
            self.load_json(names[1]),
            self.load_json(names[2]),
        )
        try:
            leaf_hash = event_leaf_hash(_stored_row(meta, state))
            path = [bytes.fromhex(element) for element in proof["inclusion_path"]]
            claimed = {
                meta["leaf_index"],
                proof["leaf_index"],
                meta["leaf_hash"],
                proof["leaf_hash"],
            }
            is_rendered = (meta["fields"], meta["stored_state_sha256"]) == (
                readable_fields(state),
                sha256_hex(state),
            )
            size = proof["tree_size"]
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            self.add("format", names[1], f"event {index}: unreadable leaf fields or proof: {error}")
            return
        if claimed != {index, leaf_hash.hex()}:
            self.add(
                "leaf",
                names[0],
                f"event {index}: the leaf recomputed from its stored bytes "
                "and fields differs from the one its files claim",
            )
        if not is_rendered:
            self.add(
                "fields",
                names[1],
                f"event {index}: the readable rendering or digest does not match the stored bytes",
            )
        self.check_inclusion(index, leaf_hash, path, size, checkpoint)

    def check_inclusion(
        self, index: int, leaf_hash: bytes, path: list[bytes], size: object, cp: Checkpoint
    ) -> None:
        name = proof_path(index)
        if size != cp.tree_size:
            self.add(
                "proof",
                name,
                f"event {index}: proof for size {size}, checkpoint has {cp.tree_size}",
            )
            return
        try:
            verify_inclusion(leaf_hash, index, cp.tree_size, path, cp.root_hash)
        except ProofError as error:
            self.add("proof", name, f"event {index}: {error.message}")

    # --- anchors the auditor holds ---

    def check_anchors(self, checkpoint: Checkpoint, keys: list[Verifier], anchors: list[str],
                      witnesses: list[Verifier]) -> None:
        """Record each held anchor that agrees with the package's tree; add a problem for each
        that does not (a fork, a missing proof, a missing cosignature)."""
        own = self.text(CHECKPOINT) or ""
        if witnesses and not anchors and self.cosigned_by(own, witnesses, CHECKPOINT):
            self.report.anchors.append(f"the package's checkpoint is cosigned by "
                                       f"{self.cosigners(own, witnesses)}")
        for number, note in enumerate(anchors, 1):
            where = f"anchor {number}"
            if witnesses and not self.cosigned_by(note, witnesses, where):
                continue
            try:
                anchor = Checkpoint.parse(verify_note(note, keys).text)
            except SignatureError as error:
                self.add("anchor", where, f"{where} is not a checkpoint of this log's key: "
                         f"{error.message}")
                continue
            if self.agrees(checkpoint, anchor, where):
                by = f", cosigned by {self.cosigners(note, witnesses)}" if witnesses else ""
                self.report.anchors.append(
                    f"{where}: tree size {anchor.tree_size:,} root {anchor.root_hash.hex()[:16]}…"
                    f"{by}")

    def cosigned_by(self, note: str, witnesses: list[Verifier], where: str) -> bool:
        try:
            verify_note(note, witnesses)
        except SignatureError as error:
            self.add("anchor", where, f"{where} carries no valid cosignature by a witness key "
                     f"you gave: {error.message}")
            return False
        return True

    @staticmethod
    def cosigners(note: str, witnesses: list[Verifier]) -> str:
        signed = verify_note(note, witnesses).signatures
        return ", ".join(f"{s.name}+{s.key_id.hex()}" for s in signed)

    def agrees(self, package: Checkpoint, anchor: Checkpoint, where: str) -> bool:
        """The package's tree and the anchor's are one history (equal, or proved prefixes)."""
        if anchor.origin != package.origin:
            self.add("anchor", where, f"{where} is of log {anchor.origin!r}, the package of "
                     f"{package.origin!r}")
            return False
        if anchor.tree_size == package.tree_size:
            if anchor.root_hash == package.root_hash:
                return True
            self.add("anchor", where, f"FORKED: at tree size {anchor.tree_size:,} {where} has "
                     f"root {anchor.root_hash.hex()}, the package {package.root_hash.hex()}")
            return False
        name = consistency_path(anchor.tree_size)
        proof = self.load_json(name) if name in self.entries else None
        if not isinstance(proof, dict) or not isinstance(proof.get("proof"), list):
            self.add("anchor", where, f"the package carries no consistency proof to {where}'s "
                     f"tree size {anchor.tree_size:,} (export again with --anchor-size "
                     f"{anchor.tree_size})")
            return False
        old, new = sorted((anchor, package), key=lambda c: c.tree_size)
        try:
            path = [bytes.fromhex(node) for node in proof["proof"]]
            verify_consistency(old.tree_size, new.tree_size, old.root_hash, new.root_hash, path)
        except (ProofError, ValueError, TypeError) as error:
            reason = error.message if isinstance(error, ProofError) else str(error)
            self.add("anchor", where, f"FORKED or unproved: the package's tree is not consistent "
                     f"with {where} (size {anchor.tree_size:,}): {reason}")
            return False
        return True

    # --- subjects: every event belongs to a named subject, by recomputed id ---

    def check_subjects(self, checkpoint: Checkpoint) -> None:
        record = self.load_json(EXTRACTION)
        refs = record.get("subjects") if isinstance(record, dict) else None
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            self.add("subjects", EXTRACTION, "the extraction record names no subjects")
            return
        ids = {subject_id(ref): ref for ref in refs}
        if None in ids:
            self.add("subjects", EXTRACTION, "a subject is not of the form kind/code")
            return
        versions: dict[str, dict[int, int]] = {ref: {} for ref in refs}
        for name in sorted(n for n in self.entries if n.endswith(STORED_SUFFIX)):
            meta = self.load_json(name.removesuffix(STORED_SUFFIX) + ".json")
            ref = ids.get(_uuid_or_none(meta.get("originator_id")) if isinstance(
                meta, dict) else None)
            if ref is None or not isinstance(meta, dict):
                self.add("subjects", name, "the event belongs to none of the package's subjects "
                         "(its originator id is not derived from any subject's code)")
                continue
            if meta.get("subject") != ref:
                self.add("subjects", name, f"the event is labelled {meta.get('subject')!r} but "
                         f"belongs to {ref}")
            version, leaf = meta.get("originator_version"), meta.get("leaf_index")
            if isinstance(version, int) and isinstance(leaf, int):
                versions[ref][version] = leaf
        head = index_head(checkpoint.extensions)
        for ref, seen in versions.items():
            if self.check_versions(ref, sorted(seen)):
                self.check_latest(ref, seen, head)

    def check_versions(self, ref: str, seen: list[int]) -> bool:
        """A subject's events are versions 1, 2, … with no gap: a dropped middle event shows."""
        if not seen:
            self.add("subjects", EXTRACTION, f"the package holds no event of {ref}")
            return False
        if seen != list(range(1, len(seen) + 1)):
            missing = sorted(set(range(1, seen[-1] + 1)) - set(seen))[:10]
            self.add("completeness", EXTRACTION, f"{ref}: versions are not 1…{seen[-1]} without "
                     f"gaps (missing {missing})")
            return False
        return True

    def check_latest(self, ref: str, seen: dict[int, int], head: IndexHead | None) -> None:
        """The subject's last version in the package is the latest the signed index names:
        a dropped tail event shows."""
        if head is None:
            self.add("completeness", CHECKPOINT, "the checkpoint commits to no subject index: "
                     "that the package holds every event of its subjects is not proved")
            return
        claims = [self.load_json(n) for n in sorted(self.entries) if n.startswith(INDEX_PROOFS)]
        claim = next((c for c in claims if isinstance(c, dict) and c.get("subject") == ref), None)
        if claim is None:
            self.add("completeness", EXTRACTION, f"{ref}: no subject index entry in the package")
            return
        try:
            entry = IndexEntry(bytes.fromhex(claim["originator_id"]), claim["version"],
                               claim["leaf_index"])
            path = [bytes.fromhex(node) for node in claim["inclusion_path"]]
            if entry.originator_id != (subject_id(ref) or UUID(int=0)).bytes:
                raise ValueError("the entry is another aggregate's")
            verify_inclusion(leaf_hash(entry.data()), claim["position"], head.count, path,
                             head.root_hash)
        except (KeyError, TypeError, ValueError, ProofError) as error:
            reason = error.message if isinstance(error, ProofError) else str(error)
            self.add("completeness", EXTRACTION, f"{ref}: its subject index entry does not "
                     f"verify: {reason}")
            return
        last = max(seen)
        if (last, seen[last]) != (entry.version, entry.leaf_index):
            self.add("completeness", EXTRACTION, f"{ref}: the signed index says its latest "
                     f"event is version {entry.version} (leaf {entry.leaf_index}); the package "
                     f"ends at version {last}")

    # --- the extraction record ---

    def check_extraction(self, checkpoint: Checkpoint, manifest: dict[str, Any]) -> None:
        record = self.load_json(EXTRACTION)
        if not isinstance(record, dict):
            return
        self.report.extraction = {
            key: record.get(key) for key in ("case_reason", "subjects", "operators", "extracted_at")
        }
        log = record.get("log")
        log = log if isinstance(log, dict) else {}
        claimed = (
            log.get("tree_size"),
            log.get("root_hash"),
            record.get("event_count"),
            record.get("reproducible_sha256"),
        )
        actual = (
            checkpoint.tree_size,
            checkpoint.root_hash.hex(),
            self.report.event_count,
            manifest.get("reproducible_sha256"),
        )
        if claimed != actual:
            self.add(
                "extraction",
                EXTRACTION,
                "the extraction record names another tree, "
                "event count or digest than the package holds",
            )

    # --- reading entries ---

    def text(self, name: str) -> str | None:
        data = self.entries.get(name)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.add("format", name, f"{name} is not UTF-8 text")
            return None

    def load_json(self, name: str) -> Any:
        text = self.text(name)
        if text is None:
            return {}
        try:
            value = json.loads(text)
        except RecursionError:
            self.add("format", name, f"{name} nests deeper than the limit of {MAX_JSON_DEPTH}")
            return {}
        except ValueError as error:
            self.add("format", name, f"{name} is not valid JSON: {error}")
            return {}
        if json_depth(value) > MAX_JSON_DEPTH:
            self.add("format", name, f"{name} nests deeper than the limit of {MAX_JSON_DEPTH}")
            return {}
        return value


def as_cosigner(key: Verifier) -> Verifier:
    """A witness's key as a cosignature verifier (a plain note key of it is accepted too)."""
    if key.signature_type == ED25519_COSIGNATURE:
        return key
    cosigner = key_id(key.name, ED25519_COSIGNATURE, key.public_key)
    return Verifier(key.name, cosigner, ED25519_COSIGNATURE, key.public_key)


def _uuid_or_none(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _stored_row(meta: dict[str, Any], state: bytes) -> StoredRow:
    """The stored row an event's files describe (raises on missing or mistyped fields)."""
    raw_id = meta["originator_id"]
    originator_id = UUID(raw_id) if meta["originator_id_type"] == "uuid" else str(raw_id)
    version, notification_id = meta["originator_version"], meta["notification_id"]
    if not all(isinstance(n, int) for n in (version, notification_id)):
        raise TypeError("notification id and version must be integers")
    return StoredRow(notification_id, originator_id, version, str(meta["topic"]), state)
