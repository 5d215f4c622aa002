"""``--as-of`` and ``--business-date``: one rule for a date alone (the whole day, Asia/Shanghai),
both ISO forms alike, and dates a ledger cannot hold refused with a clear message."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta

import pytest

from projections.asof import _included
from projections.cli import _date, _instant
from projections.source import Item


@pytest.mark.parametrize("text", ["2018-05-20", "20180520"])
def test_a_date_alone_means_the_end_of_that_day_in_shanghai_in_either_form(text: str) -> None:
    """Both ISO forms give 23:59:59.999999 on 20 May, Asia/Shanghai."""
    found = _instant(text)
    assert found.astimezone(UTC) == datetime(2018, 5, 20, 15, 59, 59, 999999, tzinfo=UTC)


def test_a_time_without_offset_is_read_in_shanghai() -> None:
    """No offset: Asia/Shanghai, not UTC."""
    assert _instant("2018-05-20T08:00:00").astimezone(UTC) == datetime(2018, 5, 20, 0,
                                                                          tzinfo=UTC)


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31T23:59:59-01:00",
                                  "0001-01-01T00:00:00+14:00", "1999-12-31", "2101-01-01",
                                  "2018-02-30", "yesterday"])
def test_dates_a_ledger_cannot_hold_are_refused_clearly(text: str) -> None:
    """Out of range or not a date: an argument error naming it, never an OverflowError."""
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        _instant(text)
    assert text in str(refused.value)


@pytest.mark.parametrize("text", ["0001-01-01", "2018-13-01", "2018-05-20T08:00"])
def test_a_business_date_is_a_date_in_range(text: str) -> None:
    """--business-date takes a calendar date only."""
    with pytest.raises(argparse.ArgumentTypeError):
        _date(text)
    assert _date("20180520") == _date("2018-05-20") == date(2018, 5, 20)


class _Event:
    def __init__(self, business: datetime) -> None:
        self.occurred_at = business


def test_a_visit_at_seven_in_the_morning_belongs_to_its_shanghai_day() -> None:
    """07:00+08:00 on 20 May is 23:00 UTC on the 19th, yet its business date is the 20th."""
    visit = datetime(2018, 5, 20, 7, tzinfo=UTC) - timedelta(hours=8)
    item = Item.__new__(Item)
    object.__setattr__(item, "event", _Event(visit))
    included = _included(item, None, date(2018, 5, 19))
    assert included is False
    assert _included(item, None, date(2018, 5, 20)) is True
