#!/usr/bin/env python3
"""The big-site read benchmark of issue 12: 100k posts / 1M comments, response cache off.

One step of the one-command bench (bench/all.sh), on one backend:

    bench/bigsite.py --backend sqlite --size 100k             # generate, import, measure
    bench/bigsite.py --backend postgresql --size 100k --skip-import   # the database is there
    bench/bigsite.py --backend mysql --size small --no-wrk    # a quick look (2,000 posts)
    bench/bigsite.py --database-url sqlite:////tmp/big.db     # any imported site
    bench/load_from_sqlite.py /tmp/bigsite/wpc_bigsite_100k.db --server URL --name wpc_bigsite_100k
                                      # the servers' copy of the SQLite site, faster than importing

--size picks the export bench/gen_wxr.py writes (100k: 100,000 posts with 10 comments each;
small: 2,000 posts), kept in --workdir with the SQLite database; PostgreSQL and MariaDB get a
database named `wpc_bigsite_<size>` on --server (default: this machine's servers). The import
runs through bench/import_bench.py (wall-clock comments/s and peak RSS are printed). The site is
then served by `wpcompat serve` with WPCOMPAT_RESPONSE_CACHE=false on a free port; each URL is
asked for one at a time (--sequential requests, median) and then under wrk -t2 -c16 (req/s,
p50, p99). The WordPress column is WordPress 6.1's own figures on the same kind of export, one
request at a time on a quiet machine (the issue's table); the ratio is WordPress's time over
ours one at a time. Output: a Markdown table on standard output, progress on standard error.
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
import urllib.parse
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


def urls(base: str, word: str, rare: str, deep: int) -> dict[str, str]:
    api = base + "/wp-json/wp/v2"
    status, body, _ = get(api + "/categories?per_page=1&orderby=count&order=desc")
    category = json.loads(body)[0]["id"] if status == 200 and json.loads(body) else 1
    status, body, _ = get(api + f"/posts?per_page=1&page={deep}&_fields=id")
    post = json.loads(body)[0]["id"] if status == 200 and json.loads(body) else 1
    targets = {
        "posts?per_page=10": api + "/posts?per_page=10",
        "posts?per_page=10&page=5000": api + f"/posts?per_page=10&page={deep}",
        "posts?search=WORD": api + f"/posts?search={urllib.parse.quote(word)}",
        "posts?search=RARE": api + f"/posts?search={urllib.parse.quote(rare)}",
        "comments?per_page=100": api + "/comments?per_page=100",
        "posts?categories=ID": api + f"/posts?categories={category}",
        "posts/ID": api + f"/posts/{post}",
        "comments?post=ID": api + f"/comments?post={post}",
    }
    if not word:
        targets.pop("posts?search=WORD")
    if not rare:
        targets.pop("posts?search=RARE")
    return targets


SIZES = {"small": (2000, 10), "100k": (100_000, 10)}
SERVERS = {"postgresql": "postgresql://postgres@127.0.0.1:5432/postgres",
           "mysql": "mysql://root@127.0.0.1:3306/mysql"}


def prepare(a: argparse.Namespace) -> str:
    """The site's DATABASE_URL: generated and imported unless --skip-import."""
    workdir = Path(a.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    posts, comments = SIZES[a.size]
    wxr = Path(a.wxr) if a.wxr else workdir / f"bigsite-{a.size}.wxr.xml"
    name = f"wpc_bigsite_{a.size}"
    if a.backend == "sqlite":
        url = f"sqlite:///{workdir / (name + '.db')}"
    else:
        server = a.server or SERVERS[a.backend]
        url = server.rsplit("/", 1)[0] + "/" + name
    if a.skip_import:
        return url
    if not wxr.exists():
        print(f"bigsite: generating {wxr} ({posts:,} posts, {comments} comments each)", file=sys.stderr)
        subprocess.run([sys.executable, str(REPO / "bench" / "gen_wxr.py"), "--posts", str(posts),
                        "--comments", str(comments), "-o", str(wxr)], check=True)
    command = [sys.executable, str(REPO / "bench" / "import_bench.py"), str(wxr), "--keep"]
    if a.backend == "sqlite":
        command += ["--sqlite", str(workdir / (name + ".db"))]
    else:
        command += ["--server", a.server or SERVERS[a.backend], "--name", name]
    print(f"bigsite: importing into {url}", file=sys.stderr)
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    print(out, file=sys.stderr)
    return url


def measure(url: str, a: argparse.Namespace) -> list[list[object]]:
    use_wrk = not a.no_wrk and shutil.which("wrk")
    port = a.port or free_port()
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="bigsite-") as tmp:
        server = serve(url, port, Path(tmp) / "serve.log")
        try:
            targets = urls(f"http://127.0.0.1:{port}", a.word, a.rare_word, a.deep_page)
            # Every URL one at a time first: a wrk run leaves up to 16 requests queued behind
            # it, which would spoil the next URL's one-at-a-time figure.
            for name, target in targets.items():
                status, _, _ = get(target)  # warm-up (page cache, compiled statements)
                one = statistics.median(get(target)[2] for _ in range(a.sequential))
                rows.append([name, status, one, None])
                print(f"  {name}: HTTP {status}, {one:.1f} ms one at a time", file=sys.stderr)
            for row in rows:
                name, status, one = row[0], row[1], float(row[2])  # type: ignore[arg-type]
                # Slower than a second: 16 of them at once would only measure the queue.
                if use_wrk and status == 200 and one < 1000:
                    row[3] = parse_wrk(subprocess.run(
                        ["wrk", "-t2", "-c16", f"-d{a.duration}", "--timeout", "30s", "--latency",
                         targets[str(name)]], capture_output=True, text=True, check=True).stdout)
                    time.sleep(3)  # let the queue drain before the next URL
        finally:
            server.terminate()
            server.wait(timeout=30)
    return rows


def _ms(value: str) -> float | None:
    """wrk's latency (`850.00us`, `12.34ms`, `1.20s`) in ms."""
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", value or "")
    if not m:
        return None
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "mysql"), default="sqlite")
    ap.add_argument("--size", choices=tuple(SIZES), default="100k")
    ap.add_argument("--skip-import", action="store_true", help="the database of --size is already imported")
    ap.add_argument("--database-url", help="measure this site instead (no generation, no import)")
    ap.add_argument("--server", help="PostgreSQL/MariaDB server URL (any database on it) for the import")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "bigsite"),
                    help="where the export and the SQLite database are kept")
    ap.add_argument("--wxr", help="import this export instead of generating one")
    ap.add_argument("--word", default="gouvernance", help="a search term found in almost every post (empty: none)")
    ap.add_argument("--rare-word", default="n°4242", help="a search term found in a few posts (empty: none)")
    ap.add_argument("--deep-page", type=int, help="the deep page (default: the middle one, 5000 on 100k posts)")
    ap.add_argument("--port", type=int, default=0, help="where the measured server listens (default: a free port)")
    ap.add_argument("--sequential", type=int, default=10, help="one-at-a-time requests per URL (median)")
    ap.add_argument("--duration", default="10s", help="wrk duration per URL")
    ap.add_argument("--no-wrk", action="store_true")
    a = ap.parse_args()
    a.deep_page = a.deep_page or SIZES[a.size][0] // 10 // 2
    url = a.database_url or prepare(a)
    rows = measure(url, a)
    load = os.getloadavg()
    print(f"# bigsite {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {url}; response cache off; "
          f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
    print("| request | WordPress 6.1 (issue) | one at a time | ratio | wrk -c16 req/s | p50 | p99 | p99 < 25 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, status, one, wrk in rows:
        # WordPress's search reads every post whatever the word: its one figure stands for both.
        wp = WORDPRESS_MS[str(name).replace("RARE", "WORD")]
        ok = status == 200
        shown = f"{one:,.1f} ms" if ok else f"HTTP {status}"
        ratio = f"{wp / float(one):.1f}x" if ok and one else "n/a"  # type: ignore[arg-type]
        rps = f"{wrk.rps:.1f}" if wrk and wrk.rps else "-"  # type: ignore[attr-defined]
        p50 = wrk.p50 if wrk else "-"  # type: ignore[attr-defined]
        p99 = wrk.p99 if wrk else "-"  # type: ignore[attr-defined]
        p99_ms = _ms(p99) if wrk else None
        # No request finished within the run: wrk prints zero latencies.
        verdict = "-" if not p99_ms or not (wrk and wrk.rps) else ("yes" if p99_ms < 25 else "no")
        print(f"| {name} | {wp:,} ms | {shown} | {ratio} | {rps} | {p50} | {p99} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
