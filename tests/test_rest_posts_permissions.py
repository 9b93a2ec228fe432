"""Who sees which post: single reads, status filters, edit context and `Allow`, per role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from settings import Settings
from tests.conftest import site_db_url
from tests.posts_site import Site, make_site

WHO = (None, "subscriber", "contributor", "author", "editor", "admin")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = Path(tmp_path_factory.mktemp("perm")) / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


# post id → expected status for: anonymous, subscriber, contributor, author, editor, admin
SINGLE = {
    2: (200, 200, 200, 200, 200, 200),  # published
    6: (401, 403, 403, 403, 200, 200),  # private (admin's): read_private_posts
    7: (401, 403, 403, 403, 200, 200),  # admin's draft: edit_others_posts
    8: (401, 403, 403, 200, 200, 200),  # the author's own draft
    9: (401, 403, 403, 403, 200, 200),  # scheduled
    12: (200, 200, 200, 200, 200, 200),  # attachment inheriting a published parent
}


@pytest.mark.parametrize("post_id", list(SINGLE))
def test_single_read_matrix(client: TestClient, site: Site, post_id: int) -> None:
    base = "media" if post_id == 12 else "posts"
    got = tuple(client.get(f"/wp-json/wp/v2/{base}/{post_id}", headers=site.auth(w)).status_code for w in WHO)
    assert got == SINGLE[post_id]
    denied = client.get(f"/wp-json/wp/v2/{base}/{post_id}", headers=site.auth("subscriber"))
    if denied.status_code == 403:
        assert denied.json()["code"] == "rest_forbidden"
        assert "Allow" not in denied.headers  # no method is allowed


def test_draft_listing_counts_before_permission_checks(client: TestClient, site: Site) -> None:
    def listing(who: str | None) -> tuple[int, list[int] | str, str | None]:
        r = client.get("/wp-json/wp/v2/posts", params={"status": "draft"}, headers=site.auth(who))
        body = r.json()
        if r.status_code != 200:
            return r.status_code, body["data"]["details"]["status"]["code"], str(body["data"]["details"]["status"]
                                                                                  ["data"]["status"])
        return r.status_code, [p["id"] for p in body], r.headers["X-WP-Total"]

    assert listing(None) == (400, "rest_forbidden_status", "401")
    assert listing("subscriber") == (400, "rest_forbidden_status", "403")
    assert listing("contributor") == (200, [], "2")
    assert listing("author") == (200, [8], "2")
    assert listing("editor") == (200, [8, 7], "2")


def test_private_status_needs_edit_posts_or_read_private(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/posts", params={"status": "private"}, headers=site.auth("author"))
    assert (r.status_code, r.json(), r.headers["X-WP-Total"]) == (200, [], "1")
    r = client.get("/wp-json/wp/v2/posts", params={"status": "private"}, headers=site.auth("editor"))
    assert [p["id"] for p in r.json()] == [6]


def test_default_status_is_publish_even_for_admins(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/posts", headers=site.auth("admin"))
    assert [p["id"] for p in r.json()] == [4, 2, 5, 3, 1]


def test_edit_context(client: TestClient, site: Site) -> None:
    codes = [client.get("/wp-json/wp/v2/posts", params={"context": "edit"}, headers=site.auth(w)).status_code
             for w in WHO]
    assert codes == [401, 403, 200, 200, 200, 200]
    r = client.get("/wp-json/wp/v2/posts/2", params={"context": "edit"}, headers=site.auth("author"))
    assert (r.status_code, r.json()["code"]) == (403, "rest_forbidden_context")
    # A password-protected post's content is open to its editors in edit context.
    r = client.get("/wp-json/wp/v2/posts/5", params={"context": "edit"}, headers=site.auth("admin"))
    assert r.json()["content"]["rendered"] == "<p>Secret SCOP.</p>\n"


def test_allow_header(client: TestClient, site: Site) -> None:
    def allow(path: str, who: str | None) -> str | None:
        return client.get(f"/wp-json{path}", headers=site.auth(who)).headers.get("Allow")

    assert allow("/wp/v2/posts", None) == "GET"
    assert allow("/wp/v2/posts", "subscriber") == "GET"
    assert allow("/wp/v2/posts", "author") == "GET, POST"
    assert allow("/wp/v2/posts/2", None) == "GET"
    assert allow("/wp/v2/posts/2", "author") == "GET"
    assert allow("/wp/v2/posts/4", "author") == "GET, POST, PUT, PATCH, DELETE"
    assert allow("/wp/v2/posts/2", "admin") == "GET, POST, PUT, PATCH, DELETE"
    assert allow("/wp/v2/posts/99", "admin") is None
    assert allow("/wp/v2/posts/2/revisions", "admin") == "GET"


def test_wrong_type_and_missing_ids(client: TestClient, site: Site) -> None:
    for path in ("/wp/v2/posts/10", "/wp/v2/pages/2", "/wp/v2/posts/999", "/wp/v2/media/2"):
        r = client.get(f"/wp-json{path}")
        assert (r.status_code, r.json()) == (404, {"code": "rest_post_invalid_id", "message": "Invalid post ID.",
                                                   "data": {"status": 404}})
    assert client.get("/wp-json/wp/v2/posts/abc").json()["code"] == "rest_no_route"


@pytest.mark.parametrize("who", ["author", "contributor", "editor", "admin"])
def test_edit_context_list_leaves_out_what_the_user_may_not_edit(client: TestClient, site: Site, who: str) -> None:
    # WordPress 6.1.9 (the oracle's) as 6.9: raw fields only of items the user may edit; the
    # others' items are left out of the page while X-WP-Total still counts them.
    view = client.get("/wp-json/wp/v2/posts", params={"per_page": 100, "status": "publish"}, headers=site.auth(who))
    edit = client.get("/wp-json/wp/v2/posts", params={"per_page": 100, "status": "publish", "context": "edit"},
                      headers=site.auth(who))
    assert edit.status_code == 200
    assert edit.headers["X-WP-Total"] == view.headers["X-WP-Total"]
    me = client.get("/wp-json/wp/v2/users/me", headers=site.auth(who)).json()["id"]
    may_edit_others = who in ("editor", "admin")
    expected = [p["id"] for p in view.json() if may_edit_others or p["author"] == me]
    assert [p["id"] for p in edit.json()] == expected
    assert all("raw" in p["content"] for p in edit.json())
    if who == "author":
        assert 0 < len(expected) < len(view.json())  # the site gives the author both kinds
