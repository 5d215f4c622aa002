"""The leaf bytes are a persisted contract: golden values, must-fail cases, and the docs agree."""

from __future__ import annotations

import re
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.integrity.leaf import (
    CHAIN_GENESIS,
    LEAF_TAG,
    StoredRow,
    chain_of,
    event_leaf_hash,
    frame,
    leaf_bytes,
    originator_id_bytes,
    seal_rows,
    u64,
)
from ledger.integrity.verify import merkle_root

DOC = Path(__file__).resolve().parents[2] / "docs" / "integrity.md"
ORIGINATOR = UUID("12345678-1234-5678-1234-567812345678")
EXAMPLE = [
    StoredRow(1, ORIGINATOR, 1, "toy:Account.Opened", b'{"owner":"zhang"}'),
    StoredRow(2, ORIGINATOR, 2, "toy:Account.Credited", b'{"amount_fen":100}'),
    StoredRow(5, ORIGINATOR, 3, "toy:Account.Credited", b'{"amount_fen":250}'),
]
LEAF_0_HEX = (
    "0000000e6c65646765722f6c6561662f7631000000080000000000000001000000101234567812345678"
    "123456781234567800000008000000000000000100000012746f793a4163636f756e742e4f70656e6564"
    "000000117b226f776e6572223a227a68616e67227d"
)
LEAF_HASHES_HEX = [
    "dc97b21cf8942262bd56e47a322989a26a97fcda5a875c7acb67f4539105b04e",
    "70291fa0be5d8d6f90b01743ef1b274d807005e83ad12940482aad199e752b6b",
    "732539a3a1d1bb651a61c8223990dd325439f022f32b743579ccf686dc923653",
]
ROOT_2_HEX = "0e5139fb2636ccdd3e736b04f0839932632a1cbf63698f38d1d5523de1f21b3e"
ROOT_3_HEX = "0d9da5c113ab5b52eae8bb4f0a5298dd4e0311be73788f667f3b7fb57b077aef"
CHAIN_2_HEX = "586839c717746333ebac1873cee3b2cc67c3f42cef5cd99c9cb0fb10d5db12b4"


def test_the_example_leaf_has_the_golden_bytes_and_hashes() -> None:
    assert leaf_bytes(EXAMPLE[0]).hex() == LEAF_0_HEX
    assert [event_leaf_hash(row).hex() for row in EXAMPLE] == LEAF_HASHES_HEX


def test_the_example_roots_and_chain_are_golden() -> None:
    data = [leaf_bytes(row) for row in EXAMPLE]
    assert merkle_root(data[:2]).hex() == ROOT_2_HEX
    assert merkle_root(data).hex() == ROOT_3_HEX
    assert chain_of([bytes.fromhex(x) for x in LEAF_HASHES_HEX]).hex() == CHAIN_2_HEX
    assert seal_rows(0, CHAIN_GENESIS, EXAMPLE)[-1].chain_hash.hex() == CHAIN_2_HEX


@pytest.mark.parametrize(
    "changed",
    [
        StoredRow(3, ORIGINATOR, 1, "toy:Account.Opened", b'{"owner":"zhang"}'),
        StoredRow(1, UUID(int=ORIGINATOR.int + 1), 1, "toy:Account.Opened", b'{"owner":"zhang"}'),
        StoredRow(1, ORIGINATOR, 2, "toy:Account.Opened", b'{"owner":"zhang"}'),
        StoredRow(1, ORIGINATOR, 1, "toy:Account.Opene", b'd{"owner":"zhang"}'),
        StoredRow(1, ORIGINATOR, 1, "toy:Account.Opened", b'{"owner":"zhanh"}'),
        StoredRow(1, str(ORIGINATOR), 1, "toy:Account.Opened", b'{"owner":"zhang"}'),
    ],
    ids=["id", "originator", "version", "field-boundary", "state", "text-id"],
)
def test_any_change_to_any_field_changes_the_leaf_hash(changed: StoredRow) -> None:
    """Must-fail cases: every field, and the boundary between two fields, is committed to."""
    assert event_leaf_hash(changed).hex() != LEAF_HASHES_HEX[0]


def test_integers_outside_u64_cannot_be_sealed() -> None:
    with pytest.raises(ValueError, match="64-bit"):
        leaf_bytes(StoredRow(1, ORIGINATOR, -1, "t", b""))


def test_the_documented_values_are_these_values() -> None:
    """docs/integrity.md shows exactly the golden values tested here."""
    text = DOC.read_text(encoding="utf-8")
    for value in [LEAF_0_HEX, *LEAF_HASHES_HEX, ROOT_2_HEX, ROOT_3_HEX, CHAIN_2_HEX]:
        assert value in text


def test_the_independent_snippet_in_the_docs_runs() -> None:
    """The stdlib-only recomputation printed in the docs passes its own assertions."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks
    exec(compile(blocks[-1], str(DOC), "exec"), {})


@given(
    st.integers(min_value=0, max_value=2**64 - 1),
    st.one_of(st.uuids(), st.text(min_size=1, max_size=40)),
    st.integers(min_value=0, max_value=2**64 - 1),
    st.text(max_size=60),
    st.binary(max_size=300),
)
def test_the_packed_leaf_equals_the_plainly_framed_reference(
    notification_id: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> None:
    """The fast struct packing is byte-for-byte the frame()/u64() definition."""
    row = StoredRow(notification_id, originator_id, version, topic, state)
    reference = b"".join(
        [
            frame(LEAF_TAG),
            frame(u64(notification_id)),
            frame(originator_id_bytes(originator_id)),
            frame(u64(version)),
            frame(topic.encode()),
            frame(state),
        ]
    )
    assert leaf_bytes(row) == reference
