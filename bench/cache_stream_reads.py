#!/usr/bin/env python3
"""What a comment stream costs a running server's cached readers, at a fixed read rate.

Usage: bench/cache_stream_reads.py --url URL --server-group PGID [--seconds 20] [--rate 50]
                                   [--reads 100] [--approve AUTH_ENV] [--ids FILE]

Against a running server started with WPCOMPAT_CACHE_HEADER=true: for `--seconds`, posts
`--rate` comments a second to post_temoignages (anonymously: held; with `--approve`, as the
administrator: approved) and reads each of the four PERF.md URLs `--reads` times a second (a
fixed offered load, unlike wrk's saturating one: the server's CPU then measures what the work
costs, not how much work a loaded machine let through). It prints the server's process group's
CPU time (every worker) per second and per comment, and, per URL, the recomputations (answers
whose X-WPC-Cache is `miss`, whichever worker) per comment and the p99 latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent


def group_cpu(pgid: int) -> float:
    """User + system CPU seconds of the processes of group `pgid` (the server and its workers)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def run(args: argparse.Namespace) -> int:
    ids = json.loads(Path(args.ids).read_text())
    post = int(ids["post_temoignages"])
    paths = [
        "/wp-json/wp/v2/posts?per_page=10",
        "/wp-json/wp/v2/posts?per_page=10&_embed",
        f"/wp-json/wp/v2/comments?post={post}",
        f"/wp-json/wp/v2/posts/{ids['post_pcf']}",
    ]
    auth = None
    if args.approve:
        env = dict(line.split("=", 1) for line in Path(args.approve).read_text().splitlines()
                   if "=" in line and not line.startswith("#"))
        auth = (env["WP_ADMIN_USER"], env["WP_APP_PASSWORD"])
    misses = dict.fromkeys(paths, 0)
    latencies: dict[str, list[float]] = {p: [] for p in paths}
    answers: dict[int, int] = {}
    stamp = int(time.time())
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30) as http:

        async def read(path: str) -> None:
            start = time.monotonic()
            r = await http.get(path)
            latencies[path].append(time.monotonic() - start)
            if r.status_code != 200:
                answers[-r.status_code] = answers.get(-r.status_code, 0) + 1
            if r.headers.get("x-wpc-cache") == "miss":
                misses[path] += 1

        async def comment(n: int) -> None:
            body: dict[str, object] = {"post": post, "content": f"Comment {n} of stream {stamp}."}
            if not auth:
                body.update(author_name=f"Reader {n}", author_email=f"r{stamp}.{n}@example.test")
            r = await http.post("/wp-json/wp/v2/comments", json=body, auth=auth,
                                headers={"X-Forwarded-For": f"10.{stamp & 255}.{n >> 8 & 255}.{n & 255}"})
            answers[r.status_code] = answers.get(r.status_code, 0) + 1

        for path in paths:  # warm
            await http.get(path)
        tasks: set[asyncio.Task[None]] = set()
        events = sorted(
            [(n / args.rate, 0, n) for n in range(int(args.seconds * args.rate))]
            + [(n / args.reads, 1 + i, n) for i in range(len(paths)) for n in range(int(args.seconds * args.reads))]
        )
        before, start = group_cpu(args.server_group), time.monotonic()
        for at, kind, n in events:
            late = start + at - time.monotonic()
            if late > 0:
                await asyncio.sleep(late)
            task = asyncio.create_task(comment(n) if kind == 0 else read(paths[kind - 1]))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - start
        spent = group_cpu(args.server_group) - before
    comments = int(args.seconds * args.rate)
    kind = "approved" if auth else "held"
    print(f"{comments} {kind} comments at {args.rate:g}/s, {args.reads:g} reads/s of each URL, {elapsed:.1f} s "
          f"(answers {answers}), load {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"server CPU: {spent / elapsed * 1000:.0f} ms per second, {spent / comments * 1000:.2f} ms per comment")
    print(f"{'request':44} {'recomputed/comment':>18} {'p50 ms':>8} {'p99 ms':>8}")
    for path in paths:
        lat = sorted(latencies[path])
        print(f"{path[9:53]:44} {misses[path] / max(comments, 1):18.2f} "
              f"{lat[len(lat) // 2] * 1000:8.1f} {lat[int(len(lat) * 0.99)] * 1000:8.1f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--server-group", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--rate", type=float, default=50.0, help="comments per second")
    ap.add_argument("--reads", type=float, default=100.0, help="reads per second of each URL")
    ap.add_argument("--approve", metavar="AUTH_ENV")
    ap.add_argument("--ids", default=str(REPO.parent / "shared" / "oracle" / "ids.json"))
    return asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
