#!/usr/bin/env python3
"""Cached reads of one or several wpcompat instances next to WordPress, optionally while
comments stream in.

Usage: bench/cache_bench.py --wordpress http://127.0.0.1:8080 --instances URL[,URL...]
                            [--duration 10s] [--comment-rate 0] [--comment-post ID] [--json FILE]
                            [--approve AUTH_ENV] [--server-groups PGID[,PGID...]]

For each of the oracle's four PERF.md requests, in the same window: wrk -t2 -c16 --latency on
WordPress, then the same total load split over the instances (one wrk per instance, together
-t2 -c16, started at once; their req/s summed, the worse p99 kept), and the ratio. With
`--comment-rate N`, a client posts N anonymous comments a second (round robin over the
instances, each from its own address: the instances must trust X-Forwarded-For) to
`--comment-post` (default: the post whose comments are read, the worst case for that URL) for
the whole of each wpcompat run; WordPress is measured without that stream (its read throughput
is the reference). With `--server-groups` (the instances' process groups), the instances' CPU
time per answered read is printed too (comment posts included): on a shared machine a steadier
figure than req/s. `--approve AUTH_ENV` posts the stream's comments as the site's administrator
(approved at once: every comment changes what readers see) instead of anonymously (a first
comment: held for moderation, which no anonymous answer shows). `bench/cache_instances.sh` builds the site on a backend and starts the
instances. The load average is printed beside each row: the machine is shared.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(url: str, duration: str, threads: int, conns: int) -> tuple[float, float, int]:
    """(req/s, p99 in ms, non-2xx responses) of one wrk run."""
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{conns}", f"-d{duration}", "--timeout", "30s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    latency = float(p99.group(1)) * _UNITS[p99.group(2)] if p99 else float("nan")
    return rps, latency, int(non2xx.group(1)) if non2xx else 0


# Commenters are numbered across every stream of a run: a stream's first commenters must not be
# the previous stream's (same address and email a few seconds later: WordPress's 15 s flood
# check refused every comment of a cell that followed another by less than 15 s).
_COMMENTERS = itertools.count(1)


class CommentStream:
    """Posts `rate` comments a second to `post`, round robin over `bases`, until stopped."""

    def __init__(self, bases: list[str], post: int, rate: float, auth: tuple[str, str] | None = None) -> None:
        self.bases, self.post, self.rate, self.auth = bases, post, rate, auth
        self.statuses: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._n = 0
        self._lock = threading.Lock()

    def __enter__(self) -> CommentStream:
        if self.rate > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        # Posts are sent on time by a pool of senders: one slow answer must not lower the rate.
        start = time.monotonic()
        with httpx.Client(timeout=30) as client, ThreadPoolExecutor(16) as senders:
            while not self._stop.is_set():
                due = start + self._n / self.rate
                if (wait := due - time.monotonic()) > 0:
                    self._stop.wait(wait)
                    continue
                self._n += 1
                senders.submit(self._post, client, self._n)

    def _post(self, client: httpx.Client, n: int) -> None:
        base = self.bases[n % len(self.bases)]
        n = next(_COMMENTERS)
        ip = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        try:
            # Anonymous: held for moderation (a first comment); as the administrator: approved
            # (and no flood check), shown to every reader.
            who = {"author_name": f"Reader {n}", "author_email": f"r{n}@example.test"} if self.auth is None else {}
            r = client.post(f"{base}/wp-json/wp/v2/comments", headers={"X-Forwarded-For": ip}, auth=self.auth, json={
                "post": self.post, **who, "content": f"Comment {n} of the stream, {time.time()}.",
            })  # fmt: skip
            status = r.status_code
        except httpx.HTTPError:
            status = 0
        with self._lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def group_cpu_seconds(groups: set[int]) -> float:
    """CPU time (user + system) used so far by the processes of these process groups (a
    server and its workers: bench/cache_instances.sh starts each in a group of its own)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) in groups:  # pgrp; utime and stime are fields 14 and 15 of stat
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _seconds(duration: str) -> float:
    match = re.fullmatch(r"([\d.]+)([smh]?)", duration)
    if match is None:
        raise SystemExit(f"--duration: {duration!r} is not a wrk duration (10s, 2m...)")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def cpu_note(row: dict[str, object]) -> str:
    cpu = row.get("wpcompat_cpu_ms_per_request")
    return f"  cpu {cpu:.3f} ms/req" if isinstance(cpu, float) else ""


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordpress", default="http://127.0.0.1:8080")
    ap.add_argument("--instances", required=True, help="comma-separated base URLs of the wpcompat instances")
    ap.add_argument("--ids", default=str(REPO.parent / "shared" / "oracle" / "ids.json"))
    ap.add_argument("--duration", default="10s")
    ap.add_argument("--comment-rate", type=float, default=0.0, help="comments per second during wpcompat runs")
    ap.add_argument("--comment-post", type=int, help="post the comments go to (default: post_temoignages)")
    ap.add_argument("--only", help="regex: measure only the matching requests")
    ap.add_argument("--json", help="write the rows as JSON")
    ap.add_argument("--approve", metavar="AUTH_ENV", help="post the comments as the administrator of this "
                    "file (scripts/oracle-site.sh --auth-env): approved at once")
    ap.add_argument("--server-groups", help="comma-separated process group ids of the instances (their CPU per "
                    "request is reported: a figure the other load of a shared machine changes less than req/s)")
    args = ap.parse_args()
    ids_file = Path(args.ids) if Path(args.ids).exists() else Path("/work/shared/oracle/ids.json")
    ids = json.loads(ids_file.read_text())
    bases = [b.rstrip("/") for b in args.instances.split(",")]
    paths = [
        "/wp-json/wp/v2/posts?per_page=10",
        "/wp-json/wp/v2/posts?per_page=10&_embed",
        f"/wp-json/wp/v2/comments?post={ids['post_temoignages']}",
        f"/wp-json/wp/v2/posts/{ids['post_pcf']}",
    ]
    if args.only:
        paths = [p for p in paths if re.search(args.only, p)]
    post = args.comment_post or int(ids["post_temoignages"])
    conns, threads = 16 // len(bases), max(1, 2 // len(bases))
    auth = None
    if args.approve:
        env = dict(line.split("=", 1) for line in Path(args.approve).read_text().splitlines() if "=" in line
                   and not line.startswith("#"))
        auth = (env["WP_ADMIN_USER"], env["WP_APP_PASSWORD"])
    groups = {int(g) for g in args.server_groups.split(",")} if args.server_groups else set()
    rows = []
    print(f"{len(bases)} instance(s), {args.comment_rate:g} {'approved' if auth else 'held'} comments/s to post {post}, {args.duration} per run")
    print(f"{'request':44} {'WP req/s':>9} {'wpc req/s':>10} {'ratio':>7} {'wpc p99':>9} {'WP p99':>9}  load")
    for path in paths:
        for base in (args.wordpress, *bases):  # warm up (and fill the caches)
            for _ in range(3):
                httpx.get(base + path, timeout=30)
        wp_rps, wp_p99, wp_bad = wrk(args.wordpress + path, args.duration, 2, 16)
        cpu_before = group_cpu_seconds(groups)
        with CommentStream(bases, post, args.comment_rate, auth) as stream, ThreadPoolExecutor(len(bases)) as pool:
            runs = [pool.submit(wrk, base + path, args.duration, threads, conns) for base in bases]
            results = [run.result() for run in runs]
        cpu = group_cpu_seconds(groups) - cpu_before
        rps = sum(r[0] for r in results)
        p99 = max(r[1] for r in results)
        bad = sum(r[2] for r in results)
        row = {
            "request": path, "wordpress_rps": wp_rps, "wordpress_p99_ms": wp_p99, "wpcompat_rps": rps,
            "wpcompat_p99_ms": p99, "ratio": rps / wp_rps if wp_rps else None, "non2xx": bad + wp_bad,
            "comments": stream.statuses, "load": load(),
            # The instances' CPU per answered read (the comments' posting included).
            "wpcompat_cpu_ms_per_request": 1000 * cpu / (rps * _seconds(args.duration)) if groups and rps else None,
        }  # fmt: skip
        rows.append(row)
        print(f"{path[9:53]:44} {wp_rps:9.1f} {rps:10.1f} {row['ratio'] or 0:6.0f}x {p99:7.1f}ms {wp_p99:7.1f}ms"
              f"  {row['load']}{cpu_note(row)}  comments {stream.statuses or '-'}{'  NON-2xx ' + str(bad + wp_bad) if bad + wp_bad else ''}")
    if args.json:
        Path(args.json).write_text(json.dumps({"instances": len(bases), "comment_rate": args.comment_rate,
                                               "rows": rows, "cpus": os.cpu_count()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
