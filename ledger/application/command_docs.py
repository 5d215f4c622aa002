"""Renders the import-file command reference (docs/commands.md) from the use cases."""

from __future__ import annotations

import inspect
import typing
from typing import Any

from ledger.application.app import Ledger
from ledger.application.importer import COMMANDS, ENVELOPE_KEYS

INTRO_FILE = "docs/commands-intro.md"


def render(intro: str) -> str:
    """The intro followed by one section per command."""
    parts = [intro.rstrip(), "", "## Command reference", "",
             "Generated from the use cases by `python -m ledger.application.command_docs`; "
             "a test fails when it is out of date. Every line may also carry "
             + ", ".join(f"`{k}`" for k in ENVELOPE_KEYS) + ".", ""]
    for name in COMMANDS:
        parts.extend(_section(name))
    return "\n".join(parts) + "\n"


def _section(name: str) -> list[str]:
    method = getattr(Ledger, name)
    hints = typing.get_type_hints(method)
    doc = (inspect.getdoc(method) or "").splitlines()[0]
    rows = [f"### `{name}`", "", doc, "", "| field | type | required |", "|---|---|---|"]
    for param in inspect.signature(method).parameters.values():
        if param.name == "self" or param.kind is param.KEYWORD_ONLY:
            continue
        required = "yes" if param.default is inspect.Parameter.empty else "no"
        rows.append(f"| `{param.name}` | {_type(hints[param.name])} | {required} |")
    rows.append("")
    return rows


def _type(hint: Any) -> str:
    text = hint.__name__ if isinstance(hint, type) else str(hint)
    for prefix in ("typing.", "ledger.domain.values.", "datetime."):
        text = text.replace(prefix, "")
    replacements = {"datetime": "datetime (ISO 8601 with offset)", "date": "date (YYYY-MM-DD)"}
    return replacements.get(text, text).replace("|", "or")


if __name__ == "__main__":
    from pathlib import Path

    print(render(Path(INTRO_FILE).read_text(encoding="utf-8")), end="")
