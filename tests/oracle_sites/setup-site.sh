#!/usr/bin/env bash
# Install one more WordPress 6.1 site on the shared oracle (../shared/oracle), beside its default
# site, for tests/oracle_sites/<NAME>/ (see README.md there). Idempotent.
#
# Usage: tests/oracle_sites/setup-site.sh NAME PORT     e.g. austral 8121
#
# The shared nginx passes a fixed HTTP_HOST (127.0.0.1:8080) to PHP, so a Host header cannot
# select another site there. This script runs its own small nginx (state dir below) that serves
# the same WordPress files through the same PHP-FPM pool on PORT, with HTTP_HOST 127.0.0.1:PORT
# and WORDPRESS_CONFIG=<prefix>-NAME, which Debian's wp-config.php uses to load
# /etc/wordpress/config-<prefix>-NAME.php (a copy of the default site's with its own DB_NAME).
# So the site believes it lives at http://127.0.0.1:PORT, as the default one at :8080.
#
# State: ORACLE_STATE (default /tmp/wp-oracle-i10-sites-NAME): .env-wp (credentials), nginx.
# The default site (database `wordpress`) is never touched.
set -euo pipefail
name=${1:?name}; port=${2:?port}
prefix=${OWN_SITE_PREFIX:-i10-sites}
oracle=${ORACLE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/oracle}
[ -f "$oracle/lib/wp-tool.php" ] || oracle=/work/shared/oracle
cfgname="$prefix-$name"
db="wpo_${prefix//-/_}_${name//-/_}"
state=${ORACLE_STATE:-/tmp/wp-oracle-$prefix-$name}
mkdir -p "$state"
url="http://127.0.0.1:$port"
log() { printf '[own-site %s] %s\n' "$name" "$*" >&2; }

# --- database and config (the default site's config with another DB_NAME)
dbpass=$(sed -n "s/^define( 'DB_PASSWORD', '\(.*\)' );/\1/p" /etc/wordpress/config-127.0.0.1.php)
mariadb -uroot -e "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
  GRANT ALL ON \`$db\`.* TO 'wordpress'@'localhost';"
cfg=/etc/wordpress/config-$cfgname.php
sed "s/define( 'DB_NAME', 'wordpress' );/define( 'DB_NAME', '$db' );/" /etc/wordpress/config-127.0.0.1.php >"$cfg.tmp"
chgrp www-data "$cfg.tmp"; chmod 640 "$cfg.tmp"; mv "$cfg.tmp" "$cfg"

# --- an nginx of our own for this site (all own sites share it: one server block per site)
ngdir=/tmp/wp-oracle-$prefix-nginx
mkdir -p "$ngdir/sites"
sed -n '/location \/ {/,/^        }$/p' /etc/nginx/wp-oracle.conf \
  | sed "s/fastcgi_param HTTP_HOST 127.0.0.1:8080;/fastcgi_param HTTP_HOST 127.0.0.1:$port; fastcgi_param WORDPRESS_CONFIG $cfgname;/" \
  >"$ngdir/sites/$name.body"
{ echo "server {"; echo "    listen 127.0.0.1:$port;"; echo "    server_name 127.0.0.1;";
  echo "    root /usr/share/wordpress;"; echo "    index index.php;"; cat "$ngdir/sites/$name.body"; echo "}"; } >"$ngdir/sites/$name.conf"
cat >"$ngdir/nginx.conf" <<NGX
user www-data;
worker_processes 2;
pid $ngdir/nginx.pid;
error_log $ngdir/error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_max_body_size 64m;
    client_body_temp_path $ngdir/body;
    fastcgi_temp_path $ngdir/fastcgi;
    include $ngdir/sites/*.conf;
}
NGX
if [ -s "$ngdir/nginx.pid" ] && kill -0 "$(cat "$ngdir/nginx.pid")" 2>/dev/null; then
  nginx -t -c "$ngdir/nginx.conf" 2>/dev/null && kill -HUP "$(cat "$ngdir/nginx.pid")"
else
  setsid nginx -c "$ngdir/nginx.conf" </dev/null >"$ngdir/start.log" 2>&1 &
fi
for _ in $(seq 50); do curl -s -o /dev/null "$url/" && break; sleep 0.2; done

wptool() { WORDPRESS_CONFIG=$cfgname WP_HOSTPORT=127.0.0.1:$port php -d display_errors=stderr "$oracle/lib/wp-tool.php" "$@"; }

# --- install
env_file=$state/.env-wp
if [ -z "$(mariadb -uroot -N -e "SELECT option_value FROM \`$db\`.wp_options WHERE option_name='siteurl'" 2>/dev/null || true)" ]; then
  adminpw=$(head -c 15 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 20)
  title=${SITE_TITLE:-$name}
  out=$(curl -sS --max-time 120 -X POST "$url/wp-admin/install.php?step=2" \
        --data-urlencode "weblog_title=$title" --data-urlencode "user_name=admin" \
        --data-urlencode "admin_password=$adminpw" --data-urlencode "admin_password2=$adminpw" \
        --data-urlencode "pw_weak=on" --data-urlencode "admin_email=admin@$name.example" \
        --data-urlencode "blog_public=1" --data-urlencode "language=")
  echo "$out" | grep -q "WordPress has been installed" || { echo "$out" | tail -20 >&2; log "installer failed"; exit 1; }
  app=$(wptool app-password admin oracle)
  printf 'WP_URL=%s\nWP_ADMIN_USER=admin\nWP_ADMIN_PASSWORD=%s\nWP_ADMIN_EMAIL=admin@%s.example\nWP_APP_PASSWORD=%s\nDB_NAME=%s\nDB_USER=wordpress\nDB_PASSWORD=%s\nWORDPRESS_CONFIG=%s\n' \
    "$url" "$adminpw" "$name" "$app" "$db" "$dbpass" "$cfgname" >"$env_file"
  chmod 600 "$env_file"
  log "installed $url (database $db)"
else
  log "already installed: $url (database $db)"
fi
