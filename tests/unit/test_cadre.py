"""Cadres: appointment, posts, dismissal and the supervision acts each role may perform."""

from __future__ import annotations

import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger.domain.cadre import ACT_EVENTS, ALLOWED_ACTS, Cadre
from ledger.domain.envelope import Envelope
from ledger.domain.values import PERSONAL, Role, SupervisionKind
from ledger.errors import DuplicateError, RuleViolation
from tests.unit.acts import record_act

RECORDED = datetime(2019, 6, 10, 9, 0, tzinfo=UTC)
APPOINTED = date(2019, 1, 2)


def envelope(recorded_at: datetime = RECORDED, late_reason: str | None = None) -> Envelope:
    return Envelope(
        actor_id="ZZB001", actor_role="operator", channel="in_person",
        recorded_at=recorded_at, late_reason=late_reason,
    )


def appoint(role: Role = Role.TOWNSHIP_LEAD, unit: str = "T-CBZ") -> Cadre:
    return Cadre.appoint(
        envelope(), "GB001", "金顺姬", role, unit, APPOINTED, phone="13904391234"
    )


def act(cadre: Cadre, kind: SupervisionKind = SupervisionKind.INSPECTION,
        occurred_on: date = date(2019, 6, 5), act_code: str = "ACT-1") -> None:
    record_act(cadre, envelope(), kind, occurred_on, act_code)


def refused(aggregate: Cadre, field: str, command: Callable[..., Any], *args: Any) -> RuleViolation:
    before = list(aggregate.pending_events)
    with pytest.raises(RuleViolation) as caught:
        command(*args)
    assert caught.value.field == field
    assert aggregate.pending_events == before
    return caught.value


def state(aggregate: Cadre) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


def test_appointment_records_who_serves_where_from_when() -> None:
    """An appointment records the name, role, unit and date."""
    cadre = appoint()
    assert (cadre.code, cadre.name, cadre.role, cadre.unit, cadre.appointed_on) == (
        "GB001", "金顺姬", Role.TOWNSHIP_LEAD, "T-CBZ", APPOINTED
    )


def test_name_phone_and_summary_are_marked_personal() -> None:
    """Names, phones and act summaries carry the personal-data marker."""
    appointed = typing.get_type_hints(Cadre.Appointed, include_extras=True)
    acted = typing.get_type_hints(Cadre.InspectionMade, include_extras=True)
    for hint in (appointed["name"], typing.get_args(appointed["phone"])[0], acted["summary"]):
        assert PERSONAL in hint.__metadata__


def test_appointment_refuses_an_empty_name() -> None:
    """A cadre without a name is refused."""
    with pytest.raises(RuleViolation) as caught:
        Cadre.appoint(envelope(), "GB001", " ", Role.TOWNSHIP_LEAD, "T-CBZ", APPOINTED)
    assert caught.value.field == "name"


def test_appointment_refuses_an_unknown_role() -> None:
    """A role outside the four-level chain is refused."""
    with pytest.raises(RuleViolation) as caught:
        Cadre.appoint(envelope(), "GB001", "李志强", "chairman", "T-CBZ", APPOINTED)  # type: ignore[arg-type]
    assert caught.value.field == "role"


def test_appointment_refuses_a_malformed_phone() -> None:
    """A phone that is not a number is refused."""
    with pytest.raises(RuleViolation) as caught:
        Cadre.appoint(
            envelope(), "GB001", "李志强", Role.TOWNSHIP_LEAD, "T-CBZ", APPOINTED, phone="找老李"
        )
    assert caught.value.field == "phone"


def test_appointment_in_the_future_is_refused() -> None:
    """A business date after the recorded time is refused."""
    with pytest.raises(RuleViolation) as caught:
        Cadre.appoint(envelope(), "GB001", "李志强", Role.TOWNSHIP_LEAD, "T-CBZ", date(2019, 7, 1))
    assert caught.value.field == "occurred_on"


def test_post_change_moves_the_cadre_and_keeps_the_old_post_on_record() -> None:
    """After a post change the new role holds, and the old one still answers for earlier days."""
    cadre = appoint(Role.VILLAGE_LEADER, "V-ESDG")
    cadre.change_post(envelope(), Role.TOWNSHIP_LEAD, "T-CBZ", date(2019, 3, 1))
    assert (cadre.role, cadre.unit) == (Role.TOWNSHIP_LEAD, "T-CBZ")
    assert cadre.role_on(date(2019, 2, 28)) == Role.VILLAGE_LEADER


def test_post_change_to_the_same_post_is_refused() -> None:
    """Changing to the post already held is refused."""
    cadre = appoint()
    refused(cadre, "role", cadre.change_post, envelope(), Role.TOWNSHIP_LEAD, "T-CBZ",
            date(2019, 3, 1))


def test_post_change_before_the_current_post_began_is_refused() -> None:
    """A post change dated before the current post began is refused."""
    cadre = appoint()
    refused(cadre, "occurred_on", cadre.change_post, envelope(), Role.COUNTY_LEADER, "C-CB",
            date(2018, 12, 31))


def test_dismissal_records_the_day() -> None:
    """A dismissal records the day the cadre left."""
    cadre = appoint()
    cadre.dismiss(envelope(), date(2019, 6, 1), "调任外县")
    assert cadre.dismissed_on == date(2019, 6, 1)


def test_dismissing_twice_is_refused() -> None:
    """A dismissed cadre cannot be dismissed again."""
    cadre = appoint()
    cadre.dismiss(envelope(), date(2019, 6, 1), "调任外县")
    refused(cadre, "cadre", cadre.dismiss, envelope(), date(2019, 6, 2), "再次免职")


def test_dismissal_before_a_recorded_act_is_refused() -> None:
    """A dismissal dated before an act already on record is refused."""
    cadre = appoint()
    act(cadre, occurred_on=date(2019, 6, 5))
    refused(cadre, "occurred_on", cadre.dismiss, envelope(), date(2019, 6, 1), "调任外县")


def test_post_change_after_dismissal_is_refused() -> None:
    """A dismissed cadre takes no new post."""
    cadre = appoint()
    cadre.dismiss(envelope(), date(2019, 6, 1), "调任外县")
    refused(cadre, "cadre", cadre.change_post, envelope(), Role.COUNTY_LEADER, "C-CB",
            date(2019, 6, 3))


def test_each_supervision_kind_has_its_own_event_class() -> None:
    """Every supervision kind is recorded as a distinct, explicit event class."""
    assert set(ACT_EVENTS) == set(SupervisionKind)
    assert len(set(ACT_EVENTS.values())) == len(SupervisionKind)
    assert all(vars(Cadre)[event.__name__] is event for event in ACT_EVENTS.values())


def test_an_inspection_is_recorded_as_an_act() -> None:
    """A township lead's inspection is recorded as InspectionMade and listed among the acts."""
    cadre = appoint()
    act(cadre)
    assert isinstance(cadre.pending_events[-1], Cadre.InspectionMade)
    assert cadre.acts == [(SupervisionKind.INSPECTION, date(2019, 6, 5), "V-ESDG")]


@pytest.mark.parametrize(
    ("role", "kind"),
    [(role, kind) for role, kinds in ALLOWED_ACTS.items() for kind in sorted(kinds)],
)
def test_each_role_may_record_its_own_kinds(role: Role, kind: SupervisionKind) -> None:
    """A role records each kind of act its duties include."""
    cadre = appoint(role)
    act(cadre, kind)
    assert isinstance(cadre.pending_events[-1], ACT_EVENTS[kind])


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.VILLAGE_LEADER, SupervisionKind.FORMAL_TALK),
        (Role.TOWNSHIP_LEAD, SupervisionKind.BULLETIN),
        (Role.COUNTY_LEADER, SupervisionKind.VISITS_CHECKED),
        (Role.INSPECTOR, SupervisionKind.QUARTERLY_REVIEW),
        (Role.HOUSEHOLD_CADRE, SupervisionKind.INSPECTION),
        (Role.RESIDENT_CADRE, SupervisionKind.RESEARCH_VISIT),
    ],
)
def test_a_kind_outside_the_role_is_refused(role: Role, kind: SupervisionKind) -> None:
    """An act that the cadre's role does not perform is refused."""
    cadre = appoint(role)
    refused(cadre, "kind", act, cadre, kind)


def test_an_unknown_kind_is_refused() -> None:
    """A supervision kind that does not exist is refused."""
    cadre = appoint()
    refused(cadre, "kind", act, cadre, "banquet")


def test_the_role_held_on_the_day_decides_the_kind() -> None:
    """An act is checked against the role held on its day, not today's."""
    cadre = appoint(Role.VILLAGE_LEADER, "V-ESDG")
    cadre.change_post(envelope(), Role.TOWNSHIP_LEAD, "T-CBZ", date(2019, 3, 1))
    act(cadre, SupervisionKind.VISITS_CHECKED, date(2019, 2, 20), "ACT-1")
    refused(cadre, "kind", act, cadre, SupervisionKind.VISITS_CHECKED, date(2019, 3, 5), "ACT-2")


def test_an_act_after_dismissal_is_refused() -> None:
    """No act can happen after the dismissal day."""
    cadre = appoint()
    cadre.dismiss(envelope(), date(2019, 6, 1), "调任外县")
    refused(cadre, "cadre", act, cadre, SupervisionKind.INSPECTION, date(2019, 6, 2))


def test_an_act_before_dismissal_may_be_recorded_late() -> None:
    """An act done before the dismissal day is still accepted (and flagged late if it is)."""
    cadre = appoint()
    cadre.dismiss(envelope(), date(2019, 6, 1), "调任外县")
    act(cadre, occurred_on=date(2019, 5, 20))
    assert cadre.pending_events[-1].is_late  # type: ignore[attr-defined]


def test_an_act_before_appointment_is_refused() -> None:
    """An act dated before the appointment is refused."""
    cadre = appoint()
    refused(cadre, "occurred_on", act, cadre, SupervisionKind.INSPECTION, date(2018, 12, 1))


def test_a_duplicate_act_code_is_refused() -> None:
    """An act code is used once per cadre."""
    cadre = appoint()
    act(cadre, act_code="ACT-1")
    error = refused(cadre, "act_code", act, cadre, SupervisionKind.INSPECTION, date(2019, 6, 6),
                    "ACT-1")
    assert isinstance(error, DuplicateError)


def test_an_empty_summary_is_refused() -> None:
    """An act without a summary is refused."""
    cadre = appoint()
    refused(cadre, "summary", cadre.record_inspection, envelope(), date(2019, 6, 5), "village",
            "V-ESDG", ["民情日记"], [], "", "ACT-1")


def test_an_act_recorded_after_a_week_is_flagged_late_with_the_reason() -> None:
    """An act recorded more than seven days after it happened is flagged late (补记)."""
    cadre = appoint()
    cadre.record_inspection(
        envelope(late_reason="下乡无网络"), date(2019, 6, 1), "village", "V-ESDG", ["民情日记"],
        [], "督查金华村", "ACT-1",
    )
    event = cadre.pending_events[-1]
    assert event.is_late  # type: ignore[attr-defined]
    assert "下乡无网络" in event.late_reason  # type: ignore[attr-defined]


def test_a_retracted_act_leaves_the_list_but_keeps_its_code_used() -> None:
    """A retracted act is no longer counted, and its code cannot be reused."""
    cadre = appoint()
    act(cadre, act_code="ACT-1")
    cadre.retract(envelope(), 2, "录错了对象", "GB900")
    assert cadre.acts == []
    refused(cadre, "act_code", act, cadre, SupervisionKind.INSPECTION, date(2019, 6, 6), "ACT-1")


def test_only_the_summary_of_an_act_can_be_corrected() -> None:
    """Correcting an act's subject is refused; its summary may be corrected."""
    cadre = appoint()
    act(cadre)
    refused(cadre, "changes", cadre.correct, envelope(), 2, {"subject_code": "V-JH"}, "错", "GB900")
    cadre.correct(envelope(), 2, {"summary": "督查二十道沟村台账"}, "笔误", "GB900")
    assert cadre.corrections == {2: [3]}


def test_replaying_the_events_rebuilds_the_same_cadre() -> None:
    """Applying the recorded events from nothing gives the same state."""
    cadre = appoint(Role.VILLAGE_LEADER, "V-ESDG")
    act(cadre, SupervisionKind.VISITS_CHECKED, date(2019, 2, 20), "ACT-1")
    cadre.change_post(envelope(), Role.TOWNSHIP_LEAD, "T-CBZ", date(2019, 3, 1))
    act(cadre, SupervisionKind.QUARTERLY_REVIEW, date(2019, 4, 1), "ACT-2")
    cadre.retract(envelope(), 2, "重复录入", "GB900")
    cadre.dismiss(envelope(), date(2019, 6, 1), "调任外县")
    copy: Any = None
    for event in cadre.pending_events:
        copy = event.mutate(copy)
    assert state(copy) == state(cadre)
