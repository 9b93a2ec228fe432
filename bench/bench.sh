#!/usr/bin/env bash
# Throughput of wpcompat next to WordPress (wrk, the four requests of the oracle's PERF.md).
# Usage: bench/bench.sh BASE_URL [OTHER_BASE_URL ...] [--duration 15s] [--runs 3] [--json FILE]
#        bench/bench.sh wpcompat http://127.0.0.1:8080     # "wpcompat": build + serve the oracle's site
# See bench/bench.py for the options; the work is there.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
py="$repo/.venv/bin/python"; [ -x "$py" ] || py=python3
exec "$py" "$repo/bench/bench.py" "$@"
