"""The use cases on real stores (a SQLite file and PostgreSQL): replay, duplicates, conflicts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain.household import Household
from ledger.domain.values import Member
from ledger.errors import DuplicateError, WriteConflict
from tests.compat import scenario

NOW = datetime(2024, 1, 10, 8, tzinfo=UTC)


def test_the_scenario_replays_in_a_fresh_process(stored_env: dict[str, str]) -> None:
    """Recorded by one application, the household replays identically in another."""
    first = Ledger(env=stored_env, clock=SimulatedClock(NOW))
    scenario.run(first)
    second = Ledger(env=stored_env)
    key = Household.id_for("H001")
    assert vars(second.repository.get(key)) == vars(first.repository.get(key))
    assert second.repository.get(key).income_total(2024) == 372_000


def test_a_duplicate_registration_from_another_process_is_refused(
    stored_env: dict[str, str],
) -> None:
    """Process B sees A's household and refuses to register it again."""
    a = Ledger(env=stored_env, clock=SimulatedClock(NOW))
    scenario.run(a)
    b = Ledger(env=stored_env, clock=SimulatedClock(NOW))
    with pytest.raises(DuplicateError):
        b.register_household("H001", "V01", "金大山", [Member(1, "金大山", "户主")], "dibao",
                             "illness", date(2024, 1, 2))


def test_a_stale_writer_gets_a_conflict_and_its_retry_succeeds(
    stored_env: dict[str, str],
) -> None:
    """Two processes record on the same household: the stale one conflicts, then retries."""
    a = Ledger(env=stored_env, clock=SimulatedClock(NOW))
    scenario.run(a)
    b = Ledger(env=stored_env, clock=SimulatedClock(NOW))
    b.earn_points("H001", 5, "清扫", date(2024, 1, 9))
    with pytest.raises(WriteConflict):
        a.earn_points("H001", 7, "清扫", date(2024, 1, 9))
    a.earn_points("H001", 7, "清扫", date(2024, 1, 9))
    fresh = Ledger(env=stored_env)
    assert fresh.repository.get(Household.id_for("H001")).points_balance == 10 + 5 + 7
