"""Embedded answers kept across requests (wpcompat/rest/embedding.py) are the sub-requests'
answers, byte for byte.

A randomized differential test: on a small site with comments in every state, authors with and
without published posts and posts in several states, each step may write something straight
into the tables (as WordPress or another instance would), then asks a random `_embed` URL as
a random caller twice: once the fast way (the embedded answers kept from earlier requests
where they are still current) and once from a second app on the same database whose server
dispatches every link as a sub-request (the general path, `RestServer(embed_shortcuts=False)`),
in a random order. The two answers must be the same bytes.

Runs on SQLite, and with `--backend postgresql` / `--backend mysql` on their test servers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from settings import Settings
from wpcompat.app import create_app
from wpcompat.rest.api import build_router
from wpcompat.rest.object_memo import ObjectMemo
from wpcompat.rest.server import RestMiddleware, RestServer

from .readside_site import POSTS, TERMS, Site, make_site

VIEWERS = (None, "subscriber", "author", "editor", "admin")
RELATIONS = ("author", "replies", "wp:term", "up", "wp:featuredmedia", "https://api.w.org/term", "self")
STATUSES = ("1", "0", "trash", "spam")
STEPS = 150


@pytest.fixture
def base_site(db_url: str) -> Site:
    site = make_site(Settings(database_url=db_url, demo_import=False, response_cache=False))
    rng = random.Random(7)
    post_ids = list(site.posts.values())

    def comments(t: Any) -> Any:
        rows = []
        for n in range(40):
            user = rng.choice([0, *site.users.values()])
            when = dt.datetime(2021, 3, 1, 10) + dt.timedelta(hours=n)
            rows.append({
                "comment_post_ID": rng.choice(post_ids), "comment_author": f"Lecteur {n}",
                "comment_author_email": f"lecteur{n}@exemple.fr", "comment_author_url": "",
                "comment_author_IP": "127.0.0.1", "comment_date": when.strftime("%Y-%m-%d %H:%M:%S"),
                "comment_date_gmt": when.strftime("%Y-%m-%d %H:%M:%S"), "comment_content": f"Avis n° {n}",
                "comment_karma": 0, "comment_approved": rng.choice(STATUSES[:2] * 3 + STATUSES[2:]),
                "comment_agent": "", "comment_type": "comment", "comment_parent": 0, "user_id": user,
            })
        return sa.insert(t.comments).values(rows)

    site.write_directly(comments)
    return site


@contextmanager
def general_path(site: Site, wp_version: str) -> Iterator[TestClient]:
    """The same site served by a second app on WordPress's general path: every embedded link
    dispatched as a sub-request, its parameters validated, no answer taken or kept
    (`RestServer(embed_shortcuts=False)`)."""
    settings = replace(site.settings, wp_version=wp_version)
    app = create_app(settings)
    rest = [m for m in app.user_middleware if m.cls is RestMiddleware]
    assert len(rest) == 1
    rest[0].kwargs["server"] = RestServer(build_router(settings), settings, None, embed_shortcuts=False)
    with TestClient(app) as client:
        yield client


def _mutation(site: Site, rng: random.Random) -> Callable[[Any], Any]:
    """A random write that changes what some embedded answer shows."""
    post_id = rng.choice(list(site.posts.values()))
    user_id = rng.choice(list(site.users.values()))
    kind = rng.randrange(7)
    if kind == 0:
        status = rng.choice(("publish", "private", "draft", "publish"))
        return lambda t: sa.update(t.posts).where(t.posts.c["ID"] == post_id).values(post_status=status)
    if kind == 1:
        return lambda t: sa.update(t.posts).where(t.posts.c["ID"] == post_id).values(post_author=user_id)
    if kind == 2:
        status = rng.choice(STATUSES)
        return lambda t: sa.update(t.comments).where(t.comments.c["comment_ID"] % 3 == post_id % 3).values(
            comment_approved=status)
    if kind == 3:
        name = rng.choice(("Nouveau nom", "Zèbre rayé", "Économie"))
        term_id = rng.choice(list(TERMS))
        return lambda t: sa.update(t.terms).where(t.terms.c["term_id"] == term_id).values(name=name)
    if kind == 4:
        name = rng.choice(("Jeanne D.", "Paul", "Camille M."))
        return lambda t: sa.update(t.users).where(t.users.c["ID"] == user_id).values(display_name=name)
    if kind == 5:
        parent = rng.choice([0, *site.posts.values()])
        return lambda t: sa.update(t.posts).where(t.posts.c["ID"] == post_id).values(
            post_parent=parent if parent != post_id else 0)
    term_id = rng.choice(list(TERMS))
    return lambda t: sa.delete(t.term_relationships).where(
        t.term_relationships.c["object_id"] == post_id, t.term_relationships.c["term_taxonomy_id"] == term_id)


def _url(site: Site, rng: random.Random) -> tuple[str, dict[str, Any]]:
    embed: Any = "1" if rng.random() < 0.5 else rng.sample(RELATIONS, rng.randint(1, 3))
    params: dict[str, Any] = {"_embed": embed if isinstance(embed, str) else ",".join(embed)}
    shape = rng.randrange(4)
    if shape == 0:
        params["per_page"] = rng.randint(1, 10)
        return "/wp-json/wp/v2/posts", params
    if shape == 1:
        params["status"] = "publish"
        params["per_page"] = 10
        return "/wp-json/wp/v2/posts", params
    if shape == 2:
        return f"/wp-json/wp/v2/posts/{rng.choice(list(site.posts.values()))}", params
    params["post"] = rng.choice(list(site.posts.values()))
    return "/wp-json/wp/v2/comments", params


@pytest.mark.parametrize("wp_version", ["6.1", "6.9"])
def test_kept_embeds_are_the_sub_requests_answers(base_site: Site, wp_version: str) -> None:
    site = base_site
    rng = random.Random(f"embed-{wp_version}")
    compared = kept_before = 0
    with site.client(wp_version=wp_version) as client, general_path(site, wp_version) as general_client:
        for step in range(STEPS):
            if step and rng.random() < 0.5:
                site.write_directly(_mutation(site, rng))
            path, params = _url(site, rng)
            headers = site.auth(rng.choice(VIEWERS))
            answers = []
            for general in [*rng.sample([False, True], 2), False]:
                r = (general_client if general else client).get(path, params=params, headers=headers)
                answers.append((general, r.status_code, r.content))
            general_answer = next(a for a in answers if a[0])
            for answer in answers:
                assert answer[1:] == general_answer[1:], (step, path, params, headers)
            compared += 1
        memo = client.app.state.storage.memo.get("object_memo")  # type: ignore[attr-defined]
        assert isinstance(memo, ObjectMemo)
        kept_before = sum(1 for key in memo if isinstance(key, tuple) and key[0] == "embed")
    assert compared == STEPS and kept_before > 0
    # The site as it was for the next parametrization: the writes above are not undone, which
    # is fine (each run compares both paths on the same data).
    assert set(POSTS) <= set(site.posts)
