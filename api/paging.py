"""Opaque cursors and ``next`` links for keyset-paged lists.

A cursor is base64url of a small JSON array ``[1, key]`` (a format version and the last key of
the page); clients pass it back unchanged. A cursor that does not decode is a 422 naming
``cursor``.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated
from urllib.parse import urlencode

import orjson
from fastapi import Query, Request

from api.errors import InvalidParameter

CURSOR_VERSION = 1
DEFAULT_LIMIT = 50
MAX_LIMIT = 500

CursorQuery = Annotated[str | None, Query(
    description="Opaque cursor from the previous page's `next_cursor` · 翻页游标", max_length=400)]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page · 每页条数")]


def encode_cursor(key: str | int) -> str:
    """The opaque cursor after ``key``."""
    return base64.urlsafe_b64encode(orjson.dumps([CURSOR_VERSION, key])).decode().rstrip("=")


def decode_cursor(text: str | None, kind: type[str] | type[int]) -> str | None:
    """The key a cursor stands for, as text for the queries (None for the first page)."""
    if text is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        version, key = orjson.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise InvalidParameter("cursor", "not a cursor this API issued") from None
    if version != CURSOR_VERSION or type(key) is not kind or not _plausible(key):
        raise InvalidParameter("cursor", "not a cursor this API issued")
    return str(key)


def _plausible(key: str | int) -> bool:
    return 0 <= key < 2**62 if isinstance(key, int) else 0 < len(key) <= 64


def next_link(request: Request, cursor: str | None) -> str | None:
    """This request's path and query with the cursor of the next page (None at the end)."""
    if cursor is None:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    params.append(("cursor", cursor))
    return f"{request.url.path}?{urlencode(params)}"
