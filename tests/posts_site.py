"""A small blog for the posts, pages, media, revisions and search tests.

Users with Application Passwords (admin, editor, author, contributor, subscriber); categories
with a hierarchy, tags and the `aside` post format; posts in every status (a sticky one, a
password-protected one, drafts without a GMT date, a private and a future one), a page tree,
an image attachment with its metadata, and revisions. Site time zone Europe/Paris.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from auth.accounts import UserFields, create_user
from auth.application_passwords import create_password
from settings import Settings
from tests.site_base import SiteBase
from wpcompat.storage import Storage
from wpcompat.util.phpserial import dumps

HOME = "http://example.test"
API = HOME + "/wp-json"
ZERO = "0000-00-00 00:00:00"

USERS = (
    ("admin", "administrator", "Camille Martin"),
    ("editor", "editor", "Eddy Teur"),
    ("author", "author", "Jeanne Dupont"),
    ("contributor", "contributor", "Conrad Tribu"),
    ("subscriber", "subscriber", "Paul Lefèvre"),
)
# term_id: (taxonomy, name, slug, parent)
TERMS: dict[int, tuple[str, str, str, int]] = {
    1: ("category", "Uncategorized", "uncategorized", 0),
    2: ("category", "Économie sociale", "economie-sociale", 0),
    3: ("category", "Coopératives", "cooperatives", 2),
    4: ("category", "Vie du secteur", "vie-du-secteur", 0),
    5: ("post_tag", "SCOP", "scop", 0),
    6: ("post_tag", "Associations", "associations", 0),
    7: ("post_tag", "emploi", "emploi", 0),
    8: ("post_format", "Aside", "post-format-aside", 0),
}


@dataclass
class PostSpec:
    id: int
    title: str
    slug: str
    date: str  # site-local
    date_gmt: str
    author: str = "admin"
    status: str = "publish"
    post_type: str = "post"
    content: str = ""
    excerpt: str = ""
    password: str = ""
    parent: int = 0
    menu_order: int = 0
    terms: tuple[int, ...] = ()
    comment_status: str = "open"
    mime: str = ""
    guid: str = ""


POSTS: list[PostSpec] = [
    PostSpec(1, "Hello world!", "hello-world", "2020-01-10 10:00:00", "2020-01-10 09:00:00",
             content="Welcome to WordPress. This is your first post.", terms=(1,)),
    PostSpec(2, "Les SCOP en 2021", "les-scop-en-2021", "2021-03-04 14:30:00", "2021-03-04 13:30:00",
             content="<p>Les coopératives progressent.</p>", terms=(3, 5)),
    PostSpec(3, "Bienvenue", "bienvenue", "2021-01-15 10:00:00", "2021-01-15 09:00:00",
             content="Ce site parle d'économie sociale.", terms=(4, 6)),
    PostSpec(4, "Rencontres coopératives", "rencontres", "2021-06-01 09:00:00", "2021-06-01 07:00:00",
             author="author", content="Trois jours à Lille.", excerpt="Le programme.", terms=(4, 6, 8)),
    PostSpec(5, "Compte rendu", "compte-rendu", "2021-02-12 18:00:00", "2021-02-12 17:00:00",
             content="Secret SCOP.", password="sesame", terms=(4,)),
    PostSpec(6, "Notes internes", "notes-internes", "2021-03-01 11:00:00", "2021-03-01 10:00:00",
             status="private", content="Budget.", terms=(4,)),
    PostSpec(7, "Brouillon admin", "", "2022-05-05 12:00:00", ZERO, status="draft", content="À finir.",
             terms=(4,)),
    PostSpec(8, "Brouillon auteur", "", "2022-05-05 12:00:00", ZERO, author="author", status="draft",
             content="Premier jet.", terms=(3,)),
    PostSpec(9, "Assemblée générale 2031", "assemblee-generale-2031", "2031-03-15 18:00:00",
             "2031-03-15 17:00:00", status="future", content="Bientôt.", terms=(4,)),
    PostSpec(10, "À propos", "a-propos", "2020-01-10 12:00:00", "2020-01-10 11:00:00", post_type="page",
             content="Qui sommes-nous ?", menu_order=1, comment_status="closed"),
    PostSpec(11, "L'équipe", "lequipe", "2020-01-10 12:30:00", "2020-01-10 11:30:00", post_type="page",
             content="Camille et Jeanne.", parent=10, menu_order=2, comment_status="closed"),
    PostSpec(12, "Logo coopératif", "logo", "2021-03-04 14:00:00", "2021-03-04 13:00:00",
             post_type="attachment", status="inherit", parent=2, content="Notre logo.",
             excerpt="Le <em>logo</em>", mime="image/png"),
    PostSpec(13, "Les SCOP en 2021", "2-revision-v1", "2021-03-05 08:00:00", "2021-03-05 07:00:00",
             post_type="revision", status="inherit", parent=2, content="<p>Première version.</p>"),
    PostSpec(14, "Les SCOP en 2021", "2-revision-v2", "2021-03-06 08:00:00", "2021-03-06 07:00:00",
             post_type="revision", status="inherit", parent=2, content="<p>Deuxième version.</p>"),
]
STICKY = (3,)
IMAGE_META = {
    "width": 400, "height": 300, "file": "2021/03/logo.png", "filesize": 2249,
    "sizes": {
        "medium": {"file": "logo-300x225.png", "width": 300, "height": 225, "mime-type": "image/png",
                   "filesize": 4322},
        "thumbnail": {"file": "logo-150x150.png", "width": 150, "height": 150, "mime-type": "image/png",
                      "filesize": 1582},
    },
    "image_meta": {"caption": "", "keywords": []},
}


@dataclass
class Site(SiteBase):

    @contextmanager
    def client(self, **overrides: Any) -> Iterator[TestClient]:
        from wpcompat.app import create_app

        settings = replace(self.settings, **overrides) if overrides else self.settings
        with TestClient(create_app(settings)) as c:
            yield c


async def _set_option(storage: Storage, name: str, value: str) -> None:
    options = storage.tables.options
    exists = await storage.db.fetch_val(
        sa.select(sa.func.count()).select_from(options).where(options.c.option_name == name))
    if exists:
        await storage.db.execute(sa.update(options).where(options.c.option_name == name).values(option_value=value))
    else:
        await storage.db.execute(sa.insert(options).values(option_name=name, option_value=value, autoload="yes"))


async def build(storage: Storage, site: Site) -> None:
    t = storage.tables
    db = storage.db
    for n, (login, role, name) in enumerate(USERS):
        user_id = await create_user(
            storage, login,
            UserFields(email=f"{login}@exemple.fr", role=role, display_name=name,
                       registered=f"2020-01-0{n + 1} 08:00:00"),
        )
        site.users[login] = user_id
        site.passwords[login], _ = await create_password(storage, user_id, "tests")
    for table in (t.term_relationships, t.term_taxonomy, t.terms, t.posts, t.postmeta):
        await db.execute(sa.delete(table))
    for term_id, (taxonomy, name, slug, parent) in TERMS.items():
        await db.execute(sa.insert(t.terms).values(term_id=term_id, name=name, slug=slug, term_group=0))
        await db.execute(sa.insert(t.term_taxonomy).values(
            term_taxonomy_id=term_id, term_id=term_id, taxonomy=taxonomy, description="", parent=parent, count=0))
    for spec in POSTS:
        guid = spec.guid or (f"{HOME}/wp-content/uploads/2021/03/logo.png" if spec.post_type == "attachment"
                             else f"{HOME}/?p={spec.id}")
        await db.execute(sa.insert(t.posts).values(
            ID=spec.id, post_author=site.users[spec.author], post_date=spec.date, post_date_gmt=spec.date_gmt,
            post_content=spec.content, post_title=spec.title, post_excerpt=spec.excerpt,
            post_status=spec.status, comment_status=spec.comment_status,
            ping_status="closed" if spec.post_type == "attachment" else "open", post_password=spec.password,
            post_name=spec.slug, to_ping="", pinged="", post_modified=spec.date,
            post_modified_gmt=spec.date_gmt, post_content_filtered="", post_parent=spec.parent, guid=guid,
            menu_order=spec.menu_order, post_type=spec.post_type, post_mime_type=spec.mime, comment_count=0,
        ))
        for term_id in spec.terms:
            await db.execute(sa.insert(t.term_relationships).values(
                object_id=spec.id, term_taxonomy_id=term_id, term_order=0))
    meta = [
        (2, "_thumbnail_id", "12"),
        (10, "_wp_page_template", "default"),
        (12, "_wp_attached_file", "2021/03/logo.png"),
        (12, "_wp_attachment_metadata", dumps(IMAGE_META)),
        (12, "_wp_attachment_image_alt", "Un logo"),
    ]
    for post_id, key, value in meta:
        await db.execute(sa.insert(t.postmeta).values(post_id=post_id, meta_key=key, meta_value=value))
    await _set_option(storage, "sticky_posts", dumps(list(STICKY)))
    await _set_option(storage, "timezone_string", "Europe/Paris")
    await _set_option(storage, "gmt_offset", "1")
    await _set_option(storage, "permalink_structure", "/%year%/%monthnum%/%day%/%postname%/")


def make_site(settings: Settings, wp_version: str = "6.1") -> Site:
    site = Site(settings=replace(settings, site_url=HOME, wp_version=wp_version, demo_import=False))

    async def go(storage: Storage) -> None:
        await build(storage, site)

    site.run(go)
    return site
