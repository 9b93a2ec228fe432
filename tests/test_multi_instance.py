"""Two `wpcompat serve` processes on one server database behave as one site.

Nothing another instance must see lives in process memory: a comment accepted by one instance
is in the next answer of the other, and the duplicate and flood checks (database lookups) refuse
on one instance what was posted on the other. Runs on the PostgreSQL and MariaDB test servers
of tests/backends.py, whatever --backend says.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests.backends import new_server_database
from tests.oracle_server import _log_tail, _wpcompat, free_port
from wpcompat.storage import open_storage

START_TIMEOUT_S = 60


@contextmanager
def serving(db_url: str, workdir: Path, name: str) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ, "DATABASE_URL": db_url, "WPCOMPAT_SITE_URL": "http://example.test",
        "WPCOMPAT_DEMO_IMPORT": "false", "WPCOMPAT_SECRET_KEY": "multi-instance-secret-0123",
        "WPCOMPAT_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
    }  # fmt: skip
    log = workdir / f"{name}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*_wpcompat(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"{name} exited {proc.returncode}:\n{_log_tail(log)}")
            try:
                httpx.get(f"{url}/healthz", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{name} did not start:\n{_log_tail(log)}")
                time.sleep(0.2)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


async def _site_with_a_post(url: str) -> int:
    storage = await open_storage(url)
    try:
        o, p = storage.tables.options, storage.tables.posts
        # A first-time commenter is published at once (not held for a previous approval).
        await storage.db.execute(
            sa.update(o).where(o.c.option_name == "comment_previously_approved").values(option_value="0"))
        return await storage.db.execute(sa.insert(p).values(
            post_title="Shared", post_name="shared", post_status="publish", post_type="post",
            comment_status="open", post_date="2024-01-01 10:00:00", post_date_gmt="2024-01-01 09:00:00",
            post_modified="2024-01-01 10:00:00", post_modified_gmt="2024-01-01 09:00:00",
            post_content="", post_excerpt="", to_ping="", pinged="", post_content_filtered=""))  # fmt: skip
    finally:
        await storage.db.disconnect()


@pytest.mark.parametrize("kind", ["postgresql", "mysql"])
def test_two_instances_share_one_database(kind: str, tmp_path: Path) -> None:
    db_url = new_server_database(kind)
    post = asyncio.run(_site_with_a_post(db_url))
    with ExitStack() as stack:
        a = stack.enter_context(serving(db_url, tmp_path, "a"))
        b = stack.enter_context(serving(db_url, tmp_path, "b"))
        comments = "/wp-json/wp/v2/comments"
        guest = {"post": post, "author_name": "Ana", "author_email": "ana@example.test",
                 "content": "Posted on instance A."}  # fmt: skip
        # B answers (and would cache, had it a response cache that cannot see A's writes).
        assert httpx.get(b + comments, params={"post": post}).json() == []
        r = httpx.post(a + comments, json=guest)
        assert r.status_code == 201, r.text
        first = r.json()["id"]
        # The very next request, on the other instance, sees it (and its count on the post).
        seen = httpx.get(b + comments, params={"post": post}).json()
        assert [c["id"] for c in seen] == [first]
        # Duplicate: the same comment again, now on B, is refused from what A wrote.
        r = httpx.post(b + comments, json=guest)
        assert r.status_code == 409 and r.json()["code"] == "comment_duplicate", r.text
        # Flood: another comment from the same address within 15 s, on B, is refused.
        r = httpx.post(b + comments, json={**guest, "content": "Too quick, on instance B."})
        assert r.status_code in (400, 429) and r.json()["code"] == "comment_flood", r.text
        assert [c["id"] for c in httpx.get(a + comments, params={"post": post}).json()] == [first]
        # The same new comment sent to both at the same moment (two clients, other addresses
        # than the flood's): the post's row lock lets exactly one in.
        same = {**guest, "author_email": "bo@example.test", "content": "Sent twice at once."}
        with ThreadPoolExecutor(2) as pool:
            codes = sorted(pool.map(
                lambda base: httpx.post(base + comments, json=same, headers={"X-Forwarded-For": "198.51.100.7"}
                                        ).status_code, [a, b]))  # fmt: skip
        assert codes in ([201, 409], [201, 429]), codes
