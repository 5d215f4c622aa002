"""Executed docs: generated references are current and the documented example imports."""

from __future__ import annotations

import re
from pathlib import Path

from ledger.application import command_docs
from ledger.application.app import Ledger
from ledger.application.importer import import_lines
from ledger.domain import event_docs

ROOT = Path(__file__).resolve().parents[2]


def test_the_events_catalogue_is_current() -> None:
    """docs/events.md equals what the event classes render today."""
    assert (ROOT / "docs/events.md").read_text(encoding="utf-8") == event_docs.render()


def test_the_command_reference_is_current() -> None:
    """docs/commands.md equals the intro plus the reference rendered from the use cases."""
    intro = (ROOT / "docs/commands-intro.md").read_text(encoding="utf-8")
    assert (ROOT / "docs/commands.md").read_text(encoding="utf-8") == command_docs.render(intro)


def test_the_documented_import_example_is_accepted(ledger: Ledger) -> None:
    """The jsonl example in docs/commands.md imports without a refused line."""
    text = (ROOT / "docs/commands.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```jsonl\n(.*?)```", text, flags=re.S)
    report = import_lines(ledger, block.splitlines())
    assert report.errors == []
    assert report.accepted == len(block.strip().splitlines())
