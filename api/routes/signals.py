"""``/v1/signals``: formalism signals with their explanations and the events behind them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from api import replies
from api.auth import Place, reach
from api.deps import PrincipalDep, ViewsDep
from api.openapi import problems
from api.readmodel import tolerant
from api.schemas.signals import SignalOut
from projections.signals.detect import SignalFilter, detect
from projections.signals.model import Signal

router = APIRouter(tags=["signals"])
Kind = Literal["recording_lag", "copied_text", "visit_burst", "impossible_schedule",
               "exit_income", "identical_sheets", "same_minute_visits", "night_recording"]
"""The kinds of ``projections.signals.model.KINDS`` (a test keeps the two equal)."""


@router.get("/v1/signals", response_model=None, responses=problems(),
            summary="Formalism signals · 形式主义信号")
def list_signals(request: Request, db: ViewsDep, principal: PrincipalDep,
                 kind: Annotated[Kind | None, Query(description="Signal kind · 信号类别")] = None,
                 village: Annotated[str | None, Query(max_length=64, description="Signals "
                                                      "touching this village · 村编号")] = None,
                 cadre: Annotated[str | None, Query(max_length=64, description="Signals about "
                                                    "this cadre · 干部编号")] = None,
                 raised: Annotated[bool, Query(description="Only signals at or above their "
                                               "threshold · 仅已触发")] = True) -> Response:
    """Signals, strongest first, each with its explanation, threshold and events. They steer
    sampling and inspection; they never change a score or sanction anyone by themselves."""
    wanted = SignalFilter(kind=kind, village=village, cadre=cadre, raised_only=raised)
    none: list[Signal] = []
    found = tolerant(lambda: detect(db, wanted), none)
    rows: list[tuple[Any, ...]] = []
    townships = dict(tolerant(lambda: db.fetchall(
        "SELECT code, parent_code FROM view_area WHERE level = 'village'"), rows))
    items = []
    for signal in found:
        home = signal.villages[0] if signal.villages else None
        place = Place(townships.get(home) if home else None, home)
        items.append((SignalOut.model_validate(signal.as_dict()),
                      reach(principal, place, refuse=False)))
    return replies.page(request, principal, db, SignalOut, items, None, subject="signals")
