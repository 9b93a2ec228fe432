#!/usr/bin/env bash
# The long fuzzing run (tests/fuzzing.py): requests drawn from the published OpenAPI description
# for N minutes, every answer checked (no 5xx, no traceback, WordPress's error shape, under 1 s,
# the database unchanged by refused requests). Prints the figures; the full report (each
# violation with its request) is written as JSON.
#
#   scripts/fuzz.sh --minutes 30 [--report fuzz-report.json] [--backend sqlite|postgresql|mysql]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=5
report="fuzz-report.json"
backend="${WPCOMPAT_TEST_BACKEND:-sqlite}"
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes="$2"; shift 2 ;;
        --report) report="$2"; shift 2 ;;
        --backend) backend="$2"; shift 2 ;;
        *) echo "usage: scripts/fuzz.sh --minutes N [--report FILE] [--backend B]" >&2; exit 2 ;;
    esac
done
python="${PYTHON:-.venv/bin/python}"
[ -x "$python" ] || { echo "no $python: run 'make install-test' first" >&2; exit 2; }
status=0
WPCOMPAT_FUZZ_MINUTES="$minutes" WPCOMPAT_FUZZ_REPORT="$(realpath -m "$report")" \
    "$python" -m pytest tests/test_fuzz.py -k long_fuzz --backend "$backend" -q -s -p no:cacheprovider || status=$?
if [ -f "$report" ]; then
    "$python" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps(r["summary"], indent=2))' "$report"
fi
exit $status
