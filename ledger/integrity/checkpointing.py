"""Signing the log's tree head: now (``checkpoint_now``), or every N events or M seconds.

A checkpoint's origin is the log key's name, as C2SP logs usually do: one name says which log
and which key. Every checkpoint issued is also stored in the store's checkpoints table, where
``verify_store`` checks it again; copies kept by auditors and witnesses are what make a rewrite
of the whole store detectable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Protocol, runtime_checkable

from ledger.errors import ConfigurationError, IntegrityFailure, SignatureError
from ledger.integrity.checkpoint import Checkpoint, Signer, Verifier, verify_checkpoint
from ledger.integrity.leaf import LeafRow, originator_id_bytes
from ledger.integrity.sealed_log import CheckpointRow, SealedStore
from ledger.integrity.subject_index import IndexBuilder, IndexEntry, IndexHead, head_of


@runtime_checkable
class SealedRecorder(SealedStore, Protocol):
    """What signing, proving and exporting need of a sealing recorder (SQLite or PostgreSQL)."""

    def tree_size(self) -> int:
        """Number of sealed leaves."""
        ...

    def root(self, size: int | None = None) -> bytes:
        """Root of the tree of ``size`` leaves (default: the current tree)."""
        ...

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Audit path for leaf ``index`` in the tree of ``size`` leaves."""
        ...

    def consistency_proof(self, old: int, new: int | None = None) -> list[bytes]:
        """Proof that tree ``old`` is a prefix of tree ``new``."""
        ...

    def store_checkpoint(
        self, note: str, tree_size: int, root_hash: bytes, created_at: datetime | None = None
    ) -> CheckpointRow:
        """Store a signed note whose root is the stored tree's root at its size."""
        ...

    def leaf_for_notification(self, notification_id: int) -> LeafRow | None:
        """The leaf sealed for one event, if any."""
        ...


class HasRecorder(Protocol):
    """An eventsourcing application (only its recorder is used)."""

    @property
    def recorder(self) -> object:
        """The application's recorder."""
        ...


def sealed_recorder(app: HasRecorder) -> SealedRecorder:
    """The application's recorder, which must be one of the sealing recorders."""
    recorder = app.recorder
    if not isinstance(recorder, SealedRecorder):
        name = type(recorder).__name__
        raise ConfigurationError(
            f"the store's recorder {name} does not seal events: use a SQLite file or a "
            "PostgreSQL URL (ledger.storage.config selects the sealing recorders)"
        )
    return recorder


def issue_checkpoint(
    recorder: SealedRecorder, signer: Signer, size: int, created_at: datetime | None = None,
    *, with_index: bool = True,
) -> str:
    """Sign the stored tree of ``size`` leaves and store the note; returns the note.

    ``with_index`` adds the subject index line (one pass over the first ``size`` events);
    frequent automatic checkpoints leave it out to stay cheap.
    """
    extensions = (index_at(recorder, size).line(),) if with_index else ()
    checkpoint = Checkpoint(signer.name, size, recorder.root(size), extensions)
    note = signer.sign_note(checkpoint.body())
    recorder.store_checkpoint(note, size, checkpoint.root_hash, created_at)
    return note


def index_at(store: SealedStore, size: int) -> IndexHead:
    """The subject index head of the first ``size`` leaves."""
    return head_of(index_entries_at(store, size))


def index_entries_at(store: SealedStore, size: int, page_size: int = 5000) -> list[IndexEntry]:
    """The subject index entries of the first ``size`` leaves, read from the store in leaf
    order (sorted by id)."""
    builder, after = IndexBuilder(), 0
    leaves = _leaves(store, size, page_size)
    until = store.log_bounds().max_notification_id
    while page := store.select_stored_rows(after, until, page_size):
        for row in page:
            leaf = next(leaves, None)
            if leaf is None:
                return builder.entries()
            if leaf.notification_id != row.notification_id:
                raise IntegrityFailure(f"leaf {leaf.leaf_index} does not seal event "
                                       f"{row.notification_id}: run ledger verify",
                                       kind="altered", position=leaf.leaf_index)
            builder.add(originator_id_bytes(row.originator_id), row.originator_version,
                        leaf.leaf_index)
        after = page[-1].notification_id
    return builder.entries()


def _leaves(store: SealedStore, size: int, page_size: int) -> Iterator[LeafRow]:
    start = 0
    while start < size and (page := store.select_leaves(start, size, page_size)):
        yield from page
        start = page[-1].leaf_index + 1


def checkpoint_now(ledger: HasRecorder, signer: Signer, created_at: datetime | None = None) -> str:
    """Sign and store the current tree head of ``ledger``'s store; returns the signed note."""
    recorder = sealed_recorder(ledger)
    return issue_checkpoint(recorder, signer, recorder.tree_size(), created_at)


def stored_note(recorder: SealedRecorder, verifier: Verifier, size: int | None) -> str | None:
    """The newest stored note signed by ``verifier`` (of exactly ``size``, when given)."""
    for row in reversed(recorder.select_checkpoints()):
        if size is not None and row.tree_size != size:
            continue
        try:
            checkpoint = verify_checkpoint(row.note, [verifier])
        except SignatureError:
            continue
        if (checkpoint.tree_size, checkpoint.root_hash) == (row.tree_size, row.root_hash):
            return row.note
    return None


class AutoCheckpointer:
    """Signs a checkpoint once ``every_events`` new events or ``every_seconds`` have passed.

    Call ``maybe_checkpoint()`` after each saved batch (one cheap query) and ``finish()`` at the
    end; either returns the new note, or None when nothing was due. A limit of None is off.
    """

    def __init__(
        self,
        ledger: HasRecorder,
        signer: Signer,
        *,
        every_events: int | None = 1000,
        every_seconds: float | None = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._recorder = sealed_recorder(ledger)
        self._signer = signer
        self._every_events = every_events
        self._every_seconds = every_seconds
        self._monotonic = monotonic
        checkpoints = self._recorder.select_checkpoints()
        self.signed_size = max((row.tree_size for row in checkpoints), default=0)
        self._signed_at = monotonic()

    def maybe_checkpoint(self) -> str | None:
        """Sign the current tree if a limit was reached and it grew since the last one."""
        size = self._recorder.tree_size()
        return self._sign(size) if self._is_due(size) else None

    def finish(self) -> str | None:
        """Sign the current tree if it grew since the last checkpoint (end of an import)."""
        size = self._recorder.tree_size()
        return self._sign(size) if size > self.signed_size else None

    def _is_due(self, size: int) -> bool:
        grown = size - self.signed_size
        if grown <= 0:
            return False
        by_count = self._every_events is not None and grown >= self._every_events
        elapsed = self._monotonic() - self._signed_at
        by_time = self._every_seconds is not None and elapsed >= self._every_seconds
        return by_count or by_time

    def _sign(self, size: int) -> str:
        note = issue_checkpoint(self._recorder, self._signer, size, with_index=False)
        self.signed_size, self._signed_at = size, self._monotonic()
        return note
