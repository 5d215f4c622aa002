"""Signed checkpoints: C2SP signed notes, tlog checkpoints and witness cosignatures (Ed25519).

Specifications: c2sp.org/signed-note (v1), c2sp.org/tlog-checkpoint (v1) and the Ed25519 type of
c2sp.org/tlog-cosignature (v1). Keys are strings in the golang.org/x/mod/sumdb/note format::

    verifier key   <name>+<hex key ID>+base64(<signature type> || 32-byte public key)
    signer key     PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || 32-byte seed)

Failures raise :class:`SignatureError` with one of these kinds: ``unsigned`` (no signature by a
known key), ``bad_signature`` (a known key's signature does not verify: the whole note is
refused), ``malformed`` (not a well-formed note, key, checkpoint or timestamp) and
``unsupported`` (a key of a signature type we do not implement, such as 0x05 RFC 6962 ECDSA).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger.errors import SignatureError
from ledger.integrity.verify import HASH_SIZE

SIGNATURE_LINE_PREFIX = "\u2014 "  # em dash, space
ED25519_NOTE = 0x01
ED25519_COSIGNATURE = 0x04
PRIVATE_KEY_PREFIX = "PRIVATE+KEY+"
COSIGNATURE_HEADER = "cosignature/v1\n"
KEY_ID_SIZE = 4
TIMESTAMP_SIZE = 8
ED25519_KEY_SIZE = 32
MAX_SIGNATURES = 100
MAX_TIMESTAMP = 2**63 - 1
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_HEX_KEY_ID = re.compile(r"[0-9a-fA-F]{8}")


def key_id(name: str, signature_type: int, public_key: bytes) -> bytes:
    """Signed-note key ID: SHA-256(name || 0x0A || signature type || public key)[:4]."""
    material = name.encode() + b"\n" + bytes([signature_type]) + public_key
    return hashlib.sha256(material).digest()[:KEY_ID_SIZE]


@dataclass(frozen=True)
class Checkpoint:
    """A tlog checkpoint body: origin, tree size, root hash and optional extension lines."""

    origin: str
    tree_size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        lines = (self.origin, *self.extensions)
        if any(not line or "\n" in line for line in lines):
            raise _malformed("origin and extensions must be non-empty single lines")
        if not 0 <= self.tree_size < 2**64 or len(self.root_hash) != HASH_SIZE:
            raise _malformed("a checkpoint needs a uint64 size and a 32-byte root")

    def body(self) -> str:
        """The note text: one line each for origin, size, base64 root, then the extensions."""
        root = base64.b64encode(self.root_hash).decode()
        lines = (self.origin, str(self.tree_size), root, *self.extensions)
        return "".join(f"{line}\n" for line in lines)

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """Read a checkpoint body (the note text, without signatures)."""
        _check_text(body)
        lines = body[:-1].split("\n")
        if len(lines) < 3 or not _DECIMAL.fullmatch(lines[1]):
            raise _malformed("a checkpoint is origin, decimal size and root lines")
        origin, size, root, *extensions = lines
        return cls(origin, int(size), _b64decode(root), tuple(extensions))


@dataclass(frozen=True)
class VerifiedSignature:
    """A signature that verified: by whom, and the cosignature time (None for a plain note)."""

    name: str
    key_id: bytes
    timestamp: int | None


@dataclass(frozen=True)
class VerifiedNote:
    """A note whose text was signed by at least one known key; unknown keys' lines kept as is."""

    text: str
    signatures: tuple[VerifiedSignature, ...]
    unverified_lines: tuple[str, ...]


@dataclass(frozen=True)
class Signer:
    """An Ed25519 key with a name: signs notes (type 0x01) and cosigns checkpoints (type 0x04)."""

    name: str
    private_key: Ed25519PrivateKey = field(repr=False)

    def __post_init__(self) -> None:
        _check_name(self.name)

    @classmethod
    def from_skey(cls, skey: str) -> Signer:
        """Load a ``PRIVATE+KEY+name+hexid+base64(0x01||seed)`` string."""
        if not skey.startswith(PRIVATE_KEY_PREFIX):
            raise _malformed("a signer key starts with PRIVATE+KEY+")
        key = skey.removeprefix(PRIVATE_KEY_PREFIX)
        name, hex_id, material = _parse_key_string(key)
        signature_type, seed = material[0], material[1:]
        if signature_type != ED25519_NOTE or len(seed) != ED25519_KEY_SIZE:
            raise _malformed("a signer key holds 0x01 and a 32-byte Ed25519 seed")
        signer = cls(name, Ed25519PrivateKey.from_private_bytes(seed))
        if signer.key_id() != hex_id:
            raise _malformed(f"the key ID of signer key {name} does not match")
        return signer

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""
        return self.private_key.public_key().public_bytes_raw()

    def key_id(self, signature_type: int = ED25519_NOTE) -> bytes:
        """This key's ID for note signatures (0x01) or cosignatures (0x04)."""
        return key_id(self.name, signature_type, self.public_key)

    def skey(self) -> str:
        """The private key string (Go note format); keep it secret."""
        seed = self.private_key.private_bytes_raw()
        key = _key_string(self.name, self.key_id(), ED25519_NOTE, seed)
        return PRIVATE_KEY_PREFIX + key

    def vkey(self) -> str:
        """The verifier key string for this signer's note signatures."""
        return _key_string(self.name, self.key_id(), ED25519_NOTE, self.public_key)

    def cosigner_vkey(self) -> str:
        """The verifier key string for this signer's cosignatures (signature type 0x04)."""
        cosigner_id = self.key_id(ED25519_COSIGNATURE)
        return _key_string(self.name, cosigner_id, ED25519_COSIGNATURE, self.public_key)

    def signature_line(self, text: str) -> str:
        """A ``— name base64(keyid||sig)`` line (with its newline) signing ``text``."""
        _check_text(text)
        signature = self.private_key.sign(text.encode())
        return _signature_line(self.name, self.key_id() + signature)

    def sign_note(self, text: str) -> str:
        """The signed note: ``text``, a blank line and this signer's signature line."""
        return f"{text}\n{self.signature_line(text)}"


@dataclass(frozen=True)
class Verifier:
    """A named public key that checks note signatures (0x01) or cosignatures (0x04)."""

    name: str
    key_id: bytes
    signature_type: int
    public_key: bytes

    @classmethod
    def from_vkey(cls, vkey: str) -> Verifier:
        """Load a ``name+hexid+base64(type||key)`` string of type 0x01 or 0x04."""
        name, hex_id, material = _parse_key_string(vkey)
        signature_type, public_key = material[0], material[1:]
        if signature_type not in (ED25519_NOTE, ED25519_COSIGNATURE):
            raise SignatureError(
                f"key {name} has unsupported signature type 0x{signature_type:02x} "
                "(only Ed25519 notes 0x01 and cosignatures 0x04 are)",
                kind="unsupported",
            )
        if len(public_key) != ED25519_KEY_SIZE:
            raise _malformed(f"verifier key {name} is not a 32-byte Ed25519 key")
        if key_id(name, signature_type, public_key) != hex_id:
            raise _malformed(f"the key ID of verifier key {name} does not match")
        return cls(name, hex_id, signature_type, public_key)

    def vkey(self) -> str:
        """The verifier key string (``name+hexid+base64(type||key)``) this key was read from."""
        return _key_string(self.name, self.key_id, self.signature_type, self.public_key)

    def verify(self, text: str, signature: bytes) -> int | None:
        """Check a signature (key ID removed) over ``text``; returns a cosignature's time."""
        if self.signature_type == ED25519_COSIGNATURE:
            return _check_cosignature(self, text, signature)
        _check_ed25519(self, text.encode(), signature)
        return None


def generate_signing_key(name: str) -> tuple[str, str]:
    """A fresh Ed25519 key for ``name``: (private key string, verifier key string)."""
    signer = Signer(name, Ed25519PrivateKey.generate())
    return signer.skey(), signer.vkey()


def split_note(note: str) -> tuple[str, list[str]]:
    """Split a note at its last blank line: (text, signature lines without newlines)."""
    _check_text(note)
    text, blank, block = note.rpartition("\n\n")
    if not blank or not block:
        raise SignatureError("the note carries no signature lines", kind="unsigned")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise _malformed(f"the note has more than {MAX_SIGNATURES} signatures")
    return text + "\n", lines


def parse_signature_line(line: str) -> tuple[str, bytes]:
    """Read ``— name base64(...)`` (no newline) into the key name and the decoded signature.

    The first four bytes of the signature are the key ID.
    """
    name, _, encoded = line.removeprefix(SIGNATURE_LINE_PREFIX).partition(" ")
    if not line.startswith(SIGNATURE_LINE_PREFIX) or not encoded:
        raise _malformed(f"not a signature line: {line!r}")
    _check_name(name)
    signature = _b64decode(encoded)
    if len(signature) <= KEY_ID_SIZE:
        raise _malformed(f"signature by {name} is too short")
    return name, signature


def verify_note(note: str, verifiers: Iterable[Verifier]) -> VerifiedNote:
    """Open a signed note: every known key's signature must verify; one at least must exist.

    Signatures by unknown keys (name and key ID not both known) are ignored, as the spec says;
    their lines are kept, once each, in ``unverified_lines``.
    """
    text, lines = split_note(note)
    known = {(v.name, v.key_id): v for v in verifiers}
    verified: dict[tuple[str, bytes], VerifiedSignature] = {}
    unverified: dict[str, None] = {}
    for line in lines:
        name, signature = parse_signature_line(line)
        identity = (name, signature[:KEY_ID_SIZE])
        verifier = known.get(identity)
        if verifier is None:
            unverified[line] = None
            continue
        if identity in verified:
            raise _malformed(f"the note is signed twice by {name}")
        timestamp = verifier.verify(text, signature[KEY_ID_SIZE:])
        verified[identity] = VerifiedSignature(name, identity[1], timestamp)
    if not verified:
        raise SignatureError("the note is not signed by any known key", kind="unsigned")
    return VerifiedNote(text, tuple(verified.values()), tuple(unverified))


def verify_checkpoint(note: str, verifiers: Iterable[Verifier]) -> Checkpoint:
    """Open a signed checkpoint note and parse its body."""
    return Checkpoint.parse(verify_note(note, verifiers).text)


def cosignature_message(checkpoint_body: str, timestamp: int) -> bytes:
    """What a v1 cosignature signs: the header, ``time <t>``, then the checkpoint body."""
    return f"{COSIGNATURE_HEADER}time {timestamp}\n{checkpoint_body}".encode()


def cosign(checkpoint_body: str, signer: Signer, timestamp: int) -> str:
    """A tlog-cosignature/v1 line (with newline): ``— name base64(keyid||u64 time||sig)``."""
    Checkpoint.parse(checkpoint_body)
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise _malformed(f"cosignature time {timestamp} is outside 0..2**63-1")
    signature = signer.private_key.sign(cosignature_message(checkpoint_body, timestamp))
    stamped = timestamp.to_bytes(TIMESTAMP_SIZE, "big") + signature
    return _signature_line(signer.name, signer.key_id(ED25519_COSIGNATURE) + stamped)


def verify_cosignature(checkpoint_body: str, signature_line: str, cosigner: Verifier) -> int:
    """Check one cosignature line over a checkpoint body; returns its timestamp."""
    Checkpoint.parse(checkpoint_body)
    if cosigner.signature_type != ED25519_COSIGNATURE:
        message = f"{cosigner.name} is not a cosigner key (0x04)"
        raise SignatureError(message, kind="unsupported")
    name, signature = parse_signature_line(signature_line.removesuffix("\n"))
    if (name, signature[:KEY_ID_SIZE]) != (cosigner.name, cosigner.key_id):
        message = f"the line is not a cosignature by {cosigner.name}"
        raise SignatureError(message, kind="unsigned")
    return _check_cosignature(cosigner, checkpoint_body, signature[KEY_ID_SIZE:])


def _check_cosignature(cosigner: Verifier, body: str, signature: bytes) -> int:
    stamp, signature = signature[:TIMESTAMP_SIZE], signature[TIMESTAMP_SIZE:]
    timestamp = int.from_bytes(stamp, "big")
    if len(stamp) < TIMESTAMP_SIZE or timestamp > MAX_TIMESTAMP:
        raise _bad_signature(cosigner, "has no valid timestamp")
    _check_ed25519(cosigner, cosignature_message(body, timestamp), signature)
    return timestamp


def _check_ed25519(verifier: Verifier, message: bytes, signature: bytes) -> None:
    public_key = Ed25519PublicKey.from_public_bytes(verifier.public_key)
    try:
        public_key.verify(signature, message)
    except InvalidSignature:
        raise _bad_signature(verifier, "does not verify") from None


def _parse_key_string(key: str) -> tuple[str, bytes, bytes]:
    name, _, rest = key.partition("+")
    hex_id, _, encoded = rest.partition("+")
    _check_name(name)
    if not _HEX_KEY_ID.fullmatch(hex_id):
        raise _malformed(f"key for {name} needs an 8-digit hex key ID")
    material = _b64decode(encoded)
    if not material:
        raise _malformed(f"key for {name} has no key material")
    return name, bytes.fromhex(hex_id), material


def _key_string(name: str, key: bytes, signature_type: int, material: bytes) -> str:
    encoded = base64.b64encode(bytes([signature_type]) + material).decode()
    return f"{name}+{key.hex()}+{encoded}"


def _signature_line(name: str, signature: bytes) -> str:
    return f"{SIGNATURE_LINE_PREFIX}{name} {base64.b64encode(signature).decode()}\n"


def _check_name(name: str) -> None:
    if not name or any(ch.isspace() or ch == "+" for ch in name):
        raise _malformed(f"key name {name!r} must be non-empty, without spaces or '+'")


def _check_text(text: str) -> None:
    """Notes are non-empty UTF-8 ending in a newline, with no other ASCII control character."""
    try:
        text.encode()
    except UnicodeEncodeError:
        raise _malformed("text is not valid UTF-8") from None
    if not text.endswith("\n") or any(ch < " " and ch != "\n" for ch in text):
        raise _malformed("text must end in a newline and hold no other control code")


def _b64decode(encoded: str) -> bytes:
    """Strict standard base64: valid alphabet, padding, and canonical trailing bits."""
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise _malformed(f"invalid base64 {encoded!r}") from None
    if base64.b64encode(decoded).decode() != encoded:
        raise _malformed(f"non-canonical base64 {encoded!r}")
    return decoded


def _malformed(message: str) -> SignatureError:
    return SignatureError(message, kind="malformed")


def _bad_signature(verifier: Verifier, how: str) -> SignatureError:
    return SignatureError(
        f"signature by {verifier.name}+{verifier.key_id.hex()} {how}", kind="bad_signature"
    )
