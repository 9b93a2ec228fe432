#!/usr/bin/env python3
"""The big-site read benchmark of issue 12: 100k posts / 1M comments, response cache off.

Usage: bench/bigsite.py DATABASE_URL [--duration 10s] [--sequential 20] [--no-wrk]
       bench/bigsite.py --import /tmp/big.wxr.xml [--server URL] ...   # import first (import_bench.py)

The database is a site imported from bench/gen_wxr.py's export (e.g. `bench/gen_wxr.py --posts
100000 --comments 10 -o /tmp/big.wxr.xml`, then `bench/import_bench.py /tmp/big.wxr.xml --keep`).
It is served by `wpcompat serve` with WPCOMPAT_RESPONSE_CACHE=false on a free port; each URL is
asked for one at a time (--sequential requests, median) and then under wrk -t2 -c16 (req/s, p99).
The WordPress column is WordPress 6.1's own figures on the same kind of export, one request at a
time on a quiet machine (the issue's table); the ratio is WordPress's time over ours.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from bench import parse_wrk  # noqa: E402

# WordPress 6.1 on the export (96k posts, 960k comments), one request at a time, ms.
WORDPRESS_MS = {
    "posts?per_page=10": 84,
    "posts?per_page=10&page=5000": 70,
    "posts?search=WORD": 1542,
    "comments?per_page=100": 3372,
    "posts?categories=ID": 1435,
    "posts/ID": 25,
    "comments?post=ID": 29,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return status, body, (time.perf_counter() - started) * 1000


def serve(database_url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "WPCOMPAT_RESPONSE_CACHE": "false",
           "WPCOMPAT_DEMO_IMPORT": "false", "WPCOMPAT_SITE_URL": f"http://127.0.0.1:{port}",
           "WPCOMPAT_ACCESS_LOG": "false"}
    child = subprocess.Popen([sys.executable, "-m", "wpcompat", "serve", "--port", str(port)], cwd=REPO,
                             env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if get(f"http://127.0.0.1:{port}/wp-json/")[0] == 200:
                return child
        except OSError:
            pass
        if child.poll() is not None:
            break
        time.sleep(0.5)
    child.kill()
    raise SystemExit(f"bigsite: the server did not start; see {log}")


def urls(base: str, word: str, deep: int) -> dict[str, str]:
    api = base + "/wp-json/wp/v2"
    status, body, _ = get(api + "/categories?per_page=1&orderby=count&order=desc")
    category = json.loads(body)[0]["id"] if status == 200 and json.loads(body) else 1
    status, body, _ = get(api + f"/posts?per_page=1&page={deep}&_fields=id")
    post = json.loads(body)[0]["id"] if status == 200 and json.loads(body) else 1
    return {
        "posts?per_page=10": api + "/posts?per_page=10",
        "posts?per_page=10&page=5000": api + f"/posts?per_page=10&page={deep}",
        "posts?search=WORD": api + f"/posts?search={word}",
        "comments?per_page=100": api + "/comments?per_page=100",
        "posts?categories=ID": api + f"/posts?categories={category}",
        "posts/ID": api + f"/posts/{post}",
        "comments?post=ID": api + f"/comments?post={post}",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("database_url", nargs="?")
    ap.add_argument("--import", dest="wxr", help="import this export first (bench/import_bench.py --keep)")
    ap.add_argument("--server", help="with --import: a PostgreSQL/MariaDB server URL to import into")
    ap.add_argument("--word", default="gouvernance", help="the search term (empty: no search)")
    ap.add_argument("--deep-page", type=int, default=5000, help="the deep page (5000 of 10,000 on 100k posts)")
    ap.add_argument("--sequential", type=int, default=10, help="one-at-a-time requests per URL (median)")
    ap.add_argument("--duration", default="10s", help="wrk duration per URL")
    ap.add_argument("--no-wrk", action="store_true")
    a = ap.parse_args()
    url = a.database_url
    if a.wxr:
        command = [sys.executable, str(REPO / "bench" / "import_bench.py"), a.wxr, "--keep"]
        if a.server:
            command += ["--server", a.server]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        print(out)
        kept = re.search(r"database kept: (\S+)", out)
        url = kept.group(1) if kept else url
        if url and not url.startswith(("sqlite", "postgresql", "mysql")):
            url = f"sqlite:///{url}"
    if not url:
        ap.error("give DATABASE_URL or --import")
    use_wrk = not a.no_wrk and shutil.which("wrk")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bigsite-") as tmp:
        server = serve(url, port, Path(tmp) / "serve.log")
        try:
            rows = []
            targets = urls(f"http://127.0.0.1:{port}", a.word, a.deep_page)
            # Every URL one at a time first: a wrk run leaves up to 16 requests queued behind
            # it, which would spoil the next URL's one-at-a-time figure.
            if not a.word:
                targets.pop("posts?search=WORD")
            for name, target in targets.items():
                status, _, _ = get(target)  # warm-up (page cache, compiled statements)
                one = statistics.median(get(target)[2] for _ in range(a.sequential))
                rows.append([name, status, one, None])
                print(f"  {name}: HTTP {status}, {one:.1f} ms one at a time", file=sys.stderr)
            for row in rows:
                name, status, one, _ = row
                # Slower than a second: 16 of them at once would only measure the queue.
                if use_wrk and status == 200 and one < 1000:
                    row[3] = parse_wrk(subprocess.run(
                        ["wrk", "-t2", "-c16", f"-d{a.duration}", "--timeout", "30s", "--latency",
                         targets[name]], capture_output=True, text=True, check=True).stdout)
                    time.sleep(3)  # let the queue drain before the next URL
        finally:
            server.terminate()
            server.wait(timeout=30)
    load = os.getloadavg()
    print(f"# bigsite {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {url}; response cache off; "
          f"load {load[0]:.1f} on {os.cpu_count()} CPUs")
    print("| request | WordPress 6.1 (issue) | wpcompat one at a time | ratio | wrk -c16 req/s | p99 |")
    print("|---|---|---|---|---|---|")
    for name, status, one, wrk in rows:
        wp = WORDPRESS_MS[name]
        shown = f"{one:,.1f} ms" if status == 200 else f"HTTP {status}"
        ratio = f"{wp / one:.1f}x" if status == 200 and one else "n/a"
        rps = f"{wrk.rps:.1f}" if wrk and wrk.rps else "-"
        p99 = wrk.p99 if wrk else "-"
        print(f"| {name} | {wp:,} ms | {shown} | {ratio} | {rps} | {p99} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
