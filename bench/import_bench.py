#!/usr/bin/env python3
"""Import benchmark: time, comments per second and peak RSS of `wpcompat import` on SQLite.

The import runs as a child process (the real CLI, into a fresh SQLite database); its peak
resident memory is read from getrusage(RUSAGE_CHILDREN) once it exits.

    bench/import_bench.py /tmp/big.wxr.xml            # an existing file
    bench/import_bench.py /tmp/big.wxr.xml --generate 1G
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--generate", metavar="SIZE", help="generate FILE first with bench/gen_wxr.py")
    parser.add_argument("--comments", type=int, default=50, help="comments per post when generating")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    if args.generate:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "gen_wxr.py"),
                "-o",
                args.file,
                "--size",
                args.generate,
                "--comments",
                str(args.comments),
            ],
            check=True,
        )
    workdir = Path(tempfile.mkdtemp(prefix="wxr-bench-"))
    db = workdir / "bench.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "WPCOMPAT_DEMO_IMPORT": "false"}
    started = time.monotonic()
    child = subprocess.run(
        [sys.executable, "-m", "wpcompat", "import", "--no-progress", args.file],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    load = os.getloadavg()[0]
    if child.returncode != 0:
        print(child.stdout, child.stderr, sep="\n", file=sys.stderr)
        return child.returncode
    with sqlite3.connect(db) as conn:
        posts = conn.execute("SELECT COUNT(*) FROM wp_posts").fetchone()[0]
        comments = conn.execute("SELECT COUNT(*) FROM wp_comments").fetchone()[0]
    size = os.path.getsize(args.file)
    print(child.stdout.strip())
    print(f"file: {size / (1 << 20):.0f} MiB; posts {posts}, comments {comments}")
    print(
        f"time: {elapsed:.1f} s; {comments / elapsed:,.0f} comments/s; {size / (1 << 20) / elapsed:.1f} MiB/s"
    )
    print(
        f"CPU: {cpu:.1f} s ({comments / cpu:,.0f} comments per CPU-second); load average {load:.1f} "
        f"on {os.cpu_count()} CPUs (other work on the machine slows the wall-clock figure)"
    )
    print(f"peak RSS of the import process: {peak_kib / 1024:.0f} MiB")
    if not args.keep:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    else:
        print(f"database kept: {db}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
