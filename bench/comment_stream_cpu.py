#!/usr/bin/env python3
"""What one comment POST costs a running server, in CPU (what the readers of its workers lose).

Usage: bench/comment_stream_cpu.py --url http://127.0.0.1:PORT --server-group PGID
                                   [--comments 300] [--rate 50] [--approve AUTH_ENV] [--post ID]

Posts `--comments` comments at `--rate` a second to one post (default: the oracle's
post_temoignages), anonymously (a first comment: held for moderation, which mails the
moderators) or, with `--approve`, as the administrator of that file (approved at once), each
from its own address (the server must trust X-Forwarded-For, as bench/cache_instances.sh sets
it), and prints the server's process group's CPU time (user + sys, from /proc: every worker,
the mail sender included) per POST. Only the stream runs: compare two builds by running this
against each, alternately, on copies of one site (scripts/oracle-site.sh).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def group_cpu(pgid: int) -> float:
    """User + system seconds of the live processes of a process group."""
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--server-group", type=int, required=True)
    ap.add_argument("--comments", type=int, default=300)
    ap.add_argument("--rate", type=float, default=50.0)
    ap.add_argument("--approve", metavar="AUTH_ENV")
    ap.add_argument("--post", type=int)
    ap.add_argument("--ids", default=str(REPO.parent / "shared" / "oracle" / "ids.json"))
    args = ap.parse_args()
    post = args.post or int(json.loads(Path(args.ids).read_text())["post_temoignages"])
    auth = {}
    if args.approve:
        env = dict(line.split("=", 1) for line in Path(args.approve).read_text().splitlines()
                   if "=" in line and not line.startswith("#"))
        token = base64.b64encode(f"{env['WP_ADMIN_USER']}:{env['WP_APP_PASSWORD']}".encode()).decode()
        auth = {"Authorization": f"Basic {token}"}
    stamp = int(time.time())
    answers: dict[int, int] = {}
    before, start = group_cpu(args.server_group), time.monotonic()
    for n in range(args.comments):
        body: dict[str, object] = {"post": post, "content": f"Comment {n} of stream {stamp}."}
        if not auth:
            body.update(author_name=f"Reader {n}", author_email=f"r{stamp}.{n}@example.test")
        request = urllib.request.Request(
            args.url.rstrip("/") + "/wp-json/wp/v2/comments", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": f"10.{stamp & 255}.{n >> 8 & 255}.{n & 255}",
                     **auth})
        try:
            with urllib.request.urlopen(request) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        answers[status] = answers.get(status, 0) + 1
        late = start + (n + 1) / args.rate - time.monotonic()
        if late > 0:
            time.sleep(late)
    time.sleep(1.0)  # the mail sender's last pass
    spent = group_cpu(args.server_group) - before
    kind = "approved" if auth else "held"
    print(f"{args.comments} {kind} comments at {args.rate:g}/s (answers {answers}): "
          f"{spent / args.comments * 1000:.2f} ms of server CPU per comment POST")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
