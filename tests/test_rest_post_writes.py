"""Creating, updating, trashing and deleting posts and pages through the REST API (WordPress 6.1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from auth.accounts import UserFields, create_user
from auth.application_passwords import create_password
from settings import Settings
from tests.conftest import site_db_url
from wpcompat.storage import Storage
from wpcompat.storage.options import set_option

from .readside_site import API, HOME, Site, make_site

POSTS = "/wp-json/wp/v2/posts"
PAGES = "/wp-json/wp/v2/pages"


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = tmp_path_factory.mktemp("post-writes") / "site.db"
    site = make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))

    async def add_contributor(storage: Storage) -> None:
        user_id = await create_user(storage, "contributor", UserFields(
            email="contributor@exemple.fr", role="contributor", display_name="Con Tributeur",
            registered="2021-01-09 08:00:00"))
        site.users["contributor"] = user_id
        site.passwords["contributor"], _ = await create_password(storage, user_id, "tests")

        # The oracle's zone, so that local and GMT dates differ.
        await set_option(storage, "timezone_string", "Europe/Paris")
        await set_option(storage, "default_ping_status", "open")

    site.run(add_contributor)
    return site


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def _rows(site: Site, table: str, **where: Any) -> list[dict[str, Any]]:
    async def read(storage: Storage) -> list[dict[str, Any]]:
        t = getattr(storage.tables, table)
        query = sa.select(t)
        for key, value in where.items():
            query = query.where(t.c[key] == value)
        return [dict(r._mapping) for r in await storage.db.fetch_all(query)]

    return site.run(read)


def _count(site: Site, table: str) -> int:
    return len(_rows(site, table))


def _term_count(site: Site, term_id: int) -> int:
    return int(_rows(site, "term_taxonomy", term_id=term_id)[0]["count"])


def _sticky(client: TestClient, post_id: int) -> bool:
    return bool(client.get(f"{POSTS}/{post_id}").json()["sticky"])


# ---------------------------------------------------------------- create


def test_create_exact(client: TestClient, site: Site) -> None:
    before = _term_count(site, 2), _term_count(site, 10)
    r = client.post(POSTS, json={
        "title": "Nouvel article : l'ESS & l'emploi", "content": "<p>Texte <em>riche</em>.</p><!--more--><p>Suite</p>",
        "status": "publish", "date": "2021-12-24T10:00:00", "categories": [2], "tags": [10], "excerpt": "Résumé.",
    }, headers=site.auth("admin"))
    assert r.status_code == 201, r.text
    body = r.json()
    post_id = body["id"]
    assert r.headers["Location"] == f"{API}/wp/v2/posts/{post_id}"
    link = f"{HOME}/2021/12/24/nouvel-article-less-lemploi/"
    links = body.pop("_links")
    assert body == {
        "id": post_id, "date": "2021-12-24T10:00:00", "date_gmt": "2021-12-24T09:00:00",
        "guid": {"rendered": link, "raw": link},
        # wp_insert_post: a new post with an explicit date has modified = date.
        "modified": "2021-12-24T10:00:00", "modified_gmt": "2021-12-24T09:00:00",
        "password": "", "slug": "nouvel-article-less-lemploi", "status": "publish", "type": "post", "link": link,
        "title": {"raw": "Nouvel article : l'ESS & l'emploi",
                  "rendered": "Nouvel article : l&#8217;ESS &#038; l&#8217;emploi"},
        "content": {"raw": "<p>Texte <em>riche</em>.</p><!--more--><p>Suite</p>",
                    "rendered": "<p>Texte <em>riche</em>.</p>\n<p><!--more--></p>\n<p>Suite</p>\n",
                    "protected": False, "block_version": 0},
        "excerpt": {"raw": "Résumé.", "rendered": "<p>Résumé.</p>\n", "protected": False},
        "author": site.users["admin"], "featured_media": 0, "comment_status": "open", "ping_status": "open",
        "sticky": False, "template": "", "format": "standard", "meta": [], "categories": [2], "tags": [10],
        "permalink_template": f"{HOME}/2021/12/24/%postname%/", "generated_slug": "nouvel-article-less-lemploi",
    }
    assert links["version-history"] == [{"count": 0, "href": f"{API}/wp/v2/posts/{post_id}/revisions"}]
    assert "wp:action-publish" in links
    assert (_term_count(site, 2), _term_count(site, 10)) == (before[0] + 1, before[1] + 1)
    # Readable by anyone at once, in view context.
    assert client.get(f"{POSTS}/{post_id}").json()["title"] == {
        "rendered": "Nouvel article : l&#8217;ESS &#038; l&#8217;emploi"}


def test_create_defaults_draft_default_category(client: TestClient, site: Site) -> None:
    uncategorized = _term_count(site, 1)
    r = client.post(POSTS, json={"title": "Brouillon neuf"}, headers=site.auth("author"))
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "draft"
    assert body["slug"] == ""  # drafts keep an empty post_name
    assert body["generated_slug"] == "brouillon-neuf"
    assert body["categories"] == [1]  # default_category
    assert body["guid"]["raw"] == f"{HOME}/?p={body['id']}"
    assert body["author"] == site.users["author"]
    row = _rows(site, "posts", ID=body["id"])[0]
    assert row["post_date_gmt"] == "0000-00-00 00:00:00"  # a floating draft date
    # Drafts do not count in the term counts.
    assert _term_count(site, 1) == uncategorized


def test_create_slug_unique_and_future(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    r1 = client.post(POSTS, json={"title": "Même titre", "status": "publish"}, headers=admin)
    r2 = client.post(POSTS, json={"title": "Même titre", "status": "publish"}, headers=admin)
    r3 = client.post(POSTS, json={"title": "Autre", "slug": "Même titre", "status": "publish"}, headers=admin)
    assert [r.json()["slug"] for r in (r1, r2, r3)] == ["meme-titre", "meme-titre-2", "meme-titre-3"]
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    r = client.post(POSTS, json={"title": "Plus tard", "status": "publish", "date_gmt": later}, headers=admin)
    assert r.json()["status"] == "future"
    assert r.json()["date_gmt"] == later[:-1]
    # A draft created with a slug gets a unique one too (create_item asks as if publishing).
    r = client.post(POSTS, json={"title": "d", "slug": "meme-titre", "status": "draft"}, headers=admin)
    assert r.json()["slug"] == "meme-titre-4"
    # A `future` request whose date is past is published.
    r = client.post(POSTS, json={"title": "Passé", "status": "future", "date": "2020-01-01T00:00:00"}, headers=admin)
    assert r.json()["status"] == "publish"


def test_create_refusals_in_order(client: TestClient, site: Site) -> None:
    posts_before = _count(site, "posts")
    cases: list[tuple[str | None, dict[str, Any], int, str]] = [
        (None, {"title": "x"}, 401, "rest_cannot_create"),
        ("subscriber", {"title": "x"}, 403, "rest_cannot_create"),
        ("subscriber", {"title": "x", "sticky": True}, 403, "rest_cannot_assign_sticky"),
        ("author", {"title": "x", "author": 1}, 403, "rest_cannot_edit_others"),
        ("contributor", {"title": "x", "status": "publish"}, 403, "rest_cannot_publish"),
        ("contributor", {"title": "x", "status": "private"}, 403, "rest_cannot_publish"),
        ("admin", {"title": "x", "author": 999}, 400, "rest_invalid_author"),
        ("admin", {"title": "x", "id": 3}, 400, "rest_post_exists"),
        ("admin", {"status": "publish"}, 400, "empty_content"),
        ("admin", {"title": "x", "sticky": True, "password": "p"}, 400, "rest_invalid_field"),
        ("admin", {"title": "x", "date": "pas une date"}, 400, "rest_invalid_param"),
    ]
    for who, body, status, code in cases:
        r = client.post(POSTS, json=body, headers=site.auth(who))
        assert (r.status_code, r.json().get("code")) == (status, code), (who, body, r.text)
    assert client.post(POSTS, json={"title": "x"}, headers=site.auth("subscriber")).json()["message"] == \
        "Sorry, you are not allowed to create posts as this user."
    # Nothing was written by any refused request.
    assert _count(site, "posts") == posts_before


def test_role_matrix(client: TestClient, site: Site) -> None:
    """Who may create, edit someone else's published post, and publish."""
    other = site.posts["vie"]  # the admin's published post
    expected = {
        None: (401, 401), "subscriber": (403, 403), "contributor": (201, 403),
        "author": (201, 403), "editor": (201, 200), "admin": (201, 200),
    }
    for who, (create, edit_other) in expected.items():
        auth = site.auth(who)
        assert client.post(POSTS, json={"title": f"par {who}"}, headers=auth).status_code == create, who
        r = client.post(f"{POSTS}/{other}", json={"excerpt": f"vu par {who}"}, headers=auth)
        assert r.status_code == edit_other, (who, r.text)
        publish = client.post(POSTS, json={"title": "pub", "status": "publish"}, headers=auth).status_code
        assert publish == {None: 401, "subscriber": 403, "contributor": 403}.get(who, 201), who


def test_contributor_content_is_filtered(client: TestClient, site: Site) -> None:
    r = client.post(POSTS, json={"title": "<script>x</script>Titre <b>gras</b>",
                                 "content": "<p onclick=\"x()\">Bonjour</p><script>alert(1)</script>",
                                 "excerpt": "<iframe src=x></iframe>ok"}, headers=site.auth("contributor"))
    body = r.json()
    assert body["title"]["raw"] == "xTitre <b>gras</b>"
    assert body["content"]["raw"] == "<p>Bonjour</p>alert(1)"
    assert body["excerpt"]["raw"] == "ok"
    # Administrators keep raw HTML.
    r = client.post(POSTS, json={"title": "t", "content": "<script>alert(1)</script>", "author": site.users["author"],
                                 "status": "publish"}, headers=site.auth("admin"))
    assert r.json()["content"]["raw"] == "<script>alert(1)</script>"
    # The author editing only the title saves the whole post through kses, as WordPress does.
    r = client.post(f"{POSTS}/{r.json()['id']}", json={"title": "t2"}, headers=site.auth("author"))
    assert r.json()["content"]["raw"] == "alert(1)"


# ---------------------------------------------------------------- update


def test_update_sticky_revision_and_modified(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    post_id = client.post(POSTS, json={"title": "Avant", "content": "c", "status": "publish",
                                       "date": "2021-12-24T10:00:00"}, headers=admin).json()["id"]
    r = client.post(f"{POSTS}/{post_id}", json={"title": "Article modifié", "sticky": True}, headers=admin)
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == {"raw": "Article modifié", "rendered": "Article modifié"}
    assert body["sticky"] is True
    assert body["slug"] == "avant"  # a published post keeps its slug
    assert body["generated_slug"] == "article-modifie"
    assert body["date"] == "2021-12-24T10:00:00"
    assert body["modified"] > "2026"  # now
    revisions = _rows(site, "posts", post_parent=post_id, post_type="revision")
    assert len(revisions) == 1
    rev = revisions[0]
    assert (rev["post_name"], rev["post_title"], rev["post_status"]) == (f"{post_id}-revision-v1", "Article modifié",
                                                                        "inherit")
    assert rev["guid"] == f"{HOME}/?p={rev['ID']}"
    links = body["_links"]
    assert links["version-history"][0]["count"] == 1
    assert links["predecessor-version"] == [{"id": rev["ID"], "href": f"{API}/wp/v2/posts/{post_id}/revisions/{rev['ID']}"}]
    # Unchanged text: no new revision.
    client.post(f"{POSTS}/{post_id}", json={"sticky": False}, headers=admin)
    assert len(_rows(site, "posts", post_parent=post_id, post_type="revision")) == 1
    assert not _sticky(client, post_id)


def test_update_refusals(client: TestClient, site: Site) -> None:
    other = site.posts["vie"]
    r = client.post(f"{POSTS}/{other}", json={"title": "Piraté"}, headers=site.auth("author"))
    assert r.json() == {"code": "rest_cannot_edit", "message": "Sorry, you are not allowed to edit this post.",
                        "data": {"status": 403}}
    r = client.post(f"{POSTS}/{other}", json={"date": "pas une date"}, headers=site.auth("admin"))
    assert r.status_code == 400
    assert r.json() == {"code": "rest_invalid_param", "message": "Invalid parameter(s): date",
                        "data": {"status": 400, "params": {"date": "Invalid date."},
                                 "details": {"date": {"code": "rest_invalid_date", "message": "Invalid date.",
                                                      "data": None}}}}
    r = client.post(f"{POSTS}/99999", json={"title": "x"}, headers=site.auth("admin"))
    assert (r.status_code, r.json()["code"]) == (404, "rest_post_invalid_id")
    own = site.posts["bilan"]
    r = client.post(f"{POSTS}/{own}", json={"author": site.users["admin"]}, headers=site.auth("author"))
    assert r.json()["code"] == "rest_cannot_edit_others"
    assert r.json()["message"] == "Sorry, you are not allowed to update posts as this user."
    assert _rows(site, "posts", ID=other)[0]["post_title"] == "Article vie"


def test_update_terms_and_counts(client: TestClient, site: Site) -> None:
    post_id = site.posts["vie"]  # categories [4], tags [10]
    c4, c2, t10 = _term_count(site, 4), _term_count(site, 2), _term_count(site, 10)
    r = client.post(f"{POSTS}/{post_id}", json={"categories": [2, 9999], "tags": []}, headers=site.auth("editor"))
    assert r.json()["categories"] == [2] and r.json()["tags"] == []
    assert (_term_count(site, 4), _term_count(site, 2), _term_count(site, 10)) == (c4 - 1, c2 + 1, t10 - 1)


def test_update_format_and_publish_draft(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    draft = site.posts["brouillon"]
    r = client.put(f"{POSTS}/{draft}", json={"status": "publish", "format": "aside"}, headers=admin)
    body = r.json()
    assert body["status"] == "publish"
    assert body["format"] == "aside"
    assert body["slug"] == "brouillon"
    r = client.patch(f"{POSTS}/{draft}", json={"format": "standard"}, headers=admin)
    assert r.json()["format"] == "standard"


def test_page_parent_and_comment_status_defaults(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    r = client.post(PAGES, json={"title": "Parent", "status": "publish"}, headers=admin)
    parent = r.json()
    assert (parent["comment_status"], parent["ping_status"]) == ("closed", "closed")
    r = client.post(PAGES, json={"title": "Enfant", "status": "publish", "parent": parent["id"]}, headers=admin)
    assert r.json()["parent"] == parent["id"]
    assert r.json()["link"] == f"{HOME}/parent/enfant/"
    r = client.post(PAGES, json={"title": "x", "parent": 99999}, headers=admin)
    assert r.json()["code"] == "rest_post_invalid_id" and r.json()["message"] == "Invalid post parent ID."
    # Pages named like page numbers get a suffix.
    assert client.post(PAGES, json={"title": "2", "status": "publish"}, headers=admin).json()["slug"] == "2-2"


# ---------------------------------------------------------------- delete


def test_trash_then_force_delete(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    post_id = client.post(POSTS, json={"title": "À jeter", "status": "publish", "categories": [2], "sticky": True},
                          headers=admin).json()["id"]
    client.post(f"{POSTS}/{post_id}", json={"title": "À jeter vraiment"}, headers=admin)
    comment = client.post("/wp-json/wp/v2/comments", json={"post": post_id, "content": "Un avis"}, headers=admin)
    assert comment.status_code == 201
    count_2 = _term_count(site, 2)
    r = client.delete(f"{POSTS}/{post_id}", headers=admin)
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["slug"], body["sticky"]) == ("trash", "a-jeter__trashed", False)
    assert body["link"] == f"{HOME}/?p={post_id}"
    meta = {m["meta_key"]: m["meta_value"] for m in _rows(site, "postmeta", post_id=post_id)}
    assert meta["_wp_trash_meta_status"] == "publish"
    assert meta["_wp_desired_post_slug"] == "a-jeter"
    assert int(meta["_wp_trash_meta_time"]) > 0
    trashed = _rows(site, "comments", comment_post_ID=post_id)
    assert [c["comment_approved"] for c in trashed] == ["post-trashed"]
    assert meta["_wp_trash_meta_comments_status"] == f'a:1:{{i:{trashed[0]["comment_ID"]};s:1:"1";}}'
    assert _rows(site, "posts", ID=post_id)[0]["comment_count"] == 1  # kept, as WordPress keeps it
    assert _term_count(site, 2) == count_2 - 1
    # The slug is free again.
    assert client.post(POSTS, json={"title": "À jeter", "status": "publish"}, headers=admin).json()["slug"] == "a-jeter"
    r = client.delete(f"{POSTS}/{post_id}", headers=admin)
    assert (r.status_code, r.json()["code"]) == (410, "rest_already_trashed")
    r = client.delete(f"{POSTS}/{post_id}", params={"force": "true"}, headers=admin)
    assert r.status_code == 200
    body = r.json()
    assert body["deleted"] is True
    assert body["previous"]["id"] == post_id and body["previous"]["status"] == "trash"
    assert "_links" not in body["previous"]
    assert _rows(site, "posts", ID=post_id) == []
    assert _rows(site, "posts", post_parent=post_id) == []  # its revision went with it
    assert _rows(site, "postmeta", post_id=post_id) == []
    assert _rows(site, "comments", comment_post_ID=post_id) == []
    assert _rows(site, "term_relationships", object_id=post_id) == []
    r = client.get(f"{POSTS}/{post_id}", headers=admin)
    assert (r.status_code, r.json()["code"]) == (404, "rest_post_invalid_id")


def test_delete_permissions_and_media(client: TestClient, site: Site) -> None:
    other = site.posts["vie"]
    r = client.delete(f"{POSTS}/{other}", headers=site.auth("author"))
    assert r.json() == {"code": "rest_cannot_delete", "message": "Sorry, you are not allowed to delete this post.",
                        "data": {"status": 403}}
    assert client.delete(f"{POSTS}/{other}").status_code == 401
    assert _rows(site, "posts", ID=other)[0]["post_status"] == "publish"
    # Pages go to the trash too.
    page = client.post(PAGES, json={"title": "Page", "status": "publish"}, headers=site.auth("admin")).json()["id"]
    assert client.delete(f"{PAGES}/{page}", headers=site.auth("admin")).json()["status"] == "trash"


def test_media_update_and_no_trash(client: TestClient, site: Site) -> None:
    async def add_media(storage: Storage) -> int:
        t = storage.tables
        return int(await storage.db.execute(sa.insert(t.posts).values(
            post_author=site.users["admin"], post_date="2021-03-01 10:00:00", post_date_gmt="2021-03-01 09:00:00",
            post_title="Image", post_status="inherit", post_name="image", post_type="attachment",
            post_mime_type="image/png", guid=f"{HOME}/wp-content/uploads/image.png",
            post_modified="2021-03-01 10:00:00", post_modified_gmt="2021-03-01 09:00:00")))

    media_id = site.run(add_media)
    admin = site.auth("admin")
    r = client.post(f"/wp-json/wp/v2/media/{media_id}", json={"alt_text": "Un <b>logo</b>", "caption": "Légende",
                                                               "description": "Desc"}, headers=admin)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["alt_text"] == "Un logo"
    assert body["caption"]["raw"] == "Légende" and body["description"]["raw"] == "Desc"
    assert body["status"] == "inherit"
    r = client.delete(f"/wp-json/wp/v2/media/{media_id}", headers=admin)
    assert r.status_code == 501 and r.json()["code"] == "rest_trash_not_supported"
    # A featured image: set, then gone with the attachment.
    post_id = site.posts["vie"]
    assert client.post(f"{POSTS}/{post_id}", json={"featured_media": media_id}, headers=admin).json()[
        "featured_media"] == media_id
    r = client.post(f"{POSTS}/{post_id}", json={"featured_media": site.posts["bilan"]}, headers=admin)
    assert r.json()["code"] == "rest_invalid_featured_media"
    assert client.delete(f"/wp-json/wp/v2/media/{media_id}", params={"force": "true"}, headers=admin).json()[
        "deleted"] is True
    assert client.get(f"{POSTS}/{post_id}").json()["featured_media"] == 0


def test_template_old_slug_and_pending(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    post_id = site.posts["vie"]
    r = client.post(f"{POSTS}/{post_id}", json={"template": "full-width.php"}, headers=admin)
    assert r.json() == {"code": "rest_invalid_param", "message": "Invalid parameter(s): template",
                        "data": {"status": 400, "params": {"template": "template is not one of ."},
                                 "details": {"template": {"code": "rest_invalid_param",
                                                          "message": "template is not one of .", "data": None}}}}
    r = client.post(f"{POSTS}/{post_id}", json={"template": "", "slug": "vie-nouvelle",
                                                "date": "2021-05-05T10:00:00"}, headers=admin)
    assert r.json()["slug"] == "vie-nouvelle" and r.json()["template"] == ""
    meta = {(m["meta_key"], m["meta_value"]) for m in _rows(site, "postmeta", post_id=post_id)}
    assert {("_wp_old_slug", "vie"), ("_wp_old_date", "2021-02-03"), ("_wp_page_template", "")} <= meta
    # Taking the old slug back removes it from the list.
    client.post(f"{POSTS}/{post_id}", json={"slug": "vie"}, headers=admin)
    assert ("_wp_old_slug", "vie") not in {(m["meta_key"], m["meta_value"])
                                           for m in _rows(site, "postmeta", post_id=post_id)}
    # A contributor's pending post gets no slug, even a requested one.
    r = client.post(POSTS, json={"title": "En attente", "slug": "choisi", "status": "pending"},
                    headers=site.auth("contributor"))
    assert (r.json()["status"], r.json()["slug"]) == ("pending", "")


def test_allow_header_runs_write_checks_on_list_params(client: TestClient, site: Site) -> None:
    """The create check also runs for a GET's `Allow` header, where `author` is a list."""
    r = client.get(POSTS, params={"author": site.users["author"], "categories": "2"})
    assert r.status_code == 200 and r.headers["Allow"] == "GET"
    r = client.get(POSTS, params={"author": site.users["admin"]}, headers=site.auth("admin"))
    assert r.headers["Allow"] == "GET, POST"
    r = client.get(POSTS, params={"author": site.users["admin"]}, headers=site.auth("author"))
    assert r.headers["Allow"] == "GET"  # not as another user


def test_numeric_slug_against_date_archives(site: Site) -> None:
    """Under /%year%/%postname%/ a slug of 12 or less would read as a month archive."""
    admin = site.auth("admin")

    async def structure(storage: Storage) -> None:
        await set_option(storage, "permalink_structure", "/%year%/%postname%/")

    site.run(structure)
    with site.client() as fresh:
        assert fresh.post(POSTS, json={"title": "12", "status": "publish"}, headers=admin).json()["slug"] == "12-2"
        assert fresh.post(POSTS, json={"title": "13", "status": "publish"}, headers=admin).json()["slug"] == "13"
