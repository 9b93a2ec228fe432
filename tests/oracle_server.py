"""A wpcompat server holding the WordPress oracle's site, for the tests that compare with it.

Used by tests/test_oracle_golden.py and tests/test_node_wpapi.py. The site is built by
scripts/oracle-site.sh (the wpcompat CLI only), then `wpcompat serve` runs as a subprocess,
answering as WordPress 6.1 at its own URL, exactly as scripts/oracle-compare.sh does.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

COMPARE_TIMEOUT_S = 600

ROOT = Path(__file__).resolve().parent.parent
# Building the site runs ~80 CLI commands (one per option, user, password), each a process:
# about a minute on idle cores, but 15 to 22 minutes were measured on 2 cores at load 18 (the
# sites of tests/oracle_sites run more commands than the shipped one). A guard, not a budget.
BUILD_TIMEOUT_S = 1800
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class OracleSite:
    url: str
    auth_env: Path
    log: Path
    pid: int  # the server's process (it leads its own process group)

    def credentials(self) -> dict[str, str]:
        """The KEY=VALUE lines of the auth env file (the oracle's .env-wp format)."""
        lines = self.auth_env.read_text(encoding="utf-8").splitlines()
        return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wpcompat() -> list[str]:
    # The wpcompat of the interpreter running the tests (the venv's), whatever PATH says.
    exe = Path(sys.executable).parent / "wpcompat"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "wpcompat"]


def _log_tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


@contextmanager
def oracle_site_server(workdir: Path, oracle_dir: Path, database_url: str | None = None) -> Iterator[OracleSite]:
    """Build the oracle's site in workdir, serve it, yield where; stop the server afterwards.

    oracle_dir holds export.wxr.xml, extras.wxr.xml and site.json: the shipped oracle folder or
    one of our own recorded sites (tests/oracle_sites/NAME). database_url: where to build it
    (default: a SQLite file in workdir)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    db = database_url or f"sqlite:///{workdir / 'site.db'}"
    auth_env = workdir / "auth.env"
    env = {**os.environ, "ORACLE_DIR": str(oracle_dir)}
    if len(_wpcompat()) == 1:
        env["WPCOMPAT_BIN"] = _wpcompat()[0]
    build = subprocess.run(
        [str(ROOT / "scripts" / "oracle-site.sh"), "--site-url", url, "--database-url", db,
         "--auth-env", str(auth_env)],
        env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False,
    )  # fmt: skip
    (workdir / "oracle-site.log").write_text(build.stdout + build.stderr, encoding="utf-8")
    if build.returncode != 0:
        pytest.fail(f"scripts/oracle-site.sh failed ({build.returncode}):\n{build.stderr[-3000:]}")

    log = workdir / "serve.log"
    serve_env = {
        **os.environ,
        "DATABASE_URL": db,
        "WPCOMPAT_SITE_URL": url,
        "WPCOMPAT_WP_VERSION": "6.1",
        "WPCOMPAT_DEMO_IMPORT": "false",
    }
    with open(log, "wb") as out:
        # cwd=workdir: no developer .env there. Its own session, so that stopping it also
        # stops any worker process it forked.
        proc = subprocess.Popen(
            [*_wpcompat(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir, env=serve_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"wpcompat serve exited {proc.returncode}:\n{_log_tail(log)}")
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"wpcompat serve did not answer /healthz in {START_TIMEOUT_S} s:\n{_log_tail(log)}")
                time.sleep(0.2)
        yield OracleSite(url=url, auth_env=auth_env, log=log, pid=proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def compare_reads(site: OracleSite, compare: Path, golden: Path, workdir: Path) -> tuple[list[dict], str]:
    """Replay the read requests of golden/MANIFEST.json against the site with the oracle's
    compare.py; its JSON report (one {name, ok, problems} per request) and its output."""
    creds = site.credentials()
    auth = [
        f"admin={creds['WP_ADMIN_USER']}:{creds['WP_APP_PASSWORD']}",
        f"author={creds['WP_AUTHOR_USER']}:{creds['WP_AUTHOR_APP_PASSWORD']}",
        f"subscriber={creds['WP_SUBSCRIBER_USER']}:{creds['WP_SUBSCRIBER_APP_PASSWORD']}",
    ]
    report = workdir / "compare-report.json"
    # --env: our credentials, never the oracle's own .env-wp (its "bad_password" request takes
    # the admin login from there); --auth says the same explicitly.
    proc = subprocess.run(
        [sys.executable, str(compare), site.url, "--read-only", "--golden", str(golden), "--env", str(site.auth_env),
         *(arg for a in auth for arg in ("--auth", a)), "--json-report", str(report)],
        capture_output=True, text=True, timeout=COMPARE_TIMEOUT_S, check=False,
    )  # fmt: skip
    (workdir / "compare.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    # 0: all passed, 1: some failed; anything else means compare.py could not do its job.
    if proc.returncode not in (0, 1):
        pytest.fail(f"compare.py exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8")), proc.stdout
