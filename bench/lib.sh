# Databases for the benchmark scripts (sourced by bench/backends.sh and bench/cache_instances.sh,
# after scripts/lib/wpcompat-server.sh). Needs $py (the venv's Python), PG_URL and MY_URL (admin
# URLs of the local servers).
#
#   bench_admin URL SQL              run one statement on a server's admin database
#   bench_make_db BACKEND NAME DIR   print the URL of a new, empty database for BACKEND
#                                    (sqlite: DIR/site.db; servers: database NAME, made anew)
#   bench_drop_db BACKEND NAME       drop database NAME on BACKEND's server (nothing for sqlite)

bench_admin() {
  "$py" -c 'import asyncio, sys
from databases import Database
async def run():
    db = Database(sys.argv[1]); await db.connect()
    try: await db.execute(sys.argv[2])
    finally: await db.disconnect()
asyncio.run(run())' "$1" "$2"
}

bench_make_db() {
  local backend=$1 name=$2 dir=$3 url
  case $backend in
    sqlite) rm -f "$dir"/site.db*; echo "sqlite:///$dir/site.db" ;;
    postgresql)
      bench_admin "$PG_URL" "DROP DATABASE IF EXISTS $name" && bench_admin "$PG_URL" "CREATE DATABASE $name" || return 1
      echo "${PG_URL%/*}/$name" ;;
    mysql|mysql+*)
      bench_admin "$MY_URL" "DROP DATABASE IF EXISTS $name" || return 1
      bench_admin "$MY_URL" "CREATE DATABASE $name CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci" || return 1
      # The driver given in the backend's name (mysql+aiomysql) replaces the admin URL's scheme.
      url="$backend://${MY_URL#*://}"; echo "${url%/*}/$name" ;;
    *) echo "unknown backend $backend" >&2; return 2 ;;
  esac
}

bench_drop_db() {
  case $1 in
    postgresql) bench_admin "$PG_URL" "DROP DATABASE IF EXISTS $2" 2>/dev/null || true ;;
    mysql|mysql+*) bench_admin "$MY_URL" "DROP DATABASE IF EXISTS $2" 2>/dev/null || true ;;
  esac
}
