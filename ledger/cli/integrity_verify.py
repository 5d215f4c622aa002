"""``ledger verify``: recompute every leaf, link, node and checkpoint; name the first bad one."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ledger.cli.integrity_setup import (
    VERIFIER_KEY_HELP,
    open_store,
    read_text_arg,
    verifier_keys,
)
from ledger.cli.options import add_db_option
from ledger.errors import SignatureError
from ledger.integrity.audit import Problem, VerificationReport, verify_store
from ledger.integrity.checkpoint import Checkpoint, split_note
from ledger.integrity.checkpointing import sealed_recorder

if TYPE_CHECKING:
    from ledger.cli.options import Subparsers

SHOWN_PROBLEMS = 20


def register(commands: Subparsers) -> None:
    """Add ``ledger verify``."""
    verify = commands.add_parser(
        "verify",
        help="check the sealed log: every leaf, chain link, Merkle node, checkpoint",
        description="Recompute every leaf from the stored rows, the hash chain and every Merkle "
        "node; check every stored checkpoint's signature and root, and consistency with each "
        "checkpoint file an auditor brings. Exit 0 only when everything holds; 1 when a "
        "problem is found (the first bad position and its kind are printed: altered, missing, "
        "inserted, reordered, forked, unsigned_checkpoint, bad_signature, root_mismatch, "
        "node_mismatch); 2 when it cannot run.",
    )
    verify.add_argument(
        "--checkpoint",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="a signed checkpoint kept outside the store (repeatable)",
    )
    verify.add_argument(
        "--verifier-key",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help=VERIFIER_KEY_HELP,
    )
    verify.add_argument(
        "--key",
        type=Path,
        metavar="FILE",
        help="the log's signing key file: with no verifier key given, the .vkey beside it "
        "(or the key derived from it) checks the signatures",
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.add_argument("--quiet", action="store_true", help="no progress bar")
    add_db_option(verify)
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    """Verify the store; exit 0 when everything holds, 1 otherwise."""
    notes = [read_text_arg(path) for path in args.checkpoint]
    ledger, config = open_store(args)
    try:
        keys = verifier_keys(args.verifier_key, args.key, config, os.environ)
        with _progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
            report = verify_store(
                sealed_recorder(ledger),
                log_verifiers=[key for key, _ in keys],
                checkpoint_notes_from_auditor=notes,
                progress=progress,
            )
    finally:
        ledger.close()
    auditor = auditor_results(report, args.checkpoint, notes)
    key_names = [f"{key.name}+{key.key_id.hex()} ({source})" for key, source in keys]
    if args.json:
        data = {
            **report.to_dict(),
            "store": config.display,
            "verifier_keys": key_names,
            "auditor_checkpoints": auditor,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        render(report, config.display, key_names, auditor)
    return 0 if report.ok else 1


def auditor_results(
    report: VerificationReport, paths: list[Path], notes: list[str]
) -> list[dict[str, Any]]:
    """Per auditor file: its tree size and the problems ``verify_store`` named for it."""
    results: list[dict[str, Any]] = []
    for number, (path, note) in enumerate(zip(paths, notes, strict=True), start=1):
        source = f"auditor checkpoint #{number}"
        kinds = [
            p.kind for p in report.problems if p.message.startswith((f"{source}:", f"{source} "))
        ]
        results.append(
            {"file": str(path), "tree_size": _size_of(note), "ok": not kinds, "problems": kinds}
        )
    return results


def render(
    report: VerificationReport, store: str, keys: list[str], auditor: list[dict[str, Any]]
) -> None:
    """The human summary: what was checked, then the first problem and a table of them."""
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]ledger verify[/] {escape(store)}")
    console.print(
        f"  events {report.event_count:,} · tree size {report.tree_size:,} · "
        f"root {report.root_hash or '(not computable)'}"
    )
    console.print(
        f"  checkpoints checked {report.checkpoints_checked} (auditor files {len(auditor)})"
    )
    console.print(
        "  verifier keys: "
        + (
            escape(", ".join(keys))
            if keys
            else "[yellow]none found: checkpoint signatures cannot be checked[/]"
        )
    )
    for item in auditor:
        mark = "[green]consistent[/]" if item["ok"] else f"[red]{', '.join(item['problems'])}[/]"
        console.print(f"  auditor file {escape(item['file'])} (size {item['tree_size']}): {mark}")
    if report.ok:
        console.print("[bold green]OK[/] every leaf, chain link, Merkle node and checkpoint holds")
        return
    first = report.first_problem
    if first is not None:
        where, what = escape(position(first)), escape(first.message)
        console.print(
            f"[bold red]FAILED[/] {report.problem_count} problem(s); first: "
            f"[bold]{first.kind}[/] at {where}: {what}"
        )
    console.print(_problem_table(report.problems[:SHOWN_PROBLEMS]))


def position(problem: Problem) -> str:
    """Where a problem is, in words: leaf index, event id, tree size."""
    parts = [
        f"{name} {value}"
        for name, value in (
            ("leaf index", problem.leaf_index),
            ("event", problem.notification_id),
            ("tree size", problem.tree_size),
        )
        if value is not None
    ]
    return ", ".join(parts) or "the store"


def _problem_table(problems: list[Problem]) -> Table:
    table = Table(show_lines=False)
    table.add_column("kind", no_wrap=True)
    table.add_column("position")
    table.add_column("what", ratio=1)
    table.add_column("expected", no_wrap=True)
    table.add_column("calculated", no_wrap=True)
    for problem in problems:
        hashes = (_short(problem.expected), _short(problem.calculated))
        table.add_row(problem.kind, position(problem), escape(problem.message), *hashes)
    return table


def _short(digest: str | None) -> str:
    return f"{digest[:8]}…" if digest else ""


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("[bold]verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("leaves"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("verifying", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, total=total, completed=done)

        yield advance


def _size_of(note: str) -> int | None:
    try:
        return Checkpoint.parse(split_note(note)[0]).tree_size
    except SignatureError:
        return None
