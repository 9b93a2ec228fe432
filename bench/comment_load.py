#!/usr/bin/env python3
"""Comment load: N concurrent clients × M comments each, against wpcompat (or WordPress).

Usage: .venv/bin/python bench/comment_load.py [--clients 16] [--comments 100] [--workers 1]
           [--auth guest|app-password] [--database-url URL] [--dup-every 10] [--json FILE]
       .venv/bin/python bench/comment_load.py --wordpress URL --wp-user admin --wp-app-password P
           --wp-post 1 [--clients 16] [--comments 100]

wpcompat: it builds a fresh site (a SQLite file in a temporary directory, or the empty database
`--database-url` names on PostgreSQL/MariaDB) with one open post (guests approved without
history so that comment_count moves: comment_previously_approved = 0) and an administrator with
an Application Password, starts `wpcompat serve` on a free port with `X-Forwarded-For` trusted,
and lets each client post its comments one after the other, all clients at once.
`--auth guest`: every comment has its own address and e-mail (X-Forwarded-For), as comments
from many visitors would, so the 15-second flood rule does not refuse the load.
`--auth app-password`: every comment comes from the administrator over HTTP Basic (an
Application Password), as a client application posts: administrators are not flood-limited.
Every `--dup-every`-th comment is sent a second time: it must be refused (409 comment_duplicate).

Then it checks the database: every accepted comment stored exactly once (none lost, none
doubled), nothing stored that was refused, and the post's comment_count equal to the number of
approved comments. Exit status 0 when all of that holds.

`--wordpress URL`: the same load, authenticated (an administrator's Application Password; a real
WordPress trusts no forwarded address, so guests would be flood-limited), against a WordPress
site of your own (never the oracle's default site: this writes). Its database is not checked;
the answers are (201 for each first send, 409 for each duplicate).

Figures: accepted comments per second (201 answers / elapsed), and the time of a POST as the
client sees it (p50/p95/p99: server time plus the loopback HTTP, which is the same for both).
Run with `--clients 1` for the time of a lone POST.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from light_http import LightConnection  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wpcompat_bin() -> list[str]:
    exe = Path(sys.executable).parent / "wpcompat"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "wpcompat"]


def build_site(url: str) -> tuple[int, str]:
    """A fresh site (schema + default options) with one open post and an administrator with an
    Application Password; returns (post ID, its Basic credentials)."""
    sys.path.insert(0, str(REPO))
    from auth.accounts import UserFields, create_user
    from auth.application_passwords import create_password
    from wpcompat.storage import open_storage
    from wpcompat.storage.options import set_option

    async def build() -> tuple[int, str]:
        storage = await open_storage(url)
        try:
            import sqlalchemy as sa

            await set_option(storage, "comment_previously_approved", "0")
            user_id = await create_user(storage, "charge", UserFields(email="charge@exemple.fr", role="administrator",
                                                                      display_name="Charge"))
            password, _ = await create_password(storage, user_id, "comment-load")
            posts = storage.tables.posts
            values = {
                "post_author": user_id,
                "post_date": "2024-01-02 10:00:00",
                "post_date_gmt": "2024-01-02 09:00:00",
                "post_content": "Charge",
                "post_title": "Charge",
                "post_excerpt": "",
                "post_status": "publish",
                "comment_status": "open",
                "ping_status": "open",
                "post_password": "",
                "post_name": "charge",
                "to_ping": "",
                "pinged": "",
                "post_modified": "2024-01-02 10:00:00",
                "post_modified_gmt": "2024-01-02 09:00:00",
                "post_content_filtered": "",
                "post_parent": 0,
                "guid": "http://127.0.0.1/?p=1",
                "menu_order": 0,
                "post_type": "post",
                "post_mime_type": "",
                "comment_count": 0,
            }
            post_id = int(await storage.db.execute(sa.insert(posts).values(**values)))
            return post_id, basic("charge", password)
        finally:
            await storage.db.disconnect()

    return asyncio.run(build())


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def start_server(workdir: Path, url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "WPCOMPAT_SITE_URL": f"http://127.0.0.1:{port}",
        "WPCOMPAT_DEMO_IMPORT": "false",
        "WPCOMPAT_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "WPCOMPAT_WORKERS": str(workers),
    }
    log = (workdir / "serve.log").open("wb")
    proc = subprocess.Popen(
        [*wpcompat_bin(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.25)
    stop_server(proc)
    raise SystemExit(f"the server did not start; see {workdir / 'serve.log'}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def server_cpu_seconds(group: int | None = None, names: tuple[str, ...] = ()) -> float:
    """User + system CPU, in seconds, of every live process in the process group `group` (the
    server we started in a session of its own: uvicorn's supervisor and its workers), or whose
    command name starts with one of `names` (WordPress: php-fpm and nginx)."""
    if group is None and not names:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command, fields_text = (entry / "stat").read_text().rsplit(")", 1)
        except (OSError, ValueError):
            continue
        fields = fields_text.split()
        comm = command.split("(", 1)[1]
        # After the command: state ppid pgrp session ... utime(12) stime(13).
        if (group is not None and int(fields[2]) == group) or (names and comm.startswith(names)):
            total += int(fields[11]) + int(fields[12])
    return total / tick


async def run_load(
    base: str, post_id: int, clients: int, comments: int, dup_every: int, authorization: str | None,
    server_group: int | None = None, server_names: tuple[str, ...] = (),
) -> dict[str, object]:
    statuses: Counter[int] = Counter()
    accepted: list[int] = []
    # Distinct content on every run, so a second run against the same WordPress is no duplicate.
    run_id = f"{os.getpid()}-{int(time.time())}"
    dup_answers: Counter[int] = Counter()
    errors: list[str] = []
    latencies: list[float] = []

    async def client(i: int) -> None:
        http = LightConnection(base)
        try:
            for n in range(comments):
                body: dict[str, object] = {
                    "post": post_id,
                    "content": f"Commentaire {n} du client {i} ({run_id}) : l'économie sociale avance.",
                }
                headers = {"User-Agent": f"comment-load/{i}", "Content-Type": "application/json"}
                if authorization is not None:
                    headers["Authorization"] = authorization
                else:
                    body.update(author_name=f"Visiteur {i}-{n}", author_email=f"v{i}x{n}@exemple.fr")
                    # The last hop is the one a trusted proxy adds: unique per comment.
                    headers["X-Forwarded-For"] = f"192.0.2.1, 10.{i % 256}.{n // 256 % 256}.{n % 256}"
                data = json.dumps(body).encode()
                for attempt in range(2 if dup_every and n % dup_every == 0 else 1):
                    started = time.perf_counter()
                    try:
                        status, _, answer = await http.request("POST", "/wp-json/wp/v2/comments", data, headers)
                    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
                        errors.append(f"{i}/{n}: {error!r}")
                        continue
                    latencies.append(time.perf_counter() - started)
                    statuses[status] += 1
                    if attempt == 1:
                        dup_answers[status] += 1
                    elif status == 201:
                        accepted.append(int(json.loads(answer)["id"]))
                    elif len(errors) < 20:
                        errors.append(f"{i}/{n}: {status} {answer[:200]!r}")
        finally:
            await http.close()

    async def progress() -> None:
        # One line every 30 s on stderr, so a long run shows it is alive.
        while True:
            await asyncio.sleep(30)
            done = sum(statuses.values())
            print(
                f"{time.perf_counter() - started:7.0f} s  {done} requests  {done / (time.perf_counter() - started):.1f}/s",
                file=sys.stderr,
                flush=True,
            )

    started = time.perf_counter()
    client_cpu = time.process_time()
    server_cpu = server_cpu_seconds(server_group, server_names)
    ticker = asyncio.create_task(progress())
    await asyncio.gather(*(client(i) for i in range(clients)))
    ticker.cancel()
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    server_cpu = server_cpu_seconds(server_group, server_names) - server_cpu
    latencies.sort()
    requests = sum(statuses.values())

    def pct(p: float) -> float:
        return (
            round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1) if latencies else 0.0
        )

    return {
        "elapsed_s": round(elapsed, 1),
        "requests": requests,
        "req_per_s": round(requests / elapsed, 1),
        "accepted_per_s": round(statuses.get(201, 0) / elapsed, 1),
        "statuses": dict(statuses),
        "duplicate_answers": dict(dup_answers),
        "accepted_ids": accepted,
        "errors": errors[:20],
        "error_count": len(errors),
        # CPU per request (every answer, 201 and 409 alike): the server's processes (0 when not
        # ours to read, e.g. WordPress elsewhere) and this load generator's.
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(1, requests), 2),
        "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, requests), 2),
        "latency_ms": {"p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99), "max": pct(1.0)},
    }


def verify(url: str, post_id: int, accepted: list[int]) -> dict[str, object]:
    sys.path.insert(0, str(REPO))
    import sqlalchemy as sa

    from wpcompat.storage import open_storage

    async def read() -> tuple[list[tuple[int, str, str, str]], int]:
        storage = await open_storage(url)
        try:
            c = storage.tables.comments.c
            posts = storage.tables.posts
            found = await storage.db.fetch_all(
                sa.select(c.comment_ID, c.comment_author_email, c.comment_content, c.comment_approved)
                .where(c.comment_post_ID == post_id)
            )
            count = await storage.db.fetch_val(sa.select(posts.c.comment_count).where(posts.c["ID"] == post_id))
            return [(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in found], int(count)
        finally:
            await storage.db.disconnect()

    rows, stored_count = asyncio.run(read())
    ids = [r[0] for r in rows]
    content_keys = Counter((r[1], r[2]) for r in rows)
    approved = sum(1 for r in rows if r[3] == "1")
    accepted_set = set(accepted)
    return {
        "stored": len(rows),
        "lost": len(accepted_set - set(ids)),
        "stored_not_accepted": len(set(ids) - accepted_set),
        "accepted_twice": len(accepted) - len(accepted_set),
        "duplicates_in_db": sum(n - 1 for n in content_keys.values() if n > 1),
        "approved": approved,
        "comment_count": stored_count,
        "count_exact": stored_count == approved,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--comments", type=int, default=100, help="comments per client")
    ap.add_argument("--dup-every", type=int, default=10, help="re-send every Nth comment (0: never)")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--auth", choices=("guest", "app-password"), default="guest")
    ap.add_argument("--database-url", help="an empty PostgreSQL/MariaDB database (default: a new SQLite file)")
    ap.add_argument("--wordpress", metavar="URL", help="load this WordPress site instead (authenticated)")
    ap.add_argument("--wp-user", default="admin")
    ap.add_argument("--wp-app-password", default=os.environ.get("WP_APP_PASSWORD", ""))
    ap.add_argument("--wp-post", type=int, default=1)
    ap.add_argument("--wp-processes", default="php-fpm,nginx",
                    help="with --wordpress: the server's CPU is that of the processes named so (its database "
                         "server is left out: on a shared machine others use it too)")
    ap.add_argument("--port", type=int, default=0, help="serve on this port (default: a free one)")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary site (site.db, serve.log)")
    a = ap.parse_args()
    expected_dups = a.clients * len(range(0, a.comments, a.dup_every)) if a.dup_every else 0
    report: dict[str, object] = {"clients": a.clients, "comments_per_client": a.comments,
                                 "duplicates_sent": expected_dups}

    if a.wordpress:
        authorization = basic(a.wp_user, a.wp_app_password)
        load = asyncio.run(run_load(a.wordpress.rstrip("/"), a.wp_post, a.clients, a.comments, a.dup_every,
                                    authorization, server_names=tuple(filter(None, a.wp_processes.split(",")))))
        accepted = len(load.pop("accepted_ids"))  # type: ignore[arg-type]
        report.update(target="wordpress", auth="app-password", accepted=accepted, **load)
        ok = (
            accepted == a.clients * a.comments
            and load["duplicate_answers"] == ({409: expected_dups} if expected_dups else {})
            and load["error_count"] == 0
        )
        return finish(report, ok, a.json)

    workdir = Path(tempfile.mkdtemp(prefix="comment-load."))
    url = a.database_url or f"sqlite:///{workdir / 'site.db'}"
    post_id, credentials = build_site(url)
    port = a.port or free_port()
    proc = start_server(workdir, url, port, a.workers)
    try:
        load = asyncio.run(run_load(f"http://127.0.0.1:{port}", post_id, a.clients, a.comments, a.dup_every,
                                    credentials if a.auth == "app-password" else None, server_group=proc.pid))
    finally:
        stop_server(proc)
    check = verify(url, post_id, load["accepted_ids"])  # type: ignore[arg-type]
    accepted = len(load.pop("accepted_ids"))  # type: ignore[arg-type]
    report.update(target="wpcompat", database=url.split(":")[0], auth=a.auth, workers=a.workers,
                  load_average=os.getloadavg(),
                  accepted=accepted, **load, **check)
    ok = (
        accepted == a.clients * a.comments
        and check["lost"] == 0
        and check["stored_not_accepted"] == 0
        and check["duplicates_in_db"] == 0
        and check["count_exact"]
        and check["stored"] == accepted
        and load["duplicate_answers"] == ({409: expected_dups} if expected_dups else {})
        and load["error_count"] == 0
    )
    if a.keep:
        print(f"kept {workdir}", file=sys.stderr)
    else:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return finish(report, ok, a.json)


def finish(report: dict[str, object], ok: bool, json_path: str | None) -> int:
    report["ok"] = ok
    print(json.dumps(report, indent=1))
    if json_path:
        Path(json_path).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
