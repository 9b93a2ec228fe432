#!/usr/bin/env bash
# The randomized differential tester (issue 10): random sites on the real WordPress (the oracle in
# ../shared/oracle, on demand: root, live WordPress) and the same sites in wpcompat, answering the
# same random read requests; prints identical/total per site and the differences by class.
#
# Usage: scripts/diff-random.sh [--seed N] [--sites K] [--requests M] [--jobs J] [--reuse]
#                               [--out DIR] [--report FILE] [--prefix P] [--wp-port N] [--port N]
#   --seed N       everything (content, options, requests) follows from it (default 1)
#   --sites K      generated sites (default 3): hosts P-random-s0.test... on our nginx at
#                  --wp-port (default 8131), databases wpc_P_random_s0...; wpcompat serves site K
#                  at --port + K (default 8132); the oracle's default site is never touched.
#                  Sharing the oracle, give each person their own --prefix (default i10) and ports
#                  (or DIFF_RANDOM_PREFIX, DIFF_RANDOM_WP_PORT, DIFF_RANDOM_PORT).
#   --requests M   random requests per site (default 700)
#   --reuse        keep the WordPress sites already built for this seed (re-test wpcompat only)
# Output: var/diff-random/seed-N/ (exports, plans, logs, report.json). Exit 0 when all identical.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
py="$repo/.venv/bin/python"; [ -x "$py" ] || py=python3
exec "$py" "$repo/scripts/diffrandom/runner.py" "$@"
