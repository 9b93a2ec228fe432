"""One "worker process" of tests/test_comment_processes.py: serves the app in this process (ASGI,
no socket) on the site database given, waits for the common start time, posts its share of
comments and prints what it was answered as JSON.

Usage: python -m tests.comment_worker_process DATABASE_URL POST_ID WORKER START_AT
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import httpx

from settings import Settings
from wpcompat.app import create_app
from wpcompat.storage import open_storage

CLIENTS = 8
PER_CLIENT = 12
# Comments that both workers send, identical, at the same moment: one is stored, the other is a duplicate.
SHARED = 12
URL = "http://example.test/wp-json/wp/v2/comments"


async def main(database_url: str, post_id: int, worker: int, start_at: float) -> dict[str, object]:
    settings = Settings(database_url=database_url, site_url="http://example.test", demo_import=False,
                        trusted_proxy_header="X-Forwarded-For", wp_version="6.1")
    app = create_app(settings)
    app.state.storage = await open_storage(database_url, settings.table_prefix)
    answers: list[tuple[str, int, int]] = []  # (what, status, id or 0)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://example.test") as http:
            # Warm the app (options, prepared statements) before the race starts.
            await http.get("/wp-json/wp/v2/comments", params={"post": post_id})
            await asyncio.sleep(max(0.0, start_at - time.time()))

            async def send(what: str, body: dict[str, object], address: str) -> None:
                r = await http.post(URL, json=body, headers={"X-Forwarded-For": address, "User-Agent": f"w{worker}"})
                answers.append((what, r.status_code, int(r.json()["id"]) if r.status_code == 201 else 0))

            async def client(i: int) -> None:
                for n in range(PER_CLIENT):
                    body = {"post": post_id, "author_name": f"W{worker} C{i}", "author_email": f"w{worker}c{i}n{n}@exemple.fr",
                            "content": f"Commentaire {n} du client {i} du processus {worker}."}
                    await send("own", body, f"10.{worker}.{i}.{n}")
                    if n % 4 == 0:
                        await send("again", body, f"10.{worker}.{i}.{n}")

            async def shared(k: int) -> None:
                body = {"post": post_id, "author_name": "Partagé", "author_email": f"partage{k}@exemple.fr",
                        "content": f"Le même commentaire {k}, envoyé par les deux processus."}
                await send("shared", body, f"10.9{worker}.{k}.1")

            await asyncio.gather(*(client(i) for i in range(CLIENTS)), *(shared(k) for k in range(SHARED)))
    finally:
        gate = app.state.storage.write_gate()
        waits = gate.waits if gate is not None else 0
        await app.state.storage.db.disconnect()
    return {"answers": answers, "gate_waits": waits}


if __name__ == "__main__":
    url, post, worker, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    print(json.dumps(asyncio.run(main(url, post, worker, start))))
