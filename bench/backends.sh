#!/usr/bin/env bash
# bench/bench.py's requests on each database backend: the oracle's site is built
# (scripts/oracle-site.sh) into a new SQLite file, a new PostgreSQL database and a new MariaDB
# database, each served by `wpcompat serve` in turn and measured with bench/bench.py.
#
# Usage: bench/backends.sh [BACKEND ...] [-- BENCH_ARGS...]
#   BACKEND     sqlite, postgresql, mysql, mysql+aiomysql, mysql+asyncmy, each also with the suffix
#               -nocache (WPCOMPAT_RESPONSE_CACHE=false: the whole path on every request)
#               (default: sqlite sqlite-nocache postgresql mysql)
#   BENCH_ARGS  passed to bench.py, e.g. --duration 10s --runs 3 --wait-idle 0; add
#               http://127.0.0.1:8080 for WordPress side by side, and --as subscriber for a
#               logged-in reader (the site's Application Passwords are handed to bench.py)
# Env: PG_URL (default postgresql://postgres@127.0.0.1:5432/test), MY_URL (default
#      mysql://root@127.0.0.1:3306/test): servers on which bench databases are made and dropped.
#      SITE_sqlite, SITE_postgresql, SITE_mysql: the URL of an oracle site already built
#      (scripts/oracle-site.sh), served as it is instead of building one (minutes on a busy
#      machine); AUTH_sqlite … its --auth-env file. Such a database is never dropped.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
. "$REPO/scripts/lib/wpcompat-server.sh"
. "$REPO/bench/lib.sh"
py=$(wpcompat_python)
PG_URL=${PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
MY_URL=${MY_URL:-mysql://root@127.0.0.1:3306/test}

backends=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do backends+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#backends[@]} -gt 0 ] || backends=(sqlite sqlite-nocache postgresql mysql)

name="wpc_bench_$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-backends.XXXXXX")
cleanup() {
  wpcompat_stop
  bench_drop_db postgresql "$name"; bench_drop_db mysql "$name"
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "bench/backends: load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
for variant in "${backends[@]}"; do
  unset WPCOMPAT_RESPONSE_CACHE
  backend=${variant%-nocache}
  [ "$backend" = "$variant" ] || export WPCOMPAT_RESPONSE_CACHE=false
  db=$(bench_make_db "$backend" "$name" "$tmp") || exit 2
  port=$(wpcompat_free_port)
  kind=${backend%%+*}; given_site="SITE_$kind"; given_auth="AUTH_$kind"
  if [ -n "${!given_site:-}" ]; then
    db=${!given_site}; cp "${!given_auth:?$given_auth: the credentials file of $given_site}" "$tmp/auth.env"
  else
    "$REPO/scripts/oracle-site.sh" --site-url "http://127.0.0.1:$port" --database-url "$db" \
      --auth-env "$tmp/auth.env" >"$tmp/build.log" 2>&1 || { tail -20 "$tmp/build.log" >&2; exit 3; }
  fi
  wpcompat_start "$tmp" "$port" "$db" || exit 3
  echo "== $variant ($db, response cache ${WPCOMPAT_RESPONSE_CACHE:-true}, workers ${WPCOMPAT_WORKERS:-1}, access log ${WPCOMPAT_ACCESS_LOG:-true}) load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$py" "$REPO/bench/bench.py" "http://127.0.0.1:$port" --pids "http://127.0.0.1:$port=$WPCOMPAT_PID" \
    --env "http://127.0.0.1:$port=$tmp/auth.env" "$@" || true
  wpcompat_stop
done
echo "bench/backends: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
