"""A witness: cosigns a log's checkpoints only while the log stays append-only.

The witness keeps one small JSON state file per log: the log's origin and verifier key, and the
size and root of the last checkpoint it cosigned. It refuses a checkpoint that the log did not
sign, that belongs to another log, that is smaller than the last one (a rollback) or that is not
provably consistent with it. The state is written (temporary file, fsync, ``os.replace``) before
the cosignature is handed out, so a crash can never leave a cosignature the state does not know.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ledger.errors import ConfigurationError, ProofError, SignatureError
from ledger.integrity.checkpoint import (
    ED25519_COSIGNATURE,
    KEY_ID_SIZE,
    Checkpoint,
    Signer,
    Verifier,
    cosign,
    parse_signature_line,
    split_note,
    verify_note,
)
from ledger.integrity.verify import EMPTY_ROOT, HASH_SIZE, verify_consistency

Clock = Callable[[], int]


@dataclass(frozen=True)
class WitnessState:
    """What the witness remembers of one log: who it is and the last tree it cosigned."""

    origin: str
    log_vkey: str
    tree_size: int
    root_hash: bytes

    def to_json(self) -> str:
        """The state file's content."""
        root = base64.b64encode(self.root_hash).decode()
        fields = {"origin": self.origin, "log_vkey": self.log_vkey}
        return json.dumps({**fields, "tree_size": self.tree_size, "root_hash": root})

    @classmethod
    def from_json(cls, text: str) -> WitnessState:
        """Read a state file's content; raises ConfigurationError when it is unusable."""
        try:
            data = json.loads(text)
            root_hash = base64.b64decode(data["root_hash"], validate=True)
            state = cls(data["origin"], data["log_vkey"], data["tree_size"], root_hash)
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigurationError(f"unreadable witness state: {error}") from None
        if not state._is_valid():
            raise ConfigurationError("witness state has wrong types, size or root")
        return state

    def _is_valid(self) -> bool:
        texts_ok = isinstance(self.origin, str) and isinstance(self.log_vkey, str)
        size_ok = isinstance(self.tree_size, int) and self.tree_size >= 0
        return texts_ok and size_ok and len(self.root_hash) == HASH_SIZE


class Witness:
    """Cosigns checkpoints of one log, remembering the last one in ``state_path``."""

    def __init__(self, state_path: Path, signer: Signer, clock: Clock) -> None:
        self._state_path = state_path
        self._signer = signer
        self._clock = clock

    @classmethod
    def enroll(
        cls, state_path: Path, origin: str, log_vkey: str, signer: Signer, clock: Clock
    ) -> Witness:
        """Start witnessing a log from the empty tree; never overwrites an existing state."""
        Verifier.from_vkey(log_vkey)
        if state_path.exists():
            raise ConfigurationError(f"witness state {state_path} exists already")
        witness = cls(state_path, signer, clock)
        witness._save(WitnessState(origin, log_vkey, 0, EMPTY_ROOT))
        return witness

    def state(self) -> WitnessState:
        """The last checkpoint this witness cosigned, as recorded in its state file."""
        try:
            return WitnessState.from_json(self._state_path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ConfigurationError(f"cannot read witness state: {error}") from None

    def cosigner_vkey(self) -> str:
        """The verifier key (type 0x04) with which clients check this witness's cosignatures."""
        return self._signer.cosigner_vkey()

    def cosign(self, note: str, consistency_proof: Sequence[bytes]) -> str:
        """Verify the log's checkpoint note against the last one, record it, and cosign it.

        ``consistency_proof`` leads from the last cosigned tree to this one; it must be empty
        when the witness has seen nothing yet or the size is unchanged. Returns the note with
        this witness's cosignature line appended (replacing an older one of its own).
        """
        state = self.state()
        text = verify_note(note, [Verifier.from_vkey(state.log_vkey)]).text
        checkpoint = Checkpoint.parse(text)
        _check_origin(state, checkpoint)
        _check_append_only(state, checkpoint, consistency_proof)
        line = cosign(text, self._signer, self._clock())
        self._save(replace(state, tree_size=checkpoint.tree_size, root_hash=checkpoint.root_hash))
        return self._without_own_cosignature(note) + line

    def _without_own_cosignature(self, note: str) -> str:
        text, lines = split_note(note)
        own = (self._signer.name, self._signer.key_id(ED25519_COSIGNATURE))
        kept = [line for line in lines if _identity(line) != own]
        return text + "\n" + "".join(f"{line}\n" for line in kept)

    def _save(self, state: WitnessState) -> None:
        _write_atomically(self._state_path, state.to_json())


def _check_origin(state: WitnessState, checkpoint: Checkpoint) -> None:
    if checkpoint.origin != state.origin:
        message = f"checkpoint of {checkpoint.origin!r}, but this witness follows {state.origin!r}"
        raise SignatureError(message, kind="unknown_log")


def _check_append_only(state: WitnessState, checkpoint: Checkpoint, proof: Sequence[bytes]) -> None:
    """Refuse a rollback or a tree that does not extend the last one cosigned."""
    if checkpoint.tree_size < state.tree_size:
        raise ProofError(
            f"rollback refused: size {checkpoint.tree_size} is smaller than the "
            f"{state.tree_size} already cosigned",
            kind="rollback",
            position=checkpoint.tree_size,
        )
    if state.tree_size == 0:
        _check_first(checkpoint, proof)
        return
    try:
        verify_consistency(
            state.tree_size, checkpoint.tree_size, state.root_hash, checkpoint.root_hash, proof
        )
    except ProofError as error:
        raise ProofError(
            f"checkpoint of size {checkpoint.tree_size} is not consistent with the "
            f"size {state.tree_size} already cosigned: {error.message}",
            kind=error.kind,
            position=error.position,
            expected=error.expected,
            calculated=error.calculated,
        ) from None


def _check_first(checkpoint: Checkpoint, proof: Sequence[bytes]) -> None:
    """From the empty tree every tree is consistent, but there is nothing to prove it with."""
    if proof:
        message = "no consistency proof is needed from the empty tree"
        raise ProofError(message, kind="proof_length", position=len(proof))
    if checkpoint.tree_size == 0 and checkpoint.root_hash != EMPTY_ROOT:
        raise ProofError(
            "an empty tree's root must be SHA-256 of the empty string",
            kind="root_mismatch",
            position=0,
            expected=EMPTY_ROOT,
            calculated=checkpoint.root_hash,
        )


def _identity(line: str) -> tuple[str, bytes]:
    name, signature = parse_signature_line(line)
    return name, signature[:KEY_ID_SIZE]


def _write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        _fsync_directory(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX: the directory entry lives in the directory)."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
