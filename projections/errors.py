"""Errors of the read side (a leaf module: it imports only the ledger's error root)."""

from __future__ import annotations

from ledger.errors import LedgerError


class ProjectionError(LedgerError):
    """Root of the projections' errors."""


class AlreadyProcessed(ProjectionError):
    """An event at or before a view's tracked position was delivered again; nothing changed."""

    def __init__(self, view: str, position: int, tracked: int) -> None:
        super().__init__(
            f"view {view}: event at position {position} re-delivered, the view is already at "
            f"{tracked}; nothing was written"
        )
        self.view = view
        self.position = position
        self.tracked = tracked


class TrackingConflict(ProjectionError):
    """Another process moved a view's position meanwhile; this page was rolled back."""

    def __init__(self, view: str, expected: int) -> None:
        super().__init__(
            f"view {view}: expected to be at position {expected}, but another process moved it; "
            "nothing of this page was written"
        )
        self.view = view
        self.expected = expected


class ProjectionFailed(ProjectionError):
    """A view stopped at its last good position because one event could not be applied."""

    def __init__(self, view: str, position: int, ref: str, cause: str, stopped_at: int) -> None:
        super().__init__(
            f"view {view} stopped at position {stopped_at}: the event at position {position} "
            f"({ref}) could not be applied: {cause}"
        )
        self.view = view
        self.position = position
        self.ref = ref
        self.cause = cause
        self.stopped_at = stopped_at


class UnknownView(ProjectionError):
    """A view name that does not exist."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no view named {name!r}; views: {', '.join(known)}")
        self.name = name


class UnknownFilter(ProjectionError):
    """A list query was given a filter it does not know."""

    def __init__(self, unknown: list[str], known: list[str]) -> None:
        super().__init__(f"unknown filters {unknown}; known: {', '.join(known)}")
        self.unknown = unknown


class OutdatedView(ProjectionError):
    """A view's live tables have other columns than this release defines: rebuild it."""

    def __init__(self, view: str, table: str) -> None:
        super().__init__(
            f"view {view}: table {table} was built by another release (its columns differ); "
            f"run `ledger project --rebuild {view}`"
        )
        self.view = view
        self.table = table


class ViewStateError(ProjectionError):
    """A view's own bookkeeping is not as the code just left it (a bug or outside tampering)."""


class UnknownLevel(ProjectionError):
    """Figures were asked for an area level that does not exist."""

    def __init__(self, level: str, known: tuple[str, ...]) -> None:
        super().__init__(f"no area level {level!r}; levels: {', '.join(known)}")
        self.level = level


class DuplicateFigure(ProjectionError):
    """Two views declare a figure under the same key: each figure has one definition."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(f"figure keys declared by more than one view: {', '.join(keys)}")
        self.keys = keys
