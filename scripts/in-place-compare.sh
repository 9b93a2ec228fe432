#!/usr/bin/env bash
# wpcompat on WordPress's own database, in place, beside the running WordPress oracle:
#   1. restore the oracle's snapshot (the state its golden answers were recorded from) and
#      record SHOW CREATE TABLE of every table of the oracle's database;
#   2. serve that very database with wpcompat (DATABASE_URL=mysql://…/wordpress, prefix wp_) on
#      a free port as WordPress 6.1, and replay the oracle's requests with compare.py, logging
#      in with the oracle's own credentials (its Application Passwords, hashed by WordPress).
#      By default wpcompat is served as WordPress's own address (WPCOMPAT_SITE_URL = home,
#      http://127.0.0.1:8080, as after a real switch-over) and compare.py, given that address,
#      has its connections sent to wpcompat's port (scripts/lib/compare_redirected.py): the
#      rows WordPress wrote hold that address (GUIDs, users' and commenters' URLs).
#      --own-url instead serves wpcompat at its own URL and gives compare.py that URL (then
#      every stored absolute URL differs from what compare.py expects);
#   3. post a comment through wpcompat (as the oracle's admin) and read it back through
#      WordPress itself (http://127.0.0.1:8080/wp-json/wp/v2/comments?post=…);
#   4. check that WordPress's tables kept their exact structure and that wpcompat added only
#      its own tables (wp_wpc_…);
#   5. stop wpcompat and restore the oracle's snapshot again (also on failure).
# Exit status: 0 when steps 3 and 4 hold (compare.py's figures are reported, not judged: see
# the report), 1 otherwise, 3 when something could not be set up.
#
# Usage: scripts/in-place-compare.sh [--own-url] [COMPARE_ARGS...]   e.g. --only '^posts_' -v
# Env: ORACLE_DIR (default ../shared/oracle), ORACLE_STATE (default /tmp/wp-oracle),
#      MYSQL_SOCKET (default /run/mysqld/mysqld.sock: the oracle's database user is
#      'wordpress'@'localhost', as WordPress connects), or MYSQL_SOCKET= MYSQL_HOST=… MYSQL_PORT=…
#      for TCP; KEEP_TMP=1; DRIVER (mysql, mysql+aiomysql or mysql+asyncmy; default mysql).
set -euo pipefail
own_url=0
if [ "${1:-}" = "--own-url" ]; then own_url=1; shift; fi
REPO="$(cd "$(dirname "$0")/.." && pwd)"
. "$REPO/scripts/lib/wpcompat-server.sh"
ORACLE_DIR="$(cd "${ORACLE_DIR:-$REPO/../shared/oracle}" && pwd)"
ORACLE_STATE="${ORACLE_STATE:-/tmp/wp-oracle}"
WP=http://127.0.0.1:8080
host=${MYSQL_HOST:-127.0.0.1} dbport=${MYSQL_PORT:-3306}
[ -x "$ORACLE_DIR/compare.py" ] || { echo "error: no $ORACLE_DIR/compare.py" >&2; exit 3; }
envfile="$ORACLE_STATE/.env-wp"; [ -f "$envfile" ] || envfile="$ORACLE_DIR/.env-wp"
val() { sed -n "s/^$1=//p" "$envfile" | tail -1; }
db_name=$(val DB_NAME) db_user=$(val DB_USER) db_pw=$(val DB_PASSWORD)
admin=$(val WP_ADMIN_USER) admin_pw=$(val WP_APP_PASSWORD)
py=$(wpcompat_python)
sql() { "$py" "$REPO/scripts/lib/mysql_query.py" "$db_url" "$@"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/in-place-compare.XXXXXX")
restore() { (cd "$ORACLE_DIR" && ./snapshot.sh restore >"$tmp/restore.log" 2>&1) || { echo "snapshot restore failed:" >&2; cat "$tmp/restore.log" >&2; }; }
cleanup() {
  wpcompat_stop
  restore
  echo "in-place: oracle snapshot restored" >&2
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "in-place: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

restore
sock=${MYSQL_SOCKET-/run/mysqld/mysqld.sock}
if [ -n "$sock" ]; then
  db_url="${DRIVER:-mysql}://$db_user:$db_pw@localhost/$db_name?unix_socket=$sock"
else
  db_url="${DRIVER:-mysql}://$db_user:$db_pw@$host:$dbport/$db_name"
fi
sql --structure >"$tmp/before.sql" || exit 3

port=$(wpcompat_free_port)
url="http://127.0.0.1:$port"
if [ $own_url = 1 ]; then SERVE_SITE_URL=$url; else SERVE_SITE_URL=$WP; fi
export SERVE_SITE_URL
wpcompat_start "$tmp" "$port" "$db_url" || exit 3
echo "in-place: wpcompat at $url (site address $SERVE_SITE_URL) on the oracle's database $db_name" >&2

set +e
if [ $own_url = 1 ]; then
  "$py" "$ORACLE_DIR/compare.py" "$url" --read-only --env "$envfile" "$@" | tee "$tmp/compare.log"
else
  "$py" "$REPO/scripts/lib/compare_redirected.py" "${WP#http://}" "$port" "$ORACLE_DIR/compare.py" \
    "$WP" --read-only --env "$envfile" "$@" | tee "$tmp/compare.log"
fi
set -e
echo "in-place: compare.py: $(tail -1 "$tmp/compare.log")"

status=0
# A comment through wpcompat, with WordPress's Application Password, read back by WordPress.
post=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["post_hello"])' "$ORACLE_STATE/ids.json" 2>/dev/null ||
       "$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["post_hello"])' "$ORACLE_DIR/ids.json")
text="Written by wpcompat in place $(date +%s) 🙂"
created=$(curl -sf -u "$admin:$admin_pw" -H 'Content-Type: application/json' \
  -d "$("$py" -c 'import json,sys; print(json.dumps({"post": int(sys.argv[1]), "content": sys.argv[2]}))' "$post" "$text")" \
  "$url/wp-json/wp/v2/comments") || { echo "in-place: FAIL posting a comment through wpcompat" >&2; status=1; }
cid=$(printf '%s' "$created" | "$py" -c 'import json,sys; print(json.load(sys.stdin).get("id", ""))' 2>/dev/null || true)
if [ -n "$cid" ] && curl -sf "$WP/wp-json/wp/v2/comments?post=$post&per_page=100" |
     "$py" -c 'import json,sys; c={x["id"]: x for x in json.load(sys.stdin)}; i=int(sys.argv[1]); sys.exit(0 if i in c and sys.argv[2] in c[i]["content"]["rendered"] else 1)' "$cid" "$text"; then
  echo "in-place: OK comment $cid posted through wpcompat is shown by WordPress ($WP/wp-json/wp/v2/comments?post=$post)"
else
  echo "in-place: FAIL comment ${cid:-?} posted through wpcompat is not shown by WordPress" >&2; status=1
fi

# WordPress's tables untouched; only wp_wpc_ tables added.
sql --structure >"$tmp/after.sql"
added=$(diff <(grep '^TABLE ' "$tmp/before.sql") <(grep '^TABLE ' "$tmp/after.sql") | sed -n 's/^> TABLE //p' || true)
if diff <(grep -v '^TABLE ' "$tmp/before.sql") <(sed '/^TABLE wp_wpc_/,/^END$/d' "$tmp/after.sql" | grep -v '^TABLE ') >"$tmp/structure.diff"; then
  echo "in-place: OK WordPress's tables have the same SHOW CREATE TABLE before and after"
else
  echo "in-place: FAIL WordPress's table structure changed:" >&2; cat "$tmp/structure.diff" >&2; status=1
fi
if [ -n "$(printf '%s\n' "$added" | grep -v '^wp_wpc_' | grep -v '^$' || true)" ]; then
  echo "in-place: FAIL tables added besides wp_wpc_*: $added" >&2; status=1
else
  echo "in-place: OK tables added: $(echo $added)"
fi
exit $status
