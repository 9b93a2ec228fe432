# Start and stop a throw-away `wpcompat serve` (sourced by scripts/oracle-compare.sh and
# bench/bench.sh). Needs $REPO (the repository root).
#
#   wpcompat_free_port                  print a free TCP port on 127.0.0.1
#   wpcompat_start DIR PORT DB_URL      serve DB_URL at http://127.0.0.1:PORT, log in DIR/serve.log;
#                                       sets WPCOMPAT_PID; returns 1 if /healthz is not up in 60 s.
#                                       SERVE_SITE_URL: the site's address if not that one (a
#                                       site served in place keeps WordPress's)
#   wpcompat_stop                       stop the server started by wpcompat_start (and its workers)

wpcompat_bin() {
  if [ -n "${WPCOMPAT_BIN:-}" ]; then echo "$WPCOMPAT_BIN"
  elif [ -x "$REPO/.venv/bin/wpcompat" ]; then echo "$REPO/.venv/bin/wpcompat"
  else command -v wpcompat || { echo "no wpcompat: run make install" >&2; return 1; }
  fi
}

wpcompat_python() { if [ -x "$REPO/.venv/bin/python" ]; then echo "$REPO/.venv/bin/python"; else echo python3; fi; }

wpcompat_free_port() {
  # Bind port 0 and let the kernel choose; the port is free again when Python exits.
  "$(wpcompat_python)" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wpcompat_start() {
  local dir=$1 port=$2 db=$3 bin
  bin=$(wpcompat_bin) || return 1
  # Its own process group (job control on while it starts: the group id is its PID), so that
  # stopping it also stops uvicorn's worker processes; DIR as working directory, so that a
  # developer's .env cannot change what is served. 6.1 answers are what the oracle recorded;
  # `serve` runs uvicorn with uvloop + httptools.
  set -m
  (
    cd "$dir"
    exec env DATABASE_URL="$db" WPCOMPAT_SITE_URL="${SERVE_SITE_URL:-http://127.0.0.1:$port}" WPCOMPAT_WP_VERSION=6.1 \
      WPCOMPAT_DEMO_IMPORT=false WPCOMPAT_HOST=127.0.0.1 WPCOMPAT_PORT="$port" \
      "$bin" serve --host 127.0.0.1 --port "$port"
  ) >"$dir/serve.log" 2>&1 </dev/null &
  WPCOMPAT_PID=$!
  set +m
  local i
  for i in $(seq 1 240); do
    if ! kill -0 "$WPCOMPAT_PID" 2>/dev/null; then
      echo "wpcompat serve exited; its log ($dir/serve.log):" >&2; tail -20 "$dir/serve.log" >&2; return 1
    fi
    if "$(wpcompat_python)" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
         "http://127.0.0.1:$port/healthz" 2>/dev/null; then
      return 0
    fi
    sleep 0.25
  done
  echo "wpcompat serve did not answer /healthz within 60 s; its log ($dir/serve.log):" >&2
  tail -20 "$dir/serve.log" >&2
  return 1
}

wpcompat_stop() {
  [ -n "${WPCOMPAT_PID:-}" ] || return 0
  # The server leads a process group whose id is its PID (see wpcompat_start): stop that group
  # (the server and its workers only), then wait for it.
  kill -TERM -- "-$WPCOMPAT_PID" 2>/dev/null || kill -TERM "$WPCOMPAT_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 40); do kill -0 "$WPCOMPAT_PID" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$WPCOMPAT_PID" 2>/dev/null || true
  wait "$WPCOMPAT_PID" 2>/dev/null || true
  WPCOMPAT_PID=""
}
