"""Following the log: PostgreSQL subscription (LISTEN/NOTIFY), or polling.

SQLite has no subscription in eventsourcing 9.5, so there the runner polls. On PostgreSQL it
subscribes through the library's recorder; if subscribing fails (a read replica refuses
``LISTEN``) it says so and falls back to polling. Either way events are applied in pages by
the same runner, so a follower and a one-off catch-up can never disagree.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import Notification

from projections.runner import Projector, RunReport, Target

Say = Callable[[str], None]
_END = object()


def follow(
    projector: Projector, stop: threading.Event, *, poll_seconds: float = 1.0,
    subscribe: bool | None = None, say: Say | None = None,
) -> RunReport:
    """Catch up, then keep applying new events until ``stop`` is set or every view failed."""
    tell = say or (lambda text: print(text, file=sys.stderr))
    targets = projector.live_targets()
    report = projector.catch_up(targets)
    active = [t for t in targets if t.tracked.projection not in {f.view for f in report.failures}]
    wants = projector.db.dialect == "postgres" if subscribe is None else subscribe
    if wants and active and not stop.is_set():
        try:
            _follow_subscription(projector, active, stop, report)
        except Exception as error:
            tell(f"ledger project: subscription unavailable ({error}); polling every "
                 f"{poll_seconds:g}s instead")
    while active and not stop.is_set():
        round_report = projector.catch_up(active)
        _merge(report, round_report)
        active = [t for t in active if t.tracked.projection not in
                  {f.view for f in round_report.failures}]
        stop.wait(poll_seconds)
    return report


def _follow_subscription(
    projector: Projector, active: list[Target], stop: threading.Event, report: RunReport
) -> None:
    """Apply pages from the library's subscription until stopped or a failure."""
    recorder: Any = projector.source.recorder
    start = min(t.tracked.position for t in active)
    subscription = recorder.subscribe(gt=start)
    inbox: queue.Queue[Any] = queue.Queue(maxsize=projector.page_size * 4)
    reader = threading.Thread(target=_pump, args=(subscription, inbox), daemon=True)
    reader.start()
    try:
        while active and not stop.is_set():
            page = _next_page(inbox, projector.page_size)
            if isinstance(page, BaseException):
                raise page
            if page:
                projector.feed(active, projector.directory.items(page), report)
    finally:
        subscription.stop()


def _pump(subscription: Any, inbox: queue.Queue[Any]) -> None:
    try:
        for notification in subscription:
            inbox.put(notification)
    except BaseException as error:
        inbox.put(error)
    inbox.put(_END)


def _next_page(inbox: queue.Queue[Any], size: int) -> list[Notification] | BaseException:
    page: list[Notification] = []
    try:
        first = inbox.get(timeout=0.2)
    except queue.Empty:
        return page
    for item in _drain(first, inbox, size):
        if item is _END:
            if page:
                inbox.put(_END)
                return page
            return ConnectionError("the subscription ended")
        if isinstance(item, BaseException):
            return item
        page.append(item)
    return page


def _drain(first: Any, inbox: queue.Queue[Any], size: int) -> list[Any]:
    found = [first]
    while len(found) < size:
        try:
            found.append(inbox.get_nowait())
        except queue.Empty:
            break
    return found


def _merge(into: RunReport, more: RunReport) -> None:
    for name, count in more.applied.items():
        into.applied[name] = into.applied.get(name, 0) + count
    into.positions.update(more.positions)
    into.failures.extend(more.failures)
