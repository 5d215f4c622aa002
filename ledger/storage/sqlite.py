"""SQLite application recorder that seals every event in the transaction that stores it.

Select it with
``APPLICATION_RECORDER_TOPIC=ledger.storage.sqlite:SealingSQLiteApplicationRecorder``.
The library's statements are untouched: leaves, Merkle nodes and checkpoints live in side
tables named after the events table (``stored_events_leaves``, ``_nodes``, ``_checkpoints``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import ProgrammingError
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from ledger.integrity.leaf import CHAIN_GENESIS, LeafRow, StoredRow
from ledger.integrity.merkle_store import FrontierCache, NodeKey, seal_batch
from ledger.integrity.sealed_log import CheckpointRow, LogBounds, SealedLogQueries

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from eventsourcing.persistence import StoredEvent

KEYS_PER_QUERY = 10_000  # well below SQLite's 32,766 bound parameters
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class SealingSQLiteApplicationRecorder(SealedLogQueries, SQLiteApplicationRecorder):
    """Stores events as the library does, and in the same transaction their leaves and nodes."""

    def __init__(
        self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"
    ) -> None:
        if not _IDENTIFIER.fullmatch(events_table_name):
            msg = f"events table name {events_table_name!r} is not a plain SQL identifier"
            raise ProgrammingError(msg)
        self.leaves_table_name = f"{events_table_name}_leaves"
        self.nodes_table_name = f"{events_table_name}_nodes"
        self.checkpoints_table_name = f"{events_table_name}_checkpoints"
        self.frontier_cache = FrontierCache()
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        """The library's events table, then the leaves, nodes and checkpoints tables."""
        return [
            *super().construct_create_table_statements(),
            self._sql(
                "CREATE TABLE IF NOT EXISTS {leaves} ("
                "leaf_index INTEGER PRIMARY KEY, "
                "notification_id INTEGER NOT NULL UNIQUE, "
                "leaf_hash BLOB NOT NULL, "
                "chain_hash BLOB NOT NULL)"
            ),
            self._sql(
                "CREATE TABLE IF NOT EXISTS {nodes} ("
                "level INTEGER NOT NULL, "
                "node_index INTEGER NOT NULL, "
                "node_hash BLOB NOT NULL, "
                "PRIMARY KEY (level, node_index)) WITHOUT ROWID"
            ),
            self._sql(
                "CREATE TABLE IF NOT EXISTS {checkpoints} ("
                "checkpoint_id INTEGER PRIMARY KEY, "
                "tree_size INTEGER NOT NULL, "
                "root_hash BLOB NOT NULL, "
                "note TEXT NOT NULL, "
                "created_at TEXT NOT NULL)"
            ),
        ]

    def _sql(self, template: str, **parts: str) -> str:
        """Fill in this recorder's table names (checked identifiers) and placeholder lists."""
        return template.format(
            events=self.events_table_name,
            leaves=self.leaves_table_name,
            nodes=self.nodes_table_name,
            checkpoints=self.checkpoints_table_name,
            **parts,
        )

    # The library's private insert hook (pinned eventsourcing==9.5.*): after super() the
    # connection holds SQLite's write lock and the rowids are known, so the leaves follow
    # the notification order and commit or roll back with the events.
    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        notification_ids = super()._insert_events(c, stored_events, **kwargs)
        if notification_ids:
            self._seal(c, stored_events, notification_ids)
        return notification_ids

    def _seal(self, c: SQLiteCursor, events: Sequence[StoredEvent], ids: Sequence[int]) -> None:
        rows = [self._stored_row(n, e) for n, e in zip(ids, events, strict=True)]
        size, chain = self._read_head(c)
        batch = seal_batch(_CursorNodes(self, c), size, chain, rows, self.frontier_cache)
        c.executemany(
            self._sql("INSERT INTO {leaves} VALUES (?,?,?,?)"),
            [(x.leaf_index, x.notification_id, x.leaf_hash, x.chain_hash) for x in batch.leaves],
        )
        c.executemany(
            self._sql("INSERT INTO {nodes} VALUES (?,?,?)"),
            [(level, index, node) for (level, index), node in batch.nodes],
        )

    def _stored_row(self, notification_id: int, event: StoredEvent) -> StoredRow:
        """The row as it will read back: ids are stored as hex text, then parsed again."""
        oid = event.originator_id
        is_uuid_store = self.datastore.originator_id_type == "uuid"
        if not (is_uuid_store and isinstance(oid, UUID)):
            oid = self._read_originator_id(oid.hex if isinstance(oid, UUID) else oid)
        return StoredRow(notification_id, oid, event.originator_version, event.topic, event.state)

    def _read_originator_id(self, stored_id: str) -> UUID | str:
        """The id as the library reads it back; text that is not a UUID stays text."""
        if self.datastore.originator_id_type == "uuid":
            try:
                return UUID(stored_id)
            except ValueError:
                return stored_id
        return stored_id

    def _read_head(self, c: SQLiteCursor) -> tuple[int, bytes]:
        c.execute(
            self._sql(
                "SELECT leaf_index, chain_hash FROM {leaves} ORDER BY leaf_index DESC LIMIT 1"
            )
        )
        row = c.fetchone()
        return (0, CHAIN_GENESIS) if row is None else (row[0] + 1, bytes(row[1]))

    def _cursor_read_nodes(self, c: SQLiteCursor, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        found: dict[NodeKey, bytes] = {}
        for start in range(0, len(keys), KEYS_PER_QUERY):
            found.update(self._read_node_chunk(c, keys[start : start + KEYS_PER_QUERY]))
        return found

    def _read_node_chunk(self, c: SQLiteCursor, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        """One UNION ALL query, one index lookup per level (a range when indexes are adjacent)."""
        by_level: dict[int, list[int]] = {}
        for level, index in keys:
            by_level.setdefault(level, []).append(index)
        parts: list[str] = []
        params: list[int] = []
        for level, indexes in sorted(by_level.items()):
            parts.append(self._level_query(level, indexes, params))
        if not parts:
            return {}
        c.execute(" UNION ALL ".join(parts), params)
        return {(row[0], row[1]): bytes(row[2]) for row in c.fetchall()}

    def _level_query(self, level: int, indexes: list[int], params: list[int]) -> str:
        if level == 0:
            template = "SELECT 0, leaf_index, leaf_hash FROM {leaves} WHERE leaf_index "
        else:
            template = (
                "SELECT level, node_index, node_hash FROM {nodes} WHERE level = ? AND node_index "
            )
            params.append(level)
        low, high = min(indexes), max(indexes)
        if high - low + 1 == len(indexes):
            params += [low, high]
            return self._sql(template + "BETWEEN ? AND ?")
        params += indexes
        return self._sql(template + "IN ({marks})", marks=",".join("?" * len(indexes)))

    # --- reading the sealed log (each call is its own read transaction) ---

    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        """Stored node hashes by (level, index); level 0 are the leaf hashes."""
        with self.datastore.transaction(commit=False) as c:
            return self._cursor_read_nodes(c, keys)

    def tree_size(self) -> int:
        """Number of sealed leaves (the size of the Merkle tree)."""
        with self.datastore.transaction(commit=False) as c:
            return self._read_head(c)[0]

    def log_bounds(self) -> LogBounds:
        """Tree size and highest notification id, read in one statement."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                self._sql(
                    "SELECT (SELECT MAX(leaf_index) FROM {leaves}), "
                    "(SELECT MAX(rowid) FROM {events})"
                )
            )
            last_index, last_id = c.fetchone()
            return LogBounds(_count(last_index), last_id or 0)

    def select_leaves(self, start_index: int, stop_index: int, limit: int) -> list[LeafRow]:
        """Leaf rows with ``start_index <= leaf_index < stop_index``, in index order."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                self._sql(
                    "SELECT * FROM {leaves} "
                    "WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index LIMIT ?"
                ),
                (start_index, stop_index, limit),
            )
            return [LeafRow(r[0], r[1], _blob(r[2]), _blob(r[3])) for r in c.fetchall()]

    def leaf_for_notification(self, notification_id: int) -> LeafRow | None:
        """The leaf sealed for one event, if any."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                self._sql("SELECT * FROM {leaves} WHERE notification_id = ?"),
                (notification_id,),
            )
            r = c.fetchone()
            return None if r is None else LeafRow(r[0], r[1], _blob(r[2]), _blob(r[3]))

    def select_stored_rows(self, after_id: int, until_id: int, limit: int) -> list[StoredRow]:
        """Raw event rows with ``after_id < notification id <= until_id``, in that order."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                self._sql(
                    "SELECT rowid, * FROM {events} WHERE rowid > ? AND rowid <= ? "
                    "ORDER BY rowid LIMIT ?"
                ),
                (after_id, until_id, limit),
            )
            return [
                StoredRow(r[0], self._read_originator_id(r[1]), r[2], r[3], _blob(r[4]))
                for r in c.fetchall()
            ]

    def _insert_checkpoint(
        self, note: str, tree_size: int, root_hash: bytes, created_at: datetime
    ) -> int:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                self._sql(
                    "INSERT INTO {checkpoints} (tree_size, root_hash, note, created_at) "
                    "VALUES (?,?,?,?)"
                ),
                (tree_size, root_hash, note, created_at.isoformat()),
            )
            return int(c.lastrowid)

    def select_checkpoints(self) -> list[CheckpointRow]:
        """Every stored checkpoint, oldest first."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(self._sql("SELECT * FROM {checkpoints} ORDER BY checkpoint_id"))
            return [
                CheckpointRow(r[0], r[1], bytes(r[2]), r[3], _parse_instant(r[4]))
                for r in c.fetchall()
            ]


class _CursorNodes:
    """A NodeReader bound to the insert transaction's cursor."""

    def __init__(self, recorder: SealingSQLiteApplicationRecorder, c: SQLiteCursor) -> None:
        self.recorder = recorder
        self.c = c

    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return self.recorder._cursor_read_nodes(self.c, keys)


def _count(last_index: int | None) -> int:
    return 0 if last_index is None else last_index + 1


def _parse_instant(text: str) -> datetime:
    instant = datetime.fromisoformat(text)
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def _blob(value: bytes | str | int | float) -> bytes:
    """A stored value as bytes, whatever SQLite's dynamic typing holds (raw SQL may have put
    text or a number where bytes belong: verification must report it, not crash on it)."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")
