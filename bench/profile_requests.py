#!/usr/bin/env python3
"""CPU time and queries per request for the four benchmark URLs, in process (no HTTP, no wrk).

Usage: .venv/bin/python bench/profile_requests.py --database-url sqlite:////tmp/site.db \
           --site-url http://127.0.0.1:8099 [-n 200] [--profile cprofile|pyinstrument] [--only NAME]

The site is the oracle's (scripts/oracle-site.sh … --site-url URL --database-url URL), built
for the same site URL. Each URL is asked for n times through the ASGI app (as uvicorn would,
minus the socket), twice: with the response cache on ("cached": every request after the
first is a hit) and off ("uncached": the whole path, as after a write or for a logged-in
user). CPU time is the process's (the aiosqlite worker threads included), so it holds
on a loaded machine where wall-clock req/s does not: 1000 / (CPU ms) is the req/s one core
could give. Queries are counted at the `databases` connection (the data_version probe included:
SQLite's PRAGMA, PostgreSQL's snapshot, InnoDB's transaction ids).

`--profile` prints the top of a cProfile (by cumulative time) or a pyinstrument tree of the
uncached runs; pyinstrument is a development tool (pip install pyinstrument), not a dependency.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import cProfile
import json
import os
import pstats
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from databases.core import Connection as DatabaseConnection  # noqa: E402

from settings import load_settings  # noqa: E402
from wpcompat.app import create_app  # noqa: E402
from wpcompat.storage.compiled import CachedAsyncMyBackend, CachedPostgresBackend  # noqa: E402
from wpcompat.storage.sqlite_pool import PooledSQLiteBackend  # noqa: E402

ORACLE_IDS = REPO.parent / "shared" / "oracle" / "ids.json"


def bench_urls() -> list[tuple[str, str]]:
    """The four URLs of PERF.md / bench.py, with the oracle's ids."""
    ids = (
        json.loads(ORACLE_IDS.read_text()) if ORACLE_IDS.exists() else {"post_temoignages": 15, "post_pcf": 8}
    )
    return [
        ("posts", "/wp-json/wp/v2/posts?per_page=10"),
        ("posts_embed", "/wp-json/wp/v2/posts?per_page=10&_embed"),
        ("comments", f"/wp-json/wp/v2/comments?post={ids['post_temoignages']}"),
        ("single_post", f"/wp-json/wp/v2/posts/{ids['post_pcf']}"),
    ]


class QueryCounter:
    """Counts statements sent to the database: every fetch/execute of a `databases`
    connection, and the data_version probe of the pooled SQLite backend."""

    def __init__(self) -> None:
        self.count = 0
        for name in ("fetch_all", "fetch_one", "fetch_val", "execute", "execute_many"):
            self._wrap(DatabaseConnection, name)
        self._wrap(PooledSQLiteBackend, "data_version")
        self._wrap(CachedPostgresBackend, "data_version")
        self._wrap(CachedAsyncMyBackend, "data_version")

    def _wrap(self, cls: type, name: str) -> None:
        original = getattr(cls, name)
        counter = self

        async def counted(*args: Any, **kwargs: Any) -> Any:
            counter.count += 1
            return await original(*args, **kwargs)

        setattr(cls, name, counted)


async def call(
    app: Any, path_and_query: str, extra_headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[int, bytes]:
    """One GET through the ASGI app, as uvicorn would send it."""
    path, _, query = path_and_query.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"user-agent", b"profile"), *(extra_headers or [])],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "app": app,
    }
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def with_app(settings_env: dict[str, str], work: Callable[[Any], Awaitable[None]]) -> None:
    settings = load_settings(env_file=None, environ=settings_env)
    app = create_app(settings)
    # Run the lifespan by hand (open storage, configure rendering).
    async with app.router.lifespan_context(app):
        await work(app)


def measure(
    args: argparse.Namespace,
    cached: bool,
    counter: QueryCounter,
    results: dict[tuple[str, bool], dict[str, float]],
) -> None:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "WPCOMPAT_SITE_URL": args.site_url,
            "WPCOMPAT_WP_VERSION": args.wp_version,
            "WPCOMPAT_DEMO_IMPORT": "false",
            "WPCOMPAT_RESPONSE_CACHE": "true" if cached else "false",
        }
    )
    profiler: Any = None

    async def work(app: Any) -> None:
        nonlocal profiler
        for name, url in args.urls or bench_urls():
            if args.only and name not in args.only:
                continue
            for _ in range(3):  # warm-up: imports, compiled statements, memoised options
                status, body = await call(app, url, args.headers)
                if status != 200:
                    raise SystemExit(f"{url}: HTTP {status}: {body[:200]!r}")
            before_q = counter.count
            await call(app, url, args.headers)
            queries = counter.count - before_q
            if args.profile and not cached and profiler is None:
                profiler = _start_profiler(args.profile)
            elif profiler is not None:
                _resume(profiler, args.profile)
            # The machine may be shared: of several batches, the fastest is the one least
            # disturbed by other programs (CPU time too grows with contention for caches).
            best_cpu = best_wall = float("inf")
            per_batch = max(1, args.n // args.batches)
            for _ in range(args.batches):
                cpu0, wall0 = time.process_time(), time.perf_counter()
                for _ in range(per_batch):
                    await call(app, url, args.headers)
                best_cpu = min(best_cpu, (time.process_time() - cpu0) / per_batch)
                best_wall = min(best_wall, (time.perf_counter() - wall0) / per_batch)
            if profiler is not None:
                _pause(profiler, args.profile)
            results[(name, cached)] = {
                "cpu_ms": best_cpu * 1000,
                "wall_ms": best_wall * 1000,
                "queries": queries,
                "bytes": len(body),
            }

    asyncio.run(with_app(env, work))
    if profiler is not None:
        _report_profile(profiler, args.profile)


def _start_profiler(kind: str) -> Any:
    if kind == "pyinstrument":
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled", interval=0.0005)
        profiler.start()
        return profiler
    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _pause(profiler: Any, kind: str) -> None:
    # pyinstrument cannot pause: its session just continues over the warm-ups (small).
    if kind != "pyinstrument":
        profiler.disable()


def _resume(profiler: Any, kind: str) -> None:
    if kind != "pyinstrument":
        profiler.enable()


def _report_profile(profiler: Any, kind: str) -> None:
    if kind == "pyinstrument":
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--site-url", required=True, help="the URL the site was built for")
    parser.add_argument("--wp-version", default="6.1", help="as bench.sh serves it (default 6.1)")
    parser.add_argument("-n", type=int, default=200, help="requests per URL and mode")
    parser.add_argument(
        "--batches", type=int, default=5, help="n is run in this many batches; the fastest counts"
    )
    parser.add_argument("--profile", choices=("cprofile", "pyinstrument"), help="profile the uncached runs")
    parser.add_argument(
        "--only",
        action="append",
        help="only these URL names (posts, posts_embed, comments, single_post); repeatable",
    )
    parser.add_argument(
        "--url",
        action="append",
        dest="urls",
        type=lambda v: tuple(v.split("=", 1)),
        metavar="NAME=PATH",
        help="measure these instead of the four URLs (e.g. deep=/wp-json/wp/v2/posts?page=5000); repeatable",
    )
    parser.add_argument("--uncached-only", action="store_true", help="skip the runs with the response cache")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--loop", choices=("uvloop", "asyncio"), default="uvloop", help="as `wpcompat serve` (uvloop)"
    )
    parser.add_argument(
        "--auth",
        metavar="USER:PASSWORD",
        help="send these as HTTP Basic (an Application Password): the logged-in reader's path",
    )
    args = parser.parse_args()
    args.headers = []
    if args.auth:
        token = base64.b64encode(args.auth.encode()).decode()
        args.headers.append((b"authorization", f"Basic {token}".encode()))
    if args.loop == "uvloop":
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    counter = QueryCounter()
    results: dict[tuple[str, bool], dict[str, float]] = {}
    if not args.uncached_only:
        measure(args, True, counter, results)
    measure(args, False, counter, results)
    load = os.getloadavg()
    print(
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; n={args.n} in {args.batches} batches (fastest batch); CPU ms = process CPU per request"
    )
    print(
        f"{'url':<12} {'mode':<9} {'CPU ms':>8} {'wall ms':>8} {'1-core req/s':>13} {'queries':>8} {'bytes':>7}"
    )
    for (name, cached), r in results.items():
        mode = "cached" if cached else "uncached"
        print(
            f"{name:<12} {mode:<9} {r['cpu_ms']:8.3f} {r['wall_ms']:8.3f} {1000 / r['cpu_ms']:13.0f} "
            f"{r['queries']:8d} {r['bytes']:7d}"
        )
    if args.json:
        out = {f"{name}/{'cached' if cached else 'uncached'}": r for (name, cached), r in results.items()}
        out["load"] = list(load)  # type: ignore[assignment]
        Path(args.json).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
