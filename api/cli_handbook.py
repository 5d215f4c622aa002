"""``ledger handbook HOUSEHOLD``: the household's 扶贫手册 (or, with ``--sheet``, its
基本信息清单) from the views, as the PDF inspectors file (``--pdf``) or as HTML.

The same templates as the pages render it (:mod:`api.pages.pdf`). Registered through the
``ledger.commands`` entry point of the read side, like ``serve``: the ledger never imports it.
Whoever runs it holds the store itself, so it reads as the discipline commission would; the
views must be built (``ledger project``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from api.pages import pdf
from api.pages.forms import Form
from api.settings import Settings
from ledger.errors import NotFound
from ledger.storage.options import add_db_option
from projections import queries
from projections.db import ViewDb

if TYPE_CHECKING:
    from ledger.storage.options import Subparsers


def register(commands: Subparsers) -> None:
    """Add the ``handbook`` subcommand."""
    cmd = commands.add_parser(
        "handbook", help="a household's 扶贫手册 (or 基本信息清单) as PDF or HTML",
        description="Render a household's handbook (扶贫手册) or, with --sheet, its "
        "basic-information sheet (基本信息清单) from the views, with the same template as "
        "the page: a PDF with --pdf (CJK fonts embedded), else HTML.")
    cmd.add_argument("household", metavar="HOUSEHOLD", help="the household's code")
    cmd.add_argument("--sheet", action="store_true",
                     help="the one-page basic-information sheet instead of the handbook")
    cmd.add_argument("--pdf", action="store_true", help="write a PDF (default: HTML)")
    cmd.add_argument("--out", metavar="FILE", default=None,
                     help="where to write (default: FORM-HOUSEHOLD.pdf with --pdf, else "
                     "standard output; '-' is standard output)")
    add_db_option(cmd)
    cmd.set_defaults(handler=run_handbook)


def run_handbook(args: argparse.Namespace) -> int:
    """Write the form; exit 2 (through the ledger's handler) for an unknown household."""
    form = Form.SHEET if args.sheet else Form.HANDBOOK
    views = Settings.from_environ(args.db, os.environ).views
    if not views.is_postgres and not Path(views.sqlite_path).exists():
        raise NotFound("store", views.sqlite_path)  # a read never creates an empty store
    with ViewDb(views) as db:
        household = queries.household_state(db, args.household)
        if household is None:
            raise NotFound("household", args.household)
        content = (pdf.form_pdf(db, household, form) if args.pdf
                   else pdf.form_html(db, household, form).encode())
    out = args.out or (f"{form.value}-{args.household}.pdf" if args.pdf else "-")
    if out == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        Path(out).write_bytes(content)
        print(f"ledger handbook: wrote {out} ({len(content):,} bytes)", file=sys.stderr)
    return 0
