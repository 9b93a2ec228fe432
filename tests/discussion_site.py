"""A small site for the commenting tests: users with Application Passwords, posts in every
state, and the full app with the comment write endpoints registered."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from auth.accounts import UserFields, create_user
from auth.application_passwords import create_password
from settings import Settings
from wpcompat.storage import Storage, open_storage
from wpcompat.storage.options import set_option

UA = "wpcompat-tests/1.0"


@dataclass
class Site:
    settings: Settings
    passwords: dict[str, str] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    posts: dict[str, int] = field(default_factory=dict)

    def auth(self, who: str | None) -> dict[str, str]:
        headers = {"User-Agent": UA}
        if who is not None:
            token = base64.b64encode(f"{who}:{self.passwords[who]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return headers

    def run(self, coro_fn: Any) -> Any:
        async def main() -> Any:
            storage = await open_storage(self.settings.database_url, self.settings.table_prefix)
            try:
                return await coro_fn(storage)
            finally:
                await storage.db.disconnect()

        return asyncio.run(main())

    def rows(self, query: Any) -> list[dict[str, Any]]:
        async def fetch(storage: Storage) -> list[dict[str, Any]]:
            return [dict(r._mapping) for r in await storage.db.fetch_all(query(storage.tables))]

        return self.run(fetch)

    def comments(self, post: str | None = None) -> list[dict[str, Any]]:
        def query(t: Any) -> Any:
            q = sa.select(t.comments).order_by(t.comments.c.comment_ID)
            if post is not None:
                q = q.where(t.comments.c.comment_post_ID == self.posts[post])
            return q

        return self.rows(query)

    def comment_count(self, post: str) -> int:
        rows = self.rows(lambda t: sa.select(t.posts.c.comment_count).where(t.posts.c["ID"] == self.posts[post]))
        return int(rows[0]["comment_count"])

    def set_options(self, **options: str) -> None:
        async def apply(storage: Storage) -> None:
            for name, value in options.items():
                await set_option(storage, name, value)

        self.run(apply)

    def add_comment(self, post: str, **values: Any) -> int:
        async def insert(storage: Storage) -> int:
            from wpcompat.storage.comment_writes import insert_comment, recount_comments

            row = {
                "comment_post_ID": self.posts[post], "comment_author": "Ancien", "comment_author_email":
                "ancien@exemple.fr", "comment_content": "Déjà là.", "comment_approved": "1",
                "comment_date": "2021-01-01 10:00:00", "comment_date_gmt": "2021-01-01 09:00:00",
                "comment_author_IP": "10.0.0.9", **values,
            }
            comment_id = await insert_comment(storage, row)
            await recount_comments(storage, self.posts[post])
            return comment_id

        return self.run(insert)


POSTS = {
    # name: (status, comment_status, password, author)
    "open": ("publish", "open", "", "author"),
    "other": ("publish", "open", "", "admin"),
    "closed": ("publish", "closed", "", "admin"),
    "draft": ("draft", "open", "", "admin"),
    "trashed": ("trash", "open", "", "admin"),
    "private": ("private", "open", "", "admin"),
    "protected": ("publish", "open", "secret", "admin"),
}


async def _build(storage: Storage, site: Site) -> None:
    for login, role, name in (("admin", "administrator", "Camille Martin"), ("author", "author", "Jeanne Dupont"),
                              ("subscriber", "subscriber", "Paul Lefèvre"), ("editor", "editor", "Eddy Teur")):
        user_id = await create_user(storage, login, UserFields(email=f"{login}@exemple.fr", role=role,
                                                               display_name=name))
        site.users[login] = user_id
        site.passwords[login], _ = await create_password(storage, user_id, "tests")
    posts = storage.tables.posts
    for n, (name, (status, comment_status, password, author)) in enumerate(POSTS.items(), start=1):
        date = dt.datetime(2021, 1, 1, 12, 0) + dt.timedelta(days=n)
        values = {
            "post_author": site.users[author], "post_date": date.strftime("%Y-%m-%d %H:%M:%S"),
            "post_date_gmt": (date - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
            "post_content": f"Contenu {name}", "post_title": f"Article {name}", "post_excerpt": "",
            "post_status": status, "comment_status": comment_status, "ping_status": "open",
            "post_password": password, "post_name": f"article-{name}", "to_ping": "", "pinged": "",
            "post_modified": date.strftime("%Y-%m-%d %H:%M:%S"),
            "post_modified_gmt": (date - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
            "post_content_filtered": "", "post_parent": 0, "guid": f"http://example.test/?p={n}",
            "menu_order": 0, "post_type": "post", "post_mime_type": "", "comment_count": 0,
        }
        site.posts[name] = int(await storage.db.execute(sa.insert(posts).values(**values)))
    await set_option(storage, "timezone_string", "Europe/Paris")


def make_site(settings: Settings) -> Site:
    site = Site(settings=replace(settings, wp_version="6.1"))

    async def build(storage: Storage) -> None:
        await _build(storage, site)

    site.run(build)
    return site


@pytest.fixture
def site(settings: Settings) -> Site:
    return make_site(settings)


@contextmanager
def client(site: Site, monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> Iterator[TestClient]:
    from wpcompat.app import create_app

    settings = replace(site.settings, **overrides) if overrides else site.settings
    with TestClient(create_app(settings)) as c:
        yield c
