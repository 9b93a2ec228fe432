#!/usr/bin/env bash
# System packages and Node modules that only the test suite needs (browser tests, node-wpapi).
# Idempotent: it installs only what is missing, and prints nothing when nothing is missing
# (`make test` runs it every time).
set -euo pipefail
cd "$(dirname "$0")/.."

# apt-get as root, or through sudo when there is one; `apt-get update` only when a package
# has no install candidate yet (a fresh container has empty package lists).
apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo -n"; else
      echo "install-test-deps: need root (or sudo) to install: $*" >&2; return 1
    fi
  fi
  local pkg need_update=0
  for pkg in "$@"; do
    apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]' || need_update=1
  done
  if [ "$need_update" = 1 ]; then $sudo apt-get update -qq; fi
  echo "install-test-deps: apt-get install $*" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# wrk: bench/bench.sh (throughput against WordPress, see ../shared/oracle/PERF.md).
command -v wrk >/dev/null || apt_install wrk

# Node + npm: tests/test_node_wpapi.py runs a node-wpapi client (tests/js).
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

# tests/js/node_modules from the lock file. npm ci also when the lock changed since the last
# install (npm keeps a copy of what it installed in node_modules/.package-lock.json).
if [ ! -d tests/js/node_modules ] || [ tests/js/package-lock.json -nt tests/js/node_modules/.package-lock.json ]; then
  echo "install-test-deps: npm ci in tests/js" >&2
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# Chromium and its driver: tests/test_comment_widget_browser.py drives /usr/bin/chromium with
# Playwright (a pip package; its own browser download is never used).
command -v chromium >/dev/null && command -v chromedriver >/dev/null || apt_install chromium chromium-driver
# A font, or the screenshots (test-artifacts/) show boxes instead of text.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || apt_install fonts-dejavu-core
