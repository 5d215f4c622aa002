"""The draw of docs/sampling.md: the reference implementation and a second one written from
the document agree on any frame, seed and size; strata and weights behave as documented."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.sampling import STATUSES, FrameEntry, allocate, draw, frame_digest
from ledger.errors import RuleViolation
from tests.sampling import second_implementation as second

EXAMPLE = ["H1\tV1\tregistered\t1", "H2\tV1\tregistered\t3", "H3\tV1\texited\t1",
           "H4\tV2\tregistered\t2", "H5\tV2\tregistered\t1"]


def entries(lines: list[str]) -> list[FrameEntry]:
    return [FrameEntry.parse(line) for line in lines]


frames = st.lists(
    st.tuples(st.from_regex(r"[A-Z][0-9]{1,3}(-[A-Z0-9]{1,2})?", fullmatch=True),
              st.sampled_from(["V1", "V2", "T01-V03"]), st.sampled_from(STATUSES),
              st.integers(1, 100)),
    min_size=1, max_size=25, unique_by=lambda e: e[0],
).map(lambda rows: [f"{h}\t{v}\t{s}\t{w}" for h, v, s, w in rows])


@settings(max_examples=150, deadline=None)
@given(frames, st.text(min_size=1, max_size=40), st.data())
def test_both_implementations_draw_the_same_households(lines: list[str], seed: str,
                                                       data: st.DataObject) -> None:
    """Any frame (in any order), seed and valid size: the same sample and the same digest."""
    size = data.draw(st.integers(1, len(lines)))
    shuffled = data.draw(st.permutations(lines))
    assert draw(seed, entries(shuffled), size) == second.redraw(seed, lines, size)
    assert frame_digest(entries(shuffled)) == second.digest(lines)


def test_the_documented_example_allocates_as_the_page_says() -> None:
    """Seats: two to (V1, registered), one to (V2, registered), none to (V1, exited)."""
    seats = allocate(entries(EXAMPLE), 3)
    assert seats == {("V1", "exited"): 0, ("V1", "registered"): 2, ("V2", "registered"): 1}
    sample = draw("示例种子-2018", entries(EXAMPLE), 3)
    assert sample[:2] == ["H1", "H2"]
    assert sample[2] in {"H4", "H5"}
    assert sample == second.redraw("示例种子-2018", EXAMPLE, 3)


def test_a_heavier_household_is_drawn_more_often() -> None:
    """Weight 9 against weight 1 in one stratum: drawn about nine times in ten."""
    frame = entries(["A1\tV1\tregistered\t9", "B1\tV1\tregistered\t1"])
    wins = Counter(draw(f"seed-{n}", frame, 1)[0] for n in range(400))
    assert 0.84 < wins["A1"] / 400 < 0.96


def test_the_canonical_bytes_are_as_documented() -> None:
    """Sorted lines, tabs, LF, UTF-8: the digest of the page's example."""
    import hashlib

    body = "".join(f"{line}\n" for line in sorted(EXAMPLE)).encode()
    assert frame_digest(entries(EXAMPLE)) == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize(("lines", "size", "field"), [
    (EXAMPLE, 0, "size"), (EXAMPLE, 6, "size"),
    ([*EXAMPLE, EXAMPLE[0]], 1, "frame"), ([], 1, "frame"),
    (["H1\tV1\tgone\t1"], 1, "frame"), (["H1\tV1\tregistered\t0"], 1, "frame"),
    (["H1\tV1\tregistered\t101"], 1, "frame"),
])
def test_a_bad_frame_or_size_is_refused(lines: list[str], size: int, field: str) -> None:
    """Sizes outside the frame, duplicates, an empty frame, unknown statuses, bad weights."""
    with pytest.raises(RuleViolation) as refused:
        draw("seed", entries(lines), size)
    assert refused.value.field == field


@pytest.mark.parametrize("line", ["H1 V1 registered 1", "H1\tV1\tregistered\tone",
                                  "H1\tV1\tregistered"])
def test_a_malformed_line_is_refused_naming_the_frame(line: str) -> None:
    """Lines that are not four tab-separated fields with a decimal weight."""
    with pytest.raises(RuleViolation) as refused:
        FrameEntry.parse(line)
    assert refused.value.field == "frame"
