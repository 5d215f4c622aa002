"""一争取 as money: amount in fen (0 allowed), source, agreement digest and the fund it became."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest

from ledger.domain.cadre import Cadre
from ledger.domain.funds_secured import FundsSecuredRecorded
from ledger.domain.values import FundSource
from tests.unit.test_cadre import appoint, envelope, refused

DAY = date(2019, 6, 5)
DIGEST = hashlib.sha256("龙潭区帮扶协议".encode()).hexdigest()


def secure(cadre: Cadre, amount: Any = 20_000_000, source: Any = "paired_district",
           digest: Any = DIGEST, fund: Any = "F-LT-2019") -> None:
    cadre.record_funds_secured(envelope(), DAY, "township", "T-CBZ", amount, source, digest,
                               fund, "争取龙潭区对口帮扶资金", "FS-1")


def test_money_secured_names_its_source_agreement_and_fund() -> None:
    """The event carries the amount, the source enum, the digest and the fund code."""
    cadre = appoint()
    secure(cadre)
    event = cadre.pending_events[-1]
    assert isinstance(event, Cadre.FundsSecured)
    assert (event.amount_fen, event.source, event.agreement_digest, event.fund_code) == (
        20_000_000, FundSource.PAIRED_DISTRICT, DIGEST, "F-LT-2019")


def test_securing_nothing_is_recorded_without_a_fund() -> None:
    """Amount 0: a fact of the half-year, with no agreement and no fund."""
    cadre = appoint()
    secure(cadre, amount=0, digest=None, fund=None)
    assert cadre.pending_events[-1].amount_fen == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(("changes", "field"), [
    ({"amount": -1}, "amount_fen"), ({"amount": 1.5}, "amount_fen"),
    ({"source": "lottery"}, "source"), ({"digest": None}, "agreement_digest"),
    ({"digest": "ABC"}, "agreement_digest"), ({"fund": None}, "fund"),
    ({"amount": 0, "digest": None}, "fund"), ({"fund": "F LT"}, "fund"),
])
def test_bad_money_facts_are_refused(changes: dict[str, Any], field: str) -> None:
    """Negative or fractional amounts, unknown sources, missing digest or fund are refused."""
    cadre = appoint()
    refused(cadre, field, lambda: secure(cadre, **changes))


def test_a_v1_funds_secured_upcasts_with_its_money_unknown() -> None:
    """A stored v1 一争取 reads with no amount, source, agreement or fund."""
    state: dict[str, Any] = {}
    FundsSecuredRecorded.upcast_v1_v2(state)
    assert state == dict.fromkeys(("amount_fen", "source", "agreement_digest", "fund_code"))
