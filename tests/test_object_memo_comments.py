"""Memoised comments (wpcompat/rest/object_memo.py) follow every write that changes them: the
comment's own row and meta, a reply (its `children` link), its author's email (the avatar),
its post, the paging options (its `link`), whoever writes.

Runs on SQLite, and with `--backend postgresql` / `--backend mysql` on their test servers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from settings import Settings
from wpcompat.storage import Storage

from .comments_site import Site, add_comment, make_site


@pytest.fixture
def site(db_url: str) -> Site:
    return make_site(Settings(database_url=db_url, demo_import=False, response_cache=False))


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def _by_id(client: TestClient, site: Site, who: str | None = "subscriber") -> dict[int, dict[str, Any]]:
    r = client.get("/wp-json/wp/v2/comments", params={"post": site.posts["public"]}, headers=site.auth(who))
    assert r.status_code == 200, r.text
    return {c["id"]: c for c in r.json()}


@pytest.mark.parametrize("who", ["subscriber", None])
def test_a_direct_edit_of_a_comment_is_seen(site: Site, client: TestClient, who: str | None) -> None:
    comment_id = site.comments[("public", "approved")]
    for _ in range(3):
        assert _by_id(client, site, who)[comment_id]["content"]["rendered"] == "<p>Commentaire approved sur public</p>\n"
    site.write_directly(lambda t: sa.update(t.comments).where(t.comments.c["comment_ID"] == comment_id)
           .values(comment_content="Corrigé"))
    assert _by_id(client, site, who)[comment_id]["content"]["rendered"] == "<p>Corrigé</p>\n"
    single = client.get(f"/wp-json/wp/v2/comments/{comment_id}", headers=site.auth(who)).json()
    assert single["content"]["rendered"] == "<p>Corrigé</p>\n"


def test_a_new_reply_adds_the_parent_s_children_link(site: Site, client: TestClient) -> None:
    parent = site.comments["by_author"]
    assert "children" not in _by_id(client, site)[parent]["_links"]
    assert "children" not in _by_id(client, site)[parent]["_links"]

    async def reply(storage: Storage) -> None:
        await add_comment(storage, site.posts["public"], comment_parent=parent, date="2021-03-03 09:00:00")

    site.run(reply)
    assert "children" in _by_id(client, site)[parent]["_links"]


def test_the_author_s_email_change_changes_the_avatar(site: Site, client: TestClient) -> None:
    comment_id = site.comments["by_author"]
    before = _by_id(client, site)[comment_id]["author_avatar_urls"]
    assert _by_id(client, site)[comment_id]["author_avatar_urls"] == before
    author = site.users["author"]
    site.write_directly(lambda t: sa.update(t.users).where(t.users.c["ID"] == author).values(user_email="new@exemple.fr"))
    assert _by_id(client, site)[comment_id]["author_avatar_urls"] != before


def test_paging_options_change_the_link(site: Site, client: TestClient) -> None:
    comment_id = site.comments[("public", "approved")]
    assert _by_id(client, site)[comment_id]["link"].endswith(f"/public/#comment-{comment_id}")
    site.set_options(page_comments="1", comments_per_page="1", default_comments_page="newest")
    assert f"/public/comment-page-1/#comment-{comment_id}" in _by_id(client, site)[comment_id]["link"]


def test_the_post_s_slug_change_changes_the_link(site: Site, client: TestClient) -> None:
    comment_id = site.comments[("public", "approved")]
    assert "/public/" in _by_id(client, site)[comment_id]["link"]
    post_id = site.posts["public"]
    site.write_directly(lambda t: sa.update(t.posts).where(t.posts.c["ID"] == post_id).values(post_name="renomme"))
    assert "/renomme/" in _by_id(client, site)[comment_id]["link"]


def test_a_second_instance_sees_a_comment_edited_on_the_first(site: Site) -> None:
    comment_id = site.comments[("public", "approved")]
    with site.client() as one, site.client() as two:
        for client in (one, two, one, two):
            assert _by_id(client, site)[comment_id]["author_name"] == "Auteur public approved"
        r = one.post(f"/wp-json/wp/v2/comments/{comment_id}", json={"author_name": "Nouveau nom"},
                     headers=site.auth("admin"))
        assert r.status_code == 200, r.text
        assert _by_id(two, site)[comment_id]["author_name"] == "Nouveau nom"
        assert _by_id(one, site)[comment_id]["author_name"] == "Nouveau nom"


def test_each_viewer_gets_their_own_edit_context(site: Site, client: TestClient) -> None:
    comment_id = site.comments[("public", "approved")]
    url = f"/wp-json/wp/v2/comments/{comment_id}"
    for _ in range(2):
        assert "author_email" in client.get(url, params={"context": "edit"}, headers=site.auth("admin")).json()
        assert client.get(url, params={"context": "edit"}, headers=site.auth("subscriber")).status_code == 403
        assert "author_email" not in client.get(url, headers=site.auth("admin")).json()


@pytest.mark.parametrize("change", [{"post_status": "private"}, {"post_password": "secret"}])
def test_a_post_made_unreadable_in_place_refuses_its_comments(site: Site, client: TestClient,
                                                               change: dict[str, str]) -> None:
    """The posts' rows the permission check reads are kept across requests: a post made
    private or protected by a direct write (WordPress's own) is refused at once."""
    post_id = site.posts["public"]
    for _ in range(3):
        assert client.get("/wp-json/wp/v2/comments", params={"post": post_id}).status_code == 200
    site.write_directly(lambda t: sa.update(t.posts).where(t.posts.c["ID"] == post_id).values(**change))
    r = client.get("/wp-json/wp/v2/comments", params={"post": post_id})
    assert (r.status_code, r.json()["code"]) == (401, "rest_cannot_read_post")


def test_a_post_deleted_in_place_hides_its_comments(site: Site, client: TestClient) -> None:
    comment_id = site.comments[("public", "approved")]
    post_id = site.posts["public"]
    for _ in range(3):
        assert comment_id in _by_id(client, site, None)
        assert client.get(f"/wp-json/wp/v2/comments/{comment_id}").status_code == 200
    site.write_directly(lambda t: sa.delete(t.posts).where(t.posts.c["ID"] == post_id))
    assert comment_id not in _by_id(client, site, None)
    r = client.get(f"/wp-json/wp/v2/comments/{comment_id}")
    assert (r.status_code, r.json()["code"]) == (404, "rest_post_invalid_id")
