#!/usr/bin/env bash
# Record one of our own oracle sites into tests/oracle_sites/NAME/ (after setup-site.sh and
# NAME/populate.py): database dump, core WXR export, golden answers of NAME/spec.py (reads
# only), extras.wxr.xml + site.json, then compare.py against the same WordPress (must say all
# passed). Usage: tests/oracle_sites/record-site.sh NAME
set -euo pipefail
name=${1:?name}
here="$(cd "$(dirname "$0")" && pwd)"
oracle=${ORACLE_DIR:-/work/shared/oracle}
export ORACLE_STATE=${ORACLE_STATE:-/tmp/wp-oracle-i10-sites-$name}
dir="$here/$name"
env_file="$ORACLE_STATE/.env-wp"
get() { sed -n "s/^$1=//p" "$env_file"; }
db=$(get DB_NAME); cfg=$(get WORDPRESS_CONFIG); url=$(get WP_URL)
mkdir -p "$dir/snapshot"
cp "$ORACLE_STATE/ids.json" "$dir/ids.json"
mariadb-dump -uroot --single-transaction --skip-dump-date --default-character-set=utf8mb4 "$db" \
  | gzip -n -9 >"$dir/snapshot/wordpress.sql.gz"
WORDPRESS_CONFIG=$cfg WP_HOSTPORT=${url#http://} php -d display_errors=stderr "$oracle/lib/wp-tool.php" export >"$dir/export.wxr.xml"
rm -rf "$dir/golden"
PLAIN_PERMALINKS=$( [ -f "$dir/plain-permalinks" ] && echo 1 || echo 0 ) ORACLE_DIR=$oracle python3 "$here/record_any.py" --spec "$dir/spec.py" --ids "$dir/ids.json" --env "$env_file" --out "$dir/golden"
"$oracle/make-extras.py" --export "$dir/export.wxr.xml" --golden "$dir/golden" --env "$env_file" --out-dir "$dir"
python3 "$here/add_revisions.py" "$dir"
"$oracle/compare.py" "$url" --golden "$dir/golden" --env "$env_file" --read-only | tail -3
