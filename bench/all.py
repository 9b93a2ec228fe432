#!/usr/bin/env python3
"""Every benchmark of bench/ in one command, with the WordPress column and the ratios.

Usage: bench/all.sh [--backends sqlite,postgresql,mysql] [--modes uncached,cached]
                    [--duration 10s] [--runs 1] [--as subscriber] [--skip comments] [--long]
                    [--out DIR]

1. Reads (bench/backends.sh → bench/bench.py, wrk -t2 -c16): the oracle's site on each backend,
   side by side with the real WordPress 6.1 at :8080, measured again in the same window for each
   backend (the machine is shared: only ratios taken together mean anything).
   - uncached: WPCOMPAT_RESPONSE_CACHE=false, asked as a logged-in reader (the subscriber's
     Application Password, on both sides): the whole path on every request;
   - cached: the response cache on, asked anonymously (what the cache may answer).
2. The shared cache (bench/cache_instances.sh → bench/cache_bench.py): cached reads with two
   instances on PostgreSQL and on MariaDB, and one SQLite instance while 5 and then 50 comments a
   second stream in (WordPress measured in the same window, without the stream); p99 beside.
3. Comment writes (bench/comment_compare.py: authenticated comment POSTs, 1 and 16 clients, on each
   backend with 1 and 2 workers, WordPress beside them; this writes to the oracle and restores it
   right after: note the window in /work/COORD.md) unless skipped.
4. With --long: the big site (bench/gen_wxr.py, then bench/bigsite.py --import, which runs
   bench/import_bench.py first), which takes tens of minutes.
Then one table: each request × backend × mode, WordPress req/s, wpcompat req/s and the ratio,
with the load average at the start and the end. Everything is also kept in --out (JSON, logs).

Env as bench/backends.sh: SITE_sqlite / AUTH_sqlite (and _postgresql, _mysql) serve a site
already built instead of building one; PG_URL, MY_URL; WPCOMPAT_WORKERS (default here: one per CPU in the reads, as WordPress's
PHP-FPM pool uses every core; one per instance in the shared-cache runs),
WPCOMPAT_ACCESS_LOG (default here: false, as the oracle's nginx runs with `access_log off`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORDPRESS = "WordPress"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> int:
    """Run a step, its output shown and kept in `log`."""
    print(f"\n$ {' '.join(cmd)}", flush=True)
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            out.write(line)
        return proc.wait()


def reads(a: argparse.Namespace, out: Path) -> dict[tuple[str, str], dict[str, dict[str, float | None]]]:
    """{(mode, backend): {request: {"wp": req/s, "wpc": req/s}}} from bench.py's JSON."""
    table: dict[tuple[str, str], dict[str, dict[str, float | None]]] = {}
    env = dict(os.environ)
    env.setdefault("WPCOMPAT_ACCESS_LOG", "false")
    env.setdefault("WPCOMPAT_WORKERS", str(os.cpu_count() or 1))
    for mode in a.modes:
        for backend in a.backends:
            variant = backend if mode == "cached" else f"{backend}-nocache"
            result = out / f"reads-{mode}-{backend}.json"
            bench_args = ["http://127.0.0.1:8080", "--duration", a.duration, "--runs", str(a.runs),
                          "--wait-idle", str(a.wait_idle), "--json", str(result)]  # fmt: skip
            if mode == "uncached" and a.as_user != "anonymous":
                bench_args += ["--as", a.as_user]
            status = run(["bash", str(BENCH / "backends.sh"), variant, "--", *bench_args],
                         out / f"reads-{mode}-{backend}.log", env)  # fmt: skip
            if status != 0 or not result.exists():
                print(f"all: reads {mode} on {backend} failed (exit {status})", file=sys.stderr)
                continue
            cells: dict[str, dict[str, float | None]] = {}
            for key, value in json.loads(result.read_text(encoding="utf-8")).items():
                request, _, base = key.rpartition(" @ ")
                side = "wp" if base == WORDPRESS else "wpc"
                cells.setdefault(request, {})[side] = value.get("rps")
            table[mode, backend] = cells
    return table


# (backend, instances, comments a second) of the shared-cache part: the issue's "two instances
# on each server" and "reads while 5 and 50 comments/s stream in" on SQLite.
CACHE_RUNS = (("postgresql", 2, 0), ("mysql", 2, 0), ("sqlite", 1, 5), ("sqlite", 1, 50))


def cache_runs(a: argparse.Namespace, out: Path) -> list[dict]:
    """One result per CACHE_RUNS entry: bench/cache_bench.py's JSON, with what was run."""
    results = []
    env = dict(os.environ)
    for backend, instances, rate in CACHE_RUNS:
        if backend not in a.backends:
            continue
        label = f"{backend}-{instances}x-{rate:g}cps"
        result = out / f"cache-{label}.json"
        status = run(["bash", str(BENCH / "cache_instances.sh"), backend, str(instances), "--",
                      "--duration", a.duration, "--comment-rate", str(rate), "--json", str(result)],
                     out / f"cache-{label}.log", env)  # fmt: skip
        if status != 0 or not result.exists():
            print(f"all: cache run {label} failed (exit {status})", file=sys.stderr)
            continue
        results.append({"backend": backend, **json.loads(result.read_text(encoding="utf-8"))})
    return results


def print_cache(results: list[dict]) -> None:
    if not results:
        return
    print("| backend | instances | comments/s | request | WordPress req/s | wpcompat req/s | ratio "
          "| wpcompat p99 ms | WordPress p99 ms | comments accepted |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        for row in result["rows"]:
            ratio = f"{row['ratio']:.0f}x" if row.get("ratio") else "n/a"
            accepted = row.get("comments", {}).get("201", row.get("comments", {}).get(201, 0))
            print(f"| {result['backend']} | {result['instances']} | {result['comment_rate']:g} "
                  f"| {row['request'].removeprefix('/wp-json/')} | {row['wordpress_rps']:.1f} "
                  f"| {row['wpcompat_rps']:.1f} | {ratio} | {row['wpcompat_p99_ms']:.1f} "
                  f"| {row['wordpress_p99_ms']:.1f} | {accepted} |")  # fmt: skip


def print_reads(table: dict[tuple[str, str], dict[str, dict[str, float | None]]]) -> None:
    if not table:
        return
    columns = list(table)
    requests = list(dict.fromkeys(r for cells in table.values() for r in cells))
    head = ["request"]
    for mode, backend in columns:
        head += [f"{backend} {mode}: WordPress req/s", "wpcompat req/s", "ratio"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for request in requests:
        row = [request]
        for column in columns:
            cell = table[column].get(request, {})
            wp, wpc = cell.get("wp"), cell.get("wpc")
            row += [f"{wp:.1f}" if wp else "n/a", f"{wpc:.1f}" if wpc else "n/a",
                    f"{wpc / wp:.1f}x" if wp and wpc else "n/a"]  # fmt: skip
        print("| " + " | ".join(row) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backends", default="sqlite,postgresql,mysql", type=lambda v: v.split(","))
    ap.add_argument("--modes", default="uncached,cached", type=lambda v: v.split(","))
    ap.add_argument("--as", dest="as_user", default="subscriber",
                    help="who asks in the uncached reads (anonymous, subscriber, author, admin)")  # fmt: skip
    ap.add_argument("--duration", default="10s", help="wrk duration per cell")
    ap.add_argument("--runs", type=int, default=1, help="wrk runs per cell (median)")
    ap.add_argument("--wait-idle", type=float, default=20, help="bench.py --wait-idle (seconds)")
    ap.add_argument("--skip", action="append", default=[], choices=("reads", "cache", "comments"),
                    help="leave a part out (repeatable)")  # fmt: skip
    ap.add_argument("--long", action="store_true", help="also the big site (100k posts, 1M comments): long")
    ap.add_argument("--out", help="where the JSON and logs go (default: a new temp dir)")
    a = ap.parse_args(argv)
    out = Path(a.out or tempfile.mkdtemp(prefix="bench-all-"))
    out.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    started = load()
    print(f"# bench/all {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}: load {started}, "
          f"nproc {os.cpu_count()}, results in {out}")  # fmt: skip

    table = reads(a, out) if "reads" not in a.skip else {}
    cached = cache_runs(a, out) if "cache" not in a.skip else []
    comments = None
    if "comments" not in a.skip:
        log = out / "comments.log"
        run([py, str(BENCH / "comment_compare.py"), "--backends", ",".join(a.backends), "--out",
             str(out / "comments")], log)  # fmt: skip
        comments = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith(("|", "#"))]
    if a.long:
        wxr = out / "big.wxr.xml"
        run([py, str(BENCH / "gen_wxr.py"), "--posts", "100000", "--comments", "10", "-o", str(wxr)],
            out / "gen.log")  # fmt: skip
        # bigsite.py --import runs bench/import_bench.py (time, comments/s, peak RSS) first.
        run([py, str(BENCH / "bigsite.py"), "--import", str(wxr)], out / "bigsite.log")

    print(f"\n# summary (load at start {started}, at end {load()}; wrk -t2 -c16 -d{a.duration}; "
          f"uncached as {a.as_user}, cached anonymous; ratio = wpcompat / WordPress, same window)")  # fmt: skip
    print_reads(table)
    if cached:
        print("\n# shared cache: two instances on the servers, SQLite under a comment stream (wrk -t2 -c16 "
              "in total; WordPress without the stream, same window)")  # fmt: skip
        print_cache(cached)
    if comments is not None:
        print("\n# comment writes (bench/comment_compare.py):")
        print("\n".join(comments))
    if a.long:
        print(f"\n# big site and import: see {out}/bigsite.log (its own table, above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
