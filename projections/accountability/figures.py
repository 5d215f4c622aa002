"""The figures the accountability view gives every area: open violations (未答复违规)."""

from __future__ import annotations

from projections.db import ViewDb
from projections.figure import Figure, Scope


def _open_violations(db: ViewDb, scope: Scope) -> int:
    # Imported here: queries imports this package's view, which declares these figures.
    from projections.accountability.queries import counts  # noqa: PLC0415

    if not db.table_exists("view_obligation"):
        return 0
    village = scope.code if scope.level == "village" else None
    township = scope.code if scope.level == "township" else None
    return counts(db, village=village, township=township)["open_violations"]


FIGURES = (
    Figure("violations_open", "未答复违规", "open violations", "件",
           "Obligations whose window closed with nothing on record (missed, or met only by a "
           "record made after the window closed), and no level above has yet answered by a "
           "supervision act or talk naming them (docs/accountability.md). A township or village "
           "counts the obligations of its own households and places.", _open_violations),
)
"""The accountability view's area figures."""
