"""Opening a store and finding the log's keys for the integrity commands.

The signing key: ``--key FILE``, then ``$LEDGER_SIGNING_KEY`` (a file path, or the
``PRIVATE+KEY+...`` string itself), then the demo key beside a SQLite store (made on first use
when the store's county was registered as a demo). Verifier keys: ``--verifier-key FILE``
(repeatable), then ``$LEDGER_VERIFIER_KEY`` (file paths separated by ``:``), then the ``.vkey``
beside the signing key (or the one derived from an inline key), then the demo key's.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from eventsourcing.utils import get_topic

from ledger.application.app import Ledger
from ledger.cli.options import database, open_ledger
from ledger.domain.organisation import County
from ledger.errors import ConfigurationError
from ledger.integrity.checkpoint import PRIVATE_KEY_PREFIX, Signer
from ledger.integrity.checkpointing import AutoCheckpointer
from ledger.integrity.key_lookup import (
    SIGNING_KEY_VARIABLE,
    FoundKey,
    log_verifier_keys,
)
from ledger.integrity.keys import ensure_demo_key, find_demo_key, read_signer
from ledger.storage.config import DatabaseConfig

SIGNING_KEY_HELP = (
    "the log's signing key file (.skey). Lookup order: --key, then $LEDGER_SIGNING_KEY (a file "
    "path or the PRIVATE+KEY+... string), then the DEMO key beside a SQLite demo store"
)
VERIFIER_KEY_HELP = (
    "a log verifier key file (.vkey), repeatable. Lookup order: --verifier-key, then "
    "$LEDGER_VERIFIER_KEY (paths separated by ':'), then the .vkey beside the signing key "
    "(--key or $LEDGER_SIGNING_KEY), then the DEMO key beside a SQLite demo store"
)


@dataclass(frozen=True)
class SigningKey:
    """The log's signer and where it came from."""

    signer: Signer
    source: str


def open_store(args: argparse.Namespace) -> tuple[Ledger, DatabaseConfig]:
    """The ledger on ``--db``, which must exist already (verifying must not create a store)."""
    config = database(args)
    return open_ledger(args), config


def read_text_arg(path: Path) -> str:
    """The UTF-8 text of a file argument; ``-`` is standard input."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"cannot read {path}: {error}") from None


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; refuse to overwrite anything."""
    try:
        with path.open("xb") as file:
            file.write(data)
    except FileExistsError:
        raise ConfigurationError(f"{path} exists already: refusing to overwrite it") from None
    except OSError as error:
        raise ConfigurationError(f"cannot write {path}: {error.strerror}") from None


def signing_key(
    key: Path | None, config: DatabaseConfig, ledger: Ledger | None, environ: Mapping[str, str]
) -> SigningKey:
    """The log's signing key, by the lookup order above (``ledger`` allows making a demo key)."""
    if key is not None:
        return SigningKey(read_signer(key), str(key))
    from_environment = environ.get(SIGNING_KEY_VARIABLE, "").strip()
    if from_environment.startswith(PRIVATE_KEY_PREFIX):
        return SigningKey(Signer.from_skey(from_environment), f"${SIGNING_KEY_VARIABLE}")
    if from_environment:
        return SigningKey(read_signer(Path(from_environment)), from_environment)
    demo = _demo_skey(config, ledger)
    if demo is None:
        raise ConfigurationError(
            f"no signing key: give --key FILE or set ${SIGNING_KEY_VARIABLE} "
            "(`ledger keygen --name ORIGIN --out DIR` makes one)"
        )
    print(f"using the DEMO key {demo} (not for production)", file=sys.stderr)
    return SigningKey(read_signer(demo), str(demo))


def auto_checkpointer(
    ledger: Ledger,
    config: DatabaseConfig,
    key: Path | None,
    every_events: int | None,
    every_minutes: float | None,
) -> AutoCheckpointer | None:
    """For ``ledger import``: None unless a limit is set; else a checkpointer with the log key.

    The key is found as for ``ledger checkpoint`` (a missing key is a ConfigurationError).
    """
    if every_events is None and every_minutes is None:
        return None
    signer = signing_key(key, config, ledger, os.environ).signer
    seconds = None if every_minutes is None else every_minutes * 60
    return AutoCheckpointer(ledger, signer, every_events=every_events, every_seconds=seconds)


def verifier_keys(
    given: list[Path], key: Path | None, config: DatabaseConfig, environ: Mapping[str, str]
) -> list[FoundKey]:
    """The log's verifier keys with their sources, by the lookup order above (maybe none)."""
    sqlite_path = None if config.is_postgres else config.sqlite_path
    return log_verifier_keys(given, key, sqlite_path, environ)


def is_demo_store(ledger: Ledger) -> bool:
    """Whether the store's county was registered as a demo (``is_demo=True``)."""
    county = registered_county(ledger)
    return county is not None and bool(county.is_demo)


def registered_county(ledger: Ledger) -> County.Registered | None:
    """The event that registered the store's county, if any."""
    topic = get_topic(County.Registered)
    found = ledger.recorder.select_notifications(start=None, limit=1, topics=[topic])
    if not found:
        return None
    event = ledger.mapper.to_domain_event(found[0])
    return event if isinstance(event, County.Registered) else None


def _demo_skey(config: DatabaseConfig, ledger: Ledger | None) -> Path | None:
    if config.is_postgres:
        return None
    found = find_demo_key(config.sqlite_path)
    if found is not None:
        return found.skey
    if ledger is not None and is_demo_store(ledger):
        return ensure_demo_key(config.sqlite_path)[0]
    return None
