"""结亲交友 and the N activities: pairing contacts on their own channel, points traced to the
activity that awarded them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ledger.application.app import Ledger
from ledger.domain.activity import Activity
from ledger.domain.household import Household
from ledger.errors import DuplicateError, NotFound, RuleViolation
from tests.application.conftest import stored_count

DAY = date(2024, 2, 1)
AT = datetime(2024, 2, 2, 9, tzinfo=UTC)


def home(ledger: Ledger, code: str = "H001") -> Household:
    return ledger.repository.get(Household.id_for(code))


def last_event(ledger: Ledger, code: str = "H001") -> object:
    return list(ledger.repository.event_store.get(Household.id_for(code)))[-1]


@pytest.fixture
def paired(county: Ledger) -> Ledger:
    county.start_pairing("H001", "JQ-1", "朴正浩", "DZB-JH", DAY)
    return county


def test_a_pairing_contact_counts_on_the_pairing_not_as_a_cadre_visit(paired: Ledger) -> None:
    """结亲走访 with help worth 200 yuan: the pairing counts it; no cadre visit is added."""
    paired.record_pairing_contact("H001", "JQ-1", AT, "in_person", "送米面油", 20_000)
    pairing = home(paired).pairings["JQ-1"]
    assert (pairing.contacts, pairing.help_fen) == (1, 20_000)
    assert home(paired).contacts == {}
    event = last_event(paired)
    assert isinstance(event, Household.PairingContacted)
    assert event.channel == "pairing"


def test_one_pairing_in_force_at_a_time(paired: Ledger) -> None:
    """A second pairing waits until the first ends; a pairing code is used once."""
    with pytest.raises(RuleViolation) as caught:
        paired.start_pairing("H001", "JQ-2", "李华", "DZB-JH", DAY)
    assert caught.value.field == "pairing"
    paired.end_pairing("H001", "JQ-1", DAY, "党员调离，结对中断", is_lapsed=True)
    assert home(paired).pairings["JQ-1"].is_lapsed
    with pytest.raises(DuplicateError):
        paired.start_pairing("H001", "JQ-1", "李华", "DZB-JH", DAY)
    paired.start_pairing("H001", "JQ-2", "李华", "DZB-JH", DAY)
    assert home(paired).active_pairing == "JQ-2"


@pytest.mark.parametrize(("pairing", "mode", "help_fen", "field"), [
    ("JQ-9", "in_person", 0, "pairing"), ("JQ-1", "letter", 0, "mode"),
    ("JQ-1", "phone", -5, "help_fen"),
])
def test_a_bad_pairing_contact_stores_nothing(paired: Ledger, pairing: str, mode: str,
                                              help_fen: int, field: str) -> None:
    """Unknown pairing, unknown mode or negative help are refused by field."""
    before = stored_count(paired)
    with pytest.raises(RuleViolation) as caught:
        paired.record_pairing_contact("H001", pairing, AT, mode, "问候", help_fen)
    assert caught.value.field == field
    assert stored_count(paired) == before


def test_no_contact_after_a_pairing_ended(paired: Ledger) -> None:
    """An ended pairing takes no more contacts."""
    paired.end_pairing("H001", "JQ-1", DAY, "脱贫后自然结束")
    with pytest.raises(RuleViolation):
        paired.record_pairing_contact("H001", "JQ-1", AT, "phone", "电话问候")


def test_an_activity_credits_points_that_name_it(county: Ledger) -> None:
    """知识竞赛 with 10 points each: each household's points event names the activity."""
    county.earn_points("H001", 5, "打扫卫生", DAY)
    county.hold_activity("ACT-KC-1", "knowledge_contest", "扶贫政策知识竞赛", "金华村文化室",
                         "C10", "V01", ["H001"], 10, DAY)
    event = last_event(county)
    assert isinstance(event, Household.ActivityAttended)
    assert (event.activity_code, event.points) == ("ACT-KC-1", 10)
    assert (home(county).points_balance, home(county).activities) == (15, {"ACT-KC-1": 10})
    activity = county.repository.get(Activity.id_for("ACT-KC-1"))
    assert (activity.households, activity.points_each) == (["H001"], 10)


def test_an_activity_refuses_outsiders_duplicates_and_unknowns(county: Ledger) -> None:
    """Households of another village, a household named twice, an unknown village."""
    county.register_village("V02", "T01", "民主村", 41.40, 128.21, True, DAY)
    before = stored_count(county)
    with pytest.raises(RuleViolation) as caught:
        county.hold_activity("A-1", "film", "露天电影", "民主村广场", "C10", "V02", ["H001"], 0,
                             DAY)
    assert caught.value.field == "households"
    with pytest.raises(RuleViolation):
        county.hold_activity("A-1", "film", "露天电影", "广场", "C10", "V01", ["H001", "H001"],
                             0, DAY)
    with pytest.raises(NotFound):
        county.hold_activity("A-1", "film", "露天电影", "广场", "C10", "V09", ["H001"], 0, DAY)
    with pytest.raises(RuleViolation) as caught:
        county.hold_activity("A-1", "banquet", "宴会", "广场", "C10", "V01", ["H001"], 0, DAY)
    assert caught.value.field == "kind"
    assert stored_count(county) == before
    county.hold_activity("A-1", "film", "露天电影", "广场", "C10", "V01", ["H001"], 0, DAY)
    with pytest.raises(DuplicateError):
        county.hold_activity("A-1", "film", "露天电影", "广场", "C10", "V01", ["H001"], 0, DAY)


def test_a_retracted_pairing_contact_no_longer_counts(paired: Ledger) -> None:
    """撤销 a contact: the pairing's count and help go back."""
    paired.record_pairing_contact("H001", "JQ-1", AT, "in_person", "送米面油", 20_000)
    ref = f"household/H001/{home(paired).version}"
    paired.retract_record(ref, "录错户", "C10")
    pairing = home(paired).pairings["JQ-1"]
    assert (pairing.contacts, pairing.help_fen) == (0, 0)
