"""``ledger export-evidence`` (a subject's events with proofs, as a signed ZIP) and
``ledger verify-evidence`` (check one offline, without the database)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shlex
import socket
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from ledger.cli.integrity_setup import (
    SIGNING_KEY_HELP,
    open_store,
    read_text_arg,
    signing_key,
    write_new_file,
)
from ledger.cli.options import add_db_option
from ledger.domain.cadre import Cadre
from ledger.domain.household import Household
from ledger.domain.labels import label
from ledger.errors import ConfigurationError, RuleViolation
from ledger.integrity.checkpointing import sealed_recorder
from ledger.integrity.evidence import verify_package
from ledger.integrity.evidence_export import (
    ExportedPackage,
    Extraction,
    Subject,
    export_package,
)
from ledger.integrity.evidence_format import EvidenceReport
from ledger.integrity.key_lookup import VERIFIER_KEY_VARIABLE
from ledger.integrity.keys import read_verifier

if TYPE_CHECKING:
    from ledger.cli.options import Subparsers
    from ledger.storage.config import DatabaseConfig

MIN_OPERATORS = 2


def register(commands: Subparsers) -> None:
    """Add ``export-evidence`` and ``verify-evidence``."""
    _register_export(commands)
    _register_verify_evidence(commands)


def _register_export(commands: Subparsers) -> None:
    export = commands.add_parser(
        "export-evidence",
        help="a subject's events with inclusion proofs, as a signed ZIP",
        description="Write an evidence package (证据包): the subject's events (stored bytes and "
        "readable JSON), an inclusion proof for each against a signed checkpoint, the checkpoint "
        "and public key, an extraction record (提取笔录) and a signed SHA-256 manifest. The same "
        "query over the same log prefix gives the same files (only the extraction record "
        "differs). Check it with `ledger verify-evidence`.",
    )
    for option, whose in (("--household", "a household"), ("--cadre", "a cadre")):
        export.add_argument(
            option,
            action="append",
            default=[],
            metavar="CODE",
            help=f"{whose} whose events go in (repeatable)",
        )
    export.add_argument("--reason", required=True, metavar="TEXT", help="the case reason (案由)")
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE.zip",
        help="the package to write (never overwritten)",
    )
    export.add_argument(
        "--operator",
        action="append",
        default=[],
        metavar="NAME",
        help="who extracts (repeatable; practice asks for two; default: OS user)",
    )
    export.add_argument(
        "--tree-size",
        type=int,
        metavar="N",
        help="prove against the tree of N leaves (default: the newest stored "
        "checkpoint that covers the events, else the current tree)",
    )
    export.add_argument(
        "--anchor-size",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="also carry a consistency proof to the tree of N leaves, for an auditor who holds "
        "a checkpoint of that size (the last 64 stored checkpoints' sizes always are)",
    )
    export.add_argument("--key", type=Path, metavar="FILE", help=SIGNING_KEY_HELP)
    add_db_option(export)
    export.set_defaults(handler=run_export)


def _register_verify_evidence(commands: Subparsers) -> None:
    check = commands.add_parser(
        "verify-evidence",
        help="check an evidence package offline (no database)",
        description="Check every byte of an evidence package: the manifest and its signature, "
        "the checkpoint's signature, each leaf recomputed from the stored bytes and its "
        "inclusion proof. Exit 0 when all hold, 1 naming what failed.",
    )
    check.add_argument("file", type=Path, metavar="FILE.zip")
    check.add_argument(
        "--verifier-key",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="the log's verifier key; default: $LEDGER_VERIFIER_KEY, then the "
        "key inside the package (then compare its ID with the published key)",
    )
    check.add_argument(
        "--checkpoint",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="an anchor: a checkpoint of the log you already hold (kept from earlier, or sent "
        "by a witness); the package's tree must be consistent with it (repeatable)",
    )
    check.add_argument(
        "--witness-key",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="a witness key you trust: a checkpoint (the package's or --checkpoint) cosigned "
        "by it anchors the package; with it, only cosigned checkpoints count (repeatable)",
    )
    check.add_argument(
        "--allow-unanchored",
        action="store_true",
        help="exit 0 without an anchor (the package then proves only that the county's key "
        "signed it)",
    )
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(handler=run_verify_evidence)


def run_export(args: argparse.Namespace) -> int:
    """Build the package and write it to ``--out``."""
    subjects = _subjects(args)
    if not args.reason.strip():
        raise RuleViolation("the case reason must not be empty", field="reason")
    if args.out.exists():
        raise ConfigurationError(f"{args.out} exists already: refusing to overwrite it")
    ledger, config = open_store(args)
    try:
        signer = signing_key(args.key, config, ledger, os.environ).signer
        extraction = _extraction(args, config)
        package = export_package(
            sealed_recorder(ledger),
            signer,
            subjects,
            extraction,
            tree_size=args.tree_size,
            label=_label,
            anchor_sizes=args.anchor_size,
        )
    finally:
        ledger.close()
    write_new_file(args.out, package.data)
    _print_summary(args.out, package, subjects)
    if len(extraction.operators) < MIN_OPERATORS:
        print(
            "note: extraction records usually name at least two operators (--operator, repeatable)",
            file=sys.stderr,
        )
    return 0


def _extraction(args: argparse.Namespace, config: DatabaseConfig) -> Extraction:
    """The extraction record's context: now, this host, the operators, the command."""
    operators = tuple(args.operator) or (getpass.getuser(),)
    return Extraction(
        args.reason,
        operators,
        _command_line(args, config),
        socket.gethostname(),
        datetime.now(UTC),
        config.display,
        _software(),
    )


def _print_summary(path: Path, package: ExportedPackage, subjects: list[Subject]) -> None:
    checkpoint = package.checkpoint
    fresh = ", newly signed" if package.is_new_checkpoint else ""
    print(
        f"{path}: {package.event_count} events of {', '.join(s.ref for s in subjects)}, "
        f"proved against tree size {checkpoint.tree_size:,} (root "
        f"{checkpoint.root_hash.hex()}{fresh}); reproducible SHA-256 "
        f"{package.reproducible_sha256}"
    )


def run_verify_evidence(args: argparse.Namespace) -> int:
    """Verify a package file; exit 0 when every check holds."""
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise ConfigurationError(f"cannot read {args.file}: {error.strerror}") from None
    paths = args.verifier_key or [
        Path(p) for p in os.environ.get(VERIFIER_KEY_VARIABLE, "").split(os.pathsep) if p.strip()
    ]
    report = verify_package(
        data,
        [read_verifier(path) for path in paths],
        anchors=[read_text_arg(path) for path in args.checkpoint],
        witnesses=[read_verifier(path) for path in args.witness_key],
    )
    if args.json:
        print(
            json.dumps({"file": str(args.file), **report.to_dict()}, ensure_ascii=False, indent=2)
        )
    else:
        _render(report, args.file)
    if not report.ok:
        return 1
    return 0 if report.anchored or args.allow_unanchored else 1


def _render(report: EvidenceReport, path: Path) -> None:
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]ledger verify-evidence[/] {escape(str(path))}")
    for line in _described(report):
        console.print(f"  {escape(line)}")
    if report.keys and report.key_source == "package":
        console.print(
            "  [yellow]the key was taken from the package: compare its ID with the "
            "county's published key, or pass --verifier-key[/]"
        )
    for anchor in report.anchors:
        console.print(f"  anchored by {escape(anchor)}")
    if report.ok and not report.anchored:
        console.print(
            "[bold yellow]UNANCHORED[/]: proves only that the county's key signed this. Give "
            "--checkpoint FILE (a checkpoint you hold) or --witness-key FILE (a witness you "
            "trust), or --allow-unanchored"
        )
    if report.ok:
        console.print("[bold green]OK[/] every file, signature, leaf and proof holds")
        return
    console.print(f"[bold red]FAILED[/] {len(report.problems)} problem(s)")
    for problem in report.problems:
        where = f" {problem.file}" if problem.file else ""
        console.print(f"  {problem.kind}{escape(where)}: {escape(problem.message)}")


def _described(report: EvidenceReport) -> list[str]:
    """What the package says it holds, as far as it could be read."""
    lines = []
    if report.checkpoint:
        cp = report.checkpoint
        lines.append(
            f"{report.event_count} events · checkpoint {cp['origin']} size "
            f"{cp['tree_size']} root {cp['root_hash']}"
        )
    if report.extraction:
        record = report.extraction
        lines.append(
            f"case: {record['case_reason']} · subjects {record['subjects']} · "
            f"extracted {record['extracted_at']} by {record['operators']}"
        )
    if report.keys:
        lines.append(f"keys: {', '.join(report.keys)} ({report.key_source})")
    return lines


def _subjects(args: argparse.Namespace) -> list[Subject]:
    subjects = [Subject("household", code, Household.id_for(code)) for code in args.household]
    subjects += [Subject("cadre", code, Cadre.id_for(code)) for code in args.cadre]
    if not subjects:
        raise RuleViolation("name at least one subject: --household CODE or --cadre CODE")
    return subjects


def _label(topic: str) -> str:
    zh, en = label(topic.rpartition(".")[2].rpartition(":")[2])
    return f"{zh} · {en}"


def _command_line(args: argparse.Namespace, config: DatabaseConfig) -> str:
    """The command, re-rendered from its parsed options (the store without its password)."""
    words = ["ledger", "export-evidence"]
    for option, values in (
        ("--household", args.household),
        ("--cadre", args.cadre),
        ("--operator", args.operator),
    ):
        for value in values:
            words += [option, value]
    words += ["--reason", args.reason, "--out", str(args.out)]
    if args.tree_size is not None:
        words += ["--tree-size", str(args.tree_size)]
    if args.key is not None:
        words += ["--key", str(args.key)]
    return shlex.join([*words, "--db", config.display])


def _software() -> str:
    try:
        ours, library = version("poverty-ledger"), version("eventsourcing")
    except PackageNotFoundError:
        return "poverty-ledger (version unknown)"
    return f"poverty-ledger {ours}, eventsourcing {library}"
