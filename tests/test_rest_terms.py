"""`/wp/v2/categories` and `/wp/v2/tags` through the full app, against a small site."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from settings import Settings
from tests.conftest import site_db_url

from .readside_site import API, HOME, Site, make_site, term_links


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = tmp_path_factory.mktemp("terms") / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def ids(response: Any) -> list[int]:
    return [item["id"] for item in response.json()]


def test_category_collection_exact(client: TestClient) -> None:
    r = client.get("/wp-json/wp/v2/categories")
    assert r.status_code == 200
    assert r.headers["X-WP-Total"] == "7" and r.headers["X-WP-TotalPages"] == "1"
    assert r.headers["Allow"] == "GET"
    # Name order under MySQL's accent- and case-insensitive collation: "Économie" sorts under E.
    assert ids(r) == [6, 5, 3, 2, 1, 7, 4]
    assert r.json()[2] == {
        "id": 3,
        "count": 1,
        "description": "",
        "link": f"{HOME}/category/economie-sociale/cooperatives/",
        "name": "Coopératives",
        "slug": "cooperatives",
        "taxonomy": "category",
        "parent": 2,
        "meta": [],
        "_links": term_links("categories", "category", 3, parent=2),
    }


def test_single_tag_exact_and_json_bytes(client: TestClient) -> None:
    r = client.get("/wp-json/wp/v2/tags/10")
    assert r.status_code == 200
    assert r.json() == {
        "id": 10, "count": 2, "description": "Sociétés coopératives", "link": f"{HOME}/tag/scop/",
        "name": "SCOP", "slug": "scop", "taxonomy": "post_tag", "meta": [],
        "_links": term_links("tags", "post_tag", 10),
    }
    # WordPress's JSON: escaped slashes and non-ASCII.
    assert b'"description":"Soci\\u00e9t\\u00e9s coop\\u00e9ratives"' in r.content
    assert b'"link":"http:\\/\\/example.test\\/tag\\/scop\\/"' in r.content


def test_embed_context_fields(client: TestClient) -> None:
    r = client.get("/wp-json/wp/v2/categories/3", params={"context": "embed"})
    body = r.json()
    assert list(body) == ["id", "link", "name", "slug", "taxonomy", "_links"]


def test_unknown_term_and_wrong_taxonomy_are_404(client: TestClient) -> None:
    for path in ("/wp-json/wp/v2/categories/999", "/wp-json/wp/v2/categories/10", "/wp-json/wp/v2/tags/3"):
        r = client.get(path)
        assert r.status_code == 404
        assert r.json() == {"code": "rest_term_invalid", "message": "Term does not exist.", "data": {"status": 404}}
        assert "Allow" not in r.headers


def test_hide_empty_keeps_parents_of_non_empty_children(client: TestClient) -> None:
    r = client.get("/wp-json/wp/v2/categories", params={"hide_empty": "true"})
    # "Archives" (empty) stays because its child "Anciens" is not; "Vide" goes.
    assert ids(r) == [6, 5, 3, 2, 1, 4]
    # …yet WordPress's total is a plain COUNT of non-empty terms.
    assert r.headers["X-WP-Total"] == "5"
    r = client.get("/wp-json/wp/v2/tags", params={"hide_empty": "1"})
    assert ids(r) == [11, 12, 10]
    assert r.headers["X-WP-Total"] == "3"


def test_filters(client: TestClient, site: Site) -> None:
    def get(path: str, **params: Any) -> list[int]:
        return ids(client.get(f"/wp-json/wp/v2/{path}", params=params))

    assert get("categories", parent=2) == [3]
    assert get("categories", parent=0) == [5, 2, 1, 7, 4]
    assert get("categories", parent=3) == []
    assert get("categories", post=site.posts["bilan"]) == [3, 2]
    assert get("tags", post=site.posts["bilan"]) == [11, 12, 10]
    assert get("tags", post=site.posts["bienvenue"]) == []
    assert get("tags", slug="scop") == [10]
    assert get("tags", slug="SCOP,zebre") == [10, 13]
    assert get("tags", search="SC") == [10]
    assert get("tags", search="zebre") == [13]
    assert get("categories", search="econ") == [2]
    assert get("categories", include="4,1,3", orderby="include") == [4, 1, 3]
    assert get("categories", include="4,1,3") == [3, 1, 4]
    assert get("categories", exclude="6,5,7") == [3, 2, 1, 4]
    assert get("categories", include="4", exclude="4") == [4]
    assert get("tags", orderby="id", order="desc") == [13, 12, 11, 10]
    assert get("tags", orderby="slug") == [11, 12, 10, 13]
    assert get("tags", slug="zebre,scop", orderby="include_slugs") == [13, 10]
    # Ties keep the term_id order, as MySQL returned them to the oracle.
    assert get("tags", orderby="count", order="desc") == [10, 11, 12, 13]
    assert get("tags", orderby="description", order="desc")[0] == 10


def test_pagination_headers(client: TestClient) -> None:
    r = client.get("/wp-json/wp/v2/tags", params={"per_page": 2, "page": 2})
    assert ids(r) == [10, 13]
    assert r.headers["X-WP-Total"] == "4" and r.headers["X-WP-TotalPages"] == "2"
    assert r.headers["Link"] == f'<{API}/wp/v2/tags?per_page=2&page=1>; rel="prev"'
    r = client.get("/wp-json/wp/v2/tags", params={"per_page": 1, "offset": 1})
    assert ids(r) == [12]
    assert r.headers["Link"].endswith('rel="next"')
    r = client.get("/wp-json/wp/v2/tags", params={"per_page": 2, "page": 9})
    assert r.status_code == 200 and r.json() == []


def test_invalid_params(client: TestClient) -> None:
    r = client.get("/wp-json/wp/v2/tags", params={"orderby": "nope"})
    assert r.status_code == 400 and r.json()["code"] == "rest_invalid_param"
    r = client.get("/wp-json/wp/v2/categories", params={"per_page": 101})
    assert r.status_code == 400
    # Tags are not hierarchical: `parent` is no parameter of theirs and is ignored.
    assert client.get("/wp-json/wp/v2/tags", params={"parent": 5}).headers["X-WP-Total"] == "4"


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("subscriber", 403), ("author", 403), ("editor", 200),
                                             ("admin", 200)])
def test_edit_context_needs_manage_categories(client: TestClient, site: Site, who: str | None, status: int) -> None:
    r = client.get("/wp-json/wp/v2/categories", params={"context": "edit"}, headers=site.auth(who))
    assert r.status_code == status
    if status != 200:
        assert r.json() == {
            "code": "rest_forbidden_context",
            "message": "Sorry, you are not allowed to edit terms in this taxonomy.",
            "data": {"status": status},
        }
    r = client.get("/wp-json/wp/v2/tags/10", params={"context": "edit"}, headers=site.auth(who))
    assert r.status_code == status
    if status != 200:
        assert r.json()["message"] == "Sorry, you are not allowed to edit this term."


def test_options_shows_the_schema(client: TestClient) -> None:
    r = client.options("/wp-json/wp/v2/tags")
    body = r.json()
    assert body["schema"]["title"] == "tag"
    assert "parent" not in body["schema"]["properties"]
    assert client.options("/wp-json/wp/v2/categories/3").json()["schema"]["properties"]["parent"]["type"] == "integer"


def test_primed_post_terms_need_no_query(site: Site) -> None:
    """What a posts collection does before embedding `wp:term`: one query for every post."""
    from wpcompat.rest import terms as terms_module
    from wpcompat.rest.request import RestRequest
    from wpcompat.site import load_site
    from wpcompat.storage import Storage

    async def run(storage: Storage) -> None:
        site_obj = await load_site(storage, site.settings)
        req = RestRequest(method="GET", path="/wp/v2/tags", route=None, query={}, body={}, url_params={}, headers={},
                          storage=storage, settings=site.settings, site=site_obj, user=None)
        await terms_module.prime_post_terms(req, [site.posts["bilan"], site.posts["vie"]])
        queries = 0
        original = storage.db.fetch_all

        async def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal queries
            queries += 1
            return await original(*args, **kwargs)

        storage.db.fetch_all = counting  # type: ignore[method-assign]
        tax = terms_module.schema.taxonomy("post_tag")
        req.params = {"post": site.posts["bilan"], "per_page": 10, "page": 1, "orderby": "name", "order": "asc",
                      "context": "embed"}
        await terms_module._collection_permission(tax)(req)
        response = await terms_module._collection_handler(tax)(req)
        assert [r.data["id"] for r in response.data] == [11, 12, 10]
        assert response.headers["X-WP-Total"] == "3"
        assert queries == 0

    site.run(run)


def test_terms_of_a_post_the_caller_cannot_read(client: TestClient, site: Site) -> None:
    draft = site.posts["brouillon"]
    r = client.get("/wp-json/wp/v2/categories", params={"post": draft})
    assert r.status_code == 401
    assert r.json() == {"code": "rest_forbidden_context",
                        "message": "Sorry, you are not allowed to view terms for this post.", "data": {"status": 401}}
    assert client.get("/wp-json/wp/v2/categories", params={"post": draft},
                      headers=site.auth("author")).status_code == 403
    r = client.get("/wp-json/wp/v2/categories", params={"post": draft}, headers=site.auth("admin"))
    assert [c["id"] for c in r.json()] == [7]
    r = client.get("/wp-json/wp/v2/tags", params={"post": 999})
    assert r.status_code == 400
    assert r.json() == {"code": "rest_post_invalid_id", "message": "Invalid post ID.", "data": {"status": 400}}


def test_fields_are_prepared_only_when_named_exactly(client: TestClient) -> None:
    assert client.get("/wp-json/wp/v2/tags/10", params={"_fields": "name,meta.x"}).json() == {"name": "SCOP"}
    assert client.get("/wp-json/wp/v2/tags/10", params={"_fields": "name,meta"}).json() == {"name": "SCOP",
                                                                                         "meta": []}


def test_edge_parameters(client: TestClient) -> None:
    # WP_Term_Query takes absint( offset ).
    assert ids(client.get("/wp-json/wp/v2/tags", params={"offset": -1})) == [12, 10, 13]
    r = client.get("/wp-json/wp/v2/tags", params={"post": "abc"})
    assert r.status_code == 400
    assert r.json()["data"]["params"] == {"post": "post is not of type integer."}
    # Allow is computed with the permission callbacks, which then see the raw parameter.
    assert "Allow" not in r.headers
    assert client.get("/wp-json/wp/v2/categories", params={"post": 0}).headers["X-WP-Total"] == "7"


def test_options_allow(client: TestClient) -> None:
    assert client.options("/wp-json/wp/v2/tags/10").headers["Allow"] == "GET"
    assert "Allow" not in client.options("/wp-json/wp/v2/tags/999").headers


def test_current_wordpress_target_hints(site: Site) -> None:
    with site.client(wp_version="7.1") as client:
        assert client.get("/wp-json/wp/v2/tags/10").json()["_links"]["self"] == [
            {"href": f"{API}/wp/v2/tags/10", "targetHints": {"allow": ["GET"]}}]
        r = client.get("/wp-json/wp/v2/categories", params={"include": "1,3"}, headers=site.auth("admin"))
        hints = {c["id"]: c["_links"]["self"][0]["targetHints"]["allow"] for c in r.json()}
        # The default category cannot be deleted.
        assert hints == {1: ["GET", "POST", "PUT", "PATCH"], 3: ["GET", "POST", "PUT", "PATCH", "DELETE"]}
