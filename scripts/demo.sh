#!/usr/bin/env bash
# The main job on the embedded default: install, generate a demo county into SQLite (demo.db)
# (`ledger demo` builds the views and prints `ledger summary`), verify the sealed log, keep the
# read models current, print the county's figures for a kept store, then serve the inspector
# pages and the read-only API. Extra arguments go to `ledger demo` (e.g. --households 50).
# LEDGER_DEMO_SERVE=0 stops after verification (no server).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
db="${LEDGER_DEMO_DB:-demo.db}"
port="${LEDGER_DEMO_PORT:-8000}"
if [ -e "$db" ]; then
  echo "demo store $db exists: keeping it (delete $db* to generate a new county)"
  ledger project --db "$db"
  ledger summary --db "$db"
else
  ledger demo --db "$db" "$@"
fi
ledger verify --db "$db"
[ "${LEDGER_DEMO_SERVE:-1}" = "0" ] && exit 0
token="$(ledger token create --role discipline --label "demo-$(date +%s)" --db "$db" 2>/dev/null)"
echo
echo "Open http://127.0.0.1:$port/ (public view) or sign in as the discipline commission:"
echo "  http://127.0.0.1:$port/pages/login#token=$token"
echo "API: http://127.0.0.1:$port/docs   ·   stop with Ctrl-C"
exec ledger serve --db "$db" --port "$port" --follow
