"""A witness: cosigns a log's checkpoints only while the log stays append-only.

The witness keeps one small JSON state file per log: the log's origin and verifier key, and the
size and root of the last checkpoint it cosigned. It refuses a checkpoint that the log did not
sign, that belongs to another log, that is smaller than the last one (a rollback) or that is not
provably consistent with it. Notes are taken as exact bytes (no newline translation): anything
but a byte-exact C2SP note is refused. A cosignature goes out in two phases around the state: it
is first staged durably (a temporary file, fsynced), then the state advances, then the staged
file is renamed into place. A failure while staging leaves the state untouched; a crash after
the state advanced leaves at worst a staged file and never a cosignature the state does not
know, so the witness can never be led to cosign two different trees of one size (equivocation).
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

    def cosign(
        self, note: bytes | str, consistency_proof: Sequence[bytes],
        stage: Callable[[str], Callable[[], None]] | None = None,
    ) -> str:
        """Verify the log's checkpoint note against the last one, cosign it, then record it.

        ``note`` is best given as the exact bytes received: a note whose bytes are not strict
        UTF-8 C2SP text (CR line ends, control codes) is refused. ``consistency_proof`` leads
        from the last cosigned tree to this one; it must be empty when the witness has seen
        nothing yet or the size is unchanged. ``stage`` (e.g. a durable write to a temporary file)
        receives the cosigned note before the state advances and returns the step that
        publishes it (e.g. the rename), run after the state is saved; if staging raises, the
        state is unchanged.
        Returns the note with this witness's cosignature line appended (replacing an older one
        of its own).
        """
        text_of_note = _exact_text(note)
        state = self.state()
        text = verify_note(text_of_note, [Verifier.from_vkey(state.log_vkey)]).text
        checkpoint = Checkpoint.parse(text)
        _check_origin(state, checkpoint)
        _check_append_only(state, checkpoint, consistency_proof)
        cosigned = self._without_own_cosignature(text_of_note) + cosign(
            text, self._signer, self._clock()
        )
        publish = stage(cosigned) if stage is not None else None
        self._save(replace(state, tree_size=checkpoint.tree_size, root_hash=checkpoint.root_hash))
        if publish is not None:
            publish()
        return cosigned

    def _without_own_cosignature(self, note: str) -> str:
        text, lines = split_note(note)
        own = (self._signer.name, self._signer.key_id(ED25519_COSIGNATURE))
        kept = [line for line in lines if _identity(line) != own]
        return text + "\n" + "".join(f"{line}\n" for line in kept)

    def _save(self, state: WitnessState) -> None:
        _write_atomically(self._state_path, state.to_json())


def _exact_text(note: bytes | str) -> str:
    """The note as text, refusing bytes that are not strict UTF-8 or that carry a CR."""
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise SignatureError("the note is not valid UTF-8", kind="malformed") from None
    if "\r" in note:
        raise SignatureError("the note has CR line ends: a C2SP note ends lines in LF only",
                             kind="malformed")
    return note


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


def stage_new_file(path: Path, content: str) -> Callable[[], None]:
    """Write ``content`` durably beside ``path`` and return the step that publishes it there.

    An existing ``path`` is refused before anything is written; publishing links the staged
    file to ``path`` (refusing a file that appeared meanwhile) and fsyncs the folder.
    """
    if path.exists():
        raise ConfigurationError(f"{path} exists already: refusing to overwrite it")
    handle, staged = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())

    def publish() -> None:
        try:
            os.link(staged, path)
        except FileExistsError:
            raise ConfigurationError(f"{path} appeared meanwhile: the cosignature is in "
                                     f"{staged}") from None
        os.unlink(staged)
        _fsync_directory(path.parent)
    return publish


def _write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
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
