"""Creating, updating and deleting categories and tags through the REST API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from settings import Settings
from tests.conftest import site_db_url

from .readside_site import API, HOME, Site, make_site, term_links


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = tmp_path_factory.mktemp("term-writes") / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def test_create_category_exact(client: TestClient, site: Site) -> None:
    r = client.post("/wp-json/wp/v2/categories", json={"name": "Finance & <b>solidaire</b>", "parent": 2,
                                                      "description": "<em>Fonds</em>"}, headers=site.auth("editor"))
    assert r.status_code == 201
    body = r.json()
    term_id = body["id"]
    assert r.headers["Location"] == f"{API}/wp/v2/categories/{term_id}"
    assert body == {
        "id": term_id, "count": 0, "description": "<em>Fonds</em>",
        "link": f"{HOME}/category/economie-sociale/finance-solidaire/",
        "name": "Finance &amp; solidaire", "slug": "finance-solidaire", "taxonomy": "category", "parent": 2,
        "meta": [], "_links": term_links("categories", "category", term_id, parent=2),
    }
    assert client.get(f"/wp-json/wp/v2/categories/{term_id}").json()["name"] == "Finance &amp; solidaire"


def test_create_refusals(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    r = client.post("/wp-json/wp/v2/tags", json={"name": "scop"}, headers=admin)
    assert r.status_code == 400
    assert r.json() == {"code": "term_exists", "message": "A term with the name provided already exists in this "
                        "taxonomy.", "data": {"status": 400, "term_id": 10}}
    r = client.post("/wp-json/wp/v2/categories", json={"name": "Coopératives", "parent": 2}, headers=admin)
    assert r.json()["message"] == "A term with the name provided already exists with this parent."
    # The same name under another parent is another term, whose slug gets its parent's.
    r = client.post("/wp-json/wp/v2/categories", json={"name": "Coopératives", "parent": 4}, headers=admin)
    assert r.status_code == 201 and r.json()["slug"] == "cooperatives-vie-du-secteur"
    r = client.post("/wp-json/wp/v2/tags", json={"name": "Autre", "slug": "scop"}, headers=admin)
    assert r.status_code == 201 and r.json()["slug"] == "scop-2"
    r = client.post("/wp-json/wp/v2/tags", json={"name": "Enfant", "parent": 10}, headers=admin)
    assert r.status_code == 400 and r.json()["code"] == "rest_taxonomy_not_hierarchical"
    r = client.post("/wp-json/wp/v2/categories", json={"name": "Orphelin", "parent": 999}, headers=admin)
    assert r.json() == {"code": "rest_term_invalid", "message": "Parent term does not exist.",
                        "data": {"status": 400}}
    r = client.post("/wp-json/wp/v2/categories", json={}, headers=admin)
    assert r.status_code == 400 and r.json()["code"] == "rest_missing_callback_param"
    r = client.post("/wp-json/wp/v2/categories", json={"name": "  "}, headers=admin)
    assert r.status_code == 500 and r.json()["code"] == "empty_term_name"


@pytest.mark.parametrize(("who", "category", "tag"), [(None, 401, 401), ("subscriber", 403, 403),
                                                      ("author", 403, 201), ("editor", 201, 201)])
def test_create_permissions(client: TestClient, site: Site, who: str | None, category: int, tag: int) -> None:
    r = client.post("/wp-json/wp/v2/categories", json={"name": f"Cat {who}"}, headers=site.auth(who))
    assert r.status_code == category
    if category != 201:
        assert r.json()["code"] == "rest_cannot_create"
    assert client.post("/wp-json/wp/v2/tags", json={"name": f"Tag {who}"}, headers=site.auth(who)).status_code == tag


def test_update(client: TestClient, site: Site) -> None:
    editor = site.auth("editor")
    r = client.post("/wp-json/wp/v2/categories/3", json={"name": "Coopé", "parent": 4}, headers=editor)
    assert r.status_code == 200
    body = r.json()
    assert (body["name"], body["slug"], body["parent"]) == ("Coopé", "cooperatives", 4)
    assert body["link"] == f"{HOME}/category/vie-du-secteur/cooperatives/"
    r = client.patch("/wp-json/wp/v2/tags/11", json={"slug": "scop"}, headers=editor)
    assert r.status_code == 500
    assert r.json()["message"] == "The slug &#8220;scop&#8221; is already in use by another term."
    r = client.put("/wp-json/wp/v2/tags/11", json={"description": "Loi 1901"}, headers=editor)
    assert r.json()["description"] == "Loi 1901" and r.json()["name"] == "Associations"
    assert client.post("/wp-json/wp/v2/tags/11", json={"name": "x"}, headers=site.auth("author")).status_code == 403
    assert client.post("/wp-json/wp/v2/tags/999", json={"name": "x"}, headers=editor).status_code == 404


def test_delete(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    r = client.delete("/wp-json/wp/v2/categories/2", headers=admin)
    assert r.status_code == 501
    assert r.json() == {"code": "rest_trash_not_supported",
                        "message": "Terms do not support trashing. Set 'force=true' to delete.",
                        "data": {"status": 501}}
    r = client.delete("/wp-json/wp/v2/categories/2", params={"force": "true"}, headers=admin)
    assert r.status_code == 200
    assert r.json()["deleted"] is True
    assert r.json()["previous"]["name"] == "Économie sociale" and "_links" not in r.json()["previous"]
    assert client.get("/wp-json/wp/v2/categories/2").status_code == 404
    # Its child moved up to the top level.
    assert client.get("/wp-json/wp/v2/categories/3").json()["parent"] == 0
    # A post whose only category goes gets the default one.
    r = client.delete("/wp-json/wp/v2/categories/4", params={"force": "true"}, headers=admin)
    assert r.status_code == 200
    posts = client.get("/wp-json/wp/v2/categories", params={"post": site.posts["vie"]}).json()
    assert [c["id"] for c in posts] == [1]
    assert client.get("/wp-json/wp/v2/categories/1").json()["count"] == 2
    # The default category itself cannot be deleted, not even by an administrator.
    r = client.delete("/wp-json/wp/v2/categories/1", params={"force": "true"}, headers=admin)
    assert r.status_code == 403 and r.json()["code"] == "rest_cannot_delete"
    r = client.delete("/wp-json/wp/v2/tags/10", params={"force": "true"}, headers=site.auth("author"))
    assert r.status_code == 403


def test_allow_header(client: TestClient, site: Site) -> None:
    assert client.get("/wp-json/wp/v2/tags").headers["Allow"] == "GET"
    assert client.get("/wp-json/wp/v2/tags", headers=site.auth("author")).headers["Allow"] == "GET, POST"
    assert client.get("/wp-json/wp/v2/categories", headers=site.auth("author")).headers["Allow"] == "GET"
    assert client.get("/wp-json/wp/v2/categories/3", headers=site.auth("admin")).headers["Allow"] == (
        "GET, POST, PUT, PATCH, DELETE")
    assert client.get("/wp-json/wp/v2/categories/1", headers=site.auth("admin")).headers["Allow"] == (
        "GET, POST, PUT, PATCH")
