#!/usr/bin/env python3
"""What a stream of comments costs the cached reads, counted rather than timed by wall clock.

Usage: bench/cache_recompute.py DATABASE_URL [--comments 200] [--reads 5] [--approve AUTH_ENV]
                                [--site-url URL] [--ids FILE] [--no-response-cache] [--workers N]

Serves the site at DATABASE_URL (an oracle site built by scripts/oracle-site.sh; use a copy:
comments are added) in this process, with the response cache on, and repeats: post one comment
to post_temoignages (anonymously: held for moderation; with `--approve`, as the administrator:
approved), then read each of the four PERF.md URLs `--reads` times. It reports, per URL, the
recomputations (cache misses) per comment and the process CPU time per read and per
recomputation (time.process_time around the reads only): figures that the other load of a
shared machine hardly changes, unlike req/s. `--workers N` serves the site with N apps in this
process, as `wpcompat serve --workers N` would in N processes (each its own cache; sharing
answers through a directory where the code has `WPCOMPAT_WORKERS_FOLDER`), each read made on
every one of them: recomputations are then counted over all the workers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("database_url")
    ap.add_argument("--comments", type=int, default=200)
    ap.add_argument("--reads", type=int, default=5)
    ap.add_argument("--approve", metavar="AUTH_ENV")
    ap.add_argument("--site-url", default="http://127.0.0.1:8150")
    ap.add_argument("--no-response-cache", action="store_true",
                    help="the response cache off: every read computed (from the object memo and kept embeds)")
    ap.add_argument("--ids", default=str(REPO.parent / "shared" / "oracle" / "ids.json"))
    ap.add_argument("--workers", type=int, default=1, help="apps serving the site, as workers would")
    args = ap.parse_args()

    from starlette.testclient import TestClient

    from settings import load_settings
    from wpcompat.app import create_app

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
    shared = tempfile.TemporaryDirectory(prefix="wpcompat-answers-")
    settings = load_settings(None, {
        "DATABASE_URL": args.database_url, "WPCOMPAT_SITE_URL": args.site_url, "WPCOMPAT_WP_VERSION": "6.1",
        "WPCOMPAT_DEMO_IMPORT": "false", "WPCOMPAT_CACHE_HEADER": "true", "WPCOMPAT_ACCESS_LOG": "false",
        "WPCOMPAT_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "WPCOMPAT_RESPONSE_CACHE": "false" if args.no_response_cache else "true",
        **({"WPCOMPAT_WORKERS_FOLDER": shared.name} if args.workers > 1 else {}),
    })  # fmt: skip
    misses = dict.fromkeys(paths, 0)
    cpu = dict.fromkeys(paths, 0.0)
    miss_cpu = dict.fromkeys(paths, 0.0)
    statuses: dict[int, int] = {}
    with contextlib.ExitStack() as stack:
        clients = [stack.enter_context(TestClient(create_app(settings), base_url=args.site_url))
                   for _ in range(args.workers)]
        for client in clients:
            for path in paths:  # warm
                client.get(path)
        for n in range(args.comments):
            who = {} if auth else {"author_name": f"Reader {n}", "author_email": f"r{n}@example.test"}
            r = clients[n % len(clients)].post(
                "/wp-json/wp/v2/comments", auth=auth, headers={"X-Forwarded-For": f"10.9.{n >> 8}.{n & 255}"},
                json={"post": post, **who, "content": f"Comment {n} of the stream."})
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            for path in paths:
                for _ in range(args.reads):
                    for client in clients:
                        start = time.process_time()
                        r = client.get(path)
                        spent = time.process_time() - start
                        cpu[path] += spent
                        if r.headers.get("x-wpc-cache") != "hit":
                            misses[path] += 1
                            miss_cpu[path] += spent
    shared.cleanup()
    kind = "approved" if auth else "held"
    print(f"{args.comments} {kind} comments to post {post} (answers {statuses}), {args.reads} reads of each URL "
          f"after each, on each of {args.workers} worker(s)")
    print(f"{'request':44} {'recomputed/comment':>18} {'CPU ms/read':>12} {'CPU ms/recomputation':>21}")
    for path in paths:
        per_miss = miss_cpu[path] / misses[path] * 1000 if misses[path] else 0.0
        print(f"{path[9:53]:44} {misses[path] / args.comments:18.2f} "
              f"{cpu[path] / (args.comments * args.reads * args.workers) * 1000:12.3f} {per_miss:21.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
