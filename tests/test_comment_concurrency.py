"""Concurrent comment submissions on SQLite: every accepted comment stored once, none lost,
duplicates refused even when two clients race with the same comment, counts exact.

A small version of bench/comment_load.py (64 clients × 1,000 comments against a server).
Each comment comes from its own address and e-mail (X-Forwarded-For, trusted here), as
many visitors would, so that the 15-second flood rule does not refuse the load itself.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import sqlalchemy as sa

from wpcompat.app import create_app
from wpcompat.storage import open_storage

from .discussion_site import make_site

CLIENTS = 16
PER_CLIENT = 20
URL = "http://example.test/wp-json/wp/v2/comments"


def _body(post_id: int, client: int, n: int) -> dict[str, object]:
    # Every fifth comment carries two links: held for moderation (comment_max_links = 2).
    links = " https://a.example/ https://b.example/" if n % 5 == 0 else ""
    return {"post": post_id, "author_name": f"Client {client}", "author_email": f"c{client}n{n}@exemple.fr",
            "content": f"Commentaire {n} du client {client}.{links}"}


async def _load(settings, post_id: int) -> dict[str, object]:
    app = create_app(settings)
    app.state.storage = await open_storage(settings.database_url, settings.table_prefix)
    accepted: list[int] = []
    statuses: dict[int, int] = {}
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://example.test") as http:

            async def client(i: int) -> None:
                for n in range(PER_CLIENT):
                    headers = {"X-Forwarded-For": f"10.{i}.{n}.1", "User-Agent": f"load/{i}"}
                    r = await http.post(URL, json=_body(post_id, i, n), headers=headers)
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                    if r.status_code == 201:
                        accepted.append(r.json()["id"])
                    if n % 4 == 0:
                        # The same comment again: WordPress's duplicate answer, nothing stored.
                        again = await http.post(URL, json=_body(post_id, i, n), headers=headers)
                        statuses[again.status_code] = statuses.get(again.status_code, 0) + 1

            async def racer(i: int) -> None:
                # Pairs of clients send one identical comment at the same moment.
                body = {"post": post_id, "author_name": "Course", "author_email": f"course{i // 2}@exemple.fr",
                        "content": f"Même commentaire {i // 2}"}
                r = await http.post(URL, json=body, headers={"X-Forwarded-For": f"10.200.{i}.1"})
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                if r.status_code == 201:
                    accepted.append(r.json()["id"])

            await asyncio.gather(*(client(i) for i in range(CLIENTS)), *(racer(i) for i in range(8)))
    finally:
        await app.state.storage.db.disconnect()
    return {"accepted": accepted, "statuses": statuses}


def test_concurrent_clients_store_every_comment_once(settings, monkeypatch):
    site = make_site(settings)
    site.settings = replace(site.settings, trusted_proxy_header="X-Forwarded-For")
    site.set_options(comment_previously_approved="0")
    result = asyncio.run(_load(site.settings, site.posts["open"]))
    accepted = result["accepted"]
    statuses = result["statuses"]
    rows = site.comments("open")
    duplicates_sent = CLIENTS * len(range(0, PER_CLIENT, 4))
    # Racing pairs: each pair has one winner, its twin gets the duplicate answer.
    race_winners = 4
    assert statuses.get(409, 0) == duplicates_sent + 8 - race_winners
    assert set(statuses) == {201, 409}
    assert len(accepted) == CLIENTS * PER_CLIENT + race_winners == statuses[201]
    assert sorted(accepted) == sorted(r["comment_ID"] for r in rows)  # stored once, none lost
    contents = [(r["comment_author_email"], r["comment_content"]) for r in rows]
    assert len(contents) == len(set(contents))
    approved = sum(1 for r in rows if r["comment_approved"] == "1")
    held = sum(1 for r in rows if r["comment_approved"] == "0")
    assert held == CLIENTS * len(range(0, PER_CLIENT, 5))
    assert approved + held == len(rows)
    assert site.comment_count("open") == approved


def test_rejected_inputs_leave_nothing_behind(settings, monkeypatch):
    site = make_site(settings)
    before_posts = site.rows(lambda t: sa.select(t.posts.c["ID"], t.posts.c.comment_count))
    from .discussion_site import client

    with client(site, monkeypatch) as c:
        bad = [
            {"post": site.posts["closed"], "author_name": "A", "author_email": "a@exemple.fr", "content": "x"},
            {"post": site.posts["open"], "author_name": "A", "author_email": "a@exemple.fr", "content": ""},
            {"post": site.posts["open"], "author_name": "", "author_email": "a@exemple.fr", "content": "x"},
            {"post": site.posts["open"], "author_name": "A", "author_email": "nope", "content": "x"},
            {"post": site.posts["open"], "author_name": "A", "author_email": "a@exemple.fr", "content": "x" * 70000},
            {"post": site.posts["open"], "author_name": "A", "author_email": "a@exemple.fr", "content": "x",
             "status": "approved"},
        ]
        for body in bad:
            assert c.post("/wp-json/wp/v2/comments", json=body).status_code >= 400
        r = c.post("/wp-comments-post.php", data={"comment_post_ID": str(site.posts["open"]), "comment": "x"},
                   follow_redirects=False)
        assert r.status_code == 200
    assert site.comments() == []
    assert site.rows(lambda t: t.commentmeta.select()) == []
    assert site.rows(lambda t: sa.select(t.posts.c["ID"], t.posts.c.comment_count)) == before_posts
