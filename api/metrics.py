"""Prometheus metrics in the text exposition format (version 0.0.4), written by hand.

Request counts by route template, method and status; a latency histogram by route; and, at
scrape time, each view's lag behind the log. No client library: the format is a few lines.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Iterable

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Histogram:
    """Cumulative buckets, a sum and a count."""

    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.total = 0.0

    def observe(self, seconds: float) -> None:
        """Add one observation."""
        self.counts[bisect.bisect_left(BUCKETS, seconds)] += 1
        self.total += seconds


class Metrics:
    """Thread-safe request metrics of one app."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.latency: dict[str, Histogram] = defaultdict(Histogram)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        with self._lock:
            self.requests[(route, method, status)] += 1
            self.latency[route].observe(seconds)

    def render(self, lags: Iterable[tuple[str, int, int]] = ()) -> str:
        """The exposition text; ``lags`` are (view, events behind, seconds behind)."""
        with self._lock:
            lines = [*self._request_lines(), *self._latency_lines()]
        lines += _lag_lines(list(lags))
        return "\n".join(lines) + "\n"

    def _request_lines(self) -> list[str]:
        lines = ["# HELP ledger_http_requests_total HTTP requests answered.",
                 "# TYPE ledger_http_requests_total counter"]
        for (route, method, status), count in sorted(self.requests.items()):
            labels = _labels(route=route, method=method, status=str(status))
            lines.append(f"ledger_http_requests_total{labels} {count}")
        return lines

    def _latency_lines(self) -> list[str]:
        name = "ledger_http_request_duration_seconds"
        lines = [f"# HELP {name} Time to answer a request.", f"# TYPE {name} histogram"]
        for route, histogram in sorted(self.latency.items()):
            running = 0
            for bound, count in zip((*BUCKETS, float("inf")), histogram.counts, strict=True):
                running += count
                le = "+Inf" if bound == float("inf") else repr(bound)
                lines.append(f"{name}_bucket{_labels(route=route, le=le)} {running}")
            lines.append(f"{name}_sum{_labels(route=route)} {histogram.total:.6f}")
            lines.append(f"{name}_count{_labels(route=route)} {running}")
        return lines


def _lag_lines(lags: list[tuple[str, int, int]]) -> list[str]:
    if not lags:
        return []
    lines = ["# HELP ledger_projection_lag_events Events not yet applied to a view.",
             "# TYPE ledger_projection_lag_events gauge"]
    lines += [f"ledger_projection_lag_events{_labels(view=v)} {n}" for v, n, _ in lags]
    lines += ["# HELP ledger_projection_lag_seconds Recorded time a view is behind the log.",
              "# TYPE ledger_projection_lag_seconds gauge"]
    lines += [f"ledger_projection_lag_seconds{_labels(view=v)} {s}" for v, _, s in lags]
    return lines


def _labels(**values: str) -> str:
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in values.items())
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
