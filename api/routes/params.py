"""Path and query parameters shared by the routers (validated: a bad one is a 422 naming it)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator

CODE_PATTERN = r"^[\w.\-]{1,64}$"
FIRST_YEAR, LAST_YEAR = 1900, 9000
"""Times outside these years are refused (422): far enough for any record, and no overflow."""


def _instant(value: dt.datetime) -> dt.datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"must fall between the years {FIRST_YEAR} and {LAST_YEAR}")
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def _day(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"must fall between the years {FIRST_YEAR} and {LAST_YEAR}")
    return value


Instant = Annotated[dt.datetime, AfterValidator(_instant)]
"""An ISO 8601 instant (UTC if it names no offset), years 1900-9000."""
Day = Annotated[dt.date, AfterValidator(_day)]
"""An ISO 8601 date, years 1900-9000."""

HouseholdCode = Annotated[str, Path(pattern=CODE_PATTERN, description="Household code · 户编号")]
CadreCode = Annotated[str, Path(pattern=CODE_PATTERN, description="Cadre code · 干部编号")]
VillageCode = Annotated[str, Path(pattern=CODE_PATTERN, description="Village code · 村编号")]
TownshipCode = Annotated[str, Path(pattern=CODE_PATTERN, description="Township code · 乡镇编号")]
FundCode = Annotated[str, Path(pattern=CODE_PATTERN, description="Fund code · 资金编号")]


def code_query(description: str) -> object:
    """An optional code filter in the query string."""
    return Query(pattern=CODE_PATTERN, description=description)


VillageFilter = Annotated[str | None, code_query("Village code · 村")]
TownshipFilter = Annotated[str | None, code_query("Township code · 乡镇")]
CadreFilter = Annotated[str | None, code_query("Cadre code · 干部 (current assignment)")]
