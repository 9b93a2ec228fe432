"""A comment no anonymous answer shows (held, spam or trash, not a reply, nobody's parent) keeps
the cached answers that show approved comments only (storage/changes.py logs it
`unapproved:<post>`, rest/cache.py's lists depend on `approved_comments_of`); every other
comment change is in the next anonymous read.

Each step writes a comment change straight into the tables (as WordPress or another instance
would), then asks each URL from an app with the response cache and from one without it: the
answers must be the same bytes. Runs on SQLite, and with `--backend postgresql` / `mysql`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from settings import Settings

from .readside_site import Site, make_site


@pytest.fixture
def site(db_url: str) -> Site:
    return make_site(Settings(database_url=db_url, demo_import=False, response_cache=False))


def _comment(post: int, n: int, approved: str, parent: int = 0) -> Callable[[Any], Any]:
    when = (dt.datetime(2021, 3, 1, 10) + dt.timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S")
    return lambda t: sa.insert(t.comments).values(
        comment_ID=n, comment_post_ID=post, comment_author=f"Lecteur {n}", comment_author_email=f"l{n}@exemple.fr",
        comment_author_url="", comment_author_IP="127.0.0.1", comment_date=when, comment_date_gmt=when,
        comment_content=f"Avis {n}", comment_karma=0, comment_approved=approved, comment_agent="",
        comment_type="comment", comment_parent=parent, user_id=0,
    )  # fmt: skip


def _set(n: int, **values: Any) -> Callable[[Any], Any]:
    return lambda t: sa.update(t.comments).where(t.comments.c["comment_ID"] == n).values(**values)


def test_held_comments_keep_the_answers_that_cannot_show_them(site: Site) -> None:
    post, other = site.posts["bilan"], site.posts["vie"]
    urls = [
        ("/wp-json/wp/v2/comments", {"post": str(post)}),
        ("/wp-json/wp/v2/comments", {}),
        ("/wp-json/wp/v2/comments", {"post": str(other)}),
        (f"/wp-json/wp/v2/posts/{post}", {"_embed": "1"}),
        ("/wp-json/wp/v2/posts", {"_embed": "1"}),
        ("/wp-json/wp/v2/comments/100", {}),
    ]
    # (the write, whether the answers showing approved comments of `post` stay cached)
    steps: list[tuple[Callable[[Any], Any], bool]] = [
        (_comment(post, 100, "1"), False),  # approved: shown
        (_comment(post, 101, "0"), True),  # held for moderation
        (_set(101, comment_content="Avis corrigé"), True),  # edited while held
        (_set(101, comment_approved="spam"), True),
        (lambda t: sa.insert(t.commentmeta).values(comment_id=101, meta_key="akismet_result", meta_value="true"), True),
        (_comment(post, 102, "0", parent=100), False),  # a held reply: its parent gets a `children` link
        (_set(102, comment_approved="trash"), False),  # ...and loses it
        (_comment(post, 103, "0"), True),
        (_comment(post, 104, "1", parent=103), False),  # an approved reply to a held comment
        (_set(103, comment_date_gmt="2021-02-01 00:00:00"), False),  # a parent: its replies' page
        (_set(101, comment_approved="1"), False),  # approved at last
        (lambda t: sa.delete(t.comments).where(t.comments.c["comment_ID"] == 101), False),
        (_comment(other, 105, "0"), True),
    ]
    with site.client(response_cache=True, cache_header=True) as cached, site.client() as fresh:
        for path, params in urls:  # kept before the first step
            cached.get(path, params=params)
        for step, (write, kept) in enumerate(steps):
            site.write_directly(write)
            for path, params in urls:
                r = cached.get(path, params=params)
                assert (r.status_code, r.content) == _fresh(fresh, path, params), (step, path, params)
                if kept and r.status_code == 200 and "comments/100" not in path:
                    assert r.headers["x-wpc-cache"] == "hit", (step, path, params)
                elif path.endswith("/comments") and params.get("post") == str(post):
                    assert r.headers["x-wpc-cache"] == "miss", (step, path, params)


def _fresh(client: Any, path: str, params: dict[str, str]) -> tuple[int, bytes]:
    r = client.get(path, params=params)
    return r.status_code, r.content
