"""Any sequence of commands, valid or refused, replays from storage to the same state."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.application.app import Ledger
from ledger.application.clock import SimulatedClock
from ledger.domain import catalogue
from ledger.errors import LedgerError
from ledger.storage.config import resolve_database

START = datetime(2024, 1, 10, 8, tzinfo=UTC)
DAYS = st.integers(min_value=0, max_value=40)
HOUSEHOLDS = st.sampled_from(["H001", "H002"])
CADRES = st.sampled_from(["C01", "C02", "C10"])

COMMANDS = st.one_of(
    st.tuples(st.just("visit"), HOUSEHOLDS, CADRES, DAYS, st.booleans()),
    st.tuples(st.just("income"), HOUSEHOLDS, st.sampled_from(["wage", "transfer", "business"]),
              st.integers(min_value=-5, max_value=2_000_000)),
    st.tuples(st.just("points"), HOUSEHOLDS, st.integers(min_value=-20, max_value=60)),
    st.tuples(st.just("assign"), HOUSEHOLDS, CADRES, DAYS),
    st.tuples(st.just("correct"), HOUSEHOLDS, st.integers(min_value=1, max_value=30),
              st.integers(min_value=0, max_value=900_000)),
    st.tuples(st.just("retract"), HOUSEHOLDS, st.integers(min_value=1, max_value=30)),
    st.tuples(st.just("diary"), HOUSEHOLDS, CADRES, DAYS, st.sampled_from(["走访", "同上"])),
    st.tuples(st.just("wait"), st.integers(min_value=1, max_value=10)),
)


def _setup(ledger: Ledger) -> None:
    from ledger.domain.values import Member

    day = date(2024, 1, 2)
    ledger.register_township("T01", "长白镇", occurred_on=day)
    ledger.register_village("V01", "T01", "金华村", occurred_on=day)
    for code, role in [("C01", "household_cadre"), ("C02", "household_cadre"),
                       ("C10", "village_leader")]:
        ledger.appoint_cadre(code, f"干部{code}", role, "V01", occurred_on=day)
    for code in ("H001", "H002"):
        ledger.register_household(code, "V01", "户主", [Member(1, "户主", "户主")],
                                  "general", "illness", day)


def _run(ledger: Ledger, clock: SimulatedClock, command: tuple[Any, ...]) -> None:
    kind, *args = command
    base = date(2024, 1, 2)
    if kind == "wait":
        clock.advance(timedelta(days=args[0]))
    elif kind == "visit":
        when = datetime.combine(base + timedelta(days=args[2]), datetime.min.time(), UTC)
        ledger.record_visit(args[0], args[1], when, "in_person" if args[3] else "phone", "")
    elif kind == "income":
        ledger.record_income(args[0], args[1], args[2], "2024")
    elif kind == "points":
        if args[1] >= 0:
            ledger.earn_points(args[0], args[1], "劳动", base)
        else:
            ledger.redeem_points(args[0], -args[1], "米", "超市", base)
    elif kind == "assign":
        ledger.assign_cadre(args[1], base + timedelta(days=args[2]), household=args[0])
    elif kind == "correct":
        ledger.correct_record(f"household/{args[0]}/{args[1]}", {"amount_fen": args[2]},
                              "核对", "C10")
    elif kind == "retract":
        ledger.retract_record(f"household/{args[0]}/{args[1]}", "重复", "C10")
    elif kind == "diary":
        ledger.record_diary(args[0], args[1], base + timedelta(days=args[2]), args[3])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands=st.lists(COMMANDS, max_size=25))
def test_any_command_sequence_replays_to_the_same_state(
    tmp_path_factory: Any, commands: list[tuple[Any, ...]]
) -> None:
    """The state the commands decided on (the cache, advanced event by event as they were
    saved) equals the state a fresh process replays from the stored events."""
    path: Path = tmp_path_factory.mktemp("replay") / "ledger.db"
    env = resolve_database(str(path), {}).eventsourcing_env()
    clock = SimulatedClock(START)
    ledger = Ledger(env=env, clock=clock)
    _setup(ledger)
    for command in commands:
        with contextlib.suppress(LedgerError):
            _run(ledger, clock, command)
    fresh = Ledger(env={**env, "AGGREGATE_CACHE_MAXSIZE": ""})
    compared = 0
    for cls in catalogue.AGGREGATES:
        for code in ("H001", "H002", "C01", "C02", "C10", "T01", "V01"):
            key = cls.id_for(code)
            try:
                live = ledger.repository.get(key)
            except Exception:  # not an aggregate of this kind
                continue
            assert vars(fresh.repository.get(key)) == vars(live)
            compared += 1
    assert compared == 7
