"""Inspection rounds: a committed sample, spot checks, findings followed to 销号 or transfer."""

from __future__ import annotations

import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ledger.domain.envelope import Envelope
from ledger.domain.inspection import (
    FindingStatus,
    InspectionRound,
    RoundStatus,
    commitment_for,
)
from ledger.domain.sampling import FrameEntry
from ledger.domain.values import PERSONAL
from ledger.errors import DuplicateError, RuleViolation

RECORDED = datetime(2019, 6, 20, 9, 0, tzinfo=UTC)
OPENED = date(2019, 6, 1)
SEED = "2019年第二轮巡察-长白-7f3a9c"
COMMITTED_AT = datetime(2019, 6, 3, 8, 0, tzinfo=UTC)
DRAWN_AT = datetime(2019, 6, 3, 9, 0, tzinfo=UTC)
SAMPLE = ["HH-ESDG-007", "HH-JH-012", "HH-SLDG-003"]
FRAME = [FrameEntry(code, "V-" + code.split("-")[1], "registered", 1) for code in SAMPLE]


def envelope(recorded_at: datetime = RECORDED) -> Envelope:
    return Envelope(
        actor_id="XCZ001", actor_role="inspector", channel="in_person", recorded_at=recorded_at
    )


def open_round() -> InspectionRound:
    return InspectionRound.open(
        envelope(), "R2019-2", "2019年第二轮脱贫攻坚专项巡察", "XCZ001", ["T-CBZ", "T-JH"], OPENED
    )


def drawn_round() -> InspectionRound:
    inspection = open_round()
    inspection.commit_sample(envelope(COMMITTED_AT), commitment_for(SEED), FRAME, COMMITTED_AT)
    inspection.draw_sample(envelope(DRAWN_AT), SEED, 3, DRAWN_AT)
    return inspection


def raise_finding(inspection: InspectionRound, code: str = "FX-01",
                  occurred_on: date = date(2019, 6, 18),
                  deadline_on: date = date(2019, 7, 18)) -> None:
    inspection.raise_finding(
        envelope(), code, "household", "HH-ESDG-007", "GB001",
        "崔英爱户收入台账与实际不符，帮扶责任人未按周入户", occurred_on, deadline_on,
    )


def refused(aggregate: InspectionRound, field: str, command: Callable[..., Any],
            *args: Any) -> RuleViolation:
    before = list(aggregate.pending_events)
    with pytest.raises(RuleViolation) as caught:
        command(*args)
    assert caught.value.field == field
    assert aggregate.pending_events == before
    return caught.value


def state(aggregate: InspectionRound) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


def test_opening_records_the_townships_and_lead() -> None:
    """An opened round records its lead inspector and townships."""
    inspection = open_round()
    assert (inspection.lead_inspector, inspection.township_codes) == ("XCZ001", ["T-CBZ", "T-JH"])
    assert inspection.status is RoundStatus.OPEN


@pytest.mark.parametrize("townships", [[], ["T-JH", "T-JH"], "T-JH"])
def test_opening_refuses_an_empty_repeated_or_bare_township_list(townships: Any) -> None:
    """A round covers a non-empty list of distinct townships."""
    with pytest.raises(RuleViolation) as caught:
        InspectionRound.open(envelope(), "R1", "专项巡察", "XCZ001", townships, OPENED)
    assert caught.value.field == "township_codes"


def test_the_commitment_is_recorded() -> None:
    """A commitment stores the seed's hash and its time."""
    inspection = open_round()
    inspection.commit_sample(envelope(COMMITTED_AT), commitment_for(SEED), FRAME, COMMITTED_AT)
    assert (inspection.seed_commitment, inspection.committed_at) == (
        commitment_for(SEED), COMMITTED_AT
    )


def test_a_commitment_that_is_not_sha256_hex_is_refused() -> None:
    """Only a lowercase SHA-256 hex string is a commitment."""
    inspection = open_round()
    refused(inspection, "seed_commitment", inspection.commit_sample, envelope(), SEED, FRAME,
            COMMITTED_AT)


def test_a_second_commitment_is_refused() -> None:
    """A round commits to its seed once."""
    inspection = open_round()
    inspection.commit_sample(envelope(), commitment_for(SEED), FRAME, COMMITTED_AT)
    refused(inspection, "seed_commitment", inspection.commit_sample, envelope(),
            commitment_for("另一个种子"), FRAME, DRAWN_AT)


def test_a_commitment_recorded_hours_later_is_flagged_late() -> None:
    """A commitment recorded more than an hour after it was made is flagged late."""
    inspection = open_round()
    inspection.commit_sample(envelope(), commitment_for(SEED), FRAME, COMMITTED_AT)
    assert inspection.pending_events[-1].is_late  # type: ignore[attr-defined]


def test_the_draw_reveals_the_seed_and_records_the_sample() -> None:
    """A draw with the committed seed records the seed and the households."""
    inspection = drawn_round()
    assert (inspection.seed, inspection.sample) == (SEED, SAMPLE)


def test_a_draw_with_another_seed_is_refused() -> None:
    """A seed whose hash differs from the commitment is refused."""
    inspection = open_round()
    inspection.commit_sample(envelope(), commitment_for(SEED), FRAME, COMMITTED_AT)
    refused(inspection, "seed", inspection.draw_sample, envelope(), "挑过的种子", 3, DRAWN_AT)


def test_a_draw_without_a_commitment_is_refused() -> None:
    """No sample is drawn before a commitment is on record."""
    inspection = open_round()
    refused(inspection, "seed", inspection.draw_sample, envelope(), SEED, 3, DRAWN_AT)


def test_a_second_draw_is_refused() -> None:
    """A round draws its sample once."""
    inspection = drawn_round()
    refused(inspection, "seed", inspection.draw_sample, envelope(), SEED, 3, DRAWN_AT)


def test_a_draw_before_the_commitment_is_refused() -> None:
    """A draw dated before the commitment is refused."""
    inspection = open_round()
    inspection.commit_sample(envelope(), commitment_for(SEED), FRAME, COMMITTED_AT)
    refused(inspection, "occurred_at", inspection.draw_sample, envelope(), SEED, 3,
            COMMITTED_AT - timedelta(minutes=1))


def test_a_frame_listing_a_household_twice_is_refused() -> None:
    """A frame lists distinct households."""
    inspection = open_round()
    refused(inspection, "frame", inspection.commit_sample, envelope(), commitment_for(SEED),
            [*FRAME, FRAME[0]], COMMITTED_AT)


@pytest.mark.parametrize("size", [0, 4, True])
def test_a_size_outside_the_frame_is_refused(size: int) -> None:
    """The sample size is a whole number from one to the frame's households."""
    inspection = open_round()
    inspection.commit_sample(envelope(), commitment_for(SEED), FRAME, COMMITTED_AT)
    refused(inspection, "size", inspection.draw_sample, envelope(), SEED, size, DRAWN_AT)


def test_a_spot_check_of_a_sampled_household_is_recorded() -> None:
    """A spot check of a sampled household is on record."""
    inspection = drawn_round()
    inspection.record_spot_check(
        envelope(), "HH-JH-012", date(2019, 6, 18), {"住房": "已改造，D级危房已拆除"},
        "户主金哲洙在家",
    )
    assert inspection.checked_households == {"HH-JH-012"}


def test_a_spot_check_outside_the_sample_is_refused() -> None:
    """Only drawn households are spot-checked."""
    inspection = drawn_round()
    refused(inspection, "household_code", inspection.record_spot_check, envelope(), "HH-JH-099",
            date(2019, 6, 18), {"住房": "安全"}, "")


def test_a_spot_check_without_observations_is_refused() -> None:
    """A spot check records at least one observation."""
    inspection = drawn_round()
    refused(inspection, "observed", inspection.record_spot_check, envelope(), "HH-JH-012",
            date(2019, 6, 18), {}, "")


def test_a_raised_finding_is_open_with_its_deadline() -> None:
    """A finding starts open with its owner and deadline."""
    inspection = open_round()
    raise_finding(inspection)
    finding = inspection.findings["FX-01"]
    assert (finding.status, finding.owner_cadre, finding.deadline_on) == (
        FindingStatus.OPEN, "GB001", date(2019, 7, 18)
    )


def test_a_finding_description_is_marked_personal() -> None:
    """A finding's description, which names people, carries the personal-data marker."""
    hints = typing.get_type_hints(InspectionRound.FindingRaised, include_extras=True)
    assert PERSONAL in hints["description"].__metadata__


def test_a_deadline_on_the_day_of_the_finding_is_refused() -> None:
    """The deadline must come after the day the problem was found."""
    inspection = open_round()
    refused(inspection, "deadline_on", raise_finding, inspection, "FX-01", date(2019, 6, 18),
            date(2019, 6, 18))


def test_a_duplicate_finding_code_is_refused() -> None:
    """A finding code is used once per round."""
    inspection = open_round()
    raise_finding(inspection)
    error = refused(inspection, "finding_code", raise_finding, inspection, "FX-01")
    assert isinstance(error, DuplicateError)


def test_a_finding_before_the_round_opened_is_refused() -> None:
    """A finding dated before the round opened is refused."""
    inspection = open_round()
    refused(inspection, "occurred_on", raise_finding, inspection, "FX-01", date(2019, 5, 30))


def test_a_rectification_report_marks_the_finding_rectified() -> None:
    """A rectification report moves the finding to rectified."""
    inspection = open_round()
    raise_finding(inspection)
    inspection.report_rectification(envelope(), "FX-01", date(2019, 6, 19), "已补齐台账，每周入户")
    assert inspection.findings["FX-01"].status is FindingStatus.RECTIFIED


def test_a_rectification_for_an_unknown_finding_is_refused() -> None:
    """A report must name a finding of the round."""
    inspection = open_round()
    refused(inspection, "finding_code", inspection.report_rectification, envelope(), "FX-99",
            date(2019, 6, 19), "已整改")


def test_closing_a_finding_without_a_rectification_report_is_refused() -> None:
    """销号 needs a rectification report first."""
    inspection = open_round()
    raise_finding(inspection)
    refused(inspection, "finding_code", inspection.close_finding, envelope(), "FX-01",
            date(2019, 6, 19), "销号")


def test_a_rectified_finding_is_closed_once() -> None:
    """A rectified finding is closed, and closing it again is refused."""
    inspection = open_round()
    raise_finding(inspection)
    inspection.report_rectification(envelope(), "FX-01", date(2019, 6, 19), "已补齐台账")
    inspection.close_finding(envelope(), "FX-01", date(2019, 6, 20), "复查属实，予以销号")
    assert inspection.findings["FX-01"].status is FindingStatus.CLOSED
    refused(inspection, "finding_code", inspection.close_finding, envelope(), "FX-01",
            date(2019, 6, 20), "再次销号")


def test_a_case_lead_is_transferred_to_the_discipline_commission() -> None:
    """A transferred finding is settled as transferred."""
    inspection = open_round()
    raise_finding(inspection)
    inspection.transfer_case(
        envelope(), "FX-01", date(2019, 6, 19), "县纪委监委", "涉嫌虚报入户记录"
    )
    assert inspection.findings["FX-01"].status is FindingStatus.TRANSFERRED


def test_a_closed_finding_cannot_be_transferred() -> None:
    """Only an unsettled finding is transferred."""
    inspection = open_round()
    raise_finding(inspection)
    inspection.report_rectification(envelope(), "FX-01", date(2019, 6, 19), "已补齐台账")
    inspection.close_finding(envelope(), "FX-01", date(2019, 6, 20), "销号")
    refused(inspection, "finding_code", inspection.transfer_case, envelope(), "FX-01",
            date(2019, 6, 20), "县纪委监委", "移交")


def test_an_unanswered_finding_is_overdue_after_its_deadline() -> None:
    """A finding with no report is overdue the day after its deadline, not on it."""
    inspection = open_round()
    raise_finding(inspection, deadline_on=date(2019, 6, 19))
    assert inspection.overdue_findings(date(2019, 6, 19)) == []
    assert [f.code for f in inspection.overdue_findings(date(2019, 6, 20))] == ["FX-01"]


def test_a_finding_is_overdue_only_until_it_is_answered() -> None:
    """A late rectification report ends the overdue state from its day on."""
    inspection = open_round()
    raise_finding(inspection, occurred_on=date(2019, 6, 2), deadline_on=date(2019, 6, 10))
    inspection.report_rectification(envelope(), "FX-01", date(2019, 6, 15), "已补齐台账")
    assert [f.code for f in inspection.overdue_findings(date(2019, 6, 12))] == ["FX-01"]
    assert inspection.overdue_findings(date(2019, 6, 15)) == []


def test_closing_the_round_with_an_open_finding_is_refused() -> None:
    """A round closes only when every finding is closed or transferred."""
    inspection = open_round()
    raise_finding(inspection)
    error = refused(inspection, "findings", inspection.close, envelope(), date(2019, 6, 20))
    assert "FX-01" in error.message


def test_a_round_with_settled_findings_closes() -> None:
    """Closed and transferred findings let the round close."""
    inspection = drawn_round()
    raise_finding(inspection, "FX-01")
    raise_finding(inspection, "FX-02")
    inspection.report_rectification(envelope(), "FX-01", date(2019, 6, 19), "已补齐台账")
    inspection.close_finding(envelope(), "FX-01", date(2019, 6, 20), "销号")
    inspection.transfer_case(envelope(), "FX-02", date(2019, 6, 19), "县纪委监委", "移交")
    inspection.close(envelope(), date(2019, 6, 20))
    assert (inspection.status, inspection.closed_on) == (RoundStatus.CLOSED, date(2019, 6, 20))


def test_a_committed_sample_that_was_never_drawn_blocks_closing() -> None:
    """A round cannot close with its seed still secret."""
    inspection = open_round()
    inspection.commit_sample(envelope(), commitment_for(SEED), FRAME, COMMITTED_AT)
    refused(inspection, "seed", inspection.close, envelope(), date(2019, 6, 20))


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("raise_finding", ("FX-09", "village", "V-JH", "GB001", "问题", date(2019, 6, 20),
                           date(2019, 7, 1))),
        ("record_spot_check", ("HH-JH-012", date(2019, 6, 20), {"住房": "安全"}, "")),
        ("close", (date(2019, 6, 20),)),
    ],
)
def test_a_closed_round_takes_nothing_more(command: str, args: tuple[Any, ...]) -> None:
    """After closing, findings, spot checks and a second closing are refused."""
    inspection = drawn_round()
    inspection.close(envelope(), date(2019, 6, 20))
    refused(inspection, "round", getattr(inspection, command), envelope(), *args)


def test_replaying_the_events_rebuilds_the_same_round() -> None:
    """Applying the recorded events from nothing gives the same round."""
    inspection = drawn_round()
    inspection.record_spot_check(envelope(), "HH-JH-012", date(2019, 6, 18), {"住房": "安全"}, "")
    raise_finding(inspection, "FX-01")
    raise_finding(inspection, "FX-02")
    inspection.report_rectification(envelope(), "FX-01", date(2019, 6, 19), "已补齐台账")
    inspection.close_finding(envelope(), "FX-01", date(2019, 6, 20), "销号")
    inspection.transfer_case(envelope(), "FX-02", date(2019, 6, 19), "县纪委监委", "移交")
    inspection.close(envelope(), date(2019, 6, 20))
    copy: Any = None
    for event in inspection.pending_events:
        copy = event.mutate(copy)
    assert state(copy) == state(inspection)
