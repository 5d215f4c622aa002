"""The county, its townships (乡镇) and villages (行政村), with coordinates for travel checks."""

from __future__ import annotations

from datetime import date

from ledger.domain.assignments import Assignable
from ledger.domain.base import Created, LedgerAggregate
from ledger.domain.checks import check_coordinates, check_text
from ledger.domain.envelope import Envelope
from ledger.domain.values import Role


class County(LedgerAggregate):
    """县: the unit the ledger serves (one store, later one schema, per county)."""

    KIND = "county"

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.is_demo = False

    class Registered(Created):
        """The county was set up in the ledger."""

        occurred_on: date
        name: str
        is_demo: bool

        def apply(self, aggregate: County) -> None:
            aggregate.code = self.code
            aggregate.name = self.name
            aggregate.is_demo = self.is_demo

    @classmethod
    def register(
        cls, envelope: Envelope, code: str, name: str, occurred_on: date, *, is_demo: bool
    ) -> County:
        """Set up the county; a demo store says so forever."""
        check_text(name, "name")
        return cls.start(
            cls.Registered, envelope, occurred_on, code, name=name,
            is_demo=is_demo, occurred_on=occurred_on,
        )


class Township(Assignable):
    """乡镇: a township with its 包保 township lead."""

    KIND = "township"
    ASSIGNABLE_ROLES = frozenset({Role.TOWNSHIP_LEAD})
    SINGLE_HOLDER_ROLES = frozenset({Role.TOWNSHIP_LEAD})

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.lat: float | None = None
        self.lon: float | None = None

    class Registered(Created):
        """A township was registered."""

        occurred_on: date
        name: str
        lat: float | None
        lon: float | None

        def apply(self, aggregate: Township) -> None:
            aggregate.code = self.code
            aggregate.name = self.name
            aggregate.lat, aggregate.lon = self.lat, self.lon

    @classmethod
    def register(
        cls, envelope: Envelope, code: str, name: str, occurred_on: date,
        lat: float | None = None, lon: float | None = None,
    ) -> Township:
        """Register a township."""
        check_text(name, "name")
        check_coordinates(lat, lon)
        return cls.start(
            cls.Registered, envelope, occurred_on, code, name=name, lat=lat, lon=lon,
            occurred_on=occurred_on,
        )


class Village(Assignable):
    """行政村: a village with its 包村 leader and resident cadres."""

    KIND = "village"
    ASSIGNABLE_ROLES = frozenset({Role.VILLAGE_LEADER, Role.RESIDENT_CADRE})
    SINGLE_HOLDER_ROLES = frozenset({Role.VILLAGE_LEADER})

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.township_code = ""
        self.lat: float | None = None
        self.lon: float | None = None
        self.is_designated_poor = False

    class Registered(Created):
        """A village was registered under a township."""

        occurred_on: date
        township_code: str
        name: str
        lat: float | None
        lon: float | None
        is_designated_poor: bool

        def apply(self, aggregate: Village) -> None:
            aggregate.code = self.code
            aggregate.township_code = self.township_code
            aggregate.name = self.name
            aggregate.lat, aggregate.lon = self.lat, self.lon
            aggregate.is_designated_poor = self.is_designated_poor

    @classmethod
    def register(
        cls, envelope: Envelope, code: str, township_code: str, name: str, occurred_on: date,
        lat: float | None = None, lon: float | None = None, *, is_designated_poor: bool = False,
    ) -> Village:
        """Register a village (the township must exist: the application checks)."""
        check_text(name, "name")
        check_coordinates(lat, lon)
        return cls.start(
            cls.Registered, envelope, occurred_on, code, township_code=township_code,
            name=name, lat=lat, lon=lon, is_designated_poor=is_designated_poor,
            occurred_on=occurred_on,
        )
