"""``import_lines``: one command per JSON line; bad lines are named and store nothing."""

from __future__ import annotations

import orjson
import pytest

from ledger.application.app import Ledger
from ledger.application.importer import import_lines
from ledger.domain.household import Household
from tests.application.conftest import stored_count

SETUP = [
    {"command": "register_township", "code": "T01", "name": "长白镇"},
    {"command": "register_village", "code": "V01", "township": "T01", "name": "金华村"},
    {"command": "appoint_cadre", "code": "C01", "name": "李明", "role": "household_cadre",
     "unit": "V01", "occurred_on": "2024-01-01"},
    {"command": "register_household", "code": "H001", "village": "V01", "head": "金大山",
     "members": [{"name": "金大山", "id_number": "220623195501010011"}, {"name": "崔顺姬"}],
     "category": "dibao", "poverty_cause": "illness", "registered_on": "2024-01-02"},
    {"command": "assign_cadre", "household": "H001", "cadre": "C01", "from_date": "2024-01-02"},
]


def lines(*commands: dict[str, object]) -> list[str]:
    return [orjson.dumps(c).decode() for c in commands]


def visit(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {"command": "record_visit", "household": "H001", "cadre": "C01",
                               "occurred_at": "2024-02-27T09:30:00+08:00", "mode": "in_person",
                               "notes": "了解病情"}
    return {**base, **overrides}


def test_a_clean_file_records_every_command(ledger: Ledger) -> None:
    """Every line accepted; members get numbers and relations by default."""
    report = import_lines(ledger, lines(*SETUP, visit()))
    assert (report.ok, report.accepted) == (True, 6)
    home: Household = ledger.repository.get(Household.id_for("H001"))
    assert [m.relation for m in home.members.values()] == ["户主", "家庭成员"]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (visit(occurred_at="yesterday"), "occurred_at"),
        (visit(occurred_at="2024-02-27T09:30:00"), "occurred_at"),
        (visit(mode="carrier pigeon"), "mode"),
        (visit(cadre="C99"), "cadre"),
        (visit(colour="red"), "colour"),
        ({"command": "record_income", "household": "H001", "source": "wage",
          "amount_fen": 12.5, "period": "2024"}, "amount_fen"),
        ({"command": "record_income", "household": "H001", "source": "lottery",
          "amount_fen": 100, "period": "2024"}, "source"),
        ({"command": "record_income", "household": "H001", "source": "wage",
          "amount_fen": 100}, "period"),
        ({"command": "fly_to_moon"}, "command"),
        (visit(evidence=["not-a-digest"]), "evidence"),
    ],
)
def test_a_bad_line_is_reported_by_number_and_field(
    ledger: Ledger, bad: dict[str, object], field: str
) -> None:
    """The refused line's number and field are named; the lines around it go in."""
    report = import_lines(ledger, lines(*SETUP, bad, visit()))
    assert [(e.line, e.field) for e in report.errors] == [(6, field)]
    assert report.accepted == 6


def test_a_line_that_is_not_json_is_reported(ledger: Ledger) -> None:
    """Malformed JSON is a refused line too."""
    report = import_lines(ledger, [*lines(*SETUP), "{oops"])
    assert report.errors[0].line == 6
    assert "JSON" in report.errors[0].reason


def test_a_refused_line_stores_none_of_its_events(ledger: Ledger) -> None:
    """A disbursement whose recipient is unknown fails after the fund's event: nothing stays."""
    fund = {"command": "allocate_fund", "code": "F01", "name": "危房改造", "source": "省级",
            "amount_fen": 1_000_000, "occurred_on": "2024-01-03", "programme": "housing"}
    import_lines(ledger, lines(*SETUP, fund))
    before = stored_count(ledger)
    report = import_lines(ledger, lines({
        "command": "disburse", "fund": "F01", "disbursement": "D1", "amount_fen": 500_000,
        "programme": "housing", "occurred_on": "2024-02-01", "purpose": "危房改造补助",
        "approved_by": "C01", "household": "H999"}))
    assert [(e.line, e.field) for e in report.errors] == [(1, "household")]
    assert stored_count(ledger) == before


def test_atomic_import_stores_nothing_when_a_line_is_refused(ledger: Ledger) -> None:
    """--atomic: one bad line and no line is stored."""
    report = import_lines(ledger, lines(*SETUP, visit(mode="x")), atomic=True)
    assert report.stored is False
    assert stored_count(ledger) == 0


def test_a_retried_line_is_accepted_once(ledger: Ledger) -> None:
    """The same command_id twice in a file: recorded once, counted as a retry."""
    report = import_lines(ledger, lines(*SETUP, visit(command_id="k1"), visit(command_id="k1")))
    assert (report.accepted, report.retried) == (6, 1)


def test_envelope_fields_reach_the_event(ledger: Ledger) -> None:
    """actor, channel, evidence and late_reason on a line end up in the event's envelope."""
    digest = "ab" * 32
    import_lines(ledger, lines(*SETUP, visit(actor="C01", channel="in_person",
                                             evidence=[digest], late_reason="补录")))
    event = list(ledger.events.get(Household.id_for("H001")))[-1]
    assert (event.actor_id, event.channel, event.evidence) == ("C01", "in_person", [digest])
