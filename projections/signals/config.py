"""The signals' thresholds: defaults in ``thresholds.toml`` beside this module, a county's own
file named by ``LEDGER_SIGNALS_CONFIG`` (keys left out keep the defaults)."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from projections.errors import ProjectionError

CONFIG_VARIABLE = "LEDGER_SIGNALS_CONFIG"


class SignalConfigError(ProjectionError):
    """A thresholds file that cannot be used (unknown section or key, wrong type)."""


@dataclass(frozen=True)
class Thresholds:
    """Every signal's thresholds by section: ``thresholds.value("copied_text", "min_chars")``."""

    sections: Mapping[str, Mapping[str, float]]

    def section(self, name: str) -> Mapping[str, float]:
        """The thresholds of one signal."""
        return self.sections[name]

    def value(self, section: str, key: str) -> float:
        """One threshold."""
        return self.sections[section][key]


def defaults() -> Thresholds:
    """The documented defaults."""
    text = files("projections.signals").joinpath("thresholds.toml").read_text("utf-8")
    return Thresholds(_frozen(tomllib.loads(text)))


def load(path: str | Path | None = None) -> Thresholds:
    """The defaults overlaid with a county's file (``path``, else ``$LEDGER_SIGNALS_CONFIG``)."""
    base = defaults()
    chosen = path or os.environ.get(CONFIG_VARIABLE)
    if not chosen:
        return base
    try:
        overrides = tomllib.loads(Path(chosen).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SignalConfigError(f"cannot read signal thresholds {chosen}: {error}") from None
    merged = {name: dict(values) for name, values in base.sections.items()}
    for name, values in overrides.items():
        if name not in merged or not isinstance(values, dict):
            raise SignalConfigError(f"{chosen}: unknown signal section [{name}]")
        for key, value in values.items():
            _check(chosen, name, key, value, merged[name])
            merged[name][key] = float(value)
    return Thresholds(_frozen(merged))


def _check(path: str | Path, name: str, key: str, value: Any, known: dict[str, float]) -> None:
    if key not in known:
        raise SignalConfigError(f"{path}: [{name}] has no threshold {key!r}")
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SignalConfigError(f"{path}: [{name}] {key} must be a number >= 0, not {value!r}")


def _frozen(sections: Mapping[str, Any]) -> Mapping[str, Mapping[str, float]]:
    return MappingProxyType({name: MappingProxyType({k: float(v) for k, v in values.items()})
                             for name, values in sections.items()})
