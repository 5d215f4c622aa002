"""Golden vectors from RFC 6962/9162, Certificate Transparency, transparency-dev and C2SP.

The vectors live in ``tests/vectors/`` (copied unchanged from their publications; where each
file came from is in ``tests/vectors/SOURCES.md``).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from ledger.errors import ProofError, SignatureError
from ledger.integrity.checkpoint import (
    Checkpoint,
    Signer,
    Verifier,
    cosignature_message,
    parse_signature_line,
    split_note,
    verify_checkpoint,
    verify_note,
)
from ledger.integrity.verify import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    merkle_root,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
CONSUMED = {
    "rfc6962_hashing.json",
    "ct_reference_tree_8_leaves.json",
    "ct_python_tree_and_consistency.json",
    "ct_real_log_inclusion.json",
    "rfc6962_2_1_3_symbolic_example.json",
    "td_merkle_inclusion_probes.json",
    "td_merkle_consistency_probes.json",
    "signed_notes.json",
}


def load(name: str) -> Any:
    """One vector file, parsed."""
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def hexes(values: list[str]) -> list[bytes]:
    """Hex strings to bytes."""
    return [bytes.fromhex(value) for value in values]


def b64(value: str | None) -> bytes:
    """Go's base64 []byte JSON encoding (null is empty)."""
    return base64.b64decode(value) if value else b""


def note_vector(vector_id: str) -> dict[str, Any]:
    """One entry of signed_notes.json by id."""
    vectors: list[dict[str, Any]] = load("signed_notes.json")["vectors"]
    return next(vector for vector in vectors if vector["id"] == vector_id)


def note_text(signed_note: str) -> str:
    """The text part of a signed note."""
    return split_note(signed_note)[0]


REFERENCE = load("ct_reference_tree_8_leaves.json")
LEAVES = hexes(REFERENCE["leaf_inputs_hex"])
INCLUSION_PROBES = load("td_merkle_inclusion_probes.json")["probes"]
CONSISTENCY_PROBES = load("td_merkle_consistency_probes.json")["probes"]
VERIFIABLE_NOTES = [
    vector
    for vector in load("signed_notes.json")["vectors"]
    if vector["expect_valid"] and vector["kind"].startswith("ed25519")
]


def test_every_vector_file_is_consumed() -> None:
    """No vector file in the shared folder is silently left untested."""
    assert {path.name for path in VECTORS.glob("*.json")} == CONSUMED


# --- hashing -----------------------------------------------------------------------------


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    """MTH({}) is SHA-256 of the empty string, in both upstream vector sets."""
    vectors = load("rfc6962_hashing.json")
    assert merkle_root([]) == EMPTY_ROOT == bytes.fromhex(vectors["empty_tree_hex"])
    assert EMPTY_ROOT.hex() == vectors["transparency_dev"]["empty_root_hex"]


def test_leaf_hashes_match_known_answers() -> None:
    """Leaf hashes are SHA-256(0x00 || data)."""
    vectors = load("rfc6962_hashing.json")
    for leaf in vectors["leaves"]:
        assert leaf_hash(bytes.fromhex(leaf["data_hex"])).hex() == leaf["leaf_hash_hex"]
    for leaf in (vectors["transparency_dev"]["empty_leaf"], vectors["transparency_dev"]["leaf"]):
        data = leaf["data_ascii"].encode() if "data_ascii" in leaf else b""
        assert leaf_hash(data).hex() == leaf["leaf_hash_hex"]


def test_node_hashes_match_known_answers() -> None:
    """Interior nodes are SHA-256(0x01 || left || right), even over non-hash inputs."""
    vectors = load("rfc6962_hashing.json")
    for node in vectors["nodes"]:
        left, right = bytes.fromhex(node["left_hex"]), bytes.fromhex(node["right_hex"])
        assert node_hash(left, right).hex() == node["node_hash_hex"]
    node = vectors["transparency_dev"]["node"]
    calculated = node_hash(node["left_ascii"].encode(), node["right_ascii"].encode())
    assert calculated.hex() == node["node_hash_hex"]


# --- the CT reference tree ----------------------------------------------------------------


@pytest.mark.parametrize("key", ["roots_hex", "go_testonly_root_hashes_sizes_1_to_8_hex"])
def test_reference_roots_for_every_size(key: str) -> None:
    """The roots of the first 1..8 reference leaves match both upstream tables."""
    assert REFERENCE["go_testonly_leaf_inputs_hex"] == REFERENCE["leaf_inputs_hex"]
    for size, root in enumerate(REFERENCE[key], start=1):
        assert merkle_root(LEAVES[:size]).hex() == root


def test_reference_complete_subtree_hashes() -> None:
    """Every complete subtree's hash (level h, index j) matches the upstream node table."""
    leaf_hashes = [leaf_hash(leaf) for leaf in LEAVES]
    for level, row in enumerate(REFERENCE["node_hashes_by_level_hex"]):
        for index, expected in enumerate(row):
            span = leaf_hashes[index << level : (index + 1) << level]
            assert root_from_leaf_hashes(span).hex() == expected


@pytest.mark.parametrize("key", ["inclusion_proofs", "go_verify_test_inclusion_proofs"])
def test_reference_inclusion_proofs_are_generated_and_verify(key: str) -> None:
    """Audit paths equal the upstream ones and verify against the tree's root."""
    for case in REFERENCE[key]:
        size, index, path = case["tree_size"], case["leaf_index"], hexes(case["path_hex"])
        assert inclusion_proof(LEAVES[:size], index) == path
        root = merkle_root(LEAVES[:size])
        verify_inclusion(leaf_hash(LEAVES[index]), index, size, path, root)


@pytest.mark.parametrize("key", ["consistency_proofs", "go_verify_test_consistency_proofs"])
def test_reference_consistency_proofs_are_generated_and_verify(key: str) -> None:
    """Consistency proofs (including the extra 6 -> 7) equal upstream's and verify."""
    for case in REFERENCE[key]:
        old, new, proof = case["size1"], case["size2"], hexes(case["proof_hex"])
        assert consistency_proof(LEAVES[:new], old) == proof
        old_root, new_root = merkle_root(LEAVES[:old]), merkle_root(LEAVES[:new])
        verify_consistency(old, new, old_root, new_root, proof)


def test_python_port_roots_and_consistency_proofs() -> None:
    """The CT Python port's roots and root-carrying consistency vectors agree with us."""
    vectors = load("ct_python_tree_and_consistency.json")
    leaves = hexes(vectors["leaf_inputs_hex"])
    for size, root in enumerate(vectors["roots_hex"], start=1):
        assert merkle_root(leaves[:size]).hex() == root
    for case in vectors["consistency_proofs"]:
        old, new, proof = case["size1"], case["size2"], hexes(case["proof_hex"])
        assert consistency_proof(leaves[:new], old) == proof
        roots = bytes.fromhex(case["root1_hex"]), bytes.fromhex(case["root2_hex"])
        verify_consistency(old, new, *roots, proof)


def test_real_ct_log_entry_is_included() -> None:
    """A real 2013 CT log entry verifies with its 22-hash path in a 3,630,887-leaf tree."""
    vector = load("ct_real_log_inclusion.json")
    hashed = leaf_hash(bytes.fromhex(vector["raw_leaf_hex"]))
    assert hashed.hex() == vector["leaf_hash_hex"]
    path, root = hexes(vector["audit_path_hex"]), bytes.fromhex(vector["expected_root_hex"])
    verify_inclusion(hashed, vector["leaf_index"], vector["tree_size"], path, root)


def test_real_ct_log_entry_with_a_flipped_bit_is_rejected() -> None:
    """One flipped bit in the real audit path is a root mismatch carrying both roots."""
    vector = load("ct_real_log_inclusion.json")
    path, root = hexes(vector["audit_path_hex"]), bytes.fromhex(vector["expected_root_hex"])
    path[10] = bytes([path[10][0] ^ 1]) + path[10][1:]
    hashed = bytes.fromhex(vector["leaf_hash_hex"])
    with pytest.raises(ProofError) as caught:
        verify_inclusion(hashed, vector["leaf_index"], vector["tree_size"], path, root)
    assert caught.value.kind == "root_mismatch"
    assert (caught.value.expected, caught.value.calculated != root) == (root, True)


# --- the RFC 6962 §2.1.3 example ----------------------------------------------------------


SYMBOLIC = load("rfc6962_2_1_3_symbolic_example.json")


def symbolic_hash(name: str) -> bytes:
    """The hash a node name of the RFC figure stands for, over the reference leaves."""
    start, end = SYMBOLIC["nodes"][name]
    return merkle_root(LEAVES[start:end])


def test_rfc_example_audit_paths() -> None:
    """Audit paths [b,h,l], [c,g,l], [f,j,k] and [i,k] of the 7-leaf example."""
    leaves = LEAVES[: SYMBOLIC["tree_size"]]
    for case in SYMBOLIC["audit_paths"]:
        path = [symbolic_hash(name) for name in case["path"]]
        assert inclusion_proof(leaves, case["leaf_index"]) == path
        hashed = leaf_hash(leaves[case["leaf_index"]])
        verify_inclusion(hashed, case["leaf_index"], len(leaves), path, symbolic_hash("hash"))


def test_rfc_example_consistency_proofs() -> None:
    """Consistency proofs [c,d,g,l], [l] and [i,j,k] of the 7-leaf example."""
    leaves = LEAVES[: SYMBOLIC["tree_size"]]
    for case in SYMBOLIC["consistency_proofs"]:
        proof = [symbolic_hash(name) for name in case["proof"]]
        assert consistency_proof(leaves[: case["size2"]], case["size1"]) == proof
        old_root, new_root = symbolic_hash(case["old"]), symbolic_hash("hash")
        verify_consistency(case["size1"], case["size2"], old_root, new_root, proof)


# --- transparency-dev probes --------------------------------------------------------------


def probe_id(probe: dict[str, Any]) -> str:
    """A readable test id: the upstream file path."""
    return str(probe["source_path"]).removeprefix("testdata/").removesuffix(".json")


@pytest.mark.parametrize("probe", INCLUSION_PROBES, ids=probe_id)
def test_inclusion_probe(probe: dict[str, Any]) -> None:
    """Valid inclusion probes verify; every must-fail probe raises ProofError."""
    proof = [b64(element) for element in probe["proof"] or []]
    arguments = (b64(probe["leafHash"]), probe["leafIdx"], probe["treeSize"], proof)
    if probe["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*arguments, b64(probe["root"]))
    else:
        verify_inclusion(*arguments, b64(probe["root"]))


@pytest.mark.parametrize("probe", CONSISTENCY_PROBES, ids=probe_id)
def test_consistency_probe(probe: dict[str, Any]) -> None:
    """Valid consistency probes verify; every must-fail probe raises ProofError."""
    proof = [b64(element) for element in probe["proof"] or []]
    roots = b64(probe["root1"]), b64(probe["root2"])
    if probe["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(probe["size1"], probe["size2"], *roots, proof)
    else:
        verify_consistency(probe["size1"], probe["size2"], *roots, proof)


def test_probe_files_hold_valid_and_must_fail_cases() -> None:
    """The probe sets are complete: 6 valid and 92 must-fail cases each."""
    for probes in (INCLUSION_PROBES, CONSISTENCY_PROBES):
        assert sum(not probe["wantErr"] for probe in probes) == 6
        assert sum(bool(probe["wantErr"]) for probe in probes) == 92


# --- signed notes -------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VERIFIABLE_NOTES, ids=lambda vector: vector["id"])
def test_published_ed25519_note_verifies(vector: dict[str, Any]) -> None:
    """Every published Ed25519 note verifies with its published verifier key(s)."""
    vkeys = vector.get("vkeys") or [vector["vkey"]]
    opened = verify_note(vector["signed_note"], [Verifier.from_vkey(vkey) for vkey in vkeys])
    assert [signature.name for signature in opened.signatures] == [
        vkey.split("+")[0] for vkey in vkeys
    ]


def test_resigning_with_the_published_private_key_is_byte_identical() -> None:
    """Ed25519 is deterministic: the Go test key re-signs the note byte for byte."""
    vector = note_vector("go-sumdb-note-peterneumann")
    signer = Signer.from_skey(vector["skey"])
    assert signer.sign_note(note_text(vector["signed_note"])) == vector["signed_note"]


def test_published_private_key_yields_the_published_verifier_key() -> None:
    """Key strings round-trip: skey -> vkey, and skey is re-encoded unchanged."""
    vector = note_vector("go-sumdb-note-peterneumann")
    signer = Signer.from_skey(vector["skey"])
    assert (signer.vkey(), signer.skey()) == (vector["vkey"], vector["skey"])


def test_real_sumdb_checkpoint_parses_after_verifying() -> None:
    """The Go checksum database's real checkpoint opens and parses as a tlog checkpoint."""
    vector = note_vector("sum.golang.org-checkpoint-6476701")
    checkpoint = verify_checkpoint(vector["signed_note"], [Verifier.from_vkey(vector["vkey"])])
    assert (checkpoint.origin, checkpoint.tree_size) == (
        vector["checkpoint"]["origin"],
        vector["checkpoint"]["size"],
    )


def test_tampered_published_note_is_rejected() -> None:
    """Changing one character of a published note's text fails its signature."""
    vector = note_vector("c2sp-signed-note-example")
    tampered = vector["signed_note"].replace("example message", "example massage")
    with pytest.raises(SignatureError) as caught:
        verify_note(tampered, [Verifier.from_vkey(vector["vkey"])])
    assert caught.value.kind == "bad_signature"


def test_ecdsa_verifier_key_is_reported_unsupported() -> None:
    """A type 0x05 (RFC 6962 ECDSA) verifier key is refused as unsupported, not a crash."""
    vector = note_vector("rome.ct.filippo.io-2024h1-checkpoint")
    with pytest.raises(SignatureError) as caught:
        Verifier.from_vkey(vector["vkey"])
    assert caught.value.kind == "unsupported"
    assert "0x05" in caught.value.message


def test_ecdsa_signed_checkpoint_is_unsigned_for_our_keys() -> None:
    """An ECDSA-signed note parses, but has no signature by any Ed25519 key we know."""
    vector = note_vector("rome.ct.filippo.io-2024h1-checkpoint")
    ed25519 = Verifier.from_vkey(note_vector("go-sumdb-note-peterneumann")["vkey"])
    with pytest.raises(SignatureError) as caught:
        verify_note(vector["signed_note"], [ed25519])
    assert caught.value.kind == "unsigned"
    assert Checkpoint.parse(note_text(vector["signed_note"])).tree_size == 115474666


@pytest.mark.parametrize(
    "vector_id", ["c2sp-signed-note-header-example", "c2sp-tlog-checkpoint-example"]
)
def test_format_only_notes_are_well_formed(vector_id: str) -> None:
    """Notes without a published key split into text and parseable signature lines."""
    text, lines = split_note(note_vector(vector_id)["signed_note"])
    assert (text[-1], len(lines)) == ("\n", 1)
    assert len(parse_signature_line(lines[0])[1]) == 4 + 64


def test_c2sp_checkpoint_example_parses() -> None:
    """The tlog-checkpoint spec example parses and re-serializes unchanged."""
    vector = note_vector("c2sp-tlog-checkpoint-example")
    text = note_text(vector["signed_note"])
    checkpoint = Checkpoint.parse(text)
    assert (checkpoint.origin, checkpoint.tree_size) == (
        vector["checkpoint"]["origin"],
        vector["checkpoint"]["size"],
    )
    assert checkpoint.body() == text


def test_c2sp_cosignature_example_line_structure() -> None:
    """The spec's witness line is keyid || u64 timestamp || 64-byte signature (76 bytes)."""
    vector = note_vector("c2sp-tlog-cosignature-example")
    witness_line = split_note(vector["signed_note"])[1][-1]
    name, signature = parse_signature_line(witness_line)
    assert name == "witness.example.com/w1"
    assert len(signature) == vector["expect"]["witness_line_bytes"]
    assert int.from_bytes(signature[4:12], "big") == vector["expect"]["timestamp"]


def test_c2sp_cosigned_message_is_rebuilt_exactly() -> None:
    """The cosigned message is the header, the time line and the checkpoint body."""
    vector = note_vector("c2sp-tlog-cosignature-example")
    message = cosignature_message(note_text(vector["signed_note"]), vector["expect"]["timestamp"])
    assert message == vector["cosigned_message_example"].encode()
