"""Evidence packages (证据包): the format (entries, canonical ZIP, manifest, its signature)
and the report a check of one gives.

A package (``ledger-evidence/v1``) is a ZIP file whose entries are stored uncompressed, sorted by
name, with fixed timestamps and attributes, so the container is canonical and a package can be
rebuilt byte for byte from its files:

    README.txt                 how to check the package by hand
    checkpoint.txt             the log's signed checkpoint (C2SP signed note): size and root
    keys/<stem>.vkey           the log's verifier key(s)
    events/<leaf>.stored.bin   each event's stored state, exactly the sealed bytes
    events/<leaf>.json         its leaf fields (ids, version, topic) and a readable rendering
    proofs/<leaf>.json         the RFC 9162 inclusion path of its leaf in the checkpoint's tree
    index/<position>.json      each subject's entry in the checkpoint's subject index (latest
                               version and leaf) with its inclusion path: completeness
    consistency/<size>.json    RFC 9162 consistency proofs between the package's tree and the
                               trees of earlier (or later) checkpoints an auditor may hold
    extraction.json            the extraction record (提取笔录)
    manifest.json              SHA-256 of every file above, and of the reproducible part
    manifest.sig               a signed note (log key) over the SHA-256 of manifest.json

``<leaf>`` is the leaf index, zero-padded to 12 digits. The *reproducible digest* hashes every
file except the extraction record, manifest, signature and consistency proofs: the same query
over the same log prefix gives the same digest. Building a package needs a store
(``evidence_export``); checking one (``evidence``) needs only this module, the standard library
and ``cryptography``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from ledger.errors import LedgerError
from ledger.integrity.checkpoint import Signer

ID_NAMESPACE = uuid5(NAMESPACE_URL, "urn:ledger:545n")
"""Aggregate ids are uuid5(ID_NAMESPACE, "<kind>:<code>"): a persisted contract, the same
derivation as the domain's (a test holds them equal), so a verifier recomputes every id."""

FORMAT = "ledger-evidence/v1"
README = "README.txt"
CHECKPOINT = "checkpoint.txt"
EXTRACTION = "extraction.json"
MANIFEST = "manifest.json"
MANIFEST_SIG = "manifest.sig"
UNSIGNED = frozenset({MANIFEST, MANIFEST_SIG})
NOT_REPRODUCIBLE = frozenset({EXTRACTION, MANIFEST, MANIFEST_SIG})
ANCHOR_PROOFS = "consistency/"
INDEX_PROOFS = "index/"
"""Consistency proofs depend on the checkpoints stored when the package was made, not only on
the query and the log prefix: they are signed in the manifest but not in the reproducible part."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_FILE_ATTRIBUTES = 0o100644 << 16
ZIP_UNIX = 3
STORED_SUFFIX = ".stored.bin"
_NAME = re.compile(
    r"README\.txt|checkpoint\.txt|extraction\.json|manifest\.json|manifest\.sig"
    r"|keys/[A-Za-z0-9._-]+\.vkey|events/[0-9]{12}\.(?:stored\.bin|json)|proofs/[0-9]{12}\.json"
    r"|consistency/[0-9]{12}\.json|index/[0-9]{12}\.json",
    re.ASCII,
)
MAX_PACKAGE_BYTES = 1 << 30
"""A package file larger than this (1 GiB) is refused before it is read."""
MAX_MEMBERS = 100_000
"""Entries a package may hold (a household's package holds three per event)."""
MAX_MEMBER_BYTES = 16 << 20
"""Bytes one entry may hold once read (16 MiB)."""
MAX_TOTAL_BYTES = 512 << 20
"""Bytes all entries together may hold once read (512 MiB)."""
MAX_JSON_DEPTH = 32
"""How deeply a JSON entry may nest (the format's own nest at most four levels)."""
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    LookupError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    zlib.error,
    ArithmeticError,
)


class EvidenceError(LedgerError):
    """A package cannot be read at all (not a ZIP, or a corrupt entry)."""


@dataclass(frozen=True)
class EvidenceProblem:
    """One check that failed: its kind, the file concerned (if one), and what was wrong."""

    kind: str
    file: str | None
    message: str


@dataclass
class EvidenceReport:
    """The answer of ``verify_package`` (JSON-ready with ``to_dict``)."""

    key_source: str
    problems: list[EvidenceProblem] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    checkpoint: dict[str, Any] | None = None
    event_count: int = 0
    extraction: dict[str, Any] | None = None
    anchors: list[str] = field(default_factory=list)

    @property
    def anchored(self) -> bool:
        """True when an anchor the auditor holds (a checkpoint, a witness) agrees."""
        return bool(self.anchors)

    @property
    def ok(self) -> bool:
        """True only when every check held."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"ok": self.ok, "anchored": self.anchored, **asdict(self)}


def event_path(leaf_index: int) -> str:
    """The entry holding an event's stored bytes."""
    return f"events/{leaf_index:012d}{STORED_SUFFIX}"


def event_json_path(leaf_index: int) -> str:
    """The entry holding an event's leaf fields and readable rendering."""
    return f"events/{leaf_index:012d}.json"


def subject_id(ref: str) -> UUID | None:
    """The aggregate id of a subject reference ``kind/code`` (None when it is not one)."""
    kind, slash, code = ref.partition("/")
    if not slash or not kind or not code or "/" in code:
        return None
    return uuid5(ID_NAMESPACE, f"{kind}:{code}")


def index_path(position: int) -> str:
    """The entry holding a subject's entry in the checkpoint's subject index, with its proof."""
    return f"index/{position:012d}.json"


def consistency_path(anchor_size: int) -> str:
    """The entry proving the package's tree consistent with the tree of ``anchor_size``."""
    return f"consistency/{anchor_size:012d}.json"


def proof_path(leaf_index: int) -> str:
    """The entry holding an event's inclusion proof."""
    return f"proofs/{leaf_index:012d}.json"


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256."""
    return hashlib.sha256(data).hexdigest()


def dump_json(data: Any) -> bytes:
    """The package's JSON: UTF-8, sorted keys, indented, one final newline (deterministic)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode() + b"\n"


def readable(value: Any) -> Any:
    """The stored JSON with the transcoder's ``{"_type_", "_data_"}`` wrappers unwrapped."""
    if isinstance(value, list):
        return [readable(item) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"_type_", "_data_"}:
        return readable(value["_data_"])
    return {key: readable(item) for key, item in value.items()}


def readable_fields(state: bytes) -> Any:
    """A readable rendering of stored bytes; None when they are not UTF-8 JSON (encrypted)."""
    try:
        return readable(json.loads(state.decode("utf-8")))
    except ValueError:
        return None


def write_zip(entries: Mapping[str, bytes]) -> bytes:
    """The canonical ZIP of ``entries``: stored, sorted, fixed timestamps and attributes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = ZIP_FILE_ATTRIBUTES
            info.create_system = ZIP_UNIX
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def read_zip(data: bytes) -> dict[str, bytes]:
    """Every entry of a ZIP (CRC-checked), within the limits above; EvidenceError naming what
    is wrong (the limit, or the first refused name) before anything beyond it is read."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise EvidenceError(f"the package is larger than the limit of {MAX_PACKAGE_BYTES:,} bytes")
    declared = _declared_entries(data)
    if declared is not None and declared > MAX_MEMBERS:
        raise EvidenceError(f"the ZIP declares {declared:,} entries; the limit is {MAX_MEMBERS:,}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_directory(infos)
            return {info.filename: _read_entry(archive, info) for info in infos}
    except _ZIP_ERRORS as error:
        raise EvidenceError(f"not a readable ZIP file: {error}") from None


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse too many entries, a name outside the format, a duplicate or too many bytes."""
    if len(infos) > MAX_MEMBERS:
        raise EvidenceError(f"the ZIP holds {len(infos):,} entries; the limit is {MAX_MEMBERS:,}")
    names = [info.filename for info in infos]
    for name in names:
        if not is_package_name(name):
            raise EvidenceError(
                f"entry {ascii(name)[:80]} is outside the package's ASCII name set "
                "(see the package format)"
            )
    if len(set(names)) != len(names):
        raise EvidenceError("the ZIP holds two entries with the same name")
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES:
            raise EvidenceError(
                f"entry {info.filename} inflates to {info.file_size:,} bytes; the limit is "
                f"{MAX_MEMBER_BYTES:,}"
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise EvidenceError(
            f"the entries inflate to {total:,} bytes; the limit is {MAX_TOTAL_BYTES:,}"
        )


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One entry, streamed and cut at the limit even when its declared size lies."""
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise EvidenceError(f"entry {info.filename} is larger than {MAX_MEMBER_BYTES:,} bytes")
    return data


def _declared_entries(data: bytes) -> int | None:
    """The entry count the end-of-directory record declares (ZIP64 too), read before the
    directory itself is parsed; None when there is no such record (zipfile then refuses)."""
    position = data.rfind(_EOCD, max(0, len(data) - 22 - 0xFFFF))
    if position < 0 or position + 22 > len(data):
        return None
    count: int = struct.unpack_from("<H", data, position + 10)[0]
    locator = position - 20
    if count == 0xFFFF and locator >= 0 and data[locator:locator + 4] == _ZIP64_LOCATOR:
        record: int = struct.unpack_from("<Q", data, locator + 8)[0]
        if data[record:record + 4] == _ZIP64_EOCD and record + 40 <= len(data):
            wide: int = struct.unpack_from("<Q", data, record + 32)[0]
            return wide
    return count


def json_depth(value: Any) -> int:
    """How deeply a decoded JSON value nests (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(
            item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def reproducible_digest(entries: Mapping[str, bytes]) -> str:
    """SHA-256 of ``sha256sum``-style lines for every file but extraction and manifest."""
    lines = "".join(
        f"{sha256_hex(entries[name])}  {name}\n"
        for name in sorted(entries)
        if name not in NOT_REPRODUCIBLE and not name.startswith(ANCHOR_PROOFS)
    )
    return sha256_hex(lines.encode())


def manifest_bytes(entries: Mapping[str, bytes]) -> bytes:
    """manifest.json for ``entries`` (which must not hold the manifest or its signature)."""
    files = {name: sha256_hex(entries[name]) for name in sorted(entries)}
    return dump_json(
        {
            "format": FORMAT,
            "hash_algorithm": "SHA-256",
            "files": files,
            "reproducible_sha256": reproducible_digest(entries),
        }
    )


def manifest_signature_text(manifest: bytes) -> str:
    """The note text signed over the manifest (its second line is no tree size: no checkpoint)."""
    return f"{FORMAT} manifest\nsha256 {sha256_hex(manifest)}\n"


def seal_package(entries: Mapping[str, bytes], signer: Signer) -> bytes:
    """Add the manifest and its signature to ``entries``; the canonical ZIP bytes."""
    manifest = manifest_bytes(entries)
    signature = signer.sign_note(manifest_signature_text(manifest)).encode()
    return write_zip({**entries, MANIFEST: manifest, MANIFEST_SIG: signature})


def is_package_name(name: str) -> bool:
    """Whether ``name`` is an entry name the format allows."""
    return _NAME.fullmatch(name) is not None
