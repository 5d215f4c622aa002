"""A round's sample through the ledger on both backends: the frame comes from the views, the
draw equals the second implementation's, ``ledger sample check`` redraws it, the API lists it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ledger.cli import main
from ledger.domain.inspection import commitment_for
from ledger.storage.config import DatabaseConfig
from projections.signals.samples import frame_for_round, samples
from tests.projections.conftest import Views, open_ledger, small_county, start_clock
from tests.sampling import second_implementation as second

SEED = "2024年第一轮巡察-种子"


def _county(store: DatabaseConfig) -> None:
    clock = start_clock()
    ledger = open_ledger(store, clock)
    small_county(ledger)
    clock.advance(timedelta(days=1))
    views = Views(store)
    views.project()
    frame = frame_for_round(store, ["T01"], 2024)
    ledger.commit_sample("R01", commitment_for(SEED), frame, datetime(2024, 1, 11, tzinfo=UTC))
    ledger.draw_sample("R01", SEED, 1, datetime(2024, 1, 11, 1, tzinfo=UTC))
    ledger.close()
    views.project()
    views.close()


def test_the_same_seed_and_frame_give_the_same_sample_on_both_backends(
        store: DatabaseConfig) -> None:
    """The recorded draw is what the document's algorithm gives, on SQLite and PostgreSQL."""
    _county(store)
    views = Views(store)
    found = samples(views.db, "R01")[0]
    views.close()
    assert found["frame"] == ["H001\tV01\tregistered\t1", "H002\tV01\tregistered\t1"]
    assert found["households"] == second.redraw(SEED, found["frame"], 1)
    assert found["frame_sha256"] == second.digest(found["frame"])


def test_a_household_drawn_this_year_leaves_the_next_frame(store: DatabaseConfig) -> None:
    """The next round of the same year never draws it again."""
    _county(store)
    views = Views(store)
    drawn = samples(views.db, "R01")[0]["households"]
    views.close()
    lines = frame_for_round(store, ["T01"], 2024)
    assert [line.split("\t")[0] for line in lines] == sorted({"H001", "H002"} - set(drawn))


def test_the_command_line_commits_draws_and_checks(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """commit writes a secret seed, draw reveals it, check redraws identically (exit 0)."""
    from tests.projections.conftest import parse_database_url

    store = parse_database_url(str(tmp_path / "ledger.db"))
    ledger = open_ledger(store, start_clock())
    small_county(ledger)
    ledger.close()
    views = Views(store)
    views.project()
    views.close()
    db, seed_file = str(tmp_path / "ledger.db"), tmp_path / "R01.seed"
    assert main(["sample", "commit", "--round", "R01", "--db", db,
                 "--seed-file", str(seed_file)]) == 0
    assert seed_file.stat().st_mode & 0o077 == 0
    seed = seed_file.read_text().strip()
    assert main(["sample", "draw", "--round", "R01", "--seed", seed, "--size", "1",
                 "--db", db]) == 0
    assert main(["sample", "check", "--round", "R01", "--db", db]) == 0
    assert "redrawn identically" in capsys.readouterr().out
    assert main(["sample", "draw", "--round", "R01", "--seed", "wrong", "--size", "1",
                 "--db", db]) == 2
