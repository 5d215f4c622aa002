"""The supervision acts' common event and the parts each structured act carries as data.

The concrete event classes stay nested in ``Cadre`` (their topics are persisted contracts); the
fields, upcasters and checks of their parts live here. A v1 event (subject and summary only)
upcasts with empty parts: what it did not record stays unknown, never invented.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, ClassVar, NamedTuple

from ledger.domain.base import TrackedEvent
from ledger.domain.checks import check_code, check_text
from ledger.domain.coercion import coerce
from ledger.domain.values import (
    PersonalText,
    ReviewPart,
    ReviewPartName,
    SupervisionKind,
    TalkOutcome,
)
from ledger.errors import RuleViolation

BASIS_REF = re.compile(
    r"^(obligation/[a-z][a-z_.]*(/[A-Za-z0-9_-]+){2,}|finding/[^/\s]+/[^/\s]+"
    r"|evaluation/[^/\s]+)$"
)
"""A basis: ``obligation/<id>`` (an id holds slashes: ``visit/H001/2024-W03``, see
docs/accountability.md), ``finding/<round>/<finding code>`` or ``evaluation/<id>``."""


class Act(NamedTuple):
    """One supervision act as the cadre's record holds it."""

    kind: SupervisionKind
    occurred_on: date
    subject_code: str


class SupervisionRecorded(TrackedEvent):
    """Base of the supervision acts: what was done, about which subject, under which code.

    Kept outside ``Cadre`` so that the catalogue, which lists the event classes nested in an
    aggregate, never offers it: only its subclasses are recorded.
    """

    occurred_on: date
    subject_kind: str
    subject_code: str
    summary: PersonalText
    act_code: str
    kind: ClassVar[SupervisionKind]
    late_after = timedelta(days=7)
    correctable = frozenset({"summary"})

    def apply(self, aggregate: Any) -> None:
        aggregate.act_log[self.originator_version] = Act(
            self.kind, self.occurred_on, self.subject_code
        )
        aggregate.act_codes.add(self.act_code)


class TalkRecorded(SupervisionRecorded):
    """约谈 as data: who was talked to, on what basis, with what outcome (v2).

    A v1 talk upcasts with nobody named, no basis and no outcome (unknown, not invented).
    """

    talked_to: list[str]
    basis: list[str]
    outcome: TalkOutcome | None
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 recorded only a subject and a summary."""
        state.update(talked_to=[], basis=[], outcome=None)


class BulletinRecorded(SupervisionRecorded):
    """通报 as data: who was praised, who was criticised, on what basis (v2).

    A v1 bulletin upcasts with empty lists.
    """

    praised: list[str]
    criticised: list[str]
    basis: list[str]
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 recorded only a subject and a summary."""
        state.update(praised=[], criticised=[], basis=[])

    @property
    def named(self) -> list[str]:
        """Everyone the bulletin names, praised first."""
        return [*self.praised, *self.criticised]


class ReviewRecorded(SupervisionRecorded):
    """三了解两协调 as data: the five parts, each with content, who is concerned, follow-up (v2).

    An act missing a part is partial; ``missing_parts`` names what is missing. A v1 review
    upcasts with no parts and ``is_structured`` False: what it covered is unknown, so
    ``missing_parts`` is empty for it (nothing can be said to be missing).
    """

    parts: list[ReviewPart]
    is_structured: bool
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 recorded only a subject and a summary."""
        state.update(parts=[], is_structured=False)

    @property
    def missing_parts(self) -> tuple[str, ...]:
        """Names of the parts absent, in the method's order (empty when complete or unknown)."""
        if not self.is_structured:
            return ()
        present = {part.part for part in self.parts}
        return tuple(str(name) for name in ReviewPartName if name not in present)

    @property
    def is_partial(self) -> bool:
        """A structured review missing at least one part."""
        return bool(self.missing_parts)


def check_codes(values: object, field: str, *, minimum: int = 1) -> list[str]:
    """A list of distinct natural codes (cadres, units, households ...), at least ``minimum``."""
    if not isinstance(values, list):
        raise RuleViolation(f"{field} must be a list of codes", field=field)
    for value in values:
        check_code(value, field)
    if len(set(values)) != len(values):
        raise RuleViolation(f"{field} names a code twice", field=field)
    if len(values) < minimum:
        raise RuleViolation(f"{field} must name at least {minimum}", field=field)
    return list(values)


def check_basis(basis: object) -> list[str]:
    """At least one basis reference, each of a known form (existence is the read side's)."""
    refs = check_codes_or_refs(basis, "basis")
    for ref in refs:
        if not BASIS_REF.match(ref):
            raise RuleViolation(
                f"basis {ref!r} is not obligation/<id>, finding/<round>/<finding> "
                "or evaluation/<id>",
                field="basis",
            )
    return refs


def check_codes_or_refs(values: object, field: str) -> list[str]:
    """A non-empty list of distinct texts (references may hold '/')."""
    if not isinstance(values, list) or not values:
        raise RuleViolation(f"{field} must be a non-empty list", field=field)
    if not all(isinstance(v, str) and v for v in values):
        raise RuleViolation(f"{field} must hold texts", field=field)
    if len(set(values)) != len(values):
        raise RuleViolation(f"{field} names a reference twice", field=field)
    return list(values)


def talk_parts(talked_to: list[str], basis: list[str], outcome: TalkOutcome) -> dict[str, Any]:
    """The checked parts of a formal talk."""
    return {"talked_to": check_codes(talked_to, "talked_to"), "basis": check_basis(basis),
            "outcome": coerce(TalkOutcome, outcome, "outcome")}


def review_parts(parts: list[ReviewPart]) -> dict[str, Any]:
    """The checked parts of 三了解两协调: at least one, each named once and with content."""
    if not isinstance(parts, list) or not parts:
        raise RuleViolation("a quarterly review records at least one of its five parts",
                            field="parts")
    checked = [_review_part(part) for part in parts]
    names = [part.part for part in checked]
    if len(set(names)) != len(names):
        raise RuleViolation("each part of the review is recorded once", field="parts")
    order = list(ReviewPartName)
    return {"parts": sorted(checked, key=lambda p: order.index(p.part)), "is_structured": True}


def _review_part(value: object) -> ReviewPart:
    part: ReviewPart = coerce(ReviewPart, value, "parts")
    name = coerce(ReviewPartName, part.part, "parts.part")
    check_text(part.content, f"parts.{name}.content")
    if not isinstance(part.follow_up, str):
        raise RuleViolation("follow_up must be a text", field=f"parts.{name}.follow_up")
    concerned = check_codes(part.concerned, f"parts.{name}.concerned", minimum=0)
    return ReviewPart(name, part.content, concerned, part.follow_up)


def bulletin_parts(praised: list[str], criticised: list[str], basis: list[str]) -> dict[str, Any]:
    """The checked parts of a bulletin: someone is named, nobody both praised and criticised."""
    praised = check_codes(praised, "praised", minimum=0)
    criticised = check_codes(criticised, "criticised", minimum=0)
    if not praised and not criticised:
        raise RuleViolation("a bulletin names someone to praise or criticise", field="praised")
    both = sorted(set(praised) & set(criticised))
    if both:
        raise RuleViolation(f"{both} cannot be both praised and criticised", field="criticised")
    return {"praised": praised, "criticised": criticised, "basis": check_basis(basis)}
