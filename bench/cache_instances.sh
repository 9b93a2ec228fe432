#!/usr/bin/env bash
# The response cache with several instances on one database, next to WordPress: builds the
# oracle's site (scripts/oracle-site.sh) on BACKEND, starts INSTANCES `wpcompat serve`
# processes on it (each with its own cache; WPCOMPAT_CACHE_URL in the environment shares them
# through Redis), and runs bench/cache_bench.py against them and WordPress.
#
# Usage: bench/cache_instances.sh BACKEND [INSTANCES] [-- CACHE_BENCH_ARGS...]
#   BACKEND    sqlite, postgresql or mysql;  INSTANCES: default 2
#   e.g.       bench/cache_instances.sh postgresql 2 -- --duration 10s
#              bench/cache_instances.sh sqlite 1 -- --comment-rate 50
# Env: PG_URL, MY_URL (admin URLs of the servers, as bench/backends.sh), DB_NAME (default
#      wpc_cache_bench_<pid>), PORT_BASE (first port; default: free ports), WPCOMPAT_WORKERS
#      (worker processes per instance), APPROVED_COMMENTS=1 (the stream's comments posted by
#      the administrator, approved, rather than anonymously, held for moderation).
# The instances' CPU per request is reported (each instance is a process group of its own).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
. "$REPO/scripts/lib/wpcompat-server.sh"
. "$REPO/bench/lib.sh"
py=$(wpcompat_python)
PG_URL=${PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
MY_URL=${MY_URL:-mysql://root@127.0.0.1:3306/test}
backend=${1:?usage: bench/cache_instances.sh BACKEND [INSTANCES] [-- ARGS]}; shift
count=2
if [ $# -gt 0 ] && [ "$1" != "--" ]; then count=$1; shift; fi
[ "${1:-}" = "--" ] && shift
name=${DB_NAME:-wpc_cache_bench_$$}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cache-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do WPCOMPAT_PID=$pid wpcompat_stop; done
  bench_drop_db "$backend" "$name"
  rm -rf "$tmp"
}
trap cleanup EXIT
db=$(bench_make_db "$backend" "$name" "$tmp") || exit 2
ports=()
for i in $(seq 0 $((count - 1))); do
  if [ -n "${PORT_BASE:-}" ]; then ports+=($((PORT_BASE + i))); else ports+=("$(wpcompat_free_port)"); fi
done
site="http://127.0.0.1:${ports[0]}"
"$REPO/scripts/oracle-site.sh" --site-url "$site" --database-url "$db" --auth-env "$tmp/auth.env" \
  >"$tmp/build.log" 2>&1 || { tail -20 "$tmp/build.log" >&2; exit 3; }
# Anonymous comments from any address (the stream's X-Forwarded-For), no access log (a third
# of a cached answer's CPU), every instance answering as the same site.
export WPCOMPAT_TRUSTED_PROXY_HEADER=X-Forwarded-For WPCOMPAT_ACCESS_LOG=false SERVE_SITE_URL="$site"
bases=()
for port in "${ports[@]}"; do
  mkdir -p "$tmp/$port"
  wpcompat_start "$tmp/$port" "$port" "$db" || exit 3
  pids+=("$WPCOMPAT_PID"); bases+=("http://127.0.0.1:$port")
done
echo "bench/cache_instances: $backend, ${#bases[@]} instance(s), load $(cut -d' ' -f1-3 /proc/loadavg)"
extra=(--server-groups "$(IFS=,; echo "${pids[*]}")")
[ -n "${APPROVED_COMMENTS:-}" ] && extra+=(--approve "$tmp/auth.env")
"$py" "$REPO/bench/cache_bench.py" --instances "$(IFS=,; echo "${bases[*]}")" "${extra[@]}" "$@"
