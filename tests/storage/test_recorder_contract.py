"""The library's own recorder contract, run against our sealing recorders.

Sealing adds side tables and leaves every library statement untouched, so the library's
reusable test cases must pass unchanged. After each case the sealed log must also verify.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import (
    ApplicationRecorderTestCase,
    NonInterleavingNotificationIDsBaseCase,
    tmpfile_uris,
)

from ledger.integrity.audit import verify_store
from ledger.storage.config import DatabaseConfig
from ledger.storage.postgres import SealingPostgresApplicationRecorder
from ledger.storage.sqlite import SealingSQLiteApplicationRecorder

# The longest name PostgreSQL allows: our side tables must still get valid names.
LONG_EVENTS_TABLE_NAME = "s" * 50 + "stored_events"


class _VerifiesAfterEachCase:
    """Remembers every recorder a case creates and verifies its sealed log afterwards."""

    recorders: list[Any]

    def remember(self, recorder: Any) -> Any:
        self.recorders.append(recorder)
        return recorder

    def assert_sealed_logs_verify(self) -> None:
        for recorder in self.recorders:
            report = verify_store(recorder, log_verifiers=())
            assert report.ok, report.to_dict()


class TestSealingSQLiteRecorderContract(
    _VerifiesAfterEachCase, ApplicationRecorderTestCase[SealingSQLiteApplicationRecorder]
):
    """The library's ApplicationRecorderTestCase on SQLite (memory and file)."""

    db_uri = ":memory:"
    originator_id_type: Literal["uuid", "text"] = "uuid"

    def setUp(self) -> None:
        super().setUp()
        self.recorders = []

    def tearDown(self) -> None:
        self.assert_sealed_logs_verify()
        super().tearDown()

    def create_recorder(self) -> SealingSQLiteApplicationRecorder:
        datastore = SQLiteDatastore(
            db_name=self.db_uri, pool_size=100, originator_id_type=self.originator_id_type
        )
        recorder = SealingSQLiteApplicationRecorder(datastore)
        recorder.create_table()
        return self.remember(recorder)  # type: ignore[no-any-return]

    def test_concurrent_no_conflicts(self, initial_position: int = 0) -> None:  # noqa: PT028 - the library signature
        self.db_uri = next(tmpfile_uris())
        super().test_concurrent_no_conflicts()

    def test_concurrent_no_conflicts_in_memory_db(self) -> None:
        self.db_uri = "file::memory:?cache=shared"
        super().test_concurrent_no_conflicts()

    def test_concurrent_throughput(self) -> None:
        self.db_uri = next(tmpfile_uris())
        super().test_concurrent_throughput()


class TestSealingSQLiteRecorderContractWithTextIds(TestSealingSQLiteRecorderContract):
    """The same contract with ORIGINATOR_ID_TYPE=text."""

    originator_id_type: Literal["uuid", "text"] = "text"

    def new_originator_id(self) -> UUID | str:
        return "test-" + str(uuid4())


class TestSealingSQLiteNonInterleaving(NonInterleavingNotificationIDsBaseCase):
    """Two racing batches get non-interleaved notification ids (and leaves)."""

    def create_recorder(self) -> ApplicationRecorder:
        recorder = SealingSQLiteApplicationRecorder(SQLiteDatastore(next(tmpfile_uris())))
        recorder.create_table()
        return recorder


@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_database")
class TestSealingPostgresRecorderContract(
    _VerifiesAfterEachCase, ApplicationRecorderTestCase[SealingPostgresApplicationRecorder]
):
    """The library's ApplicationRecorderTestCase on PostgreSQL, in a fresh schema."""

    postgres_database: DatabaseConfig
    originator_id_type: ClassVar[Literal["uuid", "text"]] = "uuid"

    def setUp(self) -> None:
        super().setUp()
        self.recorders = []
        config = self.postgres_database
        self.datastore = PostgresDatastore(
            config.dbname,
            config.host,
            config.port,
            config.user,
            config.password,
            pool_size=1,
            max_overflow=0,
            lock_timeout=10,
            schema=config.schema,
            originator_id_type=self.originator_id_type,
        )

    def tearDown(self) -> None:
        self.assert_sealed_logs_verify()
        self.datastore.close()
        super().tearDown()

    def create_recorder(self) -> SealingPostgresApplicationRecorder:
        recorder = SealingPostgresApplicationRecorder(
            self.datastore, events_table_name=LONG_EVENTS_TABLE_NAME
        )
        recorder.create_table()
        return self.remember(recorder)  # type: ignore[no-any-return]

    def test_insert_subscribe(self) -> None:
        self.datastore.pool.open()
        self.datastore.pool.resize(2, 2)
        super().optional_test_insert_subscribe()

    def test_concurrent_no_conflicts(self, initial_position: int = 0) -> None:  # noqa: PT028 - the library signature
        self.datastore.pool.open()
        self.datastore.pool.resize(12, 12)
        super().test_concurrent_no_conflicts()

    def test_concurrent_throughput(self) -> None:
        self.datastore.pool.open()
        self.datastore.pool.resize(10, 10)
        super().test_concurrent_throughput()


class TestSealingPostgresRecorderContractWithTextIds(TestSealingPostgresRecorderContract):
    """The same contract with ORIGINATOR_ID_TYPE=text."""

    originator_id_type: ClassVar[Literal["uuid", "text"]] = "text"

    def new_originator_id(self) -> UUID | str:
        return "test-" + str(uuid4())


@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_database")
class TestSealingPostgresNonInterleaving(NonInterleavingNotificationIDsBaseCase):
    """Two racing batches get non-interleaved notification ids (and leaves)."""

    postgres_database: DatabaseConfig

    def setUp(self) -> None:
        super().setUp()
        config = self.postgres_database
        self.datastore = PostgresDatastore(
            config.dbname,
            config.host,
            config.port,
            config.user,
            config.password,
            pool_size=2,
            lock_timeout=10,
            schema=config.schema,
        )

    def tearDown(self) -> None:
        report = verify_store(self.recorder, log_verifiers=())
        assert report.ok, report.to_dict()
        self.datastore.close()
        super().tearDown()

    def create_recorder(self) -> ApplicationRecorder:
        self.recorder = SealingPostgresApplicationRecorder(
            self.datastore, events_table_name="ledger_events"
        )
        self.recorder.create_table()
        return self.recorder
