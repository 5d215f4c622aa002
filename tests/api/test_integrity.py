"""``/v1/integrity``: the signed checkpoint, proofs that verify, and verification reports."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.integrity.checkpoint import Checkpoint, Verifier, verify_checkpoint
from ledger.integrity.verify import verify_consistency, verify_inclusion
from ledger.storage.config import parse_database_url
from tests.api.conftest import Served


def test_the_checkpoint_is_the_latest_signed_note_as_text(client: TestClient,
                                                          served: Served) -> None:
    """The note verifies with the log's key and commits to the current tree."""
    answer = client.get("/v1/integrity/checkpoint")
    assert answer.headers["content-type"].startswith("text/plain")
    checkpoint = verify_checkpoint(answer.text, [Verifier.from_vkey(served.vkey)])
    assert isinstance(checkpoint, Checkpoint)
    assert checkpoint.tree_size == 38
    assert client.get("/v1/integrity/checkpoint",
                      headers={"If-None-Match": answer.headers["etag"]}).status_code == 304


def test_an_inclusion_proof_verifies_against_its_root(client: TestClient) -> None:
    """The proof for position 14 at tree size 20 leads to the root of that tree."""
    proof = client.get("/v1/integrity/inclusion?position=14&tree_size=20").json()
    assert (proof["leaf_index"], proof["tree_size"]) == (13, 20)
    verify_inclusion(bytes.fromhex(proof["leaf_hash"]), proof["leaf_index"], 20,
                     [bytes.fromhex(h) for h in proof["proof"]], bytes.fromhex(proof["root_hash"]))


def test_an_event_outside_the_tree_has_no_inclusion_proof(client: TestClient) -> None:
    """Position 30 is not in the tree of 20 leaves: 404."""
    answer = client.get("/v1/integrity/inclusion?position=30&tree_size=20")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


def test_a_consistency_proof_verifies_between_the_two_roots(client: TestClient) -> None:
    """Tree 10 is a prefix of tree 38."""
    proof = client.get("/v1/integrity/consistency?first=10&second=38").json()
    hashes = [bytes.fromhex(h) for h in proof["proof"]]
    verify_consistency(10, 38, bytes.fromhex(proof["first_root"]),
                       bytes.fromhex(proof["second_root"]), hashes)


def test_verify_reports_an_intact_log(client: TestClient) -> None:
    """Every check holds, and the stored checkpoint was checked with the configured key."""
    report = client.get("/v1/integrity/verify").json()
    assert report["ok"] is True
    assert (report["tree_size"], report["checkpoints_checked"], report["verifier_keys"]) == (
        38, 1, 1)


def test_verify_answers_200_with_the_problem_when_the_log_was_altered(tmp_path: Path) -> None:
    """A tamper drill: one stored event's bytes changed; the report says where, with 200."""
    config = parse_database_url(str(tmp_path / "ledger.db"))
    ledger = Ledger(env=config.eventsourcing_env(),
                    clock=SimulatedClock(datetime(2024, 1, 10, 8, tzinfo=UTC)))
    ledger.register_county("CB", "长白朝鲜族自治县", date(2024, 1, 2))
    ledger.register_township("T01", "长白镇", 41.4, 128.2, date(2024, 1, 2))
    with sqlite3.connect(config.sqlite_path) as conn:
        conn.execute("UPDATE stored_events SET state = CAST('x' AS BLOB) WHERE rowid = 2")
    with TestClient(create_app(Settings(config))) as client:
        answer = client.get("/v1/integrity/verify")
    assert answer.status_code == 200
    report = answer.json()
    assert report["ok"] is False
    assert report["first_problem"]["kind"] == "altered"
    assert report["first_problem"]["notification_id"] == 2


def test_no_checkpoint_yet_is_a_404(tmp_path: Path) -> None:
    """A store that was never checkpointed has no latest note."""
    config = parse_database_url(str(tmp_path / "ledger.db"))
    with TestClient(create_app(Settings(config))) as client:
        answer = client.get("/v1/integrity/checkpoint")
    assert answer.status_code == 404
