"""`/wp/v2/users`, `/wp/v2/users/<id>` and `/wp/v2/users/me` through the full app."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from settings import Settings
from tests.conftest import site_db_url
from wpcompat.storage.options import DEFAULT_ROLES

from .readside_site import API, HOME, Site, make_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = tmp_path_factory.mktemp("users") / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def names(response: Any) -> list[str]:
    return [u["name"] for u in response.json()]


def avatars(email: str) -> dict[str, str]:
    digest = hashlib.md5(email.encode()).hexdigest()
    server = int(digest[0], 16) % 3
    return {str(s): f"http://{server}.gravatar.com/avatar/{digest}?s={s}&d=mm&r=g" for s in (24, 48, 96)}


def links(user_id: int) -> dict[str, Any]:
    return {"self": [{"href": f"{API}/wp/v2/users/{user_id}"}], "collection": [{"href": f"{API}/wp/v2/users"}]}


def test_anonymous_list_shows_published_authors_only(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/users")
    assert r.status_code == 200
    # The editor's only post is private, the subscriber has none.
    assert names(r) == ["Camille Martin", "Jeanne Dupont"]
    assert r.headers["X-WP-Total"] == "2" and r.headers["X-WP-TotalPages"] == "1"
    author = site.users["author"]
    assert r.json()[1] == {
        "id": author,
        "name": "Jeanne Dupont",
        "url": "",
        "description": "",
        "link": f"{HOME}/author/author/",
        "slug": "author",
        "avatar_urls": avatars("author@exemple.fr"),
        "meta": [],
        "_links": links(author),
    }


def test_list_users_sees_everyone_ordered_by_name(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/users", headers=site.auth("admin"))
    assert names(r) == ["Camille Martin", "Eddy Teur", "Jeanne Dupont", "Paul Lefèvre"]
    assert r.headers["X-WP-Total"] == "4"
    r = client.get("/wp-json/wp/v2/users", params={"orderby": "id", "order": "desc"}, headers=site.auth("admin"))
    assert [u["id"] for u in r.json()] == sorted(site.users.values(), reverse=True)


def test_edit_context_item_exact(client: TestClient, site: Site) -> None:
    author = site.users["author"]
    r = client.get(f"/wp-json/wp/v2/users/{author}", params={"context": "edit"}, headers=site.auth("admin"))
    assert r.status_code == 200
    body = r.json()
    expected_caps = {**DEFAULT_ROLES["author"]["capabilities"], "author": True}
    assert body == {
        "id": author,
        "username": "author",
        "name": "Jeanne Dupont",
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "email": "author@exemple.fr",
        "url": "",
        "description": "",
        "link": f"{HOME}/author/author/",
        "locale": "en_US",
        "nickname": "author",
        "slug": "author",
        "roles": ["author"],
        "registered_date": "2021-01-03T08:00:00+00:00",
        "capabilities": expected_caps,
        "extra_capabilities": {"author": True},
        "avatar_urls": avatars("author@exemple.fr"),
        "meta": {"persisted_preferences": []},
        "_links": links(author),
    }
    # Capabilities in the order WordPress merges them: the role's, then the user's own.
    assert list(body["capabilities"]) == list(expected_caps)


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        (None, "author", 200), (None, "admin", 200), (None, "subscriber", 401), (None, "editor", 401),
        ("subscriber", "subscriber", 200), ("subscriber", "editor", 403), ("author", "editor", 403),
        # An editor may read private posts, so the editor's private post counts for another editor.
        ("admin", "subscriber", 200), ("editor", "editor", 200),
    ],
)
def test_item_visibility(client: TestClient, site: Site, who: str | None, target: str, status: int) -> None:
    r = client.get(f"/wp-json/wp/v2/users/{site.users[target]}", headers=site.auth(who))
    assert r.status_code == status
    if status != 200:
        assert r.json() == {"code": "rest_user_cannot_view", "message": "Sorry, you are not allowed to list users.",
                            "data": {"status": status}}
        assert "Allow" not in r.headers


def test_edit_context_permissions(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/users", params={"context": "edit"})
    assert r.status_code == 401
    # WordPress 6.1's wording.
    assert r.json()["message"] == "Sorry, you are not allowed to edit users."
    assert client.get("/wp-json/wp/v2/users", params={"context": "edit"},
                      headers=site.auth("editor")).status_code == 403
    r = client.get(f"/wp-json/wp/v2/users/{site.users['admin']}", params={"context": "edit"},
                   headers=site.auth("author"))
    assert r.json() == {"code": "rest_forbidden_context", "message": "Sorry, you are not allowed to edit this user.",
                        "data": {"status": 403}}
    # Oneself in edit context is always allowed.
    r = client.get(f"/wp-json/wp/v2/users/{site.users['author']}", params={"context": "edit"},
                   headers=site.auth("author"))
    assert r.status_code == 200 and r.json()["roles"] == ["author"]


def test_me(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/users/me")
    assert r.status_code == 401
    assert r.json() == {"code": "rest_not_logged_in", "message": "You are not currently logged in.",
                        "data": {"status": 401}}
    assert r.headers["Allow"] == "GET"
    r = client.get("/wp-json/wp/v2/users/me", headers=site.auth("subscriber"))
    assert r.status_code == 200 and r.json()["id"] == site.users["subscriber"]
    assert r.json()["name"] == "Paul Lefèvre"
    r = client.get("/wp-json/wp/v2/users/me", params={"context": "edit"}, headers=site.auth("subscriber"))
    assert r.json()["capabilities"] == {"read": True, "level_0": True, "subscriber": True}


def test_unknown_user(client: TestClient) -> None:
    r = client.get("/wp-json/wp/v2/users/999999")
    assert r.status_code == 404
    assert r.json() == {"code": "rest_user_invalid_id", "message": "Invalid user ID.", "data": {"status": 404}}


def test_parameter_permissions(client: TestClient, site: Site) -> None:
    cases = {
        ("who", "authors"): ("rest_forbidden_who", "Sorry, you are not allowed to query users by this parameter."),
        ("roles", "author"): ("rest_user_cannot_view", "Sorry, you are not allowed to filter users by role."),
        ("capabilities", "edit_posts"): (
            "rest_user_cannot_view", "Sorry, you are not allowed to filter users by capability."),
        ("orderby", "email"): ("rest_forbidden_orderby", "Sorry, you are not allowed to order users by this parameter."),
    }
    for (name, value), (code, message) in cases.items():
        r = client.get("/wp-json/wp/v2/users", params={name: value})
        assert (r.status_code, r.json()["code"], r.json()["message"]) == (401, code, message)
        r = client.get("/wp-json/wp/v2/users", params={name: value}, headers=site.auth("subscriber"))
        assert r.status_code == 403


def test_filters(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")

    def get(auth: dict[str, str] | None = None, **params: Any) -> list[str]:
        return names(client.get("/wp-json/wp/v2/users", params=params, headers=auth or {}))

    # who=authors: anyone above subscriber (user level > 0), published posts or not.
    assert get(site.auth("author"), who="authors") == ["Camille Martin", "Eddy Teur", "Jeanne Dupont"]
    assert get(admin, roles="subscriber,editor") == ["Eddy Teur", "Paul Lefèvre"]
    assert get(admin, capabilities="moderate_comments") == ["Camille Martin", "Eddy Teur"]
    assert get(search="dupont") == ["Jeanne Dupont"]
    # A visitor cannot find people by their e-mail address (WordPress's CVE-2023-5561 fix).
    assert get(search="author@exemple") == []
    assert get(admin, search="author@exemple") == ["Jeanne Dupont"]
    assert get(search="DUP") == ["Jeanne Dupont"]
    assert get(search="lefèvre") == []
    assert get(admin, search="lef") == ["Paul Lefèvre"]
    assert get(admin, search="exemple.fr") == ["Camille Martin", "Eddy Teur", "Jeanne Dupont", "Paul Lefèvre"]
    assert get(slug="author,subscriber") == ["Jeanne Dupont"]
    assert get(slug="AUTHOR") == ["Jeanne Dupont"]
    assert get(admin, slug="author,subscriber") == ["Jeanne Dupont", "Paul Lefèvre"]
    assert get(admin, include=f"{site.users['subscriber']},{site.users['admin']}", orderby="include") == [
        "Paul Lefèvre", "Camille Martin"]
    assert get(admin, exclude=str(site.users["admin"])) == ["Eddy Teur", "Jeanne Dupont", "Paul Lefèvre"]
    assert get(admin, has_published_posts="true") == ["Camille Martin", "Jeanne Dupont"]
    assert get(admin, orderby="registered_date", order="desc")[0] == "Paul Lefèvre"


def test_pagination(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/users", params={"per_page": 1, "page": 2}, headers=site.auth("admin"))
    assert names(r) == ["Eddy Teur"]
    assert r.headers["X-WP-Total"] == "4" and r.headers["X-WP-TotalPages"] == "4"
    assert r.headers["Link"] == (
        f'<{API}/wp/v2/users?per_page=1&page=1>; rel="prev", <{API}/wp/v2/users?per_page=1&page=3>; rel="next"'
    )


def test_fields_and_embed_context(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/users", params={"_fields": "id,name"})
    assert r.json() == [{"id": site.users["admin"], "name": "Camille Martin"},
                        {"id": site.users["author"], "name": "Jeanne Dupont"}]
    # The users controller prepares only fields named exactly: a sub-field leaves its field out.
    r = client.get(f"/wp-json/wp/v2/users/{site.users['author']}", params={"_fields": "name,avatar_urls.24"})
    assert r.json() == {"name": "Jeanne Dupont"}
    r = client.get(f"/wp-json/wp/v2/users/{site.users['author']}", params={"context": "embed"})
    assert list(r.json()) == ["id", "name", "url", "description", "link", "slug", "avatar_urls", "_links"]


def test_current_wordpress_differences(site: Site) -> None:
    with site.client(wp_version="7.1") as client:
        r = client.get("/wp-json/wp/v2/users", params={"context": "edit"})
        assert r.json()["message"] == "Sorry, you are not allowed to list users."
        r = client.get(f"/wp-json/wp/v2/users/{site.users['author']}")
        digest = hashlib.sha256(b"author@exemple.fr").hexdigest()
        assert r.json()["avatar_urls"]["96"] == f"https://secure.gravatar.com/avatar/{digest}?s=96&d=mm&r=g"
        # A visitor searches names, logins and slugs, not e-mail addresses.
        r = client.get("/wp-json/wp/v2/users", params={"search": "exemple.fr"})
        assert r.json() == []
        r = client.get("/wp-json/wp/v2/users", params={"search": "exemple.fr", "search_columns": "email"},
                       headers=site.auth("admin"))
        assert len(r.json()) == 4


def test_primed_authors_need_no_query(site: Site) -> None:
    """What a posts collection does before embedding its authors: three queries for all of them."""
    from wpcompat.rest import users as users_module
    from wpcompat.rest import users_prepare
    from wpcompat.rest.request import RestRequest
    from wpcompat.site import load_site
    from wpcompat.storage import Storage

    async def run(storage: Storage) -> None:
        site_obj = await load_site(storage, site.settings)
        req = RestRequest(method="GET", path="/wp/v2/users", route=None, query={}, body={}, url_params={},
                          headers={}, storage=storage, settings=site.settings, site=site_obj, user=None)
        await users_prepare.prime_users(req, [site.users["author"], site.users["admin"], site.users["subscriber"]])
        queries = 0

        def counted(method):  # type: ignore[no-untyped-def]
            async def call(*args, **kwargs):  # type: ignore[no-untyped-def]
                nonlocal queries
                queries += 1
                return await method(*args, **kwargs)
            return call

        for name in ("fetch_all", "fetch_one", "fetch_val"):
            setattr(storage.db, name, counted(getattr(storage.db, name)))
        for who, allowed in (("author", True), ("admin", True), ("subscriber", False)):
            req.params = {"id": site.users[who], "context": "embed"}
            try:
                await users_module.get_item_permission(req)
                response = await users_module.get_item(req)
                assert allowed and response.data.data["id"] == site.users[who]
            except users_module.RestError as error:
                assert not allowed and error.code == "rest_user_cannot_view"
        assert queries == 0

    site.run(run)


def test_negative_offset_and_options(client: TestClient, site: Site) -> None:
    # MySQL refuses `LIMIT -1, 10`: no users, yet the total is counted.
    r = client.get("/wp-json/wp/v2/users", params={"offset": -1})
    assert r.json() == [] and r.headers["X-WP-Total"] == "2"
    assert client.options(f"/wp-json/wp/v2/users/{site.users['author']}").headers["Allow"] == "GET"
    schema = client.options("/wp-json/wp/v2/users").json()["schema"]
    assert "avatar_urls" in schema["properties"]


def test_current_wordpress_target_hints(site: Site) -> None:
    author = site.users["author"]
    with site.client(wp_version="7.1") as client:
        r = client.get(f"/wp-json/wp/v2/users/{author}")
        assert r.json()["_links"]["self"] == [
            {"href": f"{API}/wp/v2/users/{author}", "targetHints": {"allow": ["GET"]}}]
        r = client.get("/wp-json/wp/v2/users", headers=site.auth("admin"))
        assert {tuple(u["_links"]["self"][0]["targetHints"]["allow"]) for u in r.json()} == {
            ("GET", "POST", "PUT", "PATCH", "DELETE")}
