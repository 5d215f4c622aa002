"""What every view provides to the runner."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from ledger.domain.values import Policy
from projections.db import ViewDb
from projections.figure import Figure
from projections.schema import Table
from projections.source import Item


class View(ABC):
    """A projection of the log into SQL tables; one instance applies pages to one generation.

    ``apply`` runs inside the runner's transaction, after the tracking row was moved: it must
    read and write only through ``db`` and keep nothing between pages that the tables do not.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    figures: ClassVar[tuple[Figure, ...]] = ()
    """The area figures this view's tables give (see ``projections.figures``)."""

    def __init__(self, db: ViewDb, generation: int, policy: Policy | None = None) -> None:
        self.db = db
        self.generation = generation
        self.policy = policy or Policy()

    def table(self, name: str) -> str:
        """The physical name of one of this view's tables in this generation."""
        for table in self.tables:
            if table.name == name:
                return table.physical(self.generation)
        raise KeyError(name)

    def spec(self, name: str) -> Table:
        """The definition of one of this view's tables."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def upsert(self, name: str, rows: Sequence[Sequence[object]]) -> None:
        """Write whole rows into one table (insert or replace by key)."""
        self.db.executemany(self.spec(name).upsert_sql(self.generation), rows)

    @abstractmethod
    def apply(self, items: Sequence[Item]) -> None:
        """Apply a page of events, in order, and write the rows they change."""
