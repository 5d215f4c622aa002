"""As-of replay: a household as the ledger knew it at T, and as of business date D."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ledger.errors import NotFound
from projections.asof import household_as_of
from tests.projections.conftest import Views

BEFORE_CORRECTION = datetime(2024, 1, 12, 0, tzinfo=UTC)


def test_as_of_before_a_correction_shows_the_uncorrected_value(views: Views) -> None:
    """At T before the correction the income is as first recorded; the correction comes after."""
    views.project()
    result = household_as_of(views.source, "H001", recorded_at=BEFORE_CORRECTION, views=views.db)
    assert result.state["income_years"][0]["transfer_fen"] == 744_000
    assert result.state["phone_contacts"] == 1
    later = {s.ref: s for s in result.later}
    correction = later["household/H001/11"]
    assert correction.event_type == "Corrected"
    assert correction.changes["income_years"][0][2024]["transfer"] == 744_000
    assert correction.changes["income_years"][1][2024]["transfer"] == 372_000


def test_as_of_now_equals_the_household_view(views: Views) -> None:
    """Without a cut-off the replay gives the row the view holds."""
    views.project()
    result = household_as_of(views.source, "H001", views=views.db)
    row = views.db.fetchdicts("SELECT * FROM view_household_state WHERE code = 'H001'")[0]
    assert {k: result.state[k] for k in ("status", "visits", "points_balance", "open_findings",
                                         "last_position", "income_lines")} == {
        k: row[k] for k in ("status", "visits", "points_balance", "open_findings",
                            "last_position", "income_lines")}
    assert result.later == []
    assert result.includes_findings


def test_business_date_leaves_out_later_business_and_keeps_earlier(views: Views) -> None:
    """As of business date 2024-01-06 only the registration week and the phone call count."""
    views.project()
    result = household_as_of(views.source, "H001", business_date=date(2024, 1, 6))
    assert result.state["phone_contacts"] == 1
    assert result.state["visits"] == 0
    assert result.state["income_years"] == []
    assert not result.includes_findings


def test_each_step_says_what_changed(views: Views) -> None:
    """The visit step changes the visit count and the last visit."""
    result = household_as_of(views.source, "H001")
    visit = next(s for s in result.applied if s.ref == "household/H001/4")
    assert visit.changes["visits"] == [0, 1]
    assert visit.changes["last_visit_at"] == [None, "2024-01-10T09:00:00Z"]


def test_unknown_household_is_not_found(views: Views) -> None:
    """A code with no events is reported, not replayed as empty."""
    with pytest.raises(NotFound):
        household_as_of(views.source, "H999")
