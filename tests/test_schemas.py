"""The schemas package against the WordPress 6.1 golden answers, and the 7.1 additions."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from schemas import (
    comments,
    common,
    posts,
    revisions,
    search,
    settings,
    statuses,
    taxonomies,
    terms,
    types,
    users,
)
from settings import Settings
from tests.conftest import shared_path, site_db_url
from tests.readside_site import API, make_site
from wpcompat.registry import SERVED_POST_TYPES, SERVED_TAXONOMIES
from wpcompat.rest.api import build_router

REST_ROOT = "http://127.0.0.1:8080/wp-json/"


def golden(name: str) -> Any:
    return json.loads(shared_path("oracle", "golden", f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index_routes() -> dict[str, Any]:
    return golden("index")["body"]["routes"]


def same(mine: Any, theirs: Any) -> None:
    """Equal as data, and equal in every mapping's key order (JSON text equality)."""
    if isinstance(theirs, list) and not theirs and isinstance(mine, dict):
        theirs = {}
    assert mine == theirs
    assert json.dumps(mine, ensure_ascii=False) == json.dumps(theirs, ensure_ascii=False)


POST_TYPE_ROUTES = [("post", "posts"), ("page", "pages"), ("attachment", "media")]


@pytest.mark.parametrize(("post_type", "base"), POST_TYPE_ROUTES)
def test_post_type_args_match_golden(index_routes: dict[str, Any], post_type: str, base: str) -> None:
    collection = index_routes[f"/wp/v2/{base}"]["endpoints"]
    single = index_routes[f"/wp/v2/{base}/(?P<id>[\\d]+)"]["endpoints"]
    same(posts.collection_args(post_type, legacy_61=True), collection[0]["args"])
    same(posts.create_args(post_type, legacy_61=True), collection[1]["args"])
    same(posts.item_args(post_type, legacy_61=True), single[0]["args"])
    same(posts.update_args(post_type, legacy_61=True), single[1]["args"])
    same(posts.delete_args(post_type, legacy_61=True), single[2]["args"])


@pytest.mark.parametrize("name", ["options_posts", "options_post_single", "options_posts_admin"])
def test_post_schema_matches_golden(name: str) -> None:
    same(posts.item_schema("post", legacy_61=True, rest_root=REST_ROOT), golden(name)["body"]["schema"])


def test_comment_args_match_golden(index_routes: dict[str, Any]) -> None:
    collection = index_routes["/wp/v2/comments"]["endpoints"]
    single = index_routes["/wp/v2/comments/(?P<id>[\\d]+)"]["endpoints"]
    same(comments.collection_args(legacy_61=True), collection[0]["args"])
    same(comments.create_args(legacy_61=True), collection[1]["args"])
    same(comments.item_args(legacy_61=True), single[0]["args"])
    same(comments.update_args(legacy_61=True), single[1]["args"])
    same(comments.delete_args(legacy_61=True), single[2]["args"])


@pytest.mark.parametrize("name", ["options_comments", "options_comment_single"])
def test_comment_schema_matches_golden(name: str) -> None:
    same(comments.item_schema(legacy_61=True), golden(name)["body"]["schema"])


# ---------------------------------------------------------------------------------------------------------
# Current WordPress (7.1)


def test_posts_current_collection_additions() -> None:
    old = posts.collection_args("post", legacy_61=True)
    new = posts.collection_args("post", legacy_61=False)
    added = [name for name in new if name not in old]
    assert added == ["search_semantics", "search_columns", "ignore_sticky", "format"]
    assert list(old) == [name for name in new if name in old]
    assert new["search_columns"]["items"]["enum"] == ["post_title", "post_content", "post_excerpt"]
    assert new["search_semantics"]["enum"] == ["exact"]
    assert new["ignore_sticky"]["type"] == "boolean"
    assert new["format"]["items"]["enum"][0] == "standard"
    assert new["format"]["uniqueItems"] is True
    # Order: search_semantics before offset, search_columns before slug.
    names = list(new)
    assert names.index("search_semantics") == names.index("offset") - 1
    assert names.index("search_columns") == names.index("slug") - 1


def test_pages_and_media_current_collection_additions() -> None:
    for post_type in ("page", "attachment"):
        new = posts.collection_args(post_type, legacy_61=False)
        assert "search_columns" in new and "search_semantics" in new
        assert "ignore_sticky" not in new and "format" not in new and "sticky" not in new


def test_posts_current_schema_additions() -> None:
    schema = posts.item_schema("post", legacy_61=False)
    props = schema["properties"]
    assert props["class_list"] == {
        "description": "An array of the class names for the post container element.",
        "type": "array",
        "context": ["view", "edit"],
        "readonly": True,
        "items": {"type": "string"},
    }
    assert list(props).index("class_list") == list(props).index("generated_slug") + 1
    assert props["meta"]["properties"] == {
        "footnotes": {"type": "string", "title": "", "description": "", "default": ""}
    }
    assert posts.item_schema("page", legacy_61=False)["properties"]["meta"]["properties"]["footnotes"]
    assert posts.item_schema("attachment", legacy_61=False)["properties"]["meta"]["properties"] == []
    # class_list is read-only: not an argument.
    assert "class_list" not in posts.create_args("post", legacy_61=False)
    assert posts.create_args("post", legacy_61=False)["meta"]["properties"]["footnotes"]["type"] == "string"


def test_posts_current_single_get_has_excerpt_length() -> None:
    args = posts.item_args("post", legacy_61=False)
    assert list(args) == ["id", "context", "excerpt_length", "password"]
    assert args["excerpt_length"] == {
        "description": "Override the default excerpt length.",
        "type": "integer",
        "required": False,
    }
    assert "excerpt_length" in posts.item_args("page", legacy_61=False)
    assert list(posts.item_args("attachment", legacy_61=False)) == ["id", "context"]


def test_comments_current_type_and_note_meta() -> None:
    props = comments.item_schema(legacy_61=False)["properties"]
    assert props["type"]["default"] == "comment"
    assert "readonly" not in props["type"]
    assert props["meta"]["properties"]["_wp_note_status"]["enum"] == ["resolved", "reopen"]
    assert comments.create_args(legacy_61=False)["type"]["default"] == "comment"
    assert "default" not in comments.update_args(legacy_61=False)["type"]
    assert comments.collection_args(legacy_61=False) == comments.collection_args(legacy_61=True)


def test_no_arg_options_in_schemas() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            assert "arg_options" not in node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for legacy in (True, False):
        for post_type in ("post", "page", "attachment"):
            walk(posts.item_schema(post_type, legacy_61=legacy))
        walk(comments.item_schema(legacy_61=legacy))


# ---------------------------------------------------------------------------------------------------------
# The routes we serve (the app's router, rest/api.py), against the whole golden index


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A site served as WordPress 6.1 by the whole app."""
    db = tmp_path_factory.mktemp("schemas") / "site.db"
    site = make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))
    with site.client() as client:
        yield client


def served_json(client: TestClient, method: str, path: str) -> Any:
    r = client.request(method, "/wp-json" + path)
    assert r.status_code == 200, r.text
    return at_oracle_address(r.json())


def at_oracle_address(data: Any) -> Any:
    """The answer with our test site's REST address written as the oracle's."""
    if isinstance(data, str):
        return data.replace(API + "/", REST_ROOT)
    if isinstance(data, list):
        return [at_oracle_address(item) for item in data]
    if isinstance(data, dict):
        return {key: at_oracle_address(value) for key, value in data.items()}
    return data


@pytest.fixture(scope="module")
def served_routes(served: TestClient) -> dict[str, Any]:
    return served_json(served, "GET", "/")["routes"]


def wordpress_routes(routes: dict[str, Any]) -> dict[str, Any]:
    """The routes of WordPress's own namespaces (not our wpcompat/v1)."""
    return {pattern: data for pattern, data in routes.items() if data["namespace"] in ("", "wp/v2")}


def test_served_routes_match_golden_index(index_routes: dict[str, Any], served_routes: dict[str, Any]) -> None:
    mine = wordpress_routes(served_routes)
    assert "/wp/v2/posts" in mine and "/wp/v2/comments/(?P<id>[\\d]+)" in mine
    missing = [pattern for pattern in mine if pattern not in index_routes]
    assert missing == []
    for pattern, data in mine.items():
        same(data, index_routes[pattern])


def test_served_route_order_follows_golden_index(index_routes: dict[str, Any], served_routes: dict[str, Any]) -> None:
    mine = wordpress_routes(served_routes)
    assert [pattern for pattern in index_routes if pattern in mine] == list(mine)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("options_posts", "/wp/v2/posts"),
        ("options_posts_admin", "/wp/v2/posts"),
        ("options_post_single", "/wp/v2/posts/1"),
        ("options_comments", "/wp/v2/comments"),
        ("options_comment_single", "/wp/v2/comments/1"),
    ],
)
def test_options_answers_match_golden(served: TestClient, name: str, path: str) -> None:
    same(served_json(served, "OPTIONS", path), golden(name)["body"])


def test_the_router_matches_paths_as_wordpress(tmp_path: Path) -> None:
    router = build_router(Settings(database_url=f"sqlite:///{tmp_path / 'site.db'}"))
    found = router.match("/wp/v2/posts/12")
    assert found is not None and found[0].pattern == "/wp/v2/posts/(?P<id>[\\d]+)" and found[1] == {"id": "12"}
    found = router.match("/wp/v2/users/me")
    assert found is not None and found[0].pattern == "/wp/v2/users/me"
    found = router.match("/WP/V2/pages/3/revisions/9")
    assert found is not None and found[1] == {"parent": "3", "id": "9"}
    assert router.match("/wp/v2/nope") is None


@pytest.mark.parametrize("wp_version", ["6.1", "7.1"])
def test_every_route_describes_itself_in_both_versions(tmp_path: Path, wp_version: str) -> None:
    router = build_router(Settings(database_url=f"sqlite:///{tmp_path / 'site.db'}", wp_version=wp_version))
    for route in router.routes:
        for endpoint in route.endpoints:
            json.dumps(endpoint.args)
        if route.schema is not None and not inspect.signature(route.schema).parameters:
            json.dumps(route.schema())


# ---------------------------------------------------------------------------------------------------------
# Schemas without a golden OPTIONS answer: structure

VALID_TYPES = {"string", "integer", "number", "boolean", "array", "object", "null"}


def all_schemas(legacy: bool) -> list[dict[str, Any]]:
    out = [posts.item_schema(t.slug, legacy_61=legacy) for t in SERVED_POST_TYPES]
    out += [revisions.item_schema(t, legacy_61=legacy) for t in ("post", "page")]
    out += [terms.item_schema(t.slug, legacy_61=legacy) for t in SERVED_TAXONOMIES]
    for module in (comments, users, search, types, taxonomies, statuses, settings):
        out.append(module.item_schema(legacy_61=legacy))
    return out


def check_type(value: Any) -> None:
    kinds = value if isinstance(value, list) else [value]
    assert kinds and set(kinds) <= VALID_TYPES, value


@pytest.mark.parametrize("legacy", [True, False])
def test_schemas_are_well_formed(legacy: bool) -> None:
    for schema in all_schemas(legacy):
        assert list(schema)[:4] == ["$schema", "title", "type", "properties"]
        assert schema["$schema"] == common.JSON_SCHEMA_DRAFT and schema["type"] == "object"
        for name, prop in schema["properties"].items():
            assert isinstance(prop.get("description"), str), (schema["title"], name)
            check_type(prop["type"])
            if schema["title"] != "settings":
                assert isinstance(prop.get("context"), list), (schema["title"], name)
                assert set(prop["context"]) <= {"view", "edit", "embed"}
            assert "arg_options" not in prop
            nested = prop.get("properties")
            if isinstance(nested, dict):
                for sub in nested.values():
                    check_type(sub["type"])


def test_derived_schemas_agree_with_golden_args(index_routes: dict[str, Any]) -> None:
    """Writable properties of schemas we only know from source match the golden 6.1 create/update args."""
    cases = [
        ("/wp/v2/pages", posts.item_schema("page", legacy_61=True)),
        ("/wp/v2/media", posts.item_schema("attachment", legacy_61=True)),
        ("/wp/v2/categories", terms.item_schema("category", legacy_61=True)),
        ("/wp/v2/tags", terms.item_schema("post_tag", legacy_61=True)),
        ("/wp/v2/users", users.item_schema(legacy_61=True)),
    ]
    for pattern, schema in cases:
        writable = [name for name, prop in schema["properties"].items() if not prop.get("readonly")]
        assert writable == list(index_routes[pattern]["endpoints"][1]["args"])
    writable = [name for name, prop in settings.item_schema(legacy_61=True)["properties"].items()]
    assert writable == list(index_routes["/wp/v2/settings"]["endpoints"][1]["args"])


def test_golden_responses_fields_are_in_schemas() -> None:
    view_fields = {
        "types_post": types.item_schema(legacy_61=True),
        "taxonomies_category": taxonomies.item_schema(legacy_61=True),
        "statuses_publish": statuses.item_schema(legacy_61=True),
    }
    for name, schema in view_fields.items():
        body = golden(name)["body"]
        fields = [key for key in body if key != "_links"]
        in_view = [key for key, prop in schema["properties"].items() if "view" in prop["context"]]
        assert sorted(fields) == sorted(in_view), name  # responses use their own key order
    body = golden("settings_admin")["body"]
    assert list(body) == list(settings.item_schema(legacy_61=True)["properties"])


# ---------------------------------------------------------------------------------------------------------
# Other 7.1 differences


def test_users_current_additions() -> None:
    old = users.collection_args(legacy_61=True)
    new = users.collection_args(legacy_61=False)
    assert [name for name in new if name not in old] == ["search_columns"]
    assert new["search_columns"]["items"]["enum"] == ["email", "name", "id", "username", "slug"]
    assert "wp_font_family" in new["has_published_posts"]["items"]["enum"]
    meta = users.item_schema(legacy_61=False)["properties"]["meta"]["properties"]["persisted_preferences"]
    assert list(meta)[:4] == ["type", "title", "description", "default"]


def test_types_current_additions() -> None:
    props = types.item_schema(legacy_61=False)["properties"]
    assert list(props)[-2:] == ["template", "template_lock"]
    assert "template" not in types.item_schema(legacy_61=True)["properties"]


def test_settings_current_titles() -> None:
    new = settings.update_args(legacy_61=False)
    assert new["title"]["title"] == "Title"
    assert list(new["title"]) == ["title", "description", "type", "required"]
    assert new["date_format"]["title"] == ""
    assert "title" not in settings.update_args(legacy_61=True)["title"]


def test_revisions_current_meta() -> None:
    assert "meta" not in revisions.item_schema("post", legacy_61=True)["properties"]
    meta = revisions.item_schema("post", legacy_61=False)["properties"]["meta"]
    assert "footnotes" in meta["properties"]
    assert revisions.item_schema("page", legacy_61=True)["title"] == "page-revision"


def test_search_context_enum_is_derived_from_schema() -> None:
    assert search.collection_args(legacy_61=False)["context"]["enum"] == ["view", "embed"]
