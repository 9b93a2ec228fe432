#!/usr/bin/env python3
"""Throughput of wpcompat next to WordPress, with wrk, on the four requests of the oracle's PERF.md.

Usage: bench/bench.sh BASE_URL [OTHER_BASE_URL ...] [--duration 15s] [--runs 3] ...
       bench/bench.sh wpcompat http://127.0.0.1:8080

Each URL is measured on each base in turn (same wrk settings as PERF.md: -t2 -c16, 15 s), and
a table gives req/s and the ratio of the first base to each other one. BASE_URL "wpcompat"
builds the oracle's site (scripts/oracle-site.sh) in a temp dir and serves it with
`wpcompat serve` (uvicorn + uvloop + httptools) on a free port for the time of the run.

All bases must hold the oracle's content (same ids: ids.json's post_pcf and post_temoignages).
Throughput is only comparable on an otherwise idle machine: before each run the script waits
(up to --wait-idle s) for the CPUs to be >= 90% idle, and each row says how much CPU other
programs took during the run ("others"); figures with others above ~5% are not trustworthy.
A request that does not answer 200 is reported as such, never as a throughput.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Base:
    url: str
    label: str
    pids: list[int] = field(default_factory=list)  # the server's processes, for CPU accounting
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request (credentials)


# --as KIND: the keys of a credentials file in the oracle's .env-wp format (login, app password).
ENV_KEYS = {
    "admin": ("WP_ADMIN_USER", "WP_APP_PASSWORD"),
    "author": ("WP_AUTHOR_USER", "WP_AUTHOR_APP_PASSWORD"),
    "subscriber": ("WP_SUBSCRIBER_USER", "WP_SUBSCRIBER_APP_PASSWORD"),
}


def read_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, eq, value = line.partition("=")
        if eq and not name.lstrip().startswith("#"):
            values[name.strip()] = value.strip().strip('"').strip("'")
    return values


def basic_auth(env_file: Path, kind: str) -> dict[str, str]:
    """The Authorization header of user KIND's Application Password in ENV_FILE."""
    env = read_env(env_file)
    user_key, password_key = ENV_KEYS[kind]
    if not env.get(user_key) or not env.get(password_key):
        raise SystemExit(f"bench: {env_file} has no {user_key}/{password_key}")
    token = base64.b64encode(f"{env[user_key]}:{env[password_key]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@dataclass
class Result:
    rps: float | None = None
    p50: str = ""
    p99: str = ""
    non2xx: int = 0
    errors: str = ""
    cpu: str = ""  # server / wrk / others, % of all CPUs
    http_status: int = 200
    runs: list[float] = field(default_factory=list)


# ---------------------------------------------------------------- CPU accounting (/proc)
def cpu_jiffies() -> tuple[int, int]:
    """(all, idle-ish) jiffies of all CPUs. Interrupt time (the loopback traffic of the
    benchmark itself) counts as idle: it is charged to no process."""
    with open("/proc/stat", encoding="ascii") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v), v[3] + v[4] + v[5] + v[6]


def proc_tree_jiffies(roots: list[int]) -> int:
    """CPU time (user + system) of the processes roots and all their descendants."""
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                rest = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(rest[1])
        times[int(entry)] = int(rest[11]) + int(rest[12])
    seen: set[int] = set()
    todo = [p for p in roots if p in times]
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo += [c for c, pp in parents.items() if pp == pid]
    return sum(times[p] for p in seen)


def idle_share(seconds: float = 2.0) -> float:
    t0, i0 = cpu_jiffies()
    time.sleep(seconds)
    t1, i1 = cpu_jiffies()
    return (i1 - i0) / max(1, t1 - t0)


def wait_idle(limit_s: float) -> float:
    deadline = time.monotonic() + limit_s
    while True:
        share = idle_share()
        if share >= 0.9 or time.monotonic() >= deadline:
            return share


# ---------------------------------------------------------------- wrk
def http_status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def parse_wrk(out: str) -> Result:
    res = Result()
    m = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    res.rps = float(m.group(1)) if m else None
    for pct, attr in (("50", "p50"), ("99", "p99")):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        setattr(res, attr, m.group(1) if m else "")
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    res.non2xx = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors:.*", out)
    res.errors = m.group(0).strip() if m else ""
    return res


def run_wrk(base: Base, url: str, a: argparse.Namespace) -> Result:
    for _ in range(3):  # warm-up (OPcache, connection pools, SQLite page cache)
        http_status(url, base.headers)
    wait_idle(a.wait_idle)
    t0, i0 = cpu_jiffies()
    s0 = proc_tree_jiffies(base.pids)
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        ["wrk", f"-t{a.threads}", f"-c{a.conns}", f"-d{a.duration}", "--timeout", "30s", "--latency",
         *(arg for name, value in base.headers.items() for arg in ("-H", f"{name}: {value}")), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t1, i1 = cpu_jiffies()
    res = parse_wrk(out)
    total = max(1, t1 - t0)
    busy = total - (i1 - i0)
    wrk = (c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime) * CLK_TCK
    if base.pids:
        server = proc_tree_jiffies(base.pids) - s0
        others = max(0.0, busy - server - wrk)
        res.cpu = f"{100 * server / total:.0f}/{100 * wrk / total:.0f}/{100 * others / total:.0f}"
    else:  # server processes unknown: only "server + others" together
        res.cpu = f"?/{100 * wrk / total:.0f}/{100 * (busy - wrk) / total:.0f}(+server)"
    return res


# ---------------------------------------------------------------- bases
def oracle_pids() -> list[int]:
    """The WordPress oracle's nginx and PHP-FPM (its PID files) and the MariaDB it uses."""
    state = Path(os.environ.get("ORACLE_STATE") or "/tmp/wp-oracle") / "run"
    files = [*state.glob("*.pid"), Path("/run/mysqld/mysqld.pid")]
    pids = []
    for f in files:
        with contextlib.suppress(OSError, ValueError, IndexError):
            pids.append(int(f.read_text().split()[0]))
    return pids


@contextlib.contextmanager
def started_wpcompat(oracle_dir: Path) -> Iterator[Base]:
    """The oracle's site in a temp dir, served by `wpcompat serve` (the test suite's helper)."""
    sys.path.insert(0, str(REPO))
    from tests.oracle_server import oracle_site_server

    with tempfile.TemporaryDirectory(prefix="bench-wpcompat-") as tmp:
        cm = oracle_site_server(Path(tmp), oracle_dir)
        try:
            site = cm.__enter__()
        except BaseException as e:  # the helper reports with pytest.fail(), a BaseException
            raise SystemExit(f"bench: could not start wpcompat: {e}") from None
        try:
            yield Base(url=site.url, label="wpcompat", pids=[site.pid])
        finally:
            cm.__exit__(None, None, None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bases", nargs="+", metavar="BASE_URL", help='base URLs; "wpcompat" starts one')
    ap.add_argument("--duration", default=os.environ.get("DURATION", "15s"))
    ap.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", 2)))
    ap.add_argument("--conns", type=int, default=int(os.environ.get("CONNS", 16)))
    ap.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", 1)), help="runs per cell (median)")
    ap.add_argument("--wait-idle", type=float, default=float(os.environ.get("WAIT_IDLE", 60)),
                    help="seconds to wait for an idle machine before each run")  # fmt: skip
    ap.add_argument(
        "--oracle-dir", default=os.environ.get("ORACLE_DIR") or str(REPO.parent / "shared" / "oracle")
    )
    ap.add_argument("--ids", help="ids.json (default: the oracle's)")
    ap.add_argument("--pids", action="append", default=[], metavar="BASE_URL=PID[,PID]",
                    help="the server processes of a base, to tell its CPU from other programs'")  # fmt: skip
    ap.add_argument("--json", help="also write the results as JSON")
    ap.add_argument("--as", dest="as_user", choices=("anonymous", *ENV_KEYS), default="anonymous",
                    help="who asks: anonymous, or a user's Application Password over Basic (e.g. subscriber: "
                         "the logged-in reader, whom no shared cache answers)")  # fmt: skip
    ap.add_argument("--env", action="append", default=[], metavar="BASE_URL=FILE",
                    help="the credentials of a base (the oracle's .env-wp format; scripts/oracle-site.sh "
                         "--auth-env writes it); WordPress at :8080 defaults to ORACLE_DIR/.env-wp")  # fmt: skip
    # Intermixed: bench/backends.sh puts its own base first and the caller's (WordPress) after options.
    a = ap.parse_intermixed_args(argv)

    if not shutil.which("wrk"):
        print("bench: wrk is not installed (scripts/install-test-deps.sh installs it)", file=sys.stderr)
        return 2
    oracle_dir = Path(a.oracle_dir)
    ids = json.loads(Path(a.ids or oracle_dir / "ids.json").read_text(encoding="utf-8"))
    # PERF.md's four requests; the ids come from ids.json (post 8 and post 15 in the snapshot).
    requests = [
        ("posts?per_page=10", "/wp-json/wp/v2/posts?per_page=10"),
        ("posts?per_page=10&_embed", "/wp-json/wp/v2/posts?per_page=10&_embed"),
        (
            f"comments?post={ids['post_temoignages']}",
            f"/wp-json/wp/v2/comments?post={ids['post_temoignages']}",
        ),
        (f"posts/{ids['post_pcf']}", f"/wp-json/wp/v2/posts/{ids['post_pcf']}"),
    ]
    env_files = {url.rstrip("/"): Path(f) for url, _, f in (spec.partition("=") for spec in a.env)}
    env_files.setdefault("http://127.0.0.1:8080", Path(os.environ.get("ORACLE_STATE") or oracle_dir) / ".env-wp")
    if not env_files["http://127.0.0.1:8080"].exists():
        env_files["http://127.0.0.1:8080"] = oracle_dir / ".env-wp"
    given_pids = {}
    for spec in a.pids:
        url, _, pids = spec.partition("=")
        given_pids[url.rstrip("/")] = [int(p) for p in pids.split(",") if p]

    with contextlib.ExitStack() as stack:
        bases = []
        for raw in a.bases:
            if raw == "wpcompat":
                if a.as_user != "anonymous":
                    raise SystemExit("bench: --as needs a base URL and --env for wpcompat, not 'wpcompat'")
                bases.append(stack.enter_context(started_wpcompat(oracle_dir)))
                continue
            url = raw.rstrip("/")
            pids = given_pids.get(url) or (oracle_pids() if url == "http://127.0.0.1:8080" else [])
            label = "WordPress" if url == "http://127.0.0.1:8080" else url
            headers = {}
            if a.as_user != "anonymous":
                if url not in env_files:
                    raise SystemExit(f"bench: --as {a.as_user}: no --env {url}=FILE")
                headers = basic_auth(env_files[url], a.as_user)
            bases.append(Base(url=url, label=label, pids=pids, headers=headers))

        print(f"# bench {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}: wrk -t{a.threads} -c{a.conns} "
              f"-d{a.duration} --timeout 30s, {a.runs} run(s) per cell (median), nproc={os.cpu_count()}, "
              f"as {a.as_user}, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
        for b in bases:
            print(
                f"#   {b.label}: {b.url}" + (f" (server pids {' '.join(map(str, b.pids))})" if b.pids else "")
            )
        results: dict[tuple[str, str], Result] = {}
        for label, path in requests:
            for b in bases:
                status = http_status(b.url + path, b.headers)
                if status != 200:
                    results[label, b.label] = Result(http_status=status)
                    print(f"  {label} on {b.label}: HTTP {status}, not measured", file=sys.stderr)
                    continue
                runs = []
                for n in range(a.runs):
                    runs.append(run_wrk(b, b.url + path, a))
                    r = runs[-1]
                    print(f"  {label} on {b.label}, run {n + 1}: {r.rps} req/s, p50 {r.p50}, "
                          f"cpu server/wrk/others {r.cpu}", file=sys.stderr)  # fmt: skip
                best = sorted(runs, key=lambda r: r.rps or 0)[len(runs) // 2]
                best.runs = [r.rps or 0.0 for r in runs]
                best.rps = statistics.median(best.runs)
                results[label, b.label] = best

        print_table(requests, bases, results)
        if a.json:
            Path(a.json).write_text(json.dumps(
                {f"{k[0]} @ {k[1]}": vars(v) for k, v in results.items()}, indent=1), encoding="utf-8")  # fmt: skip
    return 0


def print_table(
    requests: list[tuple[str, str]], bases: list[Base], results: dict[tuple[str, str], Result]
) -> None:
    first, others = bases[0], bases[1:]
    head = ["request"]
    for b in bases:
        head += [f"{b.label} req/s", f"{b.label} p50/p99", f"{b.label} CPU% srv/wrk/others"]
    head += [f"{first.label}/{o.label}" for o in others]
    rows = []
    for label, _ in requests:
        row = [label]
        for b in bases:
            r = results[label, b.label]
            if r.rps is None:
                row += [f"HTTP {r.http_status}", "", ""]
                continue
            bad = f" ({r.non2xx} non-2xx!)" if r.non2xx else ""
            row += [f"{r.rps:.1f}{bad}", f"{r.p50}/{r.p99}", r.cpu]
        for o in others:
            x, y = results[label, first.label].rps, results[label, o.label].rps
            row.append(f"{x / y:.2f}x" if x and y else "n/a")
        rows.append(row)
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    sys.exit(main())
