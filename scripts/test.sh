#!/usr/bin/env bash
# The whole test suite: lint, types, import contracts, then pytest on both cores.
set -euo pipefail
cd "$(dirname "$0")/.."
LEDGER_EXTRAS="postgres,dev" source scripts/venv.sh
ruff check ledger projections api tests bench
mypy
lint-imports
python -m pytest -n 2 "$@"
