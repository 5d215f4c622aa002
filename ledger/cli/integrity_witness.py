"""``ledger witness init|cosign`` (an outside body holds the log to its history) and
``ledger consistency-proof`` (what the log operator hands a witness)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ledger.cli.integrity_setup import open_store, read_text_arg
from ledger.cli.options import add_db_option
from ledger.errors import ConfigurationError, IntegrityFailure
from ledger.integrity.checkpoint import Checkpoint, Verifier, split_note
from ledger.integrity.checkpointing import sealed_recorder
from ledger.integrity.keys import read_signer, read_verifier
from ledger.integrity.witness import Witness, stage_new_file

if TYPE_CHECKING:
    from ledger.cli.options import Subparsers


def register(commands: Subparsers) -> None:
    """Add ``consistency-proof`` and ``witness init|cosign``."""
    proof = commands.add_parser(
        "consistency-proof",
        help="print the proof that tree OLD is a prefix of tree NEW",
        description="Print, as JSON, the RFC 9162 consistency proof from tree size OLD to NEW "
        "(default: the current size); a witness takes it with `ledger witness cosign --proof`.",
    )
    proof.add_argument("--old", type=int, required=True, metavar="N", help="the older size")
    proof.add_argument("--new", type=int, metavar="M", help="the newer size (default: current)")
    add_db_option(proof)
    proof.set_defaults(handler=run_consistency_proof)
    witness = commands.add_parser(
        "witness",
        help="a witness: enrol for a log, cosign only append-only growth",
        description="A witness (e.g. the discipline commission) keeps its own state file and "
        "key, cosigns (C2SP tlog-cosignature, timestamped) a log checkpoint only when it is "
        "consistent with the last one it cosigned, and refuses rollbacks and forks.",
    )
    actions = witness.add_subparsers(dest="witness_action", required=True, metavar="ACTION")
    _register_init(actions)
    _register_cosign(actions)


def _register_init(actions: Subparsers) -> None:
    init = actions.add_parser("init", help="enrol: start following a log from the empty tree")
    init.add_argument(
        "--state",
        type=Path,
        required=True,
        metavar="FILE",
        help="the witness's state file to create",
    )
    init.add_argument(
        "--key",
        type=Path,
        required=True,
        metavar="WITNESS.skey",
        help="the witness's own signing key (ledger keygen)",
    )
    init.add_argument(
        "--log-key", type=Path, required=True, metavar="LOG.vkey", help="the log's verifier key"
    )
    init.add_argument("--origin", help="the log's origin (default: the log key's name)")
    init.set_defaults(handler=run_init)


def _register_cosign(actions: Subparsers) -> None:
    cosign = actions.add_parser(
        "cosign",
        help="cosign a log checkpoint if it extends the last one cosigned",
        description="Exit 0 and print the note with this witness's cosignature; exit 1 when "
        "refused (not signed by the log, another log, a rollback, or not consistent). The "
        "consistency proof from the last cosigned size comes from --db or --proof.",
    )
    cosign.add_argument(
        "note",
        type=Path,
        metavar="NOTE_FILE",
        help="the log's signed checkpoint ('-' for standard input)",
    )
    for option, metavar, what in (
        ("--state", "FILE", "the witness's state file (ledger witness init)"),
        ("--key", "WITNESS.skey", "the witness's own signing key"),
    ):
        cosign.add_argument(option, type=Path, required=True, metavar=metavar, help=what)
    for option, metavar, what in (
        ("--log-key", "LOG.vkey", "if given, must be the log key the state file follows"),
        ("--proof", "FILE", "a `ledger consistency-proof` JSON file (instead of --db)"),
        ("--out", "FILE", "write the cosigned note to FILE (default: standard output)"),
    ):
        cosign.add_argument(option, type=Path, metavar=metavar, help=what)
    add_db_option(cosign)
    cosign.set_defaults(handler=run_cosign)


def run_consistency_proof(args: argparse.Namespace) -> int:
    """Print the consistency proof between two sizes of the store's tree."""
    ledger, _ = open_store(args)
    try:
        recorder = sealed_recorder(ledger)
        new = recorder.tree_size() if args.new is None else args.new
        try:
            proof = recorder.consistency_proof(args.old, new)
            roots = recorder.root(args.old).hex(), recorder.root(new).hex()
        except ValueError as error:
            raise ConfigurationError(str(error)) from None
    finally:
        ledger.close()
    print(
        json.dumps(
            {
                "old_size": args.old,
                "new_size": new,
                "old_root": roots[0],
                "new_root": roots[1],
                "proof": [node.hex() for node in proof],
            },
            indent=2,
        )
    )
    return 0


def run_init(args: argparse.Namespace) -> int:
    """Create the witness's state file for one log."""
    log_key = read_verifier(args.log_key)
    signer = read_signer(args.key)
    vkey = args.log_key.read_text(encoding="utf-8").strip()
    Witness.enroll(args.state, args.origin or log_key.name, vkey, signer, _now)
    print(
        f"witness {signer.name} follows {args.origin or log_key.name} from the empty tree; "
        f"state in {args.state}"
    )
    print(f"cosignature verifier key (publish it): {signer.cosigner_vkey()}")
    return 0


def run_cosign(args: argparse.Namespace) -> int:
    """Cosign a checkpoint, or refuse (exit 1) when it does not extend the last one."""
    witness = Witness(args.state, read_signer(args.key), _now)
    state = witness.state()
    followed = Verifier.from_vkey(state.log_vkey)
    if args.log_key is not None and read_verifier(args.log_key) != followed:
        raise ConfigurationError(f"{args.log_key} is not the log key {args.state} follows")
    if args.out is not None and args.out.exists():
        raise ConfigurationError(f"{args.out} exists already: refusing to overwrite it")
    note = read_bytes_arg(args.note)
    try:
        size = Checkpoint.parse(split_note(note.decode("utf-8", errors="replace"))[0]).tree_size
        proof = _proof(args, state.tree_size, size)
        cosigned = witness.cosign(note, proof, stage=_stager(args.out))
    except IntegrityFailure as error:
        print(f"ledger witness cosign: REFUSED ({error.kind}): {error.message}", file=sys.stderr)
        return 1
    if args.out is None:
        sys.stdout.write(cosigned)
    print(f"cosigned tree size {size:,} of {state.origin}", file=sys.stderr)
    return 0


def _stager(out: Path | None) -> Callable[[str], Callable[[], None]] | None:
    """With --out: stage the cosigned note durably before the witness's state advances."""
    if out is None:
        return None

    def stage(cosigned: str) -> Callable[[], None]:
        try:
            return stage_new_file(out, cosigned)
        except OSError as error:
            raise ConfigurationError(f"cannot write {out}: {error.strerror}") from None
    return stage


def read_bytes_arg(path: Path) -> bytes:
    """The exact bytes of a file argument (no newline translation); ``-`` is standard input."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConfigurationError(f"cannot read {path}: {error.strerror}") from None


def _proof(args: argparse.Namespace, old: int, new: int) -> list[bytes]:
    """The consistency proof from the witness's last size, when one is needed."""
    if old == 0 or new <= old:
        return []
    if args.proof is not None:
        return _proof_from_file(args.proof, old, new)
    if args.db is None:
        raise ConfigurationError(
            f"the witness needs a consistency proof from size {old} to {new}: give --db of the "
            "log's store, or --proof FILE from `ledger consistency-proof`"
        )
    ledger, _ = open_store(args)
    try:
        return sealed_recorder(ledger).consistency_proof(old, new)
    except ValueError as error:
        raise ConfigurationError(f"the store cannot prove size {new}: {error}") from None
    finally:
        ledger.close()


def _proof_from_file(path: Path, old: int, new: int) -> list[bytes]:
    try:
        data = json.loads(read_text_arg(path))
        sizes = (data["old_size"], data["new_size"])
        proof = [bytes.fromhex(node) for node in data["proof"]]
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigurationError(f"{path} is not a consistency proof file: {error}") from None
    if sizes != (old, new):
        raise ConfigurationError(f"{path} proves {sizes[0]} -> {sizes[1]}, needed {old} -> {new}")
    return proof


def _now() -> int:
    """Cosignature timestamps: seconds since the epoch, from the system clock."""
    return int(time.time())
