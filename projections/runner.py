"""The projection runner: reads the log page by page and applies each page to every view.

Each view applies a page in its own transaction that first moves its tracking row (compare-
and-set) and then writes its rows, so a crash at any point leaves each view exactly at the end
of a page it fully applied. Pages are read *after* the lowest position of the views being fed
(``id > last``: PostgreSQL ids have gaps). A page that fails is retried event by event to find
the event at fault: the view keeps every event before it, stops there and records why; the
other views go on. Nothing is skipped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ledger.domain.values import Policy
from projections import generations, tracking
from projections.catalog import VIEWS, view_class
from projections.db import ViewDb
from projections.directory import Directory
from projections.errors import AlreadyProcessed, ProjectionFailed, TrackingConflict
from projections.formats import instant
from projections.source import EventSource, Item
from projections.tracking import Tracked
from projections.views.base import View

DEFAULT_PAGE = 1000


@dataclass
class Target:
    """One view generation being fed in this run."""

    view: View
    tracked: Tracked
    applied: int = 0


@dataclass
class RunReport:
    """What a run did: events applied per view, and the views that stopped on a failure."""

    applied: dict[str, int] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)
    failures: list[ProjectionFailed] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No view stopped on a failing event."""
        return not self.failures


class Projector:
    """Feeds the views from an event source; views live in ``db``."""

    def __init__(
        self, source: EventSource, db: ViewDb, *, names: Sequence[str] | None = None,
        page_size: int = DEFAULT_PAGE, policy: Policy | None = None,
    ) -> None:
        self.source = source
        self.db = db
        self.names = list(names) if names else list(VIEWS)
        for name in self.names:
            view_class(name)
        self.page_size = page_size
        self.policy = policy or Policy()
        tracking.ensure_table(db)
        self.directory = Directory(db, source)

    def live_targets(self) -> list[Target]:
        """Every selected view's live generation (created empty when missing)."""
        return [self.target(generations.ensure_live(self.db, n, view_class(n).tables))
                for n in self.names]

    def target(self, tracked: Tracked) -> Target:
        """A target for one tracked generation."""
        cls = view_class(tracked.projection)
        view = cls(self.db, tracked.generation, self.policy)
        return Target(view, tracked)

    def catch_up(self, targets: list[Target] | None = None, until: int | None = None) -> RunReport:
        """Apply every event recorded so far (or up to position ``until``) to the targets."""
        chosen = list(targets if targets is not None else self.live_targets())
        active = list(chosen)
        report = RunReport()
        while active:
            start = min(t.tracked.position for t in active)
            notifications = self.source.read_after(start, self.page_size)
            if until is not None:
                notifications = [n for n in notifications if n.id <= until]
            if not notifications:
                break
            self.feed(active, self.directory.items(notifications), report)
        for target in chosen:
            report.positions[target.tracked.projection] = target.tracked.position
        return report

    def feed(self, active: list[Target], items: Sequence[Item], report: RunReport) -> None:
        """Give each active target the items after its position; drop targets that fail."""
        for target in list(active):
            mine = [i for i in items if i.position > target.tracked.position]
            if not mine:
                continue
            try:
                self._apply(target, mine)
            except ProjectionFailed as failure:
                report.failures.append(failure)
                active.remove(target)
            except TrackingConflict:
                self._reload(target)  # another process applied this page; go on after it
            name = target.tracked.projection
            report.applied[name] = report.applied.get(name, 0) + target.applied
            report.positions[name] = target.tracked.position
            target.applied = 0

    def _reload(self, target: Target) -> None:
        for row in tracking.rows(self.db, target.tracked.projection):
            if row.generation == target.tracked.generation:
                target.tracked = row

    def process(self, target: Target, items: Sequence[Item]) -> None:
        """Apply items to one target; items at or before its position are refused."""
        if items and items[0].position <= target.tracked.position:
            raise AlreadyProcessed(target.tracked.projection, items[0].position,
                                   target.tracked.position)
        self._apply(target, items)

    def _apply(self, target: Target, items: Sequence[Item]) -> None:
        try:
            self._transaction(target, items)
        except (ProjectionFailed, TrackingConflict):
            raise
        except Exception as error:
            self._locate(target, items, error)

    def _transaction(self, target: Target, items: Sequence[Item]) -> None:
        with self.db.transaction():
            moved = tracking.advance(self.db, target.tracked, items[-1].position, len(items),
                                     instant(items[-1].recorded_at))
            target.view.apply(items)
        target.tracked = moved
        target.applied += len(items)

    def _locate(self, target: Target, items: Sequence[Item], first: Exception) -> None:
        """Retry one event per transaction; stop at the one that fails and say why."""
        if len(items) > 1:
            for item in items:
                try:
                    self._transaction(target, [item])
                except Exception as error:
                    self._fail(target, item, error)
            return
        self._fail(target, items[0], first)

    def _fail(self, target: Target, item: Item, error: Exception) -> None:
        cause = f"{type(error).__name__}: {error}"
        with self.db.transaction():
            tracking.record_failure(self.db, target.tracked, item.position, item.ref, cause)
        raise ProjectionFailed(target.tracked.projection, item.position, item.ref, cause,
                               target.tracked.position) from error
