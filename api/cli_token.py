"""``ledger token``: create, list and revoke the API's bearer tokens (stored hashed).

``ledger token create --role inspector --scope township:T01 --label 巡察一组`` prints the token
once; only its SHA-256 is kept (``api_tokens`` beside the views). Roles: public, inspector,
discipline; only an inspector has a scope (``township:CODE`` or ``village:CODE``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from typing import TYPE_CHECKING

from api import tokens
from api.settings import Settings
from api.tokens import Role, Scope
from ledger.errors import RuleViolation
from ledger.storage.options import add_db_option, database
from projections.db import ViewDb

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers


def register(commands: Subparsers) -> None:
    """Add ``token create``, ``token list`` and ``token revoke``."""
    cmd = commands.add_parser("token", help="create, list or revoke API bearer tokens")
    actions = cmd.add_subparsers(dest="token_action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="issue a token (printed once, stored hashed)")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--scope", type=_scope, default=None, metavar="township:CODE",
                        help="an inspector's reach: township:CODE or village:CODE")
    create.add_argument("--label", default=None,
                        help="who holds it, as it appears in the access log (default: generated)")
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="every token issued (never the tokens themselves)")
    listing.set_defaults(handler=run_list)
    revoke = actions.add_parser("revoke", help="revoke a token by its label")
    revoke.add_argument("label")
    revoke.set_defaults(handler=run_revoke)
    for parser in (create, listing, revoke):
        add_db_option(parser)


def run_create(args: argparse.Namespace) -> int:
    """Issue a token and print it once."""
    role = Role(args.role)
    label = args.label or f"{role.value}-{secrets.token_hex(3)}"
    with _views(args) as db:
        token = tokens.create_token(db, role, args.scope, label)
    scope = f" scope {args.scope}" if args.scope else ""
    print(token)
    print(f"ledger token: {label} ({role.value}{scope}); shown once, stored as its SHA-256",
          file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print label, role, scope, created and revoked times."""
    with _views(args) as db:
        for record in tokens.list_tokens(db):
            state = f"revoked {record.revoked_at}" if record.revoked_at else "active"
            print(f"{record.label}\t{record.role.value}\t{record.scope or '-'}\t"
                  f"{record.created_at}\t{state}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke one token; exit 1 if no active token has that label."""
    with _views(args) as db:
        if tokens.revoke_token(db, args.label):
            print(f"ledger token: {args.label} revoked", file=sys.stderr)
            return 0
    print(f"ledger token: no active token labelled {args.label!r}", file=sys.stderr)
    return 1


def _views(args: argparse.Namespace) -> ViewDb:
    db = ViewDb(Settings.from_environ(args.db, os.environ, database=database(args)).views)
    tokens.ensure_table(db)
    return db


def _scope(text: str) -> Scope:
    try:
        return Scope.parse(text)
    except RuleViolation as error:
        raise argparse.ArgumentTypeError(str(error)) from None
