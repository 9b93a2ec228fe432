#!/usr/bin/env python3
"""CPU per request of the big-site URLs (bench/bigsite.py's), ours and the database server's.

    bench/bigsite_cpu.py --database-url sqlite:////tmp/bigsite/wpc_bigsite_100k.db -n 50
    bench/bigsite_cpu.py --database-url postgresql://postgres@127.0.0.1:5432/wpc_bigsite_100k
    bench/bigsite_cpu.py --database-url mysql://root@127.0.0.1:3306/wpc_bigsite_100k

Wall-clock figures mean little on a shared machine; CPU time does not depend on what else
runs. The site is served by `wpcompat serve` (response cache off, --workers worker
processes); each URL is asked for once right after the start ("first": what the first
reader after a restart pays, memos empty) and then n times one at a time ("each": the mean).
CPU is read from /proc: the server's process tree (user + system, every thread), plus the
database server's share: on PostgreSQL the backends serving our database
(pg_stat_activity), on MariaDB the threads of our connections (information_schema.PROCESSLIST's
TID, threads of mariadbd; only those seen before and after a measure count). With 2 workers on 2 cores, p99 < 25 ms at 16 connections needs
roughly 2–3 ms of CPU per request.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from bigsite import WORDPRESS_MS, get, serve, urls  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _ticks(stat: Path) -> int:
    """utime + stime of a /proc stat file (fields 14 and 15), in clock ticks."""
    try:
        text = stat.read_text()
    except OSError:
        return 0
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn's worker processes), from each process's parent."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        parent = int(text[text.rindex(")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


class DatabaseSide:
    """The database server's processes or threads that serve one database."""

    def __init__(self, url: str) -> None:
        self.url = urllib.parse.urlsplit(url)
        self.name = self.url.path.lstrip("/")
        self.scheme = self.url.scheme.split("+")[0]

    def stats(self) -> list[Path]:
        if self.scheme == "postgresql":
            out = self._run(["psql", "-h", self.url.hostname or "127.0.0.1", "-p", str(self.url.port or 5432),
                             "-U", self.url.username or "postgres", "-tA", "-d", "postgres", "-c",
                             f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.name}'"])
            return [Path(f"/proc/{pid}/stat") for pid in out]
        if self.scheme in ("mysql", "mariadb"):
            out = self._run(["mysql", "-h", self.url.hostname or "127.0.0.1", "-P", str(self.url.port or 3306),
                             "-u", self.url.username or "root", "-N", "-B", "-e",
                             f"SELECT TID FROM information_schema.PROCESSLIST WHERE DB = '{self.name}'"])
            server = subprocess.run(["pgrep", "-o", "-x", "mariadbd|mysqld"], capture_output=True,
                                    text=True).stdout.split()
            return [Path(f"/proc/{server[0]}/task/{tid}/stat") for tid in out] if server else []
        return []

    @staticmethod
    def _run(command: list[str]) -> list[str]:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()


def cpu_ms(server_pid: int, database: list[Path]) -> tuple[float, dict[Path, float]]:
    """Our CPU so far, and each database process's or thread's, ms."""
    ours = sum(_ticks(Path(f"/proc/{pid}/stat")) for pid in _tree(server_pid))
    return ours * 1000 / TICK, {stat: _ticks(stat) * 1000 / TICK for stat in database}


def spent(before: tuple[float, dict[Path, float]], after: tuple[float, dict[Path, float]]) -> tuple[float, float]:
    """(ours, the database server's) CPU between two readings. Only the database threads
    seen in both count: MariaDB hands a new connection a cached thread, whose CPU so far is
    another connection's (a connection opened in between is missed: few are)."""
    theirs = sum(after[1][stat] - before[1][stat] for stat in after[1] if stat in before[1])
    return after[0] - before[0], theirs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", required=True)
    ap.add_argument("-n", type=int, default=50, help="requests per URL after the first")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--port", type=int, default=8250)
    ap.add_argument("--word", default="gouvernance")
    ap.add_argument("--rare-word", default="n°4242")
    ap.add_argument("--deep-page", type=int, default=5000)
    a = ap.parse_args()
    os.environ["WPCOMPAT_WORKERS"] = str(a.workers)
    side = DatabaseSide(a.database_url)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bigsite-cpu-") as tmp:
        server = serve(a.database_url, a.port, Path(tmp) / "serve.log")
        try:
            targets = urls(f"http://127.0.0.1:{a.port}", a.word, a.rare_word, a.deep_page)
            for name, target in targets.items():
                before = cpu_ms(server.pid, side.stats())
                status, _, first_wall = get(target)
                first = spent(before, cpu_ms(server.pid, side.stats()))
                database = side.stats()  # a first request may open connections
                after = cpu_ms(server.pid, database)
                started = time.perf_counter()
                for _ in range(a.n):
                    get(target)
                wall = (time.perf_counter() - started) * 1000 / a.n
                ours, theirs = spent(after, cpu_ms(server.pid, database))
                each = ours / a.n, theirs / a.n
                rows.append((name, status, first_wall, first, each, wall))
                print(f"  {name}: {status} first {sum(first):.0f} ms CPU, each {sum(each):.2f} ms CPU",
                      file=sys.stderr)
        finally:
            server.terminate()
            server.wait(timeout=30)
    load = os.getloadavg()
    print(f"# bigsite_cpu {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {a.database_url}; "
          f"response cache off; {a.workers} worker(s); n={a.n}; load {load[0]:.1f} on {os.cpu_count()} CPUs; "
          f"CPU from /proc at {TICK} ticks/s")
    print("| request | HTTP | first: ours + db CPU ms (wall) | each: ours + db CPU ms | each wall ms | WordPress |")
    print("|---|---|---|---|---|---|")
    for name, status, first_wall, first, each, wall in rows:
        wp = WORDPRESS_MS[str(name).replace("RARE", "WORD")]
        print(f"| {name} | {status} | {first[0]:.0f} + {first[1]:.0f} ({first_wall:.0f}) | "
              f"{each[0]:.2f} + {each[1]:.2f} = {sum(each):.2f} | {wall:.1f} | {wp:,} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
