"""The one masking policy: the public sees only fields the response models mark public.

Every response model marks what the public may see with :data:`Public` (a whitelist); every
other field is personal or free text (names, ID numbers, phones, health, notes, plans,
summaries) and is replaced by its default (None or empty) for the public, in every endpoint,
lists and timelines included. The OpenAPI schema shows the mark as ``"x-public": true``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, TypeAlias, TypeVar, get_args

from pydantic import BaseModel, GetJsonSchemaHandler
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from api.auth import Principal, Reach

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


class PublicField:
    """Marks a response field the public may see (shown in the schema as ``x-public``)."""

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        found["x-public"] = True
        return found

    def __repr__(self) -> str:
        return "PUBLIC"


PUBLIC = PublicField()
Public: TypeAlias = Annotated[T, PUBLIC]
"""``Public[int]``: a field the public may see."""


def mask_for(principal: Principal, payload: M, reach: Reach | None = None) -> M:
    """The payload as this caller may see it: unchanged, or with every non-public field reset.

    ``reach`` overrides the caller's role for one resource (an inspector outside its scope
    sees the public view of a list item).
    """
    effective = reach or (Reach.FULL if principal.sees_personal else Reach.PUBLIC)
    return payload if effective is not Reach.PUBLIC else public_view(payload)


def public_view(payload: M) -> M:
    """The payload with every non-public field set to its default, recursively."""
    update: dict[str, Any] = {}
    for name, blank in _plan(type(payload)):
        update[name] = _masked(getattr(payload, name)) if blank is None else blank()
    return payload.model_copy(update=update)



def has_personal(payload: BaseModel) -> bool:
    """Whether any non-public field of the payload holds a value (a read of personal detail)."""
    for name in type(payload).model_fields:
        value = getattr(payload, name)
        if name not in public_fields(type(payload)):
            if value not in (None, [], {}, ""):
                return True
        elif _nested_personal(value):
            return True
    return False


@cache
def public_fields(model: type[BaseModel]) -> frozenset[str]:
    """The names of a model's fields marked public."""
    return frozenset(name for name, field in model.model_fields.items()
                     if any(isinstance(m, PublicField) for m in field.metadata))


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, Callable[[], Any] | None], ...]:
    """Per field to change: None to mask inside (public, holds models), else its blank maker.

    Public fields of plain values (text, numbers, lists of them) are left as they are.
    """
    return tuple((name, None if name in public_fields(model) else _blank(field))
                 for name, field in model.model_fields.items()
                 if name not in public_fields(model) or _holds_models(field.annotation))


def _holds_models(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(arg) for arg in get_args(annotation))


def _blank(field: FieldInfo) -> Callable[[], Any]:
    factory = field.default_factory
    if factory is not None:
        return factory  # type: ignore[return-value]  # our factories take no arguments
    default = field.default
    return lambda: default


def _masked(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return public_view(value)
    if isinstance(value, list):
        return [_masked(item) for item in value]
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    return value


def _nested_personal(value: Any) -> bool:
    if isinstance(value, BaseModel):
        return has_personal(value)
    if isinstance(value, list):
        return any(_nested_personal(item) for item in value)
    if isinstance(value, dict):
        return any(_nested_personal(item) for item in value.values())
    return False
