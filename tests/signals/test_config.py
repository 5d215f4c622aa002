"""Signal thresholds: documented defaults, a county's file overlays them, bad files are refused."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from api.routes.signals import Kind
from projections.signals.config import CONFIG_VARIABLE, SignalConfigError, defaults, load
from projections.signals.model import KINDS


def test_every_threshold_has_a_default() -> None:
    """Each signal section is present with numbers."""
    sections = defaults().sections
    assert {"recording_lag", "copied_text", "visit_burst", "impossible_schedule",
            "exit_income", "identical_sheets", "visit_timing"} == set(sections)
    assert len(KINDS) == 8


def test_the_api_accepts_exactly_the_signal_kinds() -> None:
    """The route's literal names every kind the detectors produce."""
    assert set(get_args(Kind)) == set(KINDS)


def test_a_county_file_overlays_the_defaults(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys given replace the defaults; the rest stay."""
    path = tmp_path / "signals.toml"
    path.write_text("[copied_text]\nmin_copies = 10\n", "utf-8")
    monkeypatch.setenv(CONFIG_VARIABLE, str(path))
    loaded = load()
    assert loaded.value("copied_text", "min_copies") == 10
    assert loaded.value("copied_text", "similarity") == defaults().value("copied_text",
                                                                          "similarity")


@pytest.mark.parametrize(("body", "message"), [
    ("[nonsense]\nx = 1\n", "unknown signal section"),
    ("[copied_text]\nmin_copiez = 1\n", "no threshold 'min_copiez'"),
    ("[copied_text]\nmin_copies = -1\n", "must be a number >= 0"),
    ("[copied_text]\nmin_copies = \"six\"\n", "must be a number >= 0"),
    ("[copied_text\n", "cannot read"),
])
def test_a_bad_file_is_refused_naming_what_is_wrong(tmp_path: Path, body: str,
                                                    message: str) -> None:
    """Unknown sections or keys, negative or non-numeric values, broken TOML."""
    path = tmp_path / "signals.toml"
    path.write_text(body, "utf-8")
    with pytest.raises(SignalConfigError, match=message):
        load(path)
