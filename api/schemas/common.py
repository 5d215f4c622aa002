"""Shared pieces of the response models: the base with yuan strings, pages, problems.

Money is integer fen (分) in ``*_fen`` and, beside it, a decimal yuan (元) string in ``*_yuan``
(``"1234.50"``), filled from the fen by the base model. Dates are ISO 8601 (``2024-01-10``),
instants ISO 8601 UTC (``2024-01-10T09:00:00Z``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from api.masking import Public

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
FEN_PER_YUAN = 100


def yuan(fen: int) -> str:
    """Fen as a yuan string with two decimals: 123456 → ``"1234.56"``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{cents:02d}"


class OutModel(BaseModel):
    """Base of every response model: unknown columns ignored, yuan filled from fen."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _fill_yuan(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        missing = {name: data.get(name.removesuffix("_yuan") + "_fen")
                   for name in _yuan_fields(cls) if name not in data}
        filled = {name: yuan(fen) for name, fen in missing.items() if isinstance(fen, int)}
        return {**data, **filled} if filled else data


def validate_rows(model: type[M], rows: Sequence[dict[str, Any]]) -> list[M]:
    """Many rows into response models in one call (faster than one call per row)."""
    found: list[M] = _list_adapter(model).validate_python(rows)
    return found


@cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]  # a runtime-chosen model


@cache
def _yuan_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name in model.model_fields if name.endswith("_yuan"))


class PageOut(OutModel, Generic[T]):
    """One page of a list: its items, the cursor of the next page and a link to it."""

    items: Public[list[T]] = Field(description="Items of this page · 本页条目")
    next_cursor: Public[str | None] = Field(
        None, description="Pass as `cursor` for the next page; null on the last · 下一页游标")
    next: Public[str | None] = Field(
        None, description="Link to the next page (this query with the cursor) · 下一页链接")


class ProblemOut(BaseModel):
    """An RFC 9457 problem document (问题详情), served as application/problem+json."""

    type: str = Field(description="URI of the problem type")
    title: str = Field(description="Short summary (English · 中文)")
    status: int = Field(description="HTTP status")
    detail: str = Field(description="What went wrong this time")
    code: str = Field(description="Stable machine code: not_found, invalid_parameter, "
                      "invalid_token, role_forbidden, out_of_scope, read_only, unavailable ...")
    instance: str | None = Field(None, description="The request path")
    parameter: str | None = Field(None, description="For 422: the parameter at fault · 出错参数")
