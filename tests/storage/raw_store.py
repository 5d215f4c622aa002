"""Raw SQL on a sealed store, bypassing the recorder: for tamper drills only."""

from __future__ import annotations

import sqlite3
from typing import Any
from uuid import UUID

import psycopg

from ledger.integrity.leaf import CHAIN_GENESIS, seal_rows
from ledger.integrity.merkle_store import CompactRange
from ledger.storage.sqlite import SealingSQLiteApplicationRecorder

UNBOUNDED = 2**62


class RawStore:
    """An attacker's view: plain SQL on the events and side tables of one store."""

    def __init__(self, recorder: Any, env: dict[str, str]) -> None:
        self.recorder = recorder
        self.is_sqlite = isinstance(recorder, SealingSQLiteApplicationRecorder)
        self.names = {
            "events": recorder.events_table_name,
            "leaves": recorder.leaves_table_name,
            "nodes": recorder.nodes_table_name,
            "checkpoints": recorder.checkpoints_table_name,
            "id": "rowid" if self.is_sqlite else "notification_id",
        }
        self.connection: Any = (
            sqlite3.connect(env["SQLITE_DBNAME"], isolation_level=None)
            if self.is_sqlite
            else psycopg.connect(
                host=env["POSTGRES_HOST"],
                port=int(env["POSTGRES_PORT"]),
                user=env["POSTGRES_USER"],
                password=env["POSTGRES_PASSWORD"],
                dbname=env["POSTGRES_DBNAME"],
                options=f"-c search_path={env['POSTGRES_SCHEMA']}",
                autocommit=True,
            )
        )

    def execute(self, template: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``?`` placeholders, ``{events}``-style table names)."""
        statement = template.format(**self.names)
        if not self.is_sqlite:
            statement = statement.replace("?", "%s")
        cursor = self.connection.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []

    def originator_id(self, value: UUID) -> Any:
        return value.hex if self.is_sqlite else value

    def close(self) -> None:
        self.connection.close()

    # --- the drills' building blocks ---

    def set_state(self, notification_id: int, state: bytes) -> None:
        self.execute("UPDATE {events} SET state = ? WHERE {id} = ?", (state, notification_id))

    def state(self, notification_id: int) -> bytes:
        return bytes(
            self.execute("SELECT state FROM {events} WHERE {id} = ?", (notification_id,))[0][0]
        )

    def insert_event(self, originator_id: UUID, version: int, topic: str, state: bytes) -> int:
        self.execute(
            "INSERT INTO {events} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            (self.originator_id(originator_id), version, topic, state),
        )
        return int(self.execute("SELECT MAX({id}) FROM {events}")[0][0])

    def truncate_tail(self, keep: int) -> None:
        """Delete every event after the first ``keep`` leaves, with their leaves and nodes."""
        (last_kept,) = self.execute(
            "SELECT notification_id FROM {leaves} WHERE leaf_index = ?", (keep - 1,)
        )[0]
        self.execute("DELETE FROM {events} WHERE {id} > ?", (last_kept,))
        self.execute("DELETE FROM {leaves} WHERE leaf_index >= ?", (keep,))
        for level in range(1, 40):
            self.execute(
                "DELETE FROM {nodes} WHERE level = ? AND (node_index + 1) * ? > ?",
                (level, 2**level, keep),
            )

    def reseal_everything(self) -> None:
        """Recompute every leaf, chain link and node from the events as they now are."""
        rows = self.recorder.select_stored_rows(0, UNBOUNDED, UNBOUNDED)
        leaves = seal_rows(0, CHAIN_GENESIS, rows)
        nodes = CompactRange().extend(leaf.leaf_hash for leaf in leaves)
        self.execute("DELETE FROM {leaves}")
        self.execute("DELETE FROM {nodes}")
        for leaf in leaves:
            self.execute(
                "INSERT INTO {leaves} VALUES (?, ?, ?, ?)",
                (leaf.leaf_index, leaf.notification_id, leaf.leaf_hash, leaf.chain_hash),
            )
        for (level, index), node in nodes:
            self.execute("INSERT INTO {nodes} VALUES (?, ?, ?)", (level, index, node))
