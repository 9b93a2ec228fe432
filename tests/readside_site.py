"""A small site for the users, terms, types, taxonomies, statuses and settings tests.

Users with Application Passwords (admin, editor, author, subscriber), categories with a
hierarchy (and an empty parent whose child is not empty), tags whose counts tie, and posts in
several states; served by the full app as WordPress 6.1 (or 7.1 on demand).
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
from wpcompat.storage.terms import recount_terms

HOME = "http://example.test"
API = HOME + "/wp-json"

# term_id: (taxonomy, name, slug, parent, description)
TERMS: dict[int, tuple[str, str, str, int, str]] = {
    1: ("category", "Uncategorized", "uncategorized", 0, ""),
    2: ("category", "Économie sociale", "economie-sociale", 0, "Actualités de l’ESS"),
    3: ("category", "Coopératives", "cooperatives", 2, ""),
    4: ("category", "Vie du secteur", "vie-du-secteur", 0, ""),
    5: ("category", "Archives", "archives", 0, ""),
    6: ("category", "Anciens", "anciens", 5, ""),
    7: ("category", "Vide", "vide", 0, ""),
    10: ("post_tag", "SCOP", "scop", 0, "Sociétés coopératives"),
    11: ("post_tag", "Associations", "associations", 0, ""),
    12: ("post_tag", "emploi", "emploi", 0, ""),
    13: ("post_tag", "Zèbre", "zebre", 0, ""),
}
# name: (author, status, post_type, term IDs)
POSTS: dict[str, tuple[str, str, str, tuple[int, ...]]] = {
    "bilan": ("author", "publish", "post", (3, 2, 10, 11, 12)),
    "vie": ("admin", "publish", "post", (4, 10)),
    "brouillon": ("admin", "draft", "post", (7,)),
    "ancien": ("author", "publish", "post", (6, 11)),
    "bienvenue": ("admin", "publish", "post", (1,)),
    "editor_private": ("editor", "private", "post", (1,)),
}
USERS = (
    ("admin", "administrator", "Camille Martin", "Camille", "Martin"),
    ("editor", "editor", "Eddy Teur", "", ""),
    ("author", "author", "Jeanne Dupont", "Jeanne", "Dupont"),
    ("subscriber", "subscriber", "Paul Lefèvre", "Paul", "Lefèvre"),
)


@dataclass
class Site(SiteBase):
    posts: dict[str, int] = field(default_factory=dict)

    @contextmanager
    def client(self, **overrides: Any) -> Iterator[TestClient]:
        from wpcompat.app import create_app

        settings = replace(self.settings, **overrides) if overrides else self.settings
        with TestClient(create_app(settings)) as c:
            yield c


async def _build(storage: Storage, site: Site) -> None:
    t = storage.tables
    for n, (login, role, name, first, last) in enumerate(USERS):
        user_id = await create_user(
            storage, login,
            UserFields(email=f"{login}@exemple.fr", role=role, display_name=name, first_name=first, last_name=last,
                       registered=f"2021-01-0{n + 1} 08:00:00"),
        )
        site.users[login] = user_id
        site.passwords[login], _ = await create_password(storage, user_id, "tests")
    # The installer's "Uncategorized" may already be there: start from empty term tables.
    for table in (t.term_relationships, t.term_taxonomy, t.terms):
        await storage.db.execute(sa.delete(table))
    for term_id, (taxonomy, name, slug, parent, description) in TERMS.items():
        await storage.db.execute(sa.insert(t.terms).values(term_id=term_id, name=name, slug=slug, term_group=0))
        await storage.db.execute(sa.insert(t.term_taxonomy).values(
            term_taxonomy_id=term_id, term_id=term_id, taxonomy=taxonomy, description=description, parent=parent,
            count=0,
        ))
    for n, (name, (author, status, post_type, term_ids)) in enumerate(POSTS.items(), start=1):
        date = dt.datetime(2021, 2, 1, 12, 0) + dt.timedelta(days=n)
        local, gmt = date.strftime("%Y-%m-%d %H:%M:%S"), (date - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
        values = {
            "post_author": site.users[author], "post_date": local, "post_date_gmt": gmt,
            "post_content": f"Contenu {name}", "post_title": f"Article {name}", "post_excerpt": "",
            "post_status": status, "comment_status": "open", "ping_status": "open", "post_password": "",
            "post_name": name, "to_ping": "", "pinged": "", "post_modified": local, "post_modified_gmt": gmt,
            "post_content_filtered": "", "post_parent": 0, "guid": f"{HOME}/?p={n}", "menu_order": 0,
            "post_type": post_type, "post_mime_type": "", "comment_count": 0,
        }
        post_id = int(await storage.db.execute(sa.insert(t.posts).values(**values)))
        site.posts[name] = post_id
        for term_id in term_ids:
            await storage.db.execute(sa.insert(t.term_relationships).values(
                object_id=post_id, term_taxonomy_id=term_id, term_order=0))
    await recount_terms(storage, TERMS)
    # PostgreSQL does not move the serials past explicitly inserted IDs.
    from wpcompat.storage.bulk import bump_sequences

    await bump_sequences(storage)


def make_site(settings: Settings) -> Site:
    site = Site(settings=replace(settings, site_url=HOME, wp_version="6.1"))

    async def build(storage: Storage) -> None:
        await _build(storage, site)

    site.run(build)
    return site


def term_links(rest_base: str, taxonomy: str, term_id: int, parent: int = 0) -> dict[str, Any]:
    """The `_links` WordPress gives a category or tag."""
    query_var = "categories" if taxonomy == "category" else "tags"
    links: dict[str, Any] = {
        "self": [{"href": f"{API}/wp/v2/{rest_base}/{term_id}"}],
        "collection": [{"href": f"{API}/wp/v2/{rest_base}"}],
        "about": [{"href": f"{API}/wp/v2/taxonomies/{taxonomy}"}],
    }
    if parent:
        links["up"] = [{"embeddable": True, "href": f"{API}/wp/v2/{rest_base}/{parent}"}]
    links["wp:post_type"] = [{"href": f"{API}/wp/v2/posts?{query_var}={term_id}"}]
    links["curies"] = [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}]
    return links
