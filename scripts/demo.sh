#!/usr/bin/env bash
# The main job on the embedded default: install, generate the demo county into SQLite
# (demo.db), print its summary. Extra arguments go to `ledger demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
db="${LEDGER_DEMO_DB:-demo.db}"
if [ -e "$db" ]; then
  echo "demo store $db exists: keeping it (delete it to generate a new county)"
else
  ledger demo --db "$db" "$@"
fi
if ledger verify --help >/dev/null 2>&1; then
  ledger verify --db "$db"
fi
