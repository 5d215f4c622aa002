"""The integrity commands: ``keygen``, ``checkpoint``, ``verify``, ``consistency-proof``,
``witness init|cosign``, ``export-evidence`` and ``verify-evidence`` (see docs/integrity.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ledger.cli import integrity_evidence, integrity_verify, integrity_witness
from ledger.cli.integrity_setup import (
    SIGNING_KEY_HELP,
    open_store,
    registered_county,
    signing_key,
    write_new_file,
)
from ledger.cli.options import add_db_option
from ledger.errors import ConfigurationError
from ledger.integrity.checkpoint import Checkpoint, split_note
from ledger.integrity.checkpointing import checkpoint_now
from ledger.integrity.keys import write_key_pair

if TYPE_CHECKING:
    from ledger.cli.options import Subparsers


def register(commands: Subparsers) -> None:
    """Add every integrity subcommand."""
    _register_keygen(commands)
    _register_checkpoint(commands)
    integrity_verify.register(commands)
    integrity_witness.register(commands)
    integrity_evidence.register(commands)


def _register_keygen(commands: Subparsers) -> None:
    keygen = commands.add_parser(
        "keygen",
        help="make an Ed25519 key pair for the log or a witness (files, never the db)",
        description="Write DIR/<name>.skey (mode 0600: keep it secret) and DIR/<name>.vkey "
        "(publish it) in the C2SP signed-note key format; characters of the name outside "
        "[A-Za-z0-9._-] become '_' in the file names. Never overwrites a file.",
    )
    keygen.add_argument(
        "--name",
        metavar="ORIGIN",
        help="the key name, which is also the log's checkpoint origin, e.g. "
        "ledger.changbai.example/log; default with --db: ledger.county-<county code>.example/log",
    )
    keygen.add_argument(
        "--out",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="directory for the two files (default: the current one)",
    )
    add_db_option(keygen)
    keygen.set_defaults(handler=run_keygen)


def _register_checkpoint(commands: Subparsers) -> None:
    checkpoint = commands.add_parser(
        "checkpoint",
        help="sign the current tree head (C2SP checkpoint) and store it",
        description="Sign the store's current Merkle tree size and root as a C2SP "
        "tlog-checkpoint signed note (Ed25519), store it in the checkpoints table and print it. "
        "Give a copy to auditors and witnesses: a later rewrite of the store cannot match it.",
    )
    checkpoint.add_argument("--key", type=Path, metavar="FILE", help=SIGNING_KEY_HELP)
    checkpoint.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="also write the signed note to FILE (never overwritten)",
    )
    add_db_option(checkpoint)
    checkpoint.set_defaults(handler=run_checkpoint)


def run_keygen(args: argparse.Namespace) -> int:
    """Write a key pair; print where, and the verifier key to publish."""
    name = args.name or _origin_from_store(args)
    paths = write_key_pair(name, args.out)
    print(f"signing key:  {paths.skey}   (secret, mode 0600; never put it in the database)")
    print(f"verifier key: {paths.vkey}   (publish it; give it to auditors and witnesses)")
    print(f"key name (checkpoint origin): {name}")
    return 0


def run_checkpoint(args: argparse.Namespace) -> int:
    """Sign and store the current tree head; the note goes to stdout (and ``--out``)."""
    ledger, config = open_store(args)
    try:
        key = signing_key(args.key, config, ledger, os.environ)
        note = checkpoint_now(ledger, key.signer)
    finally:
        ledger.close()
    if args.out is not None:
        write_new_file(args.out, note.encode())
    checkpoint = Checkpoint.parse(split_note(note)[0])
    print(
        f"signed tree size {checkpoint.tree_size:,}, root {checkpoint.root_hash.hex()}, "
        f"with {key.signer.name} ({key.source}); stored in {config.display}",
        file=sys.stderr,
    )
    sys.stdout.write(note)
    return 0


def _origin_from_store(args: argparse.Namespace) -> str:
    if args.db is None:
        raise ConfigurationError(
            "give --name ORIGIN (e.g. ledger.changbai.example/log), or --db of a store whose "
            "county is registered to derive it"
        )
    ledger, _ = open_store(args)
    try:
        county = registered_county(ledger)
    finally:
        ledger.close()
    if county is None:
        raise ConfigurationError("the store has no registered county: give --name ORIGIN")
    return f"ledger.county-{county.code}.example/log"
