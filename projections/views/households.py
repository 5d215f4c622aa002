"""household_state: one row per household (and its income, assistance, contacts, assignments
and findings), plus the places and their figures (area, area_stats ...), in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from projections import findings_model, household_model
from projections.figure import Figure
from projections.formats import flag, from_json, to_json, when
from projections.schema import Table
from projections.source import Item
from projections.views import areas, household_figures
from projections.views import household_rows as rows
from projections.views.base import View
from projections.views.household_store import PageStore

PLACE_KINDS = frozenset({"county", "township", "village", "regulation"})


class HouseholdStateView(View):
    """Households as they stand, and village / township / county figures made from them."""

    name: ClassVar[str] = "household_state"
    tables: ClassVar[tuple[Table, ...]] = (
        rows.STATE, rows.INCOME_LINE, rows.INCOME_YEAR, rows.MEASURE, rows.ASSISTANCE,
        rows.CONTACT, rows.PAIRING_CONTACT, rows.ASSIGNMENT, rows.FINDING, areas.AREA,
        areas.STATS, areas.PROGRAMME, areas.INCOME_YEAR,
    )
    figures: ClassVar[tuple[Figure, ...]] = household_figures.FIGURES

    def apply(self, items: Sequence[Item]) -> None:
        """Apply the page's household, round and place events; write households and figures."""
        page = PageStore(self.db, self.generation, self.policy)
        page.preload(i.code for i in items if i.kind == "household")
        for item in items:
            if item.kind == "household":
                model = page.model(item.code, create=item.type_name == "Registered")
                if model is not None:
                    household_model.apply(model, item, page)
            elif item.kind == "round":
                findings_model.apply(item, page, page.model)
            elif item.kind in PLACE_KINDS:
                self._place(item)
        page.flush_lines()
        for model in page.models.values():
            household_model.finish(model, page)
        changes = page.flush_models()
        areas.write_deltas(self.db, self.generation, areas.deltas(changes))

    def _place(self, item: Item) -> None:
        level = "county" if item.kind in ("county", "regulation") else item.kind
        current = self._area(level, areas.COUNTY if level == "county" else item.code)
        changed = _PLACE_HANDLERS.get(item.type_name, _unchanged)(current, item)
        if changed is not None:
            self.upsert("area", [tuple(changed[c] for c in areas.AREA.column_names)])

    def _area(self, level: str, code: str) -> dict[str, Any]:
        spec = areas.AREA
        found = self.db.fetchdicts(spec.select_sql(self.generation, "level = ? AND code = ?"),
                                   (level, code))
        if found:
            return found[0]
        return {**dict.fromkeys(spec.column_names), "level": level, "code": code,
                "is_designated_poor": 0, "leaders_json": "[]", "assignments_json": "[]"}


def _unchanged(area: dict[str, Any], item: Item) -> None:
    return None


def _registered(area: dict[str, Any], item: Item) -> dict[str, Any]:
    e = item.event
    return {**area, "unit_code": item.code, "name": e.name,
            "parent_code": getattr(e, "township_code", None),
            "is_designated_poor": flag(getattr(e, "is_designated_poor", False)),
            "lat": getattr(e, "lat", None), "lon": getattr(e, "lon", None)}


def _assignment(area: dict[str, Any], item: Item) -> dict[str, Any]:
    e = item.event
    periods: list[dict[str, Any]] = from_json(area["assignments_json"])
    if item.type_name == "CadreAssigned":
        periods.append({"cadre_code": e.cadre_code, "role": str(e.role),
                        "from_date": when(e.occurred_on), "to_date": None})
    else:
        for period in periods:
            if period["cadre_code"] == e.cadre_code and period["to_date"] is None:
                period["to_date"] = when(e.occurred_on)
    leaders = [p for p in periods if p["to_date"] is None]
    return {**area, "assignments_json": to_json(periods), "leaders_json": to_json(leaders)}


def _regulation(area: dict[str, Any], item: Item) -> dict[str, Any]:
    return {**area, "regulation_code": item.code, "regulation_edition": item.event.edition}


_PLACE_HANDLERS = {
    "Registered": _registered, "CadreAssigned": _assignment, "CadreUnassigned": _assignment,
    "Published": _regulation, "Revised": _regulation,
}
