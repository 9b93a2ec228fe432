#!/usr/bin/env bash
# Measure wpcompat's REST API against WordPress: build the oracle's site into a temp dir
# (scripts/oracle-site.sh), serve it on a free port as WordPress 6.1, replay the oracle's
# recorded requests with ../shared/oracle/compare.py, stop the server. Exit status: compare's
# (0 all passed, 1 some failed, 2 server unreachable), or 3 if the site or server could not
# be set up.
#
# Usage: scripts/oracle-compare.sh [--with-writes] [COMPARE_ARGS...]
#   --with-writes   also replay the write phase (default --read-only). The site is freshly
#                   imported each run, which the write phase needs; note that it also needs
#                   anonymous comments toggled per request (see the oracle's README).
#   COMPARE_ARGS    passed to compare.py, e.g. --only '^posts_' -v --json-report out.json
# Env: ORACLE_DIR (default ../shared/oracle), WPCOMPAT_BIN, KEEP_TMP=1 (keep the temp dir:
#      site.db, auth.env, serve.log).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
. "$REPO/scripts/lib/wpcompat-server.sh"
ORACLE_DIR="${ORACLE_DIR:-$REPO/../shared/oracle}"
export ORACLE_DIR

mode=(--read-only)
if [ "${1:-}" = "--with-writes" ]; then mode=(); shift; fi
[ -x "$ORACLE_DIR/compare.py" ] || { echo "error: no $ORACLE_DIR/compare.py (set ORACLE_DIR)" >&2; exit 3; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oracle-compare.XXXXXX")
cleanup() {
  wpcompat_stop
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "oracle-compare: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

port=$(wpcompat_free_port)
url="http://127.0.0.1:$port"
db="sqlite:///$tmp/site.db"
# The site is built for the URL it is served at: links and the admin's url must name it.
"$REPO/scripts/oracle-site.sh" --site-url "$url" --database-url "$db" --auth-env "$tmp/auth.env" || exit 3
wpcompat_start "$tmp" "$port" "$db" || exit 3
echo "oracle-compare: wpcompat at $url" >&2

# compare.py logs in as three users (admin, author, subscriber). --env points it at our
# credentials instead of the oracle's own .env-wp (its "bad_password" request also takes the
# admin's login from there); --auth says the same thing explicitly.
auth=()
while IFS='=' read -r key value; do
  case $key in
    WP_ADMIN_USER) a_user=$value ;; WP_APP_PASSWORD) a_pw=$value ;;
    WP_AUTHOR_USER) au_user=$value ;; WP_AUTHOR_APP_PASSWORD) au_pw=$value ;;
    WP_SUBSCRIBER_USER) s_user=$value ;; WP_SUBSCRIBER_APP_PASSWORD) s_pw=$value ;;
  esac
done <"$tmp/auth.env"
auth+=(--auth "admin=$a_user:$a_pw" --auth "author=$au_user:$au_pw" --auth "subscriber=$s_user:$s_pw")

set +e
"$(wpcompat_python)" "$ORACLE_DIR/compare.py" "$url" "${mode[@]}" --env "$tmp/auth.env" "${auth[@]}" "$@"
rc=$?
set -e
exit "$rc"
