"""Creating, updating and deleting users through the REST API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from auth.passwords import phpass_check
from settings import Settings
from tests.conftest import site_db_url
from wpcompat.storage import Storage
from wpcompat.storage.users import get_user_row

from .readside_site import API, Site, make_site


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = tmp_path_factory.mktemp("user-writes") / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def test_create(client: TestClient, site: Site) -> None:
    r = client.post("/wp-json/wp/v2/users", headers=site.auth("admin"), json={
        "username": "mlaurent", "email": "m.laurent@exemple.fr", "password": " s3cret ",
        "name": "Marie <b>Laurent</b>", "first_name": "Marie", "roles": ["editor", "author"],
        "description": "<script>x</script>Rédactrice",
    })
    assert r.status_code == 201
    body = r.json()
    user_id = body["id"]
    assert r.headers["Location"] == f"{API}/wp/v2/users/{user_id}"
    assert (body["username"], body["name"], body["first_name"], body["slug"]) == (
        "mlaurent", "Marie Laurent", "Marie", "mlaurent")
    assert body["roles"] == ["editor", "author"]
    assert body["extra_capabilities"] == {"editor": True, "author": True}
    # Administrators may post unfiltered HTML, in a description too.
    assert body["description"] == "<script>x</script>Rédactrice"

    async def password(storage: Storage) -> str:
        row = await get_user_row(storage, user_id)
        assert row is not None
        return str(row["user_pass"])

    assert phpass_check("s3cret", site.run(password))


def test_create_refusals(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    base = {"username": "nouveau", "email": "nouveau@exemple.fr", "password": "x"}
    r = client.post("/wp-json/wp/v2/users", headers=admin, json={**base, "username": "author"})
    assert (r.status_code, r.json()["code"]) == (500, "existing_user_login")
    # A WP_Error without data (wp_insert_user()'s): `data` is null, not {"status": 500}.
    assert "data" in r.json() and r.json()["data"] is None
    r = client.post("/wp-json/wp/v2/users", headers=admin, json={**base, "email": "author@exemple.fr"})
    assert (r.status_code, r.json()["code"]) == (500, "existing_user_email")
    r = client.post("/wp-json/wp/v2/users", headers=admin, json={**base, "username": "bad name!"})
    assert r.status_code == 400
    assert r.json()["data"]["params"] == {"username": "Username contains invalid characters."}
    r = client.post("/wp-json/wp/v2/users", headers=admin, json={**base, "password": "a\\b"})
    assert r.json()["data"]["params"] == {"password": 'Passwords cannot contain the "\\" character.'}
    r = client.post("/wp-json/wp/v2/users", headers=admin, json={**base, "roles": ["boss"]})
    assert r.json() == {"code": "rest_user_invalid_role", "message": "The role boss does not exist.",
                        "data": {"status": 400}}
    r = client.post("/wp-json/wp/v2/users", headers=admin, json={"username": "x1"})
    assert r.json()["code"] == "rest_missing_callback_param"
    assert sorted(r.json()["data"]["params"]) == ["email", "password"]
    for who, status in ((None, 401), ("editor", 403)):
        r = client.post("/wp-json/wp/v2/users", headers=site.auth(who), json=base)
        assert (r.status_code, r.json()["code"]) == (status, "rest_cannot_create_user")


def test_update_self_and_others(client: TestClient, site: Site) -> None:
    author = site.users["author"]
    r = client.post("/wp-json/wp/v2/users/me", headers=site.auth("author"),
                    json={"name": "Jeanne D.", "url": "https://jeanne.example", "locale": "en_US"})
    assert r.status_code == 200
    assert (r.json()["name"], r.json()["url"], r.json()["locale"]) == ("Jeanne D.", "https://jeanne.example", "en_US")
    r = client.patch(f"/wp-json/wp/v2/users/{site.users['editor']}", headers=site.auth("author"), json={"name": "x"})
    assert (r.status_code, r.json()["code"]) == (403, "rest_cannot_edit")
    r = client.patch(f"/wp-json/wp/v2/users/{author}", headers=site.auth("author"), json={"roles": ["editor"]})
    assert (r.status_code, r.json()["code"]) == (403, "rest_cannot_edit_roles")
    r = client.put(f"/wp-json/wp/v2/users/{author}", headers=site.auth("admin"), json={"roles": ["editor"]})
    assert r.status_code == 200 and r.json()["roles"] == ["editor"]
    r = client.put(f"/wp-json/wp/v2/users/{author}", headers=site.auth("admin"), json={"username": "other"})
    assert r.json() == {"code": "rest_user_invalid_argument", "message": "Username isn't editable.",
                        "data": {"status": 400}}
    r = client.put(f"/wp-json/wp/v2/users/{author}", headers=site.auth("admin"), json={"email": "admin@exemple.fr"})
    assert r.json()["code"] == "rest_user_invalid_email"
    r = client.put(f"/wp-json/wp/v2/users/{author}", headers=site.auth("admin"), json={"slug": "admin"})
    assert r.json()["code"] == "rest_user_invalid_slug"
    # An administrator cannot take away their own edit_users.
    r = client.put(f"/wp-json/wp/v2/users/{site.users['admin']}", headers=site.auth("admin"),
                   json={"roles": ["author"]})
    assert (r.status_code, r.json()["code"]) == (403, "rest_user_invalid_role")
    r = client.post("/wp-json/wp/v2/users/me", json={"name": "x"})
    assert r.status_code == 404 and r.json()["code"] == "rest_user_invalid_id"


def test_persisted_preferences(client: TestClient, site: Site) -> None:
    r = client.post("/wp-json/wp/v2/users/me", headers=site.auth("subscriber"),
                    json={"meta": {"persisted_preferences": {"core/edit-post": {"welcomeGuide": False}}}})
    assert r.json()["meta"] == {"persisted_preferences": {"core/edit-post": {"welcomeGuide": False}}}


def test_delete(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    author = site.users["author"]
    r = client.delete(f"/wp-json/wp/v2/users/{author}", headers=admin, params={"reassign": site.users["admin"]})
    assert (r.status_code, r.json()["code"]) == (501, "rest_trash_not_supported")
    r = client.delete(f"/wp-json/wp/v2/users/{author}", headers=admin, params={"force": "true"})
    assert r.json()["code"] == "rest_missing_callback_param"
    r = client.delete(f"/wp-json/wp/v2/users/{author}", headers=admin, params={"force": "true", "reassign": author})
    assert r.json()["code"] == "rest_user_invalid_reassign"
    r = client.delete(f"/wp-json/wp/v2/users/{author}", headers=site.auth("editor"),
                      params={"force": "true", "reassign": site.users["admin"]})
    assert (r.status_code, r.json()["code"]) == (403, "rest_user_cannot_delete")
    r = client.delete(f"/wp-json/wp/v2/users/{author}", headers=admin,
                      params={"force": "true", "reassign": site.users["admin"]})
    assert r.status_code == 200
    assert r.json()["deleted"] is True and r.json()["previous"]["username"] == "author"
    assert client.get(f"/wp-json/wp/v2/users/{author}").status_code == 404
    # The author's posts now belong to the administrator; their tags still count them.
    assert client.get("/wp-json/wp/v2/tags/11").json()["count"] == 2
    # Without reassignment, a user's posts go with them (and the counts follow).
    r = client.delete(f"/wp-json/wp/v2/users/{site.users['admin']}", headers=admin,
                      params={"force": "true", "reassign": "false"})
    assert r.status_code == 200
    assert client.get("/wp-json/wp/v2/tags/11").json()["count"] == 0


def test_allow_headers(client: TestClient, site: Site) -> None:
    assert client.get("/wp-json/wp/v2/users").headers["Allow"] == "GET"
    assert client.get("/wp-json/wp/v2/users", headers=site.auth("admin")).headers["Allow"] == "GET, POST"
    assert client.get("/wp-json/wp/v2/users/me", headers=site.auth("subscriber")).headers["Allow"] == (
        "GET, POST, PUT, PATCH")
    assert client.get("/wp-json/wp/v2/users/me", headers=site.auth("admin")).headers["Allow"] == (
        "GET, POST, PUT, PATCH, DELETE")
