#!/usr/bin/env python3
"""Authenticated comment POSTs, WordPress beside wpcompat in one window: the ratio table.

Usage: .venv/bin/python bench/comment_compare.py [--backends sqlite,postgresql,mysql] [--workers 1,2]
           [--clients 16] [--comments 25] [--wordpress http://127.0.0.1:8080 | --no-wordpress]
           [--db-prefix wpc_bench_comments] [--out DIR]

Each row is bench/comment_load.py: `--clients` clients at once, each posting `--comments`
comments one after the other as an administrator with an Application Password (HTTP Basic), every
tenth one sent twice (WordPress's duplicate answer, 409). Also one client alone (the time of a lone
POST). wpcompat: a fresh site per row (a SQLite file; on PostgreSQL/MariaDB a database made anew
and dropped after), served by `wpcompat serve --workers N`.

WordPress: the oracle's administrator (its Application Password from `--env`, the oracle's
.env-wp), on post `--wp-post`. Administrators can moderate, so WordPress's 15-second flood rule
does not refuse them. **This writes to the oracle**: note the window in /work/COORD.md first; the
oracle is restored (`$ORACLE_DIR/snapshot.sh restore`, the recorded state) right after its rows,
before wpcompat's are measured.

Figures: accepted comments per second, the latency a client sees (p50/p99), and the server's CPU
per request (wpcompat: its processes; WordPress: php-fpm and nginx, its MariaDB left out as other
programs share it: WordPress's real cost is higher). The ratio is wpcompat / WordPress for
throughput, WordPress / wpcompat for latency and CPU (above 1: wpcompat better). The machine is
shared: only figures taken in one window compare.
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
from typing import Any

BENCH = Path(__file__).resolve().parent
ORACLE_DIR = Path(os.environ.get("ORACLE_DIR", BENCH.parent.parent / "shared" / "oracle"))
PG_URL = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MY_URL = os.environ.get("MY_URL", "mysql://root@127.0.0.1:3306/mysql")


def env_value(path: Path, name: str) -> str:
    """One value of an .env file (read as text, not sourced: passwords hold spaces)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(name + "="):
            return line.split("=", 1)[1].strip().strip('"').strip("'")
    raise SystemExit(f"{name} not in {path}")


def admin(url: str, sql: str) -> None:
    subprocess.run([sys.executable, "-c", """import asyncio, sys
from databases import Database
async def run():
    db = Database(sys.argv[1]); await db.connect()
    try: await db.execute(sys.argv[2])
    finally: await db.disconnect()
asyncio.run(run())""", url, sql], check=True)


def fresh_database(backend: str, name: str) -> str | None:
    """The URL of an empty database for `backend` (None: comment_load makes a SQLite file)."""
    if backend == "sqlite":
        return None
    if backend == "postgresql":
        admin(PG_URL, f"DROP DATABASE IF EXISTS {name}")
        admin(PG_URL, f"CREATE DATABASE {name}")
        return PG_URL.rsplit("/", 1)[0] + "/" + name
    admin(MY_URL, f"DROP DATABASE IF EXISTS {name}")
    admin(MY_URL, f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci")
    return MY_URL.rsplit("/", 1)[0] + "/" + name


def drop_database(backend: str, name: str) -> None:
    if backend != "sqlite":
        admin(PG_URL if backend == "postgresql" else MY_URL, f"DROP DATABASE IF EXISTS {name}")


def load(args: list[str], result: Path, log: Path) -> dict[str, Any]:
    with log.open("w", encoding="utf-8") as out:
        subprocess.run([sys.executable, str(BENCH / "comment_load.py"), *args, "--json", str(result)],
                       stdout=out, stderr=subprocess.STDOUT, check=False)
    if not result.exists():
        raise SystemExit(f"comment_load.py failed: see {log}")
    return dict(json.loads(result.read_text(encoding="utf-8")))


def row(label: str, backend: str, workers: str, figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "target": label, "backend": backend, "workers": workers, "clients": figures["clients"],
        "accepted_per_s": figures["accepted_per_s"], "p50_ms": figures["latency_ms"]["p50"],
        "p99_ms": figures["latency_ms"]["p99"], "server_cpu_ms": figures["server_cpu_ms_per_request"],
        "ok": figures["ok"],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backends", default="sqlite,postgresql,mysql", type=lambda v: v.split(","))
    ap.add_argument("--workers", default="1,2", type=lambda v: [int(x) for x in v.split(",")])
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--comments", type=int, default=25, help="comments per client")
    ap.add_argument("--lone", type=int, default=40, help="comments of the one-client row")
    ap.add_argument("--wordpress", default="http://127.0.0.1:8080")
    ap.add_argument("--no-wordpress", action="store_true")
    ap.add_argument("--env", default=os.environ.get("ORACLE_ENV", "/tmp/wp-oracle/.env-wp"))
    ap.add_argument("--wp-post", type=int, default=1)
    ap.add_argument("--db-prefix", default="wpc_bench_comments")
    ap.add_argument("--out", help="JSON and logs (default: a new temp dir)")
    a = ap.parse_args()
    out = Path(a.out or tempfile.mkdtemp(prefix="comment-compare-"))
    out.mkdir(parents=True, exist_ok=True)
    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows: list[dict[str, Any]] = []
    shapes = [(1, a.lone), (a.clients, a.comments)]

    if not a.no_wordpress:
        password = env_value(Path(a.env), "WP_APP_PASSWORD")
        user = env_value(Path(a.env), "WP_ADMIN_USER")
        try:
            for clients, comments in shapes:
                figures = load(["--wordpress", a.wordpress, "--wp-user", user, "--wp-app-password", password,
                                "--wp-post", str(a.wp_post), "--clients", str(clients), "--comments", str(comments)],
                               out / f"wordpress-c{clients}.json", out / f"wordpress-c{clients}.log")
                rows.append(row("WordPress", "mariadb", "php-fpm", figures))
        finally:
            # The oracle back to its recorded state before anything else runs.
            subprocess.run([str(ORACLE_DIR / "snapshot.sh"), "restore"], check=True)

    for backend in a.backends:
        for workers in a.workers:
            for clients, comments in shapes:
                if clients == 1 and workers != a.workers[0]:
                    continue  # a lone client uses one worker whatever the count
                name = f"{a.db_prefix}_{backend}"
                url = fresh_database(backend, name)
                try:
                    args = ["--auth", "app-password", "--clients", str(clients), "--comments", str(comments),
                            "--workers", str(workers)] + (["--database-url", url] if url else [])
                    figures = load(args, out / f"{backend}-w{workers}-c{clients}.json",
                                   out / f"{backend}-w{workers}-c{clients}.log")
                finally:
                    drop_database(backend, name)
                rows.append(row("wpcompat", backend, str(workers), figures))

    wordpress = {r["clients"]: r for r in rows if r["target"] == "WordPress"}
    print(f"# authenticated comment POSTs (load at start {load_start}, at end "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())})")
    print("| target | backend | workers | clients | accepted/s | × WP | p50 ms | p99 ms | server CPU ms/request | "
          "× WP (CPU) | all answers right |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        wp = wordpress.get(r["clients"])
        ratio = cpu_ratio = ""
        if wp is not None and r["target"] != "WordPress":
            ratio = f"{r['accepted_per_s'] / wp['accepted_per_s']:.1f}×" if wp["accepted_per_s"] else ""
            cpu_ratio = f"{wp['server_cpu_ms'] / r['server_cpu_ms']:.1f}×" if r["server_cpu_ms"] else ""
        print(f"| {r['target']} | {r['backend']} | {r['workers']} | {r['clients']} | {r['accepted_per_s']} | {ratio} "
              f"| {r['p50_ms']} | {r['p99_ms']} | {r['server_cpu_ms']} | {cpu_ratio} | {'yes' if r['ok'] else 'NO'} |")
    (out / "table.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
