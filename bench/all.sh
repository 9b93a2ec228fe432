#!/usr/bin/env bash
# Every benchmark of bench/ in one command, with the WordPress column (bench/all.py --help).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
py="$repo/.venv/bin/python"; [ -x "$py" ] || py=python3
exec "$py" "$repo/bench/all.py" "$@"
