"""Signed notes, checkpoints and cosignatures: round trips and every way a note is refused."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.errors import SignatureError
from ledger.integrity.checkpoint import (
    Checkpoint,
    Signer,
    Verifier,
    cosign,
    generate_signing_key,
    key_id,
    parse_signature_line,
    split_note,
    verify_checkpoint,
    verify_cosignature,
    verify_note,
)
from ledger.integrity.verify import merkle_root

LOG_NAME = "台账.example/城关镇"
ROOT = merkle_root([b"\xe5\xbc\xa0\xe4\xb8\x89", b"\xe6\x9d\x8e\xe5\x9b\x9b"])
CHECKPOINT = Checkpoint(LOG_NAME, 2, ROOT)


def make_signer(name: str = LOG_NAME, seed: int = 1) -> Signer:
    """A deterministic signer (seed bytes all equal to ``seed``)."""
    return Signer(name, Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32))


def verifier_of(signer: Signer) -> Verifier:
    """The note verifier matching a signer."""
    return Verifier.from_vkey(signer.vkey())


def refusal(note: str, verifiers: list[Verifier]) -> str:
    """The kind of SignatureError that verify_note raises for this note."""
    with pytest.raises(SignatureError) as caught:
        verify_note(note, verifiers)
    return caught.value.kind


# --- keys ---------------------------------------------------------------------------------


def test_generated_key_signs_notes_its_verifier_key_accepts() -> None:
    """generate_signing_key gives matching private and verifier key strings."""
    skey, vkey = generate_signing_key("王芳")
    note = Signer.from_skey(skey).sign_note("村务公开\n")
    assert verify_note(note, [Verifier.from_vkey(vkey)]).text == "村务公开\n"


def test_private_key_string_has_the_go_note_shape() -> None:
    """PRIVATE+KEY+name+8 hex digits+base64(0x01 || 32-byte seed)."""
    skey = make_signer().skey()
    prefix, key, name, hex_id, encoded = skey.split("+", 4)
    assert (prefix, key, name) == ("PRIVATE", "KEY", LOG_NAME)
    assert bytes.fromhex(hex_id) == make_signer().key_id()
    assert base64.b64decode(encoded) == b"\x01" + bytes([1]) * 32


def test_key_id_is_the_truncated_hash_of_name_type_and_key() -> None:
    """Key ID = SHA-256(name || 0x0A || type || public key)[:4]."""
    signer = make_signer()
    material = LOG_NAME.encode() + b"\n\x01" + signer.public_key
    assert signer.key_id() == hashlib.sha256(material).digest()[:4]
    assert signer.key_id(0x04) == key_id(LOG_NAME, 0x04, signer.public_key) != signer.key_id()


def test_verifier_key_with_a_wrong_key_id_is_malformed() -> None:
    """A vkey whose key ID does not hash from its name and key is refused."""
    name, _, encoded = make_signer().vkey().split("+", 2)
    with pytest.raises(SignatureError) as caught:
        Verifier.from_vkey(f"{name}+00000000+{encoded}")
    assert caught.value.kind == "malformed"


def test_private_key_with_a_wrong_key_id_is_malformed() -> None:
    """An skey whose key ID belongs to another key is refused."""
    other_id = make_signer(seed=2).key_id().hex()
    skey = make_signer().skey().replace(make_signer().key_id().hex(), other_id)
    with pytest.raises(SignatureError) as caught:
        Signer.from_skey(skey)
    assert caught.value.kind == "malformed"


@pytest.mark.parametrize("name", ["", "has space", "a+b", "tab\there"])
def test_invalid_key_names_are_refused(name: str) -> None:
    """Key names must be non-empty without spaces or '+'."""
    with pytest.raises(SignatureError) as caught:
        make_signer(name=name)
    assert caught.value.kind == "malformed"


def test_unknown_signature_type_is_unsupported() -> None:
    """A verifier key of a type other than 0x01/0x04 is reported as unsupported."""
    encoded = base64.b64encode(b"\x02" + bytes(32)).decode()
    with pytest.raises(SignatureError) as caught:
        Verifier.from_vkey(f"ecdsa.example+01020304+{encoded}")
    assert caught.value.kind == "unsupported"


# --- notes --------------------------------------------------------------------------------


def test_signed_note_has_blank_line_then_em_dash_signature() -> None:
    """The note is text, a blank line, then '— name base64(keyid || 64-byte sig)'."""
    note = make_signer().sign_note("你好\n")
    text, lines = split_note(note)
    name, signature = parse_signature_line(lines[0])
    assert note.startswith("你好\n\n\u2014 ")
    assert (text, name, len(signature)) == ("你好\n", LOG_NAME, 68)


def test_note_signed_by_two_keys_reports_both() -> None:
    """Each known signer that signed is listed once, in order."""
    first, second = make_signer("甲", 1), make_signer("乙", 2)
    note = first.sign_note("text\n") + second.signature_line("text\n")
    opened = verify_note(note, [verifier_of(second), verifier_of(first)])
    assert [signature.name for signature in opened.signatures] == ["甲", "乙"]


def test_signatures_by_unknown_keys_are_kept_but_not_trusted() -> None:
    """A stranger's signature is returned as an unverified line beside the known one."""
    stranger = make_signer("stranger", 3)
    note = make_signer().sign_note("text\n") + stranger.signature_line("text\n")
    opened = verify_note(note, [verifier_of(make_signer())])
    assert opened.unverified_lines == (stranger.signature_line("text\n")[:-1],)


def test_tampered_text_is_a_bad_signature() -> None:
    """Changing the signed text makes the known key's signature fail."""
    note = make_signer().sign_note("转账 100 元\n").replace("100", "900")
    assert refusal(note, [verifier_of(make_signer())]) == "bad_signature"


def test_tampered_signature_bytes_are_a_bad_signature() -> None:
    """Flipping a bit inside the signature (not the key ID) fails it."""
    text, lines = split_note(make_signer().sign_note("text\n"))
    name, signature = parse_signature_line(lines[0])
    forged = signature[:10] + bytes([signature[10] ^ 1]) + signature[11:]
    note = f"{text}\n\u2014 {name} {base64.b64encode(forged).decode()}\n"
    assert refusal(note, [verifier_of(make_signer())]) == "bad_signature"


def test_one_bad_signature_refuses_the_whole_note() -> None:
    """A good signature does not save a note that another known key's signature fails."""
    first, second = make_signer("甲", 1), make_signer("乙", 2)
    note = first.sign_note("text\n") + second.signature_line("other\n")
    assert refusal(note, [verifier_of(first), verifier_of(second)]) == "bad_signature"


def test_note_signed_only_by_strangers_is_unsigned() -> None:
    """Without a signature from a known key the note is refused as unsigned."""
    note = make_signer("stranger", 3).sign_note("text\n")
    assert refusal(note, [verifier_of(make_signer())]) == "unsigned"


def test_same_name_with_another_key_is_a_stranger() -> None:
    """A signature under a known name but another key ID is ignored, not trusted."""
    impostor = make_signer(LOG_NAME, 9)
    assert refusal(impostor.sign_note("text\n"), [verifier_of(make_signer())]) == "unsigned"


def test_text_without_signature_block_is_unsigned() -> None:
    """A bare checkpoint body carries no signature at all."""
    assert refusal(CHECKPOINT.body(), [verifier_of(make_signer())]) == "unsigned"


def test_duplicate_signature_by_a_known_key_is_malformed() -> None:
    """The same known key may not sign a note twice."""
    signer = make_signer()
    note = signer.sign_note("text\n") + signer.signature_line("text\n")
    assert refusal(note, [verifier_of(signer)]) == "malformed"


@pytest.mark.parametrize(
    "note",
    [
        "text\n\nnot a signature line\n",
        "text\n\n\u2014 name\n",
        "text\n\n\u2014 name !!!notbase64\n",
        "text\n\n\u2014 name AAAA\n",
        "text\r\n\n\u2014 name AAAAAAAA\n",
        "text\n\n\u2014 name AAAAAAAA",
    ],
    ids=["no-dash", "no-signature", "bad-base64", "too-short", "control-char", "no-newline"],
)
def test_malformed_notes_are_refused(note: str) -> None:
    """Notes that break the signed-note grammar are malformed, whoever signed them."""
    assert refusal(note, [verifier_of(make_signer())]) == "malformed"


def test_signing_text_without_final_newline_is_refused() -> None:
    """Only newline-terminated text can be signed."""
    with pytest.raises(SignatureError) as caught:
        make_signer().sign_note("no newline")
    assert caught.value.kind == "malformed"


# --- checkpoints --------------------------------------------------------------------------


def test_checkpoint_body_is_origin_size_and_base64_root() -> None:
    """The body is three newline-terminated lines, then any extension lines."""
    root = base64.b64encode(ROOT).decode()
    assert CHECKPOINT.body() == f"{LOG_NAME}\n2\n{root}\n"
    with_extension = Checkpoint(LOG_NAME, 2, ROOT, ("扩展 1",))
    assert with_extension.body() == f"{LOG_NAME}\n2\n{root}\n扩展 1\n"


def test_checkpoint_round_trips_through_a_signed_note() -> None:
    """sign -> verify_checkpoint returns an equal checkpoint, extensions included."""
    checkpoint = Checkpoint(LOG_NAME, 12345, ROOT, ("a", "b"))
    note = make_signer().sign_note(checkpoint.body())
    assert verify_checkpoint(note, [verifier_of(make_signer())]) == checkpoint


@pytest.mark.parametrize(
    "body",
    [
        "origin\n2\n",
        "origin\n02\n{root}\n",
        "origin\n-2\n{root}\n",
        "origin\n2\nnot base64\n",
        "origin\n2\n" + base64.b64encode(bytes(31)).decode() + "\n",
        "\n2\n{root}\n",
        "origin\n2\n{root}\n\n",
        "origin\n2\n{root}",
    ],
    ids=[
        "two-lines",
        "leading-zero",
        "negative",
        "bad-base64",
        "short-root",
        "empty-origin",
        "empty-extension",
        "no-newline",
    ],
)
def test_malformed_checkpoint_bodies_are_refused(body: str) -> None:
    """Checkpoint bodies that break the tlog-checkpoint grammar are malformed."""
    with pytest.raises(SignatureError) as caught:
        Checkpoint.parse(body.replace("{root}", base64.b64encode(ROOT).decode()))
    assert caught.value.kind == "malformed"


# --- cosignatures -------------------------------------------------------------------------


def test_cosignature_round_trip_returns_its_timestamp() -> None:
    """A cosignature line verifies against the cosigner's 0x04 key and yields its time."""
    witness = make_signer("witness.example/见证人", 5)
    line = cosign(CHECKPOINT.body(), witness, 1_700_000_000)
    cosigner = Verifier.from_vkey(witness.cosigner_vkey())
    assert verify_cosignature(CHECKPOINT.body(), line, cosigner) == 1_700_000_000


def test_cosignature_line_is_keyid_timestamp_and_signature() -> None:
    """Decoded, the line is 4 key-ID bytes (type 0x04), 8 time bytes and 64 signature bytes."""
    witness = make_signer("witness.example/w", 5)
    name, signature = parse_signature_line(cosign(CHECKPOINT.body(), witness, 7)[:-1])
    assert (name, len(signature)) == ("witness.example/w", 76)
    assert signature[:4] == witness.key_id(0x04)
    assert signature[4:12] == (7).to_bytes(8, "big")


def test_cosignature_for_another_checkpoint_is_a_bad_signature() -> None:
    """A cosignature does not carry over to a checkpoint with another size."""
    witness = make_signer("witness.example/w", 5)
    line = cosign(CHECKPOINT.body(), witness, 7)
    other = Checkpoint(LOG_NAME, 3, ROOT).body()
    with pytest.raises(SignatureError) as caught:
        verify_cosignature(other, line, Verifier.from_vkey(witness.cosigner_vkey()))
    assert caught.value.kind == "bad_signature"


def test_cosignature_with_an_altered_timestamp_is_a_bad_signature() -> None:
    """The timestamp is signed: moving it breaks the cosignature."""
    witness = make_signer("witness.example/w", 5)
    name, signature = parse_signature_line(cosign(CHECKPOINT.body(), witness, 7)[:-1])
    moved = signature[:4] + (8).to_bytes(8, "big") + signature[12:]
    line = f"\u2014 {name} {base64.b64encode(moved).decode()}"
    with pytest.raises(SignatureError) as caught:
        verify_cosignature(CHECKPOINT.body(), line, Verifier.from_vkey(witness.cosigner_vkey()))
    assert caught.value.kind == "bad_signature"


def test_cosigned_note_verifies_with_log_and_witness_keys() -> None:
    """A note with log signature plus cosignature opens with both keys, with the time."""
    log, witness = make_signer(), make_signer("witness.example/w", 5)
    note = log.sign_note(CHECKPOINT.body()) + cosign(CHECKPOINT.body(), witness, 99)
    keys = [verifier_of(log), Verifier.from_vkey(witness.cosigner_vkey())]
    timestamps = [signature.timestamp for signature in verify_note(note, keys).signatures]
    assert timestamps == [None, 99]


def test_note_key_does_not_accept_a_cosignature() -> None:
    """The 0x01 key of the same signer does not match a 0x04 cosignature line."""
    witness = make_signer("witness.example/w", 5)
    note = CHECKPOINT.body() + "\n" + cosign(CHECKPOINT.body(), witness, 7)
    assert refusal(note, [verifier_of(witness)]) == "unsigned"


def test_cosignature_by_another_witness_is_unsigned_for_this_one() -> None:
    """verify_cosignature refuses a line signed by a different cosigner."""
    line = cosign(CHECKPOINT.body(), make_signer("witness.example/a", 5), 7)
    other = Verifier.from_vkey(make_signer("witness.example/b", 6).cosigner_vkey())
    with pytest.raises(SignatureError) as caught:
        verify_cosignature(CHECKPOINT.body(), line, other)
    assert caught.value.kind == "unsigned"


@pytest.mark.parametrize("timestamp", [-1, 2**63])
def test_cosignature_time_outside_the_u63_range_is_refused(timestamp: int) -> None:
    """Timestamps must lie in 0..2**63-1."""
    with pytest.raises(SignatureError) as caught:
        cosign(CHECKPOINT.body(), make_signer(), timestamp)
    assert caught.value.kind == "malformed"
