"""Prometheus metrics with ``prometheus-client``: requests, latency, process, and view lag.

Request counts by route template, method and status (``ledger_http_requests_total``); a latency
histogram by route (``ledger_http_request_duration_seconds``); the client's standard process,
platform and garbage-collector metrics (``process_*``, ``python_*``); and, at scrape time, each
view's lag behind the log (``ledger_projection_lag_events``, ``ledger_projection_lag_seconds``).

With several worker processes, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory before
the server starts: each process then writes its counts there and a scrape of any worker adds
them all up (the client's multiprocess mode; per-process metrics are left out, as the client
cannot add them up).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Protocol

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


class Collector(Protocol):
    """Anything that yields metric families when scraped."""

    def collect(self) -> Iterable[Metric]:
        """The metric families, now."""
        ...


class Metrics:
    """The request metrics of one app (thread-safe: the client locks its values)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.multiprocess_dir = os.environ.get(MULTIPROCESS_VARIABLE) or None
        self.requests = Counter("ledger_http_requests", "HTTP requests answered.",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("ledger_http_request_duration_seconds",
                                 "Time to answer a request.", ["route"], buckets=BUCKETS,
                                 registry=self.registry)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        self.requests.labels(route=route, method=method, status=str(status)).inc()
        self.latency.labels(route=route).observe(seconds)

    def render(self, lags: Iterable[tuple[str, int, int]] = ()) -> bytes:
        """The exposition text; ``lags`` are (view, events behind, seconds behind)."""
        return generate_latest(_Scrape([*self._sources(), _LagCollector(list(lags))]))

    def _sources(self) -> list[Collector]:
        if self.multiprocess_dir is None:
            return [self.registry, PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR]
        every_process = CollectorRegistry()
        # The client's constructor is unannotated; it registers itself in every_process.
        MultiProcessCollector(every_process, path=self.multiprocess_dir)  # type: ignore[no-untyped-call]
        return [every_process]


class _Scrape:
    """One scrape: the families of several collectors, in order (what generate_latest reads)."""

    def __init__(self, sources: list[Collector]) -> None:
        self.sources = sources

    def collect(self) -> Iterator[Metric]:
        for source in self.sources:
            yield from source.collect()


class _LagCollector:
    """Each view's lag, measured by the caller at scrape time."""

    def __init__(self, lags: list[tuple[str, int, int]]) -> None:
        self.lags = lags

    def collect(self) -> Iterator[Metric]:
        if not self.lags:
            return
        events = GaugeMetricFamily("ledger_projection_lag_events",
                                   "Events not yet applied to a view.", labels=["view"])
        seconds = GaugeMetricFamily("ledger_projection_lag_seconds",
                                    "Recorded time a view is behind the log.", labels=["view"])
        for view, behind, late in self.lags:
            events.add_metric([view], behind)
            seconds.add_metric([view], late)
        yield events
        yield seconds
