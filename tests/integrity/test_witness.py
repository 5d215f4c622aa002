"""The witness cosigns only append-only growth of the log it follows, and remembers it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.errors import ConfigurationError, ProofError, SignatureError
from ledger.integrity.checkpoint import Checkpoint, Signer, Verifier, verify_note
from ledger.integrity.verify import consistency_proof, merkle_root
from ledger.integrity.witness import Witness, WitnessState, stage_new_file

ORIGIN = "台账.example/城关镇"
ENTRIES = [f"{name} 领取补贴".encode() for name in ("张三", "李四", "王芳", "赵六", "陈静", "刘洋")]
LOG = Signer(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes([1]) * 32))
WITNESS_KEY = Signer("witness.example/见证", Ed25519PrivateKey.from_private_bytes(bytes([2]) * 32))


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000

    def __call__(self) -> int:
        return self.now


def signed_checkpoint(size: int, entries: list[bytes] = ENTRIES, log: Signer = LOG) -> str:
    """The log's signed checkpoint for the first ``size`` entries."""
    return log.sign_note(Checkpoint(ORIGIN, size, merkle_root(entries[:size])).body())


@pytest.fixture
def fake_clock() -> FakeClock:
    """A fresh hand-moved clock."""
    return FakeClock()


@pytest.fixture
def witness(tmp_path: Path, fake_clock: FakeClock) -> Witness:
    """A witness enrolled for the log, having seen nothing yet."""
    return Witness.enroll(tmp_path / "witness.json", ORIGIN, LOG.vkey(), WITNESS_KEY, fake_clock)


def cosigner() -> Verifier:
    """The verifier for the witness's cosignatures."""
    return Verifier.from_vkey(WITNESS_KEY.cosigner_vkey())


def test_first_checkpoint_is_cosigned_without_a_proof(witness: Witness) -> None:
    """Having seen nothing, the witness accepts any checkpoint the log signed."""
    cosigned = witness.cosign(signed_checkpoint(3), [])
    opened = verify_note(cosigned, [Verifier.from_vkey(LOG.vkey()), cosigner()])
    assert [signature.name for signature in opened.signatures] == [ORIGIN, WITNESS_KEY.name]


def test_cosignature_carries_the_injected_clock_time(
    witness: Witness, fake_clock: FakeClock
) -> None:
    """The cosignature's timestamp is what the clock said."""
    fake_clock.now = 1_800_000_000
    cosigned = witness.cosign(signed_checkpoint(3), [])
    assert verify_note(cosigned, [cosigner()]).signatures[0].timestamp == 1_800_000_000


def test_cosigning_records_the_new_size_and_root(witness: Witness) -> None:
    """After cosigning, the state file holds the checkpoint's size and root."""
    witness.cosign(signed_checkpoint(3), [])
    assert (witness.state().tree_size, witness.state().root_hash) == (3, merkle_root(ENTRIES[:3]))


def test_consistent_growth_is_cosigned(witness: Witness) -> None:
    """A larger tree with a valid consistency proof from the last one is accepted."""
    witness.cosign(signed_checkpoint(3), [])
    witness.cosign(signed_checkpoint(6), consistency_proof(ENTRIES[:6], 3))
    assert witness.state().tree_size == 6


def test_same_checkpoint_again_is_recosigned_once(witness: Witness, fake_clock: FakeClock) -> None:
    """Re-presenting the cosigned note replaces the witness's old line with a fresh one."""
    cosigned = witness.cosign(signed_checkpoint(3), [])
    fake_clock.now += 60
    again = witness.cosign(cosigned, [])
    opened = verify_note(again, [cosigner()])
    assert [signature.timestamp for signature in opened.signatures] == [fake_clock.now]


def test_rewritten_history_is_refused(witness: Witness) -> None:
    """A larger tree that does not extend the last one fails the consistency check."""
    witness.cosign(signed_checkpoint(3), [])
    forked = [ENTRIES[0], b"forged", *ENTRIES[2:]]
    with pytest.raises(ProofError) as caught:
        witness.cosign(signed_checkpoint(6, forked), consistency_proof(forked[:6], 3))
    assert caught.value.kind == "root_mismatch"
    assert "already cosigned" in caught.value.message


def test_refused_checkpoint_leaves_the_state_unchanged(witness: Witness) -> None:
    """A refusal writes nothing."""
    witness.cosign(signed_checkpoint(3), [])
    before = witness.state()
    with pytest.raises(ProofError):
        witness.cosign(signed_checkpoint(6), [])
    assert witness.state() == before


def test_rollback_to_a_smaller_tree_is_refused(witness: Witness) -> None:
    """A checkpoint smaller than the last cosigned one is a rollback."""
    witness.cosign(signed_checkpoint(5), [])
    with pytest.raises(ProofError) as caught:
        witness.cosign(signed_checkpoint(4), [])
    assert caught.value.kind == "rollback"


def test_same_size_with_another_root_is_refused(witness: Witness) -> None:
    """Two different trees of the same size are a split view."""
    witness.cosign(signed_checkpoint(3), [])
    other = [b"other", *ENTRIES[1:]]
    with pytest.raises(ProofError) as caught:
        witness.cosign(signed_checkpoint(3, other), [])
    assert caught.value.kind == "root_mismatch"


def test_checkpoint_not_signed_by_the_log_is_refused(witness: Witness) -> None:
    """A checkpoint signed by another key under the log's name is unsigned."""
    impostor = Signer(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32))
    with pytest.raises(SignatureError) as caught:
        witness.cosign(signed_checkpoint(3, log=impostor), [])
    assert caught.value.kind == "unsigned"


def test_tampered_checkpoint_is_refused(witness: Witness) -> None:
    """A checkpoint whose size was edited after signing is a bad signature."""
    tampered = signed_checkpoint(3).replace(f"{ORIGIN}\n3\n", f"{ORIGIN}\n4\n")
    with pytest.raises(SignatureError) as caught:
        witness.cosign(tampered, [])
    assert caught.value.kind == "bad_signature"


def test_checkpoint_of_another_log_is_refused(tmp_path: Path, fake_clock: FakeClock) -> None:
    """The log's key signing a checkpoint for another origin does not pass."""
    witness = Witness.enroll(
        tmp_path / "w.json", "other.example/log", LOG.vkey(), WITNESS_KEY, fake_clock
    )
    with pytest.raises(SignatureError) as caught:
        witness.cosign(signed_checkpoint(3), [])
    assert caught.value.kind == "unknown_log"


def test_first_checkpoint_with_a_proof_is_refused(witness: Witness) -> None:
    """From the empty tree there is nothing to prove, so a proof is an error."""
    with pytest.raises(ProofError) as caught:
        witness.cosign(signed_checkpoint(3), [merkle_root(ENTRIES[:1])])
    assert caught.value.kind == "proof_length"


def test_empty_checkpoint_needs_the_empty_root(witness: Witness) -> None:
    """A size-0 checkpoint must carry SHA-256 of the empty string as its root."""
    body = Checkpoint(ORIGIN, 0, merkle_root(ENTRIES[:1])).body()
    with pytest.raises(ProofError) as caught:
        witness.cosign(LOG.sign_note(body), [])
    assert caught.value.kind == "root_mismatch"


def test_state_survives_a_new_witness_instance(tmp_path: Path, fake_clock: FakeClock) -> None:
    """A restarted witness still refuses a rollback below what it cosigned before."""
    path = tmp_path / "witness.json"
    Witness.enroll(path, ORIGIN, LOG.vkey(), WITNESS_KEY, fake_clock).cosign(
        signed_checkpoint(5), []
    )
    restarted = Witness(path, WITNESS_KEY, fake_clock)
    with pytest.raises(ProofError):
        restarted.cosign(signed_checkpoint(4), [])


def test_state_file_is_plain_json(witness: Witness, tmp_path: Path) -> None:
    """The state file names the log, its key, and the last size and base64 root."""
    witness.cosign(signed_checkpoint(2), [])
    data = json.loads((tmp_path / "witness.json").read_text(encoding="utf-8"))
    assert (data["origin"], data["log_vkey"], data["tree_size"]) == (ORIGIN, LOG.vkey(), 2)
    assert WitnessState.from_json(json.dumps(data)).root_hash == merkle_root(ENTRIES[:2])


def test_state_is_replaced_without_leaving_temporary_files(
    witness: Witness, tmp_path: Path
) -> None:
    """Atomic writes rename their temporary file away: only the state file remains."""
    witness.cosign(signed_checkpoint(2), [])
    witness.cosign(signed_checkpoint(4), consistency_proof(ENTRIES[:4], 2))
    assert [path.name for path in tmp_path.iterdir()] == ["witness.json"]


def test_enrolling_over_an_existing_state_is_refused(witness: Witness, tmp_path: Path) -> None:
    """Enrolling again would forget history, so it is refused."""
    with pytest.raises(ConfigurationError):
        Witness.enroll(tmp_path / "witness.json", ORIGIN, LOG.vkey(), WITNESS_KEY, FakeClock())


def test_missing_state_file_is_a_configuration_error(tmp_path: Path, fake_clock: FakeClock) -> None:
    """A witness without its state file cannot decide anything."""
    with pytest.raises(ConfigurationError):
        Witness(tmp_path / "absent.json", WITNESS_KEY, fake_clock).cosign(signed_checkpoint(1), [])


def test_corrupt_state_file_is_a_configuration_error(tmp_path: Path, fake_clock: FakeClock) -> None:
    """A state file that is not the witness's JSON is refused, not guessed at."""
    path = tmp_path / "witness.json"
    path.write_text('{"origin": "x", "tree_size": -1}', encoding="utf-8")
    with pytest.raises(ConfigurationError):
        Witness(path, WITNESS_KEY, fake_clock).state()


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_note_with_cr_line_ends_is_refused_and_the_state_stays(
    witness: Witness, newline: str
) -> None:
    """Only byte-exact C2SP notes (LF line ends) are cosigned; the state does not move."""
    note = signed_checkpoint(3).replace("\n", newline).encode()
    with pytest.raises(SignatureError) as refused:
        witness.cosign(note, [])
    assert refused.value.kind == "malformed"
    assert witness.state().tree_size == 0


def test_a_note_that_is_not_utf8_is_refused(witness: Witness) -> None:
    """Invalid UTF-8 bytes are refused as malformed, never decoded with replacements."""
    with pytest.raises(SignatureError):
        witness.cosign(signed_checkpoint(3).encode() + b"\xff\n", [])
    assert witness.state().tree_size == 0


def test_a_failed_staging_leaves_the_state_unmoved(witness: Witness) -> None:
    """When the cosignature cannot be written, the witness has not advanced."""
    def failing_stage(cosigned: str) -> Callable[[], None]:
        raise ConfigurationError("disk full")

    with pytest.raises(ConfigurationError):
        witness.cosign(signed_checkpoint(3), [], stage=failing_stage)
    assert witness.state().tree_size == 0


def test_staged_file_is_published_after_the_state_advances(
    witness: Witness, tmp_path: Path
) -> None:
    """The cosigned note lands at its path; an existing path is refused before any change."""
    out = tmp_path / "cosigned.txt"
    witness.cosign(signed_checkpoint(3), [], stage=lambda text: stage_new_file(out, text))
    assert witness.state().tree_size == 3
    assert verify_note(out.read_text(encoding="utf-8"), [cosigner()]).signatures
    with pytest.raises(ConfigurationError):
        witness.cosign(signed_checkpoint(6), consistency_proof(ENTRIES[:6], 3),
                       stage=lambda text: stage_new_file(out, text))
    assert witness.state().tree_size == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".cosigned")] == []


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0, max_value=400),
       inserted=st.binary(min_size=1, max_size=3))
def test_a_hostile_note_is_refused_and_the_state_stays(
    tmp_path_factory: pytest.TempPathFactory, position: int, inserted: bytes
) -> None:
    """Bytes inserted anywhere in a signed note (a CR, a NUL, invalid UTF-8, anything): the
    witness refuses it with a typed error, never a crash, and has not advanced."""
    folder = tmp_path_factory.mktemp("w")
    witness = Witness.enroll(folder / "w.json", ORIGIN, LOG.vkey(), WITNESS_KEY, FakeClock())
    note = signed_checkpoint(3).encode()
    at = position % (len(note) + 1)
    hostile = note[:at] + inserted + note[at:]
    try:
        witness.cosign(hostile, [])
    except (SignatureError, ProofError):
        assert witness.state().tree_size == 0
    else:
        # only a change the signature does not cover can pass: never one of the body's bytes
        assert hostile.startswith(signed_checkpoint(3).split("\n\n")[0].encode())
