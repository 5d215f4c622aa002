"""PostgreSQL application recorder that seals every event in the transaction that stores it.

Select it with
``APPLICATION_RECORDER_TOPIC=ledger.storage.postgres:SealingPostgresApplicationRecorder``.
It keeps the library's locked insert path (never ``POSTGRES_ENABLE_DB_FUNCTIONS``): the seal
runs after the insert, still under ``LOCK TABLE ... IN EXCLUSIVE MODE``, so leaf indexes follow
commit order. Leaves, nodes and checkpoints live in side tables in ``POSTGRES_SCHEMA``.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import TYPE_CHECKING, Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import ProgrammingError
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Composed, Identifier, Literal

from ledger.integrity.leaf import CHAIN_GENESIS, LeafRow, StoredRow
from ledger.integrity.merkle_store import FrontierCache, NodeKey, seal_batch
from ledger.integrity.sealed_log import CheckpointRow, LogBounds, SealedLogQueries

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from eventsourcing.persistence import StoredEvent
    from psycopg import Cursor
    from psycopg.rows import DictRow

MAX_IDENTIFIER_LENGTH = 63
ABORT_TEMPLATE = SQL("DO $$BEGIN RAISE EXCEPTION {}; END$$")


def side_table_name(events_table_name: str, suffix: str) -> str:
    """``<events table>_<suffix>``, shortened with a digest when over 63 characters."""
    name = f"{events_table_name}_{suffix}"
    if len(name) <= MAX_IDENTIFIER_LENGTH:
        return name
    digest = hashlib.sha256(events_table_name.encode()).hexdigest()[:8]
    keep = MAX_IDENTIFIER_LENGTH - len(suffix) - len(digest) - 2
    return f"{events_table_name[:keep]}_{digest}_{suffix}"


class SealingPostgresApplicationRecorder(SealedLogQueries, PostgresApplicationRecorder):
    """Stores events as the library does, and in the same transaction their leaves and nodes."""

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.leaves_table_name = side_table_name(events_table_name, "leaves")
        self.nodes_table_name = side_table_name(events_table_name, "nodes")
        self.checkpoints_table_name = side_table_name(events_table_name, "checkpoints")
        self.frontier_cache = FrontierCache()
        self.sql_create_statements.extend(self._create_side_table_statements())

    def _create_side_table_statements(self) -> list[Composed]:
        return [
            self._sql(
                "CREATE TABLE IF NOT EXISTS {leaves} ("
                "leaf_index bigint PRIMARY KEY, "
                "notification_id bigint NOT NULL UNIQUE, "
                "leaf_hash bytea NOT NULL, "
                "chain_hash bytea NOT NULL)"
            ),
            self._sql(
                "CREATE TABLE IF NOT EXISTS {nodes} ("
                "level smallint NOT NULL, "
                "node_index bigint NOT NULL, "
                "node_hash bytea NOT NULL, "
                "PRIMARY KEY (level, node_index))"
            ),
            self._sql(
                "CREATE TABLE IF NOT EXISTS {checkpoints} ("
                "checkpoint_id bigserial PRIMARY KEY, "
                "tree_size bigint NOT NULL, "
                "root_hash bytea NOT NULL, "
                "note text NOT NULL, "
                "created_at timestamptz NOT NULL)"
            ),
        ]

    def _sql(self, template: str) -> Composed:
        """Format a statement with this recorder's schema-qualified table names."""
        schema = Identifier(self.datastore.schema)
        return SQL(template).format(
            events=Composed([schema, SQL("."), Identifier(self.events_table_name)]),
            leaves=Composed([schema, SQL("."), Identifier(self.leaves_table_name)]),
            nodes=Composed([schema, SQL("."), Identifier(self.nodes_table_name)]),
            checkpoints=Composed([schema, SQL("."), Identifier(self.checkpoints_table_name)]),
        )

    # The library's private hook (pinned eventsourcing==9.5.*): it runs after the insert,
    # inside the transaction that holds the EXCLUSIVE table lock, in pipeline mode.
    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        notification_ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if notification_ids:
            try:
                self._seal(curs, stored_events, notification_ids)
            except BaseException as error:
                self._abort(curs, error)
                raise
        return notification_ids

    def _abort(self, curs: Cursor[DictRow], error: BaseException) -> None:
        """Make the transaction fail, so events are never committed without their leaves.

        The library catches our exception inside its transaction block and would commit.
        """
        reason = f"ledger: sealing failed, events not stored: {error!r}".replace("$", "")
        with contextlib.suppress(psycopg.Error):
            curs.execute(ABORT_TEMPLATE.format(Literal(reason)))

    def _seal(
        self, curs: Cursor[DictRow], events: Sequence[StoredEvent], ids: Sequence[int]
    ) -> None:
        rows = [self._stored_row(n, e) for n, e in zip(ids, events, strict=True)]
        size, chain = self._read_head(curs)
        batch = seal_batch(_CursorNodes(self, curs), size, chain, rows, self.frontier_cache)
        curs.execute(
            self._sql(
                "INSERT INTO {leaves} (leaf_index, notification_id, leaf_hash, chain_hash) "
                "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bytea[], %s::bytea[])"
            ),
            _columns(
                [
                    (x.leaf_index, x.notification_id, x.leaf_hash, x.chain_hash)
                    for x in batch.leaves
                ],
                4,
            ),
        )
        if batch.nodes:
            curs.execute(
                self._sql(
                    "INSERT INTO {nodes} (level, node_index, node_hash) "
                    "SELECT * FROM unnest(%s::smallint[], %s::bigint[], %s::bytea[])"
                ),
                _columns([(level, index, node) for (level, index), node in batch.nodes], 3),
            )

    def _stored_row(self, notification_id: int, event: StoredEvent) -> StoredRow:
        return StoredRow(
            notification_id,
            self._read_originator_id(event.originator_id),
            event.originator_version,
            event.topic,
            event.state,
        )

    def _read_originator_id(self, originator_id: UUID | str) -> UUID | str:
        """The id as the library reads it back from this store's column type."""
        if self.datastore.originator_id_type == "text":
            return str(originator_id)
        return originator_id if isinstance(originator_id, UUID) else UUID(originator_id)

    def _read_head(self, curs: Cursor[DictRow]) -> tuple[int, bytes]:
        curs.execute(
            self._sql(
                "SELECT leaf_index, chain_hash FROM {leaves} ORDER BY leaf_index DESC LIMIT 1"
            )
        )
        row = curs.fetchone()
        if row is None:
            return 0, CHAIN_GENESIS
        return row["leaf_index"] + 1, bytes(row["chain_hash"])

    def _cursor_read_nodes(
        self, curs: Cursor[DictRow], keys: Sequence[NodeKey]
    ) -> dict[NodeKey, bytes]:
        if not keys:
            return {}
        curs.execute(
            self._sql(
                "SELECT 0 AS level, leaf_index AS node_index, leaf_hash AS node_hash "
                "FROM {leaves} WHERE leaf_index = ANY(%s::bigint[]) "
                "UNION ALL "
                "SELECT n.level, n.node_index, n.node_hash FROM {nodes} AS n "
                "JOIN unnest(%s::smallint[], %s::bigint[]) AS k(level, node_index) "
                "ON n.level = k.level AND n.node_index = k.node_index"
            ),
            (
                [index for level, index in keys if level == 0],
                [level for level, _ in keys if level > 0],
                [index for level, index in keys if level > 0],
            ),
        )
        return {
            (row["level"], row["node_index"]): bytes(row["node_hash"]) for row in curs.fetchall()
        }

    # --- reading the sealed log (each call is its own read transaction) ---

    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        """Stored node hashes by (level, index); level 0 are the leaf hashes."""
        with self.datastore.transaction(commit=False) as curs:
            return self._cursor_read_nodes(curs, keys)

    def tree_size(self) -> int:
        """Number of sealed leaves (the size of the Merkle tree)."""
        with self.datastore.transaction(commit=False) as curs:
            return self._read_head(curs)[0]

    def log_bounds(self) -> LogBounds:
        """Tree size and highest notification id, read in one statement (one snapshot)."""
        row = self._select(
            "SELECT (SELECT MAX(leaf_index) FROM {leaves}) AS last_index, "
            "(SELECT MAX(notification_id) FROM {events}) AS last_id",
            (),
        )[0]
        last_index = row["last_index"]
        return LogBounds(0 if last_index is None else last_index + 1, row["last_id"] or 0)

    def select_leaves(self, start_index: int, stop_index: int, limit: int) -> list[LeafRow]:
        """Leaf rows with ``start_index <= leaf_index < stop_index``, in index order."""
        return [
            _leaf_row(row)
            for row in self._select(
                "SELECT * FROM {leaves} WHERE leaf_index >= %s AND leaf_index < %s "
                "ORDER BY leaf_index LIMIT %s",
                (start_index, stop_index, limit),
            )
        ]

    def leaf_for_notification(self, notification_id: int) -> LeafRow | None:
        """The leaf sealed for one event, if any."""
        rows = self._select("SELECT * FROM {leaves} WHERE notification_id = %s", (notification_id,))
        return _leaf_row(rows[0]) if rows else None

    def select_stored_rows(self, after_id: int, until_id: int, limit: int) -> list[StoredRow]:
        """Raw event rows with ``after_id < notification id <= until_id``, in that order."""
        rows = self._select(
            "SELECT * FROM {events} WHERE notification_id > %s AND notification_id <= %s "
            "ORDER BY notification_id LIMIT %s",
            (after_id, until_id, limit),
        )
        return [
            StoredRow(
                r["notification_id"],
                r["originator_id"],
                r["originator_version"],
                r["topic"],
                bytes(r["state"]),
            )
            for r in rows
        ]

    def select_checkpoints(self) -> list[CheckpointRow]:
        """Every stored checkpoint, oldest first."""
        rows = self._select("SELECT * FROM {checkpoints} ORDER BY checkpoint_id", ())
        return [
            CheckpointRow(
                r["checkpoint_id"],
                r["tree_size"],
                bytes(r["root_hash"]),
                r["note"],
                r["created_at"],
            )
            for r in rows
        ]

    def _insert_checkpoint(
        self, note: str, tree_size: int, root_hash: bytes, created_at: datetime
    ) -> int:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                self._sql(
                    "INSERT INTO {checkpoints} (tree_size, root_hash, note, created_at) "
                    "VALUES (%s, %s, %s, %s) RETURNING checkpoint_id"
                ),
                (tree_size, root_hash, note, created_at),
            )
            row = curs.fetchone()
            if row is None:
                msg = "checkpoint insert returned no id"
                raise ProgrammingError(msg)
            return int(row["checkpoint_id"])

    def _select(self, template: str, params: Sequence[Any]) -> list[DictRow]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(template), params)
            return curs.fetchall()


class _CursorNodes:
    """A NodeReader bound to the insert transaction's cursor."""

    def __init__(self, recorder: SealingPostgresApplicationRecorder, curs: Cursor[DictRow]) -> None:
        self.recorder = recorder
        self.curs = curs

    def read_nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return self.recorder._cursor_read_nodes(self.curs, keys)


def _leaf_row(row: DictRow) -> LeafRow:
    return LeafRow(
        row["leaf_index"],
        row["notification_id"],
        bytes(row["leaf_hash"]),
        bytes(row["chain_hash"]),
    )


def _columns(rows: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows to column arrays, for one ``INSERT ... SELECT * FROM unnest(...)``."""
    return [[row[column] for row in rows] for column in range(width)]
