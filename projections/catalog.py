"""The views there are, by name."""

from __future__ import annotations

from projections.accountability.view import AccountabilityView
from projections.errors import UnknownView
from projections.signals.notes_view import SignalNotesView
from projections.views.base import View
from projections.views.cadres import CadreTrailView
from projections.views.funds import FundFlowsView
from projections.views.households import HouseholdStateView
from projections.views.timeline import TimelineView

VIEWS: dict[str, type[View]] = {
    view.name: view
    for view in (HouseholdStateView, CadreTrailView, TimelineView, FundFlowsView,
                 AccountabilityView, SignalNotesView)
}
"""Every view, in the order a run feeds them."""


def view_class(name: str) -> type[View]:
    """The view of that name."""
    found = VIEWS.get(name)
    if found is None:
        raise UnknownView(name, list(VIEWS))
    return found
