"""The handbook (扶贫手册) and the information sheet (基本信息清单) as PDF files.

Inspectors file PDFs, so the two printable forms are also rendered to PDF by WeasyPrint from
the *same* Jinja templates as the pages, with the pages' stylesheet (its print rules: A4,
page breaks). Chinese text is set in the system's Noto Sans CJK (Debian's fonts-noto-cjk),
which WeasyPrint embeds as a subset, so the file reads the same on any machine.

WeasyPrint may fetch only the pages' own stylesheet from ``api/pages/static``: no network,
no other file. Used by the ``.pdf`` page routes and by ``ledger handbook --pdf``.
"""

from __future__ import annotations

from typing import Any

from api.pages.forms import FORMS, Form
from api.pages.rendering import STATIC, render_html
from projections.db import ViewDb


def html_to_pdf(html: str) -> bytes:
    """A rendered page as PDF bytes (its stylesheet read from ``api/pages/static`` only)."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy; only PDFs need it
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        """Serves the pages' static files and refuses every other address."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(STATIC.as_uri() + "/"):
                raise ValueError(f"a PDF may only load the pages' static files, not {url}")
            return super().fetch(url, headers)

    found: bytes = HTML(string=html, base_url=STATIC.as_uri() + "/",
                        url_fetcher=StaticOnly(allowed_protocols={"file"})).write_pdf()
    return found


def form_html(db: ViewDb, household: dict[str, Any], form: Form) -> str:
    """The form's page as HTML text, as the PDF sees it (no site header, local stylesheet)."""
    template, context = FORMS[form]
    return render_html(template, None, static=STATIC.as_uri(), **context(db, household))


def form_pdf(db: ViewDb, household: dict[str, Any], form: Form) -> bytes:
    """The household's handbook or sheet as PDF bytes."""
    return html_to_pdf(form_html(db, household, form))
