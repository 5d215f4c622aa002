"""Several worker processes: with PROMETHEUS_MULTIPROC_DIR a scrape adds up every worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import sys
from api.metrics import Metrics
metrics = Metrics()
for _ in range(int(sys.argv[1])):
    metrics.observe("/v1/households/{code}", "GET", 200, 0.02)
if sys.argv[2] == "scrape":
    sys.stdout.write(metrics.render([("household_state", 3, 60)]).decode())
"""


def worker(directory: Path, requests: int, then: str) -> str:
    """Run one process that answers ``requests`` requests (and scrapes, if asked)."""
    done = subprocess.run([sys.executable, "-c", WORKER, str(requests), then], cwd=ROOT,
                          env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)},
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_a_scrape_adds_up_the_requests_of_every_worker_process(tmp_path: Path) -> None:
    """Two workers count 3 and 4 requests; a third process's scrape reports 7 and the lag."""
    worker(tmp_path, 3, "exit")
    worker(tmp_path, 4, "exit")
    text = worker(tmp_path, 0, "scrape")
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    route = ("route", "/v1/households/{code}")
    key = ("method", "GET"), route, ("status", "200")
    assert samples[("ledger_http_requests_total", key)] == 7
    assert samples[("ledger_http_request_duration_seconds_count", (route,))] == 7
    assert samples[("ledger_projection_lag_events", (("view", "household_state"),))] == 3
