#!/usr/bin/env bash
# Sourced by the other scripts: make (once) and activate ./.venv with the project installed.
# Prefers Python 3.13 (eventsourcing runs noticeably faster there), accepts 3.11+.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
pick_python() {
  for candidate in python3.13 /root/.pyenv/versions/3.13*/bin/python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
        'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "no Python 3.11+ found" >&2; return 1
}
extras="${LEDGER_EXTRAS:-postgres}"
stamp="$venv/.installed-$extras-$(sha256sum "$root/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  [ -x "$venv/bin/python" ] || "$(pick_python)" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e "$root[$extras]"
  rm -f "$venv"/.installed-* && touch "$stamp"
fi
export PATH="$venv/bin:$PATH"
