"""Hostile evidence packages: whatever a package holds, verification answers with FAIL lines,
bounded memory and time, never a traceback and never an OK it did not earn."""

from __future__ import annotations

import io
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.integrity import evidence_format
from ledger.integrity.checkpoint import Signer, Verifier
from ledger.integrity.evidence import MAX_PROBLEMS, verify_package
from ledger.integrity.evidence_format import MAX_JSON_DEPTH, MAX_MEMBER_BYTES, write_zip

LOG = Signer("ledger.changbai.example/log", Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32))
ATTACKER = Signer("ledger.changbai.example/log",
                  Ed25519PrivateKey.from_private_bytes(bytes([9]) * 32))


def deflated(entries: dict[str, bytes]) -> bytes:
    """A compressed ZIP, as an attacker would send one (not the canonical stored form)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def only_problem(data: bytes) -> str:
    report = verify_package(data, [Verifier.from_vkey(LOG.vkey())])
    assert not report.ok
    return " ".join(p.message for p in report.problems)


def test_a_zip_bomb_is_refused_by_its_declared_size_before_it_is_inflated() -> None:
    """One member that inflates past the member limit is refused, naming the limit."""
    bomb = deflated({"manifest.json": bytes(MAX_MEMBER_BYTES + 1)})
    assert len(bomb) < MAX_MEMBER_BYTES // 100
    assert f"{MAX_MEMBER_BYTES:,}" in only_problem(bomb)


def test_too_many_members_are_refused_from_the_end_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The entry count is read before the directory is parsed; the limit is named."""
    monkeypatch.setattr(evidence_format, "MAX_MEMBERS", 50)
    many = write_zip({f"proofs/{i:012d}.json": b"{}" for i in range(51)})
    assert "the limit is 50" in only_problem(many)


@pytest.mark.parametrize("name", [
    "events/٠٠٠٠٠٠٠٠٠٤١٠.stored.bin",  # Arabic-Indic digits
    "events/０００００００００４１０.json",  # full-width digits
    "../escape.txt",
    "events/000000000410.stored.bin/../x",
    "unknown.bin",
])
def test_a_member_name_outside_the_ascii_format_is_refused(name: str) -> None:
    """Only the format's ASCII names are read at all."""
    message = only_problem(write_zip({name: b"x", "manifest.json": b"{}"}))
    assert "outside the package's ASCII name set" in message


EMPTY_TREE = "ledger.changbai.example/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"


@pytest.mark.parametrize("member", ["manifest.json", "extraction.json", "events/000000000001.json"])
def test_deeply_nested_json_is_a_format_problem(member: str) -> None:
    """JSON nested a thousand (or a million) deep gives a FAIL line naming the limit."""
    signed = {"checkpoint.txt": LOG.sign_note(EMPTY_TREE).encode(),
              "events/000000000001.stored.bin": b"{}"}
    for depth in (MAX_JSON_DEPTH + 1, 100_000):
        data = write_zip({**signed, member: b"[" * depth + b"]" * depth})
        report = verify_package(data, [Verifier.from_vkey(LOG.vkey())])
        assert not report.ok
        assert any("nests deeper" in p.message for p in report.problems), report.problems


def test_problems_are_capped_with_a_count_of_the_rest() -> None:
    """A package with thousands of faults lists at most the cap and counts the others."""
    entries = {f"proofs/{i:012d}.json": b"{}" for i in range(3 * MAX_PROBLEMS)}
    entries["manifest.json"] = b'{"files": {}}'
    report = verify_package(write_zip(entries), [Verifier.from_vkey(LOG.vkey())])
    assert len(report.problems) == MAX_PROBLEMS + 1
    assert "more problems not listed" in report.problems[-1].message


def test_keys_list_only_the_key_that_actually_signed() -> None:
    """Two package keys of the same name: only one that verified a signature is reported."""
    entries = {
        "checkpoint.txt": ATTACKER.sign_note(EMPTY_TREE).encode(),
        "keys/a.vkey": LOG.vkey().encode(),
        "keys/b.vkey": ATTACKER.vkey().encode(),
    }
    report = verify_package(write_zip(entries))
    assert report.keys == [f"{ATTACKER.name}+{ATTACKER.key_id().hex()}"]


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["manifest.json", "manifest.sig", "checkpoint.txt", "extraction.json",
                     "keys/k.vkey", "events/000000000000.json", "events/000000000000.stored.bin",
                     "proofs/000000000000.json", "README.txt"]),
    st.one_of(st.binary(max_size=200),
              st.recursive(st.none() | st.integers() | st.text(max_size=8),
                           lambda kids: st.lists(kids, max_size=3)
                           | st.dictionaries(st.text(max_size=5), kids, max_size=3)).map(
                  lambda v: repr(v).encode())),
    max_size=9))
def test_any_hostile_content_gives_a_report_not_an_exception(entries: dict[str, bytes]) -> None:
    """Random bytes in every member: a report comes back, and it is never OK."""
    report = verify_package(write_zip(entries), [Verifier.from_vkey(LOG.vkey())])
    assert not report.ok
