"""Resolving --db and the environment into one database config."""

from __future__ import annotations

import pytest

from ledger.errors import ConfigurationError
from ledger.storage.config import resolve_database


def test_the_db_option_wins_over_the_environment() -> None:
    config = resolve_database("a.db", {"LEDGER_DATABASE_URL": "sqlite:///b.db"})
    assert (config.kind, config.sqlite_path) == ("sqlite", "a.db")


def test_the_url_variable_comes_next() -> None:
    config = resolve_database(
        None, {"LEDGER_DATABASE_URL": "sqlite:///b.db", "POSTGRES_DBNAME": "x"}
    )
    assert config.sqlite_path == "b.db"


def test_postgres_variables_come_next() -> None:
    environ = {"POSTGRES_DBNAME": "ledger", "POSTGRES_HOST": "db", "POSTGRES_SCHEMA": "county"}
    config = resolve_database(None, environ)
    assert (config.is_postgres, config.host, config.dbname, config.schema) == (
        True,
        "db",
        "ledger",
        "county",
    )


def test_the_default_is_a_file_in_the_working_directory() -> None:
    assert resolve_database(None, {}).sqlite_path == "./ledger.db"


def test_an_absolute_sqlite_url_has_four_slashes() -> None:
    assert resolve_database("sqlite:////var/lib/ledger.db", {}).sqlite_path == "/var/lib/ledger.db"


def test_a_postgres_url_gives_every_part() -> None:
    config = resolve_database(
        "postgres://li%40si:p%3Ass@db.example:6543/ledger?schema=county_7", {}
    )
    assert (config.user, config.password, config.host, config.port) == (
        "li@si",
        "p:ss",
        "db.example",
        6543,
    )
    assert (config.dbname, config.schema) == ("ledger", "county_7")


def test_the_display_never_shows_the_password() -> None:
    config = resolve_database("postgresql://u:secret@h/d", {})
    assert "secret" not in config.display
    assert "secret" not in repr(config)
    assert config.display == "postgresql://u@h:5432/d?schema=public"


def test_the_sqlite_env_selects_the_sealing_recorder() -> None:
    env = resolve_database("x.db", {}).eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert env["SQLITE_DBNAME"] == "x.db"
    assert env["APPLICATION_RECORDER_TOPIC"].endswith(":SealingSQLiteApplicationRecorder")


def test_the_postgres_env_keeps_the_table_lock_and_sets_a_lock_timeout() -> None:
    env = resolve_database("postgresql://u:pw@h:5433/d?schema=s", {}).eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_SCHEMA"]) == (
        "h",
        "5433",
        "s",
    )
    assert env["POSTGRES_PASSWORD"] == "pw"
    assert env["POSTGRES_LOCK_TIMEOUT"] == "10"
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"
    assert env["APPLICATION_RECORDER_TOPIC"].endswith(":SealingPostgresApplicationRecorder")


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("mysql://u@h/d", "unsupported database URL scheme 'mysql'"),
        ("sqlite://relative.db", "three slashes"),
        ("sqlite:///", "names no file"),
        ("postgresql://h/d", "names no user"),
        ("postgresql://u@/d", "names no host"),
        ("postgresql://u@h/", "one database name"),
        ("postgresql://u@h:port/d", "invalid port"),
        ("postgresql://u@h/d?sslmode=require", "unknown parameters"),
        ("postgresql://u@h/d?schema=a;drop", "not a plain SQL identifier"),
        ("postgresql://u@h/d?schema=a&schema=b", "more than once"),
    ],
)
def test_bad_urls_say_what_is_wrong(url: str, complaint: str) -> None:
    with pytest.raises(ConfigurationError, match=complaint):
        resolve_database(url, {})


def test_a_bad_port_does_not_echo_the_password() -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_database("postgresql://u:hunter2@h:port/d", {})
    assert "hunter2" not in str(caught.value)


def test_bad_postgres_variables_are_named() -> None:
    with pytest.raises(ConfigurationError, match="POSTGRES_PORT"):
        resolve_database(None, {"POSTGRES_DBNAME": "d", "POSTGRES_PORT": "five"})
