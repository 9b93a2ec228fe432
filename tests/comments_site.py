"""A small site for the comments read-side tests.

Users (admin, editor, author, contributor, subscriber) with Application Passwords; posts in
every state that matters for comment visibility (public, private, draft, password-protected,
a page); on each post one comment per status (approved, held, spam, trash); plus replies,
a registered author's comment, a subscriber's held comment, a pingback and an empty-typed
legacy comment. Served by the full app as WordPress 6.1 (or 7.1 on demand), Europe/Paris.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from auth.accounts import UserFields, create_user
from auth.application_passwords import create_password
from settings import Settings
from tests.site_base import SiteBase
from wpcompat.storage import Storage
from wpcompat.storage.options import set_option

HOME = "http://example.test"
API = HOME + "/wp-json"
PASSWORD = "sesame"

USERS = (
    ("admin", "administrator", "Camille Martin"),
    ("editor", "editor", "Eddy Teur"),
    ("author", "author", "Jeanne Dupont"),
    ("contributor", "contributor", "Cora Tribu"),
    ("subscriber", "subscriber", "Paul Lefèvre"),
)
# name: (author, status, type, password, slug)
POSTS: dict[str, tuple[str, str, str, str]] = {
    "public": ("admin", "publish", "post", ""),
    "private": ("editor", "private", "post", ""),
    "draft": ("author", "draft", "post", ""),
    "protected": ("admin", "publish", "post", PASSWORD),
    "page": ("admin", "publish", "page", ""),
}
# The four statuses every post gets a comment in.
STATUSES = {"approved": "1", "hold": "0", "spam": "spam", "trash": "trash"}


@dataclass
class Site(SiteBase):
    posts: dict[str, int] = field(default_factory=dict)
    # (post name, status) → comment id, and named extra comments.
    comments: dict[Any, int] = field(default_factory=dict)

    def set_options(self, **options: str) -> None:
        async def go(storage: Storage) -> None:
            for name, value in options.items():
                await set_option(storage, name, value)

        self.run(go)

    @contextmanager
    def client(self, **overrides: Any) -> Iterator[TestClient]:
        from wpcompat.app import create_app

        settings = replace(self.settings, **overrides) if overrides else self.settings
        with TestClient(create_app(settings)) as c:
            yield c


async def add_comment(storage: Storage, post_id: int, **values: Any) -> int:
    """Insert a comment row with WordPress's defaults (local time Europe/Paris in winter: +1 h)."""
    local = values.pop("date", "2021-03-01 10:00:00")
    gmt = (dt.datetime.strptime(local, "%Y-%m-%d %H:%M:%S") - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    row = {
        "comment_post_ID": post_id, "comment_author": "Anne Onyme", "comment_author_email": "anne@exemple.fr",
        "comment_author_url": "", "comment_author_IP": "192.0.2.7", "comment_date": local,
        "comment_date_gmt": gmt, "comment_content": "Bonjour", "comment_karma": 0, "comment_approved": "1",
        "comment_agent": "Mozilla/5.0", "comment_type": "comment", "comment_parent": 0, "user_id": 0,
    }
    row.update(values)
    return int(await storage.db.execute(sa.insert(storage.tables.comments).values(**row)))


async def _build(storage: Storage, site: Site) -> None:
    t = storage.tables
    await set_option(storage, "timezone_string", "Europe/Paris")
    await set_option(storage, "permalink_structure", "/%year%/%monthnum%/%day%/%postname%/")
    for n, (login, role, name) in enumerate(USERS):
        user_id = await create_user(
            storage, login,
            UserFields(email=f"{login}@exemple.fr", role=role, display_name=name,
                       registered=f"2021-01-0{n + 1} 08:00:00"),
        )
        site.users[login] = user_id
        site.passwords[login], _ = await create_password(storage, user_id, "tests")
    for n, (name, (author, status, post_type, password)) in enumerate(POSTS.items(), start=1):
        local = f"2021-02-0{n} 12:00:00"
        gmt = f"2021-02-0{n} 11:00:00"
        values = {
            "post_author": site.users[author], "post_date": local, "post_date_gmt": gmt,
            "post_content": f"Contenu {name}", "post_title": f"Article {name}", "post_excerpt": "",
            "post_status": status, "comment_status": "open", "ping_status": "open", "post_password": password,
            "post_name": name if status != "draft" else "", "to_ping": "", "pinged": "", "post_modified": local,
            "post_modified_gmt": gmt, "post_content_filtered": "", "post_parent": 0,
            "guid": f"{HOME}/?p={n}", "menu_order": 0, "post_type": post_type, "post_mime_type": "",
            "comment_count": 0,
        }
        site.posts[name] = int(await storage.db.execute(sa.insert(t.posts).values(**values)))
    minute = 0
    for name, post_id in site.posts.items():
        for status, approved in STATUSES.items():
            minute += 1
            site.comments[(name, status)] = await add_comment(
                storage, post_id, comment_approved=approved, date=f"2021-03-01 10:{minute:02d}:00",
                comment_author=f"Auteur {name} {status}", comment_author_email=f"{name}.{status}@exemple.fr",
                comment_content=f"Commentaire {status} sur {name}",
            )
    public = site.posts["public"]
    parent = site.comments[("public", "approved")]
    extra = {
        "reply": dict(comment_parent=parent, comment_content="Une réponse", date="2021-03-02 09:00:00"),
        "held_reply": dict(comment_parent=site.comments[("public", "hold")], comment_approved="0",
                           date="2021-03-02 09:05:00"),
        "by_author": dict(user_id=site.users["author"], comment_author="Jeanne Dupont",
                          comment_author_email="old-address@exemple.fr", date="2021-03-02 10:00:00"),
        "subscriber_held": dict(user_id=site.users["subscriber"], comment_approved="0",
                                comment_author="Paul Lefèvre", comment_author_email="subscriber@exemple.fr",
                                date="2021-03-02 11:00:00"),
        "pingback": dict(comment_type="pingback", comment_author="Un blog", comment_author_email="",
                         comment_author_url="http://blog.example/", date="2021-03-02 12:00:00"),
        "legacy": dict(comment_type="", comment_author="Ancien", comment_author_email="ANCIEN@Exemple.fr ",
                       date="2021-03-02 13:00:00"),
    }
    for key, values in extra.items():
        site.comments[key] = await add_comment(storage, public, **values)


def make_site(settings: Settings, version: str = "6.1") -> Site:
    site = Site(settings=replace(settings, site_url=HOME, wp_version=version))

    async def build(storage: Storage) -> None:
        await _build(storage, site)

    site.run(build)
    return site
