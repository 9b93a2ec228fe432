#!/usr/bin/env bash
# System packages and Node modules that only the test suite needs (browser tests, node-wpapi).
# Idempotent: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
true
