"""Key files for the log and its witnesses, and the clearly marked demo key.

A key pair is two one-line text files in the Go note format (``checkpoint.py``):
``<stem>.skey`` (the signer key, mode 0600) and ``<stem>.vkey`` (the verifier key). The stem is
the key name with every character outside ``[A-Za-z0-9._-]`` replaced by ``_``, so the name
``ledger.changbai.example/log`` is kept in ``ledger.changbai.example_log.skey``. Keys never go
into the database: a key stored beside the log would let whoever rewrites the log re-sign it.

The demo key lives in ``<store>.demo-keys/`` beside a SQLite demo store; its name and files say
``DEMO-KEY-NOT-FOR-PRODUCTION``, so a new user's ``ledger checkpoint`` and ``ledger verify``
work out of the box and nobody mistakes it for a real one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import ConfigurationError, SignatureError
from ledger.integrity.checkpoint import Signer, Verifier, generate_signing_key

SIGNER_SUFFIX = ".skey"
VERIFIER_SUFFIX = ".vkey"
SIGNER_FILE_MODE = 0o600
VERIFIER_FILE_MODE = 0o644
DEMO_ORIGIN = "demo.ledger.local/DEMO-KEY-NOT-FOR-PRODUCTION"
DEMO_KEY_DIR_SUFFIX = ".demo-keys"
DEMO_README = (
    "DEMO KEY - NOT FOR PRODUCTION\n\n"
    "This key pair was made by `ledger demo` for the synthetic demo store beside this folder,\n"
    "so that `ledger checkpoint` and `ledger verify` work out of the box. Anyone who can read\n"
    "this folder can sign checkpoints for that store. Make a real key with `ledger keygen`.\n"
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class KeyPair:
    """Where a key pair's two files are."""

    skey: Path
    vkey: Path


def key_file_stem(name: str) -> str:
    """The file name (without suffix) for a key name: unsafe characters become ``_``."""
    return _UNSAFE.sub("_", name)


def key_paths(name: str, directory: Path) -> KeyPair:
    """The two files ``write_key_pair`` uses for ``name`` in ``directory``."""
    stem = key_file_stem(name)
    return KeyPair(directory / f"{stem}{SIGNER_SUFFIX}", directory / f"{stem}{VERIFIER_SUFFIX}")


def write_key_pair(name: str, directory: Path) -> KeyPair:
    """Make a fresh Ed25519 key named ``name`` in ``directory``; never overwrites a file."""
    paths = key_paths(name, directory)
    for path in (paths.skey, paths.vkey):
        if path.exists():
            raise ConfigurationError(f"{path} exists already: refusing to overwrite a key")
    skey, vkey = generate_signing_key(name)
    directory.mkdir(parents=True, exist_ok=True)
    _write_new(paths.skey, skey, SIGNER_FILE_MODE)
    _write_new(paths.vkey, vkey, VERIFIER_FILE_MODE)
    return paths


def read_signer(path: Path) -> Signer:
    """The signer key in ``path``; ConfigurationError when it is unreadable or malformed."""
    text = _read_key_text(path)
    try:
        return Signer.from_skey(text)
    except SignatureError as error:
        raise ConfigurationError(f"{path} is not a signer key: {error.message}") from None


def read_verifier(path: Path) -> Verifier:
    """The verifier key in ``path``; ConfigurationError when it is unreadable or malformed."""
    return parse_verifier(_read_key_text(path), str(path))


def parse_verifier(text: str, source: str) -> Verifier:
    """A verifier key from its text; ``source`` names it in the error."""
    try:
        return Verifier.from_vkey(text.strip())
    except SignatureError as error:
        raise ConfigurationError(f"{source} is not a verifier key: {error.message}") from None


def vkey_beside(skey_path: Path) -> Path:
    """The verifier key file kept next to a signer key file."""
    return skey_path.with_suffix(VERIFIER_SUFFIX)


def demo_key_dir(store_path: str | Path) -> Path:
    """The folder beside a SQLite store where its demo key lives."""
    return Path(f"{store_path}{DEMO_KEY_DIR_SUFFIX}")


def find_demo_key(store_path: str | Path) -> KeyPair | None:
    """The demo key pair beside ``store_path``, if both of its files exist."""
    paths = key_paths(DEMO_ORIGIN, demo_key_dir(store_path))
    return paths if paths.skey.exists() and paths.vkey.exists() else None


def ensure_demo_key(store_path: str | Path) -> tuple[Path, Path]:
    """The demo key beside ``store_path`` (made on first use): (skey path, vkey path)."""
    found = find_demo_key(store_path)
    if found is None:
        directory = demo_key_dir(store_path)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        readme = directory / "README.txt"
        if not readme.exists():
            readme.write_text(DEMO_README, encoding="utf-8")
        found = write_key_pair(DEMO_ORIGIN, directory)
    if read_signer(found.skey).name != DEMO_ORIGIN:
        raise ConfigurationError(f"{found.skey} does not hold the demo key {DEMO_ORIGIN}")
    return found.skey, found.vkey


def _read_key_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"cannot read key file {path}: {error}") from None


def _write_new(path: Path, text: str, mode: int) -> None:
    """Create ``path`` (it must not exist) with ``mode`` and write one line."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise ConfigurationError(f"{path} exists already: refusing to overwrite a key") from None
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text + "\n")
