#!/usr/bin/env bash
# Build a wpcompat site equal to the WordPress oracle's (../shared/oracle), with the wpcompat
# CLI only. The work is in scripts/oracle_site.py (site.json is JSON; bash would need jq).
#
# Usage: scripts/oracle-site.sh [--site-url URL] [--database-url URL] [--auth-env FILE] [--strict]
# Env:   DATABASE_URL       where to build it (default: a fresh var/oracle-site/site.db)
#        WPCOMPAT_SITE_URL  the URL it will be served at (default http://127.0.0.1:8000)
#        ORACLE_DIR         the oracle folder (default ../shared/oracle)
#        WPCOMPAT_BIN       the wpcompat executable (default .venv/bin/wpcompat)
# Writes the Application Passwords to var/oracle-site/auth.env (--auth-env), in the format of
# the oracle's .env-wp: `../shared/oracle/compare.py URL --env var/oracle-site/auth.env`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# The venv's Python when there is one (the same interpreter as wpcompat); the helper itself
# needs only the standard library.
py="$repo/.venv/bin/python"; [ -x "$py" ] || py=python3
exec "$py" "$repo/scripts/oracle_site.py" "$@"
