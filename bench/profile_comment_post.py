#!/usr/bin/env python3
"""Where the time of an authenticated comment POST goes, in process (no HTTP socket).

Usage: .venv/bin/python bench/profile_comment_post.py [--auth app-password|cookie|guest] [-n 300]
           [--database-url URL] [--role administrator|subscriber] [--profile] [--queries]

A fresh site (its own SQLite file in a temporary directory unless --database-url names an empty
database) with one open post and one user with an Application Password; `-n` comments are
posted one after the other through the ASGI app, each with its own content (and, as a guest,
its own address, so the flood rule does not refuse them). Prints the wall and CPU ms per POST
(p50/p99; CPU includes the aiosqlite threads), the statements and the round trips to the
database per POST (BEGIN and COMMIT included; MariaDB's multi-statement trips count once); `--profile` writes a
cProfile of the run, `--phases` the wall ms per POST of each step. A subscriber is not exempt from the flood rule: give -n 1.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import cProfile
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from databases.core import Connection as DatabaseConnection  # noqa: E402

from auth.accounts import UserFields, create_user  # noqa: E402
from auth.application_passwords import create_password  # noqa: E402
from auth.nonces import REST_ACTION, create_nonce  # noqa: E402
from auth.sessions import COOKIE_NAME, cookie_value, create_session  # noqa: E402
from settings import load_settings  # noqa: E402
from wpcompat.app import create_app  # noqa: E402
from wpcompat.storage import open_storage  # noqa: E402
from wpcompat.storage.options import set_option  # noqa: E402

STATEMENTS: list[tuple[str, Any]] = []


# Where the wall time of a POST goes (inclusive: a phase nested in another counts in both).
PHASES = (
    "wpcompat.rest.server:load_site", "wpcompat.rest.authentication:authenticate",
    "auth.basic:find_matching", "auth.basic:user_from_row", "auth.basic:throttle.retry_after",
    "auth.basic:throttle.clear", "auth.basic:record_usage", "wpcompat.rest.authentication:cookie_principal",
    "wpcompat.rest.comment_writes:create_item_permission", "wpcompat.rest.comment_writes:_prepare_for_database",
    "wpcompat.rest.comment_writes:submit", "wpcompat.discussion.submission:load_user",
    "wpcompat.discussion.submission:store.write_transaction", "wpcompat.discussion.submission:store.submission_reads",
    "wpcompat.discussion.submission:_approval", "wpcompat.discussion.submission:store.insert_comment",
    "wpcompat.discussion.submission:store.bump_comment_count",
    "wpcompat.discussion.submission:notifications.comment_posted", "wpcompat.rest.comment_writes:_respond",
)
PHASE_MS: dict[str, float] = {}


def time_phases() -> None:
    import contextlib
    import importlib

    for spec in PHASES:
        module_name, _, path = spec.partition(":")
        owner: Any = importlib.import_module(module_name)
        *parents, attr = path.split(".")
        for part in parents:
            owner = getattr(owner, part)
        original = getattr(owner, attr)
        if getattr(original, "__name__", "") == "write_transaction":

            def wrap_cm(original: Any = original, spec: str = spec) -> Any:
                @contextlib.asynccontextmanager
                async def timed(*args: Any, **kwargs: Any) -> Any:
                    started = time.perf_counter()
                    async with original(*args, **kwargs):
                        yield
                    PHASE_MS[spec] = PHASE_MS.get(spec, 0.0) + (time.perf_counter() - started) * 1000

                return timed

            setattr(owner, attr, wrap_cm())
            continue

        def wrap(original: Any = original, spec: str = spec) -> Any:
            async def timed(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    PHASE_MS[spec] = PHASE_MS.get(spec, 0.0) + (time.perf_counter() - started) * 1000

            return timed

        setattr(owner, attr, wrap())


# Round trips to the database of the current POST: statements sent one by one, the statements
# MariaDB gets in one round trip (comment_writes.one_round_trip), BEGIN/COMMIT/ROLLBACK and savepoints.
ROUND_TRIPS: list[str] = []


def count_statements() -> None:
    from databases.core import Transaction

    from wpcompat.storage import comment_writes

    for name in ("fetch_all", "fetch_one", "fetch_val", "execute", "execute_many"):
        original = getattr(DatabaseConnection, name)

        def wrap(original: Any = original, name: str = name) -> Any:
            async def counted(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
                STATEMENTS.append((name, query))  # shown (compiled) only by --queries
                ROUND_TRIPS.append(name)
                return await original(self, query, *args, **kwargs)

            return counted

        setattr(DatabaseConnection, name, wrap())
    if hasattr(comment_writes, "one_round_trip"):
        together = comment_writes.one_round_trip

        async def one_round_trip(storage: Any, queries: list[Any]) -> Any:
            STATEMENTS.extend(("one_round_trip", query) for query in queries)
            ROUND_TRIPS.append("one_round_trip")
            return await together(storage, queries)

        comment_writes.one_round_trip = one_round_trip
    for name in ("start", "commit", "rollback"):
        step = getattr(Transaction, name)

        def wrap_step(step: Any = step, name: str = name) -> Any:
            async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
                ROUND_TRIPS.append(name)
                return await step(self, *args, **kwargs)

            return counted

        setattr(Transaction, name, wrap_step())


async def build(url: str, role: str) -> tuple[int, int, str]:
    """One open post and one user with an Application Password: (post id, user id, password)."""
    import sqlalchemy as sa

    storage = await open_storage(url)
    try:
        user_id = await create_user(storage, "writer", UserFields(email="writer@exemple.fr", role=role,
                                                                  display_name="Écrivain"))
        password, _ = await create_password(storage, user_id, "bench")
        await set_option(storage, "comment_previously_approved", "0")
        posts = storage.tables.posts
        stamp = "2024-01-02 10:00:00"
        post_id = int(await storage.db.execute(sa.insert(posts).values(
            post_author=user_id, post_date=stamp, post_date_gmt=stamp, post_content="Charge", post_title="Charge",
            post_excerpt="", post_status="publish", comment_status="open", ping_status="open", post_password="",
            post_name="charge", to_ping="", pinged="", post_modified=stamp, post_modified_gmt=stamp,
            post_content_filtered="", post_parent=0, guid="http://127.0.0.1/?p=1", menu_order=0, post_type="post",
            post_mime_type="", comment_count=0,
        )))
        return post_id, user_id, password
    finally:
        await storage.db.disconnect()


async def post_once(app: Any, body: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/wp-json/wp/v2/comments", "raw_path": b"/wp-json/wp/v2/comments", "query_string": b"",
        "root_path": "", "headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80),
        "app": app,
    }
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--auth", choices=("app-password", "cookie", "guest"), default="app-password")
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    ap.add_argument("--role", default="administrator")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--clients", type=int, default=1, help="post from this many clients at once (throughput)")
    ap.add_argument("--group-max", type=int, default=32, help="with --clients: submissions per transaction")
    ap.add_argument("--phases", action="store_true", help="wall ms per POST in each phase")
    ap.add_argument("--queries", action="store_true", help="list the statements of the last POST")
    a = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="comment-profile."))
    url = a.database_url or f"sqlite:///{workdir / 'site.db'}"
    post_id, user_id, password = asyncio.run(build(url, a.role))
    env = {**os.environ, "DATABASE_URL": url, "WPCOMPAT_SITE_URL": "http://127.0.0.1",
           "WPCOMPAT_DEMO_IMPORT": "false", "WPCOMPAT_TRUSTED_PROXY_HEADER": "X-Forwarded-For"}
    settings = load_settings(env_file=None, environ=env)
    app = create_app(settings)
    count_statements()
    if a.phases:
        time_phases()
    wall: list[float] = []
    cpu: list[float] = []
    per_post: list[int] = []
    trips: list[int] = []
    statuses: dict[int, int] = {}
    profiler = cProfile.Profile(time.process_time) if a.profile else None  # CPU, not wall (the database waits)

    async def run() -> None:
        async with app.router.lifespan_context(app):
            headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"), (b"user-agent", b"profile")]
            if a.auth == "app-password":
                token = base64.b64encode(f"writer:{password}".encode()).decode()
                headers.append((b"authorization", f"Basic {token}".encode()))
            elif a.auth == "cookie":
                storage = app.state.storage
                session = await create_session(storage, settings, user_id=user_id)
                nonce = create_nonce(settings.secret_key, REST_ACTION, user_id, session.token)
                headers += [(b"cookie", f"{COOKIE_NAME}={cookie_value(settings, session)}".encode()),
                            (b"x-wp-nonce", nonce.encode())]
            if a.clients > 1:
                await concurrent(headers)
                return
            for n in range(a.n + 5):
                body = {"post": post_id, "content": f"Commentaire numéro {n} : l'économie sociale avance."}
                extra = []
                if a.auth == "guest":
                    body.update(author_name=f"Visiteur {n}", author_email=f"v{n}@exemple.fr")
                    extra = [(b"x-forwarded-for", f"10.0.{n // 256 % 256}.{n % 256}".encode())]
                data = json.dumps(body).encode()
                STATEMENTS.clear()
                ROUND_TRIPS.clear()
                if profiler is not None and n >= 5:
                    profiler.enable()
                w0, c0 = time.perf_counter(), time.process_time()
                status, answer = await post_once(app, data, headers + extra)
                w1, c1 = time.perf_counter(), time.process_time()
                if profiler is not None:
                    profiler.disable()
                statuses[status] = statuses.get(status, 0) + 1
                if status != 201 and statuses[status] == 1:
                    print(status, answer[:300], file=sys.stderr)
                if n == 4:
                    PHASE_MS.clear()
                if n >= 5:  # the first ones warm the statement and option caches
                    wall.append(w1 - w0)
                    cpu.append(c1 - c0)
                    per_post.append(len(STATEMENTS))
                    trips.append(len(ROUND_TRIPS))

    async def concurrent(headers: list[tuple[bytes, bytes]]) -> None:
        """`--clients` at once, each posting its share one after the other: the throughput."""
        from wpcompat.storage import comment_writes

        comment_writes.GROUP_MAX = a.group_max
        before = comment_writes.group_stats(app.state.storage)

        async def client(i: int) -> None:
            for n in range(a.n // a.clients):
                body = {"post": post_id, "content": f"Commentaire {n} du client {i}."}
                status, _ = await post_once(app, json.dumps(body).encode(), headers)
                statuses[status] = statuses.get(status, 0) + 1

        started = time.perf_counter()
        cpu0 = time.process_time()
        await asyncio.gather(*(client(i) for i in range(a.clients)))
        elapsed, cpu_s = time.perf_counter() - started, time.process_time() - cpu0
        after = comment_writes.group_stats(app.state.storage)
        done = sum(statuses.values())
        print(json.dumps({
            "clients": a.clients, "group_max": a.group_max, "statuses": statuses,
            "accepted_per_s": round(statuses.get(201, 0) / elapsed, 1),
            "cpu_ms_per_post": round(cpu_s * 1000 / max(1, done), 2),
            "transactions": after[0] - before[0], "submissions": after[1] - before[1],
        }))

    asyncio.run(run())
    if a.clients > 1:
        return 0

    def pct(values: list[float], p: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2) if ordered else 0.0

    def mean(values: list[float]) -> float:
        return round(sum(values) * 1000 / len(values), 2) if values else 0.0

    print(json.dumps({
        "auth": a.auth, "role": a.role, "database": url.split(":")[0], "posts": len(wall), "statuses": statuses,
        "wall_ms": {"mean": mean(wall), "p50": pct(wall, 0.5), "p99": pct(wall, 0.99)},
        "cpu_ms": {"mean": mean(cpu), "p50": pct(cpu, 0.5), "p99": pct(cpu, 0.99)},
        "statements_per_post": max(per_post) if per_post else 0,
        # (SQLite's "round trips" are calls into its thread, with no network between.)
        "round_trips_per_post": {"mean": round(sum(trips) / len(trips), 2) if trips else 0, "max": max(trips, default=0)},
    }, indent=1))
    if a.phases:
        for spec in PHASES:
            if spec in PHASE_MS:
                print(f"{PHASE_MS[spec] / max(1, len(wall)):8.3f} ms  {spec}")
    if a.queries:
        print("\n".join(f"{name}: {str(query)[:110]!r}" for name, query in STATEMENTS))
    if profiler is not None:
        # Read it with pstats (sort by cumulative time) or snakeviz.
        profiler.dump_stats(str(workdir / "profile.out"))
        print("profile:", workdir / "profile.out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
