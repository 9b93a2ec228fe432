#!/usr/bin/env python3
"""Import benchmark: time, comments per second and peak RSS of `wpcompat import`.

The import runs as a child process (the real CLI, into a fresh SQLite database, or into a
fresh database made on a PostgreSQL / MariaDB server with --server); its peak resident memory
is read from getrusage(RUSAGE_CHILDREN) once it exits.

    bench/import_bench.py /tmp/big.wxr.xml            # an existing file
    bench/import_bench.py /tmp/big.wxr.xml --generate 1G
    bench/import_bench.py /tmp/big.wxr.xml --server postgresql://postgres@127.0.0.1:5432/postgres
    bench/import_bench.py /tmp/big.wxr.xml --server mysql://root@127.0.0.1:3306/mysql --name bench_big
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class TreeRSS(threading.Thread):
    """Samples the resident memory of a process and its children (from /proc) every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self._halt = threading.Event()

    def _tree(self, pid: int) -> list[int]:
        pids = [pid]
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in children:
                pids.extend(self._tree(int(child)))
        return pids

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self) -> None:
        while not self._halt.wait(0.2):
            self.peak_kib = max(self.peak_kib, sum(self._rss(p) for p in self._tree(self.pid)))

    def stop(self) -> None:
        self._halt.set()
        self.join()


def server_cpu(server: str | None) -> float:
    """CPU seconds used so far by the database server's processes (MariaDB's one process;
    PostgreSQL's postmaster with its exited backends, which it reaped, and the live ones):
    a difference of two readings is the server's share of an import, next to the importer's.
    Other clients of a shared server count too: compare runs on a quiet server."""
    if not server:
        return 0.0
    names = ("mariadbd", "mysqld") if server.startswith("mysql") else ("postgres",)
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name in names:
            fields = text[text.rindex(")") + 2 :].split()
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / tick


async def _admin(server: str, *statements: str) -> None:
    from databases import Database

    db = Database(server)
    await db.connect()
    try:
        for statement in statements:
            await db.execute(statement)
    finally:
        await db.disconnect()


def _server_database(server: str, name: str, *, create: bool) -> str:
    """Make (or drop) database `name` on the server of `server`; its URL."""
    statements = [f"DROP DATABASE IF EXISTS {name}"]
    if create:
        suffix = " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci" if server.startswith("mysql") else ""
        statements.append(f"CREATE DATABASE {name}{suffix}")
    asyncio.run(_admin(server, *statements))
    return server.rsplit("/", 1)[0] + "/" + name


async def _counts(url: str) -> tuple[int, int]:
    from databases import Database

    db = Database(url)
    await db.connect()
    try:
        posts = await db.fetch_val("SELECT COUNT(*) FROM wp_posts")
        comments = await db.fetch_val("SELECT COUNT(*) FROM wp_comments")
    finally:
        await db.disconnect()
    return int(posts), int(comments)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--generate", metavar="SIZE", help="generate FILE first with bench/gen_wxr.py")
    parser.add_argument("--comments", type=int, default=50, help="comments per post when generating")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--server", help="a PostgreSQL or MariaDB URL (any database on it): import there")
    parser.add_argument("--name", default=f"wpc_import_{os.getpid()}", help="database made on --server")
    parser.add_argument("--sqlite", metavar="PATH", help="the SQLite database to import into (made afresh; implies --keep)")
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
    if args.sqlite:
        db = Path(args.sqlite).resolve()
        args.keep = True
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            stale.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    if args.server:
        url = _server_database(args.server, args.name, create=True)
    env = {**os.environ, "DATABASE_URL": url, "WPCOMPAT_DEMO_IMPORT": "false"}
    server_before = server_cpu(args.server)
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "wpcompat", "import", "--no-progress", args.file],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = TreeRSS(child.pid)
    sampler.start()
    stdout, stderr = child.communicate()
    elapsed = time.monotonic() - started
    sampler.stop()
    server_used = server_cpu(args.server) - server_before
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    load = os.getloadavg()[0]
    if child.returncode != 0:
        print(stdout, stderr, sep="\n", file=sys.stderr)
        return child.returncode
    if args.server:
        posts, comments = asyncio.run(_counts(url))
    else:
        with sqlite3.connect(db) as conn:
            posts = conn.execute("SELECT COUNT(*) FROM wp_posts").fetchone()[0]
            comments = conn.execute("SELECT COUNT(*) FROM wp_comments").fetchone()[0]
    size = os.path.getsize(args.file)
    print(stdout.strip())
    print(f"file: {size / (1 << 20):.0f} MiB; posts {posts}, comments {comments}")
    print(
        f"time: {elapsed:.1f} s; {comments / elapsed:,.0f} comments/s; {size / (1 << 20) / elapsed:.1f} MiB/s"
    )
    print(
        f"CPU: {cpu:.1f} s ({comments / cpu:,.0f} comments per CPU-second); load average {load:.1f} "
        f"on {os.cpu_count()} CPUs (other work on the machine slows the wall-clock figure)"
    )
    if args.server:
        print(f"server CPU: {server_used:.1f} s (every process of the server, its other clients included)")
    print(
        f"peak RSS of the largest process (getrusage): {peak_kib / 1024:.0f} MiB; "
        f"peak RSS of the import and its reader together (sampled): {sampler.peak_kib / 1024:.0f} MiB"
    )
    if not args.keep:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
        if args.server:
            _server_database(args.server, args.name, create=False)
    else:
        if args.sqlite:
            shutil.rmtree(workdir, ignore_errors=True)  # only the child's working directory
        print(f"database kept: {url if args.server else db}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
