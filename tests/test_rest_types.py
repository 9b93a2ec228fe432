"""`/wp/v2/types`, `/wp/v2/taxonomies` and `/wp/v2/statuses`: registry data, per caller."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from settings import Settings
from tests.conftest import site_db_url
from wpcompat.registry import post_type

from .conftest import shared_path
from .readside_site import API, HOME, Site, make_site

ORACLE_HOME = "http://127.0.0.1:8080"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = tmp_path_factory.mktemp("types") / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


# The post types wpcompat serves (it lists only those: WordPress also lists blocks, templates,
# navigation menus …, whose routes wpcompat does not have).
SERVED_TYPES = ("post", "page", "attachment")


def golden_body(name: str) -> Any:
    """The oracle's recorded answer, with its address replaced by the test site's."""
    raw = shared_path("oracle", "golden", f"{name}.json").read_text()
    body = json.loads(raw.replace(ORACLE_HOME, HOME))["body"]
    if name.startswith("types") and "slug" not in body:
        body = {slug: entry for slug, entry in body.items() if slug in SERVED_TYPES}
    return body


@pytest.mark.parametrize(
    ("name", "path", "params", "who"),
    [
        ("types", "/wp-json/wp/v2/types", {}, None),
        ("types_post", "/wp-json/wp/v2/types/post", {}, None),
        ("types_edit_admin", "/wp-json/wp/v2/types", {"context": "edit"}, "admin"),
        ("taxonomies", "/wp-json/wp/v2/taxonomies", {}, None),
        ("taxonomies_category", "/wp-json/wp/v2/taxonomies/category", {}, None),
        ("statuses", "/wp-json/wp/v2/statuses", {}, None),
        ("statuses_admin", "/wp-json/wp/v2/statuses", {}, "admin"),
        ("statuses_publish", "/wp-json/wp/v2/statuses/publish", {}, None),
    ],
)
def test_same_as_wordpress(client: TestClient, site: Site, name: str, path: str, params: dict[str, str],
                           who: str | None) -> None:
    r = client.get(path, params=params, headers=site.auth(who))
    assert r.status_code == 200
    # Key order too: compare the JSON texts.
    assert json.dumps(r.json()) == json.dumps(golden_body(name))
    assert r.headers["Allow"] == "GET"


def test_type_edit_context_follows_edit_posts(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/types", params={"context": "edit"}, headers=site.auth("author"))
    # An author edits posts (and so media; reusable blocks too, but they are not served) but no pages.
    assert list(r.json()) == ["post", "attachment"]
    r = client.get("/wp-json/wp/v2/types", params={"context": "edit"}, headers=site.auth("subscriber"))
    assert r.status_code == 403
    assert r.json() == {"code": "rest_cannot_view",
                        "message": "Sorry, you are not allowed to edit posts in this post type.",
                        "data": {"status": 403}}
    r = client.get("/wp-json/wp/v2/types/page", params={"context": "edit"}, headers=site.auth("author"))
    assert r.status_code == 403 and r.json()["code"] == "rest_forbidden_context"
    r = client.get("/wp-json/wp/v2/types/page", params={"context": "edit"}, headers=site.auth("editor"))
    assert r.json()["capabilities"]["edit_posts"] == "edit_pages"


def test_type_embed_and_unknown(client: TestClient) -> None:
    r = client.get("/wp-json/wp/v2/types/page", params={"context": "embed"})
    assert r.json() == {
        "name": "Pages", "slug": "page", "icon": "dashicons-admin-page", "rest_base": "pages",
        "rest_namespace": "wp/v2",
        "_links": {
            "collection": [{"href": f"{API}/wp/v2/types"}],
            "wp:items": [{"href": f"{API}/wp/v2/pages"}],
            "curies": [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}],
        },
    }
    r = client.get("/wp-json/wp/v2/types/nope")
    assert r.status_code == 404
    assert r.json() == {"code": "rest_type_invalid", "message": "Invalid post type.", "data": {"status": 404}}
    # A registered type that REST does not show.
    r = client.get("/wp-json/wp/v2/types/revision")
    assert r.json() == {"code": "rest_cannot_read_type", "message": "Cannot view post type.", "data": {"status": 401}}


def test_taxonomies_by_type_and_context(client: TestClient, site: Site) -> None:
    assert list(client.get("/wp-json/wp/v2/taxonomies", params={"type": "post"}).json()) == ["category", "post_tag"]
    assert list(client.get("/wp-json/wp/v2/taxonomies", params={"type": "nav_menu_item"}).json()) == ["nav_menu"]
    # No taxonomy for pages: PHP's empty array cast to an object.
    r = client.get("/wp-json/wp/v2/taxonomies", params={"type": "page"})
    assert r.content == b"{}"
    r = client.get("/wp-json/wp/v2/taxonomies", params={"context": "edit"})
    assert r.status_code == 401 and r.json()["code"] == "rest_cannot_view"
    r = client.get("/wp-json/wp/v2/taxonomies", params={"context": "edit"}, headers=site.auth("author"))
    assert list(r.json()) == ["category", "post_tag"]
    body = r.json()["category"]
    assert list(body) == ["name", "slug", "capabilities", "description", "labels", "types", "show_cloud",
                          "hierarchical", "rest_base", "rest_namespace", "visibility", "_links"]
    assert body["capabilities"]["assign_terms"] == "assign_categories"
    r = client.get("/wp-json/wp/v2/taxonomies/nav_menu", params={"context": "edit"}, headers=site.auth("author"))
    assert r.status_code == 403 and r.json()["code"] == "rest_forbidden_context"
    r = client.get("/wp-json/wp/v2/taxonomies/nope")
    assert r.status_code == 404
    assert r.json() == {"code": "rest_taxonomy_invalid", "message": "Invalid taxonomy.", "data": {"status": 404}}
    r = client.get("/wp-json/wp/v2/taxonomies/post_format")
    assert r.json() == {"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.",
                        "data": {"status": 401}}
    assert "Allow" not in r.headers


def test_statuses_per_caller(client: TestClient, site: Site) -> None:
    r = client.get("/wp-json/wp/v2/statuses", headers=site.auth("author"))
    assert list(r.json()) == ["publish", "future", "draft", "pending", "private", "trash"]
    assert list(client.get("/wp-json/wp/v2/statuses", headers=site.auth("subscriber")).json()) == ["publish"]
    r = client.get("/wp-json/wp/v2/statuses/draft")
    assert r.status_code == 401
    assert r.json() == {"code": "rest_cannot_read_status", "message": "Cannot view status.", "data": {"status": 401}}
    r = client.get("/wp-json/wp/v2/statuses/inherit", headers=site.auth("admin"))
    assert r.status_code == 403
    r = client.get("/wp-json/wp/v2/statuses/nope")
    assert r.status_code == 404
    assert r.json() == {"code": "rest_status_invalid", "message": "Invalid status.", "data": {"status": 404}}
    r = client.get("/wp-json/wp/v2/statuses/draft", params={"context": "edit"}, headers=site.auth("author"))
    assert r.json() == {
        "name": "Draft", "private": False, "protected": True, "public": False, "queryable": False,
        "show_in_list": True, "slug": "draft", "date_floating": True,
        "_links": {"archives": [{"href": f"{API}/wp/v2/posts?status=draft"}]},
    }
    r = client.get("/wp-json/wp/v2/statuses", params={"context": "edit"}, headers=site.auth("subscriber"))
    assert r.status_code == 403 and r.json()["code"] == "rest_cannot_view"


def test_current_wordpress_type_fields(site: Site) -> None:
    with site.client(wp_version="7.1") as client:
        body = client.get("/wp-json/wp/v2/types/post").json()
        assert body["template"] == [] and body["template_lock"] is False
        # Only the types whose routes are served are listed; the registry keeps current WordPress's data.
        assert list(client.get("/wp-json/wp/v2/types").json()) == ["post", "page", "attachment"]
        assert client.get("/wp-json/wp/v2/types/wp_block").status_code == 404
        block = post_type("wp_block", legacy_61=False)
        assert block is not None and (block.name(legacy_61=False), block.rest_taxonomies(legacy_61=False)) == (
            "Patterns", ("wp_pattern_category",))
        font_face = post_type("wp_font_face", legacy_61=False)
        assert font_face is not None
        assert font_face.rest_base == "font-families/(?P<font_family_id>[\\d]+)/font-faces"
        assert list(client.get("/wp-json/wp/v2/taxonomies").json()) == [
            "category", "post_tag", "nav_menu", "wp_pattern_category"]
        assert list(client.get("/wp-json/wp/v2/taxonomies", params={"type": "wp_block"}).json()) == [
            "wp_pattern_category"]
        labels = client.get("/wp-json/wp/v2/types/post", params={"context": "edit"},
                            headers=site.auth("admin")).json()["labels"]
        assert (labels["add_new"], labels["add_new_item"], labels["item_trashed"]) == ("Add", "Add Post", "Post trashed.")


def test_fields_on_keyed_collections(client: TestClient) -> None:
    # Each item is prepared with the request's fields: `post.name` names no field of a type.
    assert client.get("/wp-json/wp/v2/types", params={"_fields": "post.name"}).json() == {"post": []}
    assert client.get("/wp-json/wp/v2/types", params={"_fields": "post,name"}).json() == {
        "post": {"name": "Posts"}}
    assert client.get("/wp-json/wp/v2/statuses", params={"_fields": "publish.name"}).json() == {"publish": []}
    r = client.get("/wp-json/wp/v2/taxonomies/category", params={"_fields": "visibility.public,name"})
    assert r.json() == {"name": "Categories"}
