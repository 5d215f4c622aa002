"""The integrity commands end to end: keygen, checkpoint, verify with tamper drills, witness,
evidence packages; SQLite, and one PostgreSQL run.

Stores are built with ``ledger import``; tamper drills play the attacker with raw SQL.
"""

from __future__ import annotations

import json
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import psycopg
import pytest

from ledger.application.app import Ledger
from ledger.application.importer import import_lines
from ledger.cli import main
from ledger.cli.integrity_setup import auto_checkpointer
from ledger.integrity.checkpoint import Verifier, verify_note
from ledger.integrity.checkpointing import sealed_recorder
from ledger.integrity.keys import DEMO_ORIGIN, demo_key_dir, key_paths
from ledger.storage.config import resolve_database

ORIGIN = "ledger.changbai.example/log"
SETUP: list[dict[str, object]] = [
    {"command": "register_county", "code": "220623", "name": "长白朝鲜族自治县"},
    {"command": "register_township", "code": "T01", "name": "长白镇"},
    {"command": "register_village", "code": "V01", "township": "T01", "name": "金华村"},
    {
        "command": "appoint_cadre",
        "code": "C01",
        "name": "李明",
        "role": "household_cadre",
        "unit": "V01",
        "occurred_on": "2024-01-01",
    },
    {
        "command": "register_household",
        "code": "H001",
        "village": "V01",
        "head": "金大山",
        "members": [{"name": "金大山"}, {"name": "崔顺姬"}],
        "category": "dibao",
        "poverty_cause": "illness",
        "registered_on": "2024-01-02",
    },
    {
        "command": "register_household",
        "code": "H002",
        "village": "V01",
        "head": "朴永哲",
        "members": [{"name": "朴永哲"}],
        "category": "general",
        "poverty_cause": "disability",
        "registered_on": "2024-01-02",
    },
    {"command": "assign_cadre", "household": "H001", "cadre": "C01", "from_date": "2024-01-02"},
    {"command": "assign_cadre", "household": "H002", "cadre": "C01", "from_date": "2024-01-02"},
]
Cli = Callable[..., tuple[int, str, str]]


def visits(first_day: int, days: int, note: str = "了解病情") -> list[dict[str, object]]:
    """Two visits a day (one per household) from 2024-01-<first_day>."""
    return [
        {
            "command": "record_visit",
            "household": home,
            "cadre": "C01",
            "mode": "in_person",
            "occurred_at": f"2024-01-{day:02d}T09:30:00+08:00",
            "notes": f"{note} 第{day}天",
        }
        for day in range(first_day, first_day + days)
        for home in ("H001", "H002")
    ]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``ledger ARGS...`` in process: (exit status, stdout, stderr)."""

    def run(*argv: object) -> tuple[int, str, str]:
        capsys.readouterr()
        status = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def import_rows(cli: Cli, db: object, rows: list[dict[str, object]], tmp: Path) -> None:
    """Record ``rows`` through ``ledger import``."""
    path = tmp / f"in-{time.monotonic_ns()}.jsonl"
    path.write_text("\n".join(orjson.dumps(r).decode() for r in rows) + "\n", encoding="utf-8")
    status, out, err = cli("import", path, "--db", db)
    assert status == 0, out + err


@pytest.fixture
def log_key(cli: Cli, tmp_path: Path) -> Path:
    """The county's log signing key (its .vkey beside it)."""
    status, _, _ = cli("keygen", "--name", ORIGIN, "--out", tmp_path / "keys")
    assert status == 0
    return key_paths(ORIGIN, tmp_path / "keys").skey


@pytest.fixture
def db(cli: Cli, tmp_path: Path) -> Path:
    """A SQLite store with a county, two households and 12 visits (20 events)."""
    path = tmp_path / "county.db"
    import_rows(cli, path, SETUP + visits(3, 6), tmp_path)
    return path


def raw_sql(db: Path, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The attacker: plain SQL on the SQLite file, bypassing the recorder."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(statement, params).fetchall()
    connection.close()
    return rows


def verify_json(cli: Cli, *argv: object) -> tuple[int, dict[str, object]]:
    """``ledger verify --json ...``: (exit status, report)."""
    status, out, _ = cli("verify", "--json", *argv)
    return status, json.loads(out)


def test_keygen_writes_a_secret_signing_key_and_a_public_verifier_key(
    cli: Cli, tmp_path: Path
) -> None:
    """Two files named after the origin; the .skey is 0600; a second run refuses to overwrite."""
    status, out, _ = cli("keygen", "--name", ORIGIN, "--out", tmp_path)
    paths = key_paths(ORIGIN, tmp_path)
    assert status == 0
    assert paths.skey.name == "ledger.changbai.example_log.skey"
    assert stat.S_IMODE(paths.skey.stat().st_mode) == 0o600
    assert Verifier.from_vkey(paths.vkey.read_text().strip()).name == ORIGIN
    assert str(paths.vkey) in out
    status, _, err = cli("keygen", "--name", ORIGIN, "--out", tmp_path)
    assert status == 2
    assert "refusing to overwrite" in err


def test_keygen_derives_the_origin_from_the_county_of_the_store(
    cli: Cli, db: Path, tmp_path: Path
) -> None:
    """Without --name, the store's county code names the log."""
    status, out, _ = cli("keygen", "--db", db, "--out", tmp_path / "k")
    assert status == 0
    assert "ledger.county-220623.example/log" in out


def test_a_signed_checkpoint_and_an_untouched_store_verify(
    cli: Cli, db: Path, log_key: Path
) -> None:
    """checkpoint prints the signed note; verify finds the .vkey beside the key and exits 0."""
    status, note, _ = cli("checkpoint", "--db", db, "--key", log_key)
    assert status == 0
    assert note.splitlines()[:2] == [ORIGIN, "20"]
    status, report = verify_json(cli, "--db", db, "--key", log_key)
    assert status == 0
    assert (report["ok"], report["tree_size"], report["checkpoints_checked"]) == (True, 20, 1)
    status, out, _ = cli("verify", "--db", db, "--key", log_key)
    assert (status, "OK" in out) == (0, True)


def test_one_changed_byte_of_a_stored_event_is_named_altered_at_its_position(
    cli: Cli, db: Path, log_key: Path
) -> None:
    """The drill flips one byte of event 12's state: exit 1, altered at leaf index 11."""
    cli("checkpoint", "--db", db, "--key", log_key)
    (state,) = raw_sql(db, "SELECT state FROM stored_events WHERE rowid = 12")[0]
    assert isinstance(state, bytes)
    changed = bytearray(state)
    changed[len(changed) // 2] ^= 0x20
    raw_sql(db, "UPDATE stored_events SET state = ? WHERE rowid = 12", (bytes(changed),))
    status, out, _ = cli("verify", "--db", db, "--key", log_key)
    assert status == 1
    assert "first: altered at leaf index 11, event 12" in out
    status, report = verify_json(cli, "--db", db, "--key", log_key)
    assert report["first_problem"] == report["problems"][0]
    assert report["problems"][0]["kind"] == "altered"
    assert report["problems"][0]["leaf_index"] == 11


def test_a_deleted_event_is_named_missing_at_its_position(
    cli: Cli, db: Path, log_key: Path
) -> None:
    """The drill deletes event 7: exit 1, missing at leaf index 6."""
    raw_sql(db, "DELETE FROM stored_events WHERE rowid = 7")
    status, out, _ = cli("verify", "--db", db, "--key", log_key)
    assert status == 1
    assert "first: missing at leaf index 6, event 7" in out


def test_an_auditor_checkpoint_reveals_a_rewritten_store_as_forked(
    cli: Cli, db: Path, log_key: Path, tmp_path: Path
) -> None:
    """A store rebuilt with other notes is consistent in itself; the auditor's copy is not."""
    auditor = tmp_path / "auditor-checkpoint.txt"
    assert cli("checkpoint", "--db", db, "--key", log_key, "--out", auditor)[0] == 0
    for path in db.parent.glob(f"{db.name}*"):
        path.unlink()
    import_rows(cli, db, SETUP + visits(3, 6, note="改写的记录"), tmp_path)
    assert cli("verify", "--db", db, "--key", log_key)[0] == 0
    status, report = verify_json(cli, "--db", db, "--key", log_key, "--checkpoint", auditor)
    assert status == 1
    assert report["first_problem"]["kind"] == "forked"
    assert report["first_problem"]["tree_size"] == 20
    assert report["auditor_checkpoints"] == [
        {"file": str(auditor), "tree_size": 20, "ok": False, "problems": ["forked"]}
    ]


def test_a_checkpoint_not_signed_by_the_given_key_fails(
    cli: Cli, db: Path, log_key: Path, tmp_path: Path
) -> None:
    """Checked against another key, the stored checkpoint is unsigned_checkpoint (exit 1)."""
    cli("checkpoint", "--db", db, "--key", log_key)
    cli("keygen", "--name", "impostor.example/log", "--out", tmp_path / "other")
    other = key_paths("impostor.example/log", tmp_path / "other").vkey
    status, report = verify_json(cli, "--db", db, "--verifier-key", other)
    assert status == 1
    assert report["first_problem"]["kind"] == "unsigned_checkpoint"


def test_a_demo_store_gets_a_clearly_marked_demo_key_and_works_out_of_the_box(
    cli: Cli, tmp_path: Path
) -> None:
    """A county registered as a demo: checkpoint makes <store>.demo-keys/, verify finds it."""
    db = tmp_path / "demo.db"
    app = Ledger(env=resolve_database(str(db), {}).eventsourcing_env())
    app.register_county("220623", "长白朝鲜族自治县", is_demo=True)
    app.close()
    import_rows(cli, db, SETUP[1:], tmp_path)
    status, note, err = cli("checkpoint", "--db", db)
    assert status == 0
    assert note.startswith(DEMO_ORIGIN + "\n")
    assert "DEMO key" in err
    assert key_paths(DEMO_ORIGIN, demo_key_dir(db)).skey.exists()
    status, report = verify_json(cli, "--db", db)
    assert (status, report["checkpoints_checked"]) == (0, 1)


def test_checkpoint_without_a_key_on_a_real_store_is_refused(cli: Cli, db: Path) -> None:
    """No --key, no $LEDGER_SIGNING_KEY, not a demo: exit 2 saying how to make a key."""
    status, _, err = cli("checkpoint", "--db", db)
    assert status == 2
    assert "ledger keygen" in err


def test_a_witness_cosigns_growth_and_refuses_a_rollback_and_a_fork(
    cli: Cli, db: Path, log_key: Path, tmp_path: Path
) -> None:
    """init; cosign 20 then 28 (proof from the store); refuse 20 again and a forked 30."""
    cli("keygen", "--name", "witness.jiwei.example", "--out", tmp_path / "w")
    witness = key_paths("witness.jiwei.example", tmp_path / "w").skey
    state, vkey = tmp_path / "w" / "state.json", log_key.with_suffix(".vkey")
    status, out, _ = cli("witness", "init", "--state", state, "--key", witness, "--log-key", vkey)
    assert status == 0
    cosigner = Verifier.from_vkey(out.split("(publish it): ")[1].strip())
    first, second = tmp_path / "cp20.txt", tmp_path / "cp28.txt"
    cli("checkpoint", "--db", db, "--key", log_key, "--out", first)
    base = ["witness", "cosign", "--state", state, "--key", witness]
    status, cosigned, _ = cli(*base, first)
    assert status == 0
    opened = verify_note(cosigned, [Verifier.from_vkey(vkey.read_text().strip()), cosigner])
    assert abs((opened.signatures[1].timestamp or 0) - time.time()) < 60
    import_rows(cli, db, visits(9, 4), tmp_path)
    cli("checkpoint", "--db", db, "--key", log_key, "--out", second)
    assert cli(*base, second, "--db", db)[0] == 0
    status, _, err = cli(*base, first)
    assert status == 1
    assert "rollback" in err
    forked = tmp_path / "forked.db"
    import_rows(cli, forked, SETUP + visits(3, 11, note="另一段历史"), tmp_path)
    _, fork_note, _ = cli("checkpoint", "--db", forked, "--key", log_key)
    (tmp_path / "fork.txt").write_text(fork_note, encoding="utf-8")
    status, _, err = cli(*base, tmp_path / "fork.txt", "--db", forked)
    assert status == 1
    assert "not consistent" in err


def test_witness_cosign_out_refuses_crlf_and_an_existing_file_before_advancing(
    cli: Cli, db: Path, log_key: Path, tmp_path: Path
) -> None:
    """A CRLF note and an --out that exists are refused, and the state stays where it was."""
    cli("keygen", "--name", "witness.example", "--out", tmp_path / "w")
    witness = key_paths("witness.example", tmp_path / "w").skey
    state = tmp_path / "state.json"
    cli("witness", "init", "--state", state, "--key", witness,
        "--log-key", log_key.with_suffix(".vkey"))
    note = tmp_path / "a.txt"
    cli("checkpoint", "--db", db, "--key", log_key, "--out", note)
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(note.read_bytes().replace(b"\n", b"\r\n"))
    base = ["witness", "cosign", "--state", state, "--key", witness]
    status, _, err = cli(*base, crlf)
    assert status == 1
    assert "REFUSED (malformed)" in err
    taken = tmp_path / "taken.txt"
    taken.write_text("already here\n", encoding="utf-8")
    status, _, err = cli(*base, note, "--out", taken)
    assert status == 2
    assert "exists already" in err
    assert json.loads(state.read_text())["tree_size"] == 0
    out = tmp_path / "cosigned.txt"
    assert cli(*base, note, "--out", out)[0] == 0
    assert json.loads(state.read_text())["tree_size"] == 20
    assert out.read_bytes().startswith(note.read_bytes()[:-1])


def test_a_witness_takes_the_proof_from_a_file(
    cli: Cli, db: Path, log_key: Path, tmp_path: Path
) -> None:
    """``ledger consistency-proof`` output is what ``cosign --proof`` reads."""
    cli("keygen", "--name", "witness.example", "--out", tmp_path / "w")
    witness = key_paths("witness.example", tmp_path / "w").skey
    state = tmp_path / "state.json"
    cli(
        "witness",
        "init",
        "--state",
        state,
        "--key",
        witness,
        "--log-key",
        log_key.with_suffix(".vkey"),
    )
    cli("checkpoint", "--db", db, "--key", log_key, "--out", tmp_path / "a.txt")
    cli("witness", "cosign", tmp_path / "a.txt", "--state", state, "--key", witness)
    import_rows(cli, db, visits(9, 1), tmp_path)
    cli("checkpoint", "--db", db, "--key", log_key, "--out", tmp_path / "b.txt")
    _, proof, _ = cli("consistency-proof", "--old", 20, "--db", db)
    (tmp_path / "proof.json").write_text(proof, encoding="utf-8")
    status, _, err = cli(
        "witness",
        "cosign",
        tmp_path / "b.txt",
        "--state",
        state,
        "--key",
        witness,
        "--proof",
        tmp_path / "proof.json",
    )
    assert status == 0, err
    assert json.loads(state.read_text())["tree_size"] == 22


def test_an_evidence_package_verifies_offline_and_fails_after_a_byte_changes(
    cli: Cli, db: Path, log_key: Path, tmp_path: Path
) -> None:
    """export-evidence, then verify-evidence with the published key; then flip one byte."""
    package = tmp_path / "H001.zip"
    status, out, _ = cli(
        "export-evidence",
        "--db",
        db,
        "--key",
        log_key,
        "--household",
        "H001",
        "--cadre",
        "C01",
        "--reason",
        "群众来信反映走访记录不实",
        "--operator",
        "纪检员甲",
        "--operator",
        "纪检员乙",
        "--out",
        package,
    )
    assert status == 0
    assert "9 events of household/H001, cadre/C01" in out
    vkey = log_key.with_suffix(".vkey")
    status, out, _ = cli("verify-evidence", package, "--verifier-key", vkey)
    assert (status, "UNANCHORED" in out) == (1, True)
    status, out, _ = cli("verify-evidence", package, "--verifier-key", vkey, "--allow-unanchored")
    assert (status, "OK" in out) == (0, True)
    data = bytearray(package.read_bytes())
    data[len(data) // 3] ^= 0x01
    package.write_bytes(bytes(data))
    status, out, _ = cli("verify-evidence", package, "--verifier-key", vkey, "--json")
    assert status == 1
    assert json.loads(out)["ok"] is False


def test_a_package_is_anchored_by_a_held_checkpoint_and_a_fork_is_caught(
    cli: Cli, db: Path, log_key: Path, tmp_path: Path
) -> None:
    """An auditor's earlier checkpoint anchors the package; a forked store re-sealed and
    signed with the county's own key verifies only as UNANCHORED-then-FORKED against it."""
    held = tmp_path / "held.txt"
    cli("checkpoint", "--db", db, "--key", log_key, "--out", held)
    import_rows(cli, db, visits(9, 2), tmp_path)
    package = tmp_path / "p.zip"
    assert cli("export-evidence", "--db", db, "--key", log_key, "--household", "H001",
               "--reason", "抽查", "--out", package, "--tree-size", 22)[0] == 0
    vkey = log_key.with_suffix(".vkey")
    status, out, _ = cli("verify-evidence", package, "--verifier-key", vkey, "--checkpoint", held)
    assert (status, "anchored by anchor 1: tree size 20" in out) == (0, True), out
    forked = tmp_path / "forked.db"
    import_rows(cli, forked, SETUP + visits(3, 11, note="另一段历史"), tmp_path)
    fake = tmp_path / "fake.zip"
    assert cli("export-evidence", "--db", forked, "--key", log_key, "--household", "H001",
               "--reason", "抽查", "--out", fake, "--anchor-size", 20)[0] == 0
    status, out, _ = cli("verify-evidence", fake, "--verifier-key", vkey, "--allow-unanchored")
    assert (status, "UNANCHORED" in out) == (0, True)
    status, out, _ = cli("verify-evidence", fake, "--verifier-key", vkey, "--checkpoint", held,
                         "--json")
    report = json.loads(out)
    assert (status, report["anchored"]) == (1, False)
    assert any("FORKED" in p["message"] for p in report["problems"]), report["problems"]


def test_export_refuses_a_household_that_is_not_there(
    cli: Cli, db: Path, log_key: Path, tmp_path: Path
) -> None:
    """An unknown subject is named; nothing is written."""
    status, _, err = cli(
        "export-evidence",
        "--db",
        db,
        "--key",
        log_key,
        "--household",
        "H999",
        "--reason",
        "核查",
        "--out",
        tmp_path / "x.zip",
    )
    assert status == 2
    assert "H999" in err
    assert not (tmp_path / "x.zip").exists()


def test_the_import_wiring_checkpoints_every_n_events(db: Path, log_key: Path) -> None:
    """What ``ledger import --checkpoint-every 10`` does: sign after a flush once 10 are new."""
    config = resolve_database(str(db), {})
    ledger = Ledger(env=config.eventsourcing_env())
    auto = auto_checkpointer(ledger, config, log_key, every_events=10, every_minutes=None)
    assert auto is not None
    lines = [orjson.dumps(row).decode() for row in visits(9, 8)]

    def after_line(number: int) -> None:
        if number % 4 == 0:
            auto.maybe_checkpoint()

    import_lines(ledger, lines, batch_size=4, progress=after_line)
    assert auto.finish() is None
    sizes = [row.tree_size for row in sealed_recorder(ledger).select_checkpoints()]
    ledger.close()
    assert sizes == [24, 36]


@pytest.mark.postgres
def test_checkpoint_and_verify_on_postgresql(
    cli: Cli, postgres_url: str, log_key: Path, tmp_path: Path
) -> None:
    """The same commands on PostgreSQL; a changed byte is found at its position."""
    import_rows(cli, postgres_url, SETUP + visits(3, 2), tmp_path)
    assert cli("checkpoint", "--db", postgres_url, "--key", log_key)[0] == 0
    status, report = verify_json(cli, "--db", postgres_url, "--key", log_key)
    assert (status, report["tree_size"], report["checkpoints_checked"]) == (0, 12, 1)
    base, schema = postgres_url.split("?schema=")
    with psycopg.connect(base, autocommit=True) as connection:
        table = f'"{schema}".ledger_events'
        connection.execute(
            f"UPDATE {table} SET state = state || '\\x20'::bytea "
            f"WHERE notification_id = (SELECT MIN(notification_id) + 4 FROM {table})"
        )
    status, report = verify_json(cli, "--db", postgres_url, "--key", log_key)
    assert status == 1
    assert (report["first_problem"]["kind"], report["first_problem"]["leaf_index"]) == (
        "altered",
        4,
    )
