"""Jinja2 templates for the pages: one environment, autoescaped, with the pages' filters."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from api.pages import formatting
from api.pages.sentences import describe
from api.pages.vocabulary import exit_progress, zh
from ledger.domain.labels import label

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
STATIC_URL = "/pages/static"
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; form-action 'self'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}
"""Pages never load anything from elsewhere, are never cached, never framed."""


@cache
def environment() -> jinja2.Environment:
    """The template environment (built on first use, never at import)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        yuan=formatting.yuan, local_time=formatting.local_time, short_hash=formatting.short_hash,
        days=formatting.days, compact=formatting.compact,
        zh=lambda value, vocabulary: zh(vocabulary, value),
        event_zh=lambda name: label(name)[0], event_en=lambda name: label(name)[1],
        sentence=lambda row, names: describe(row, names, visible=True),
    )
    env.globals["exit_progress"] = exit_progress
    env.globals["static"] = STATIC_URL
    return env


def render_html(template: str, request: Request | None = None, **context: Any) -> str:
    """One template as HTML text. Without a request (a PDF made on the command line) the
    site header is left out and the reader is nobody in particular."""
    page = environment().get_template(template)
    principal = getattr(request.state, "page_principal", None) if request else None
    stale = bool(getattr(request.state, "stale_login", False)) if request else False
    return page.render(request=request, principal=principal, stale_login=stale, **context)


def render(request: Request, template: str, status_code: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """Render one template with the request's principal; always UTF-8 HTML."""
    html = render_html(template, request, **context)
    return HTMLResponse(html, status_code=status_code, headers={**HEADERS, **(headers or {})})
