"""The schemas package against the WordPress 6.1 golden answers, and the 7.1 additions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemas import comments, posts

GOLDEN = Path(__file__).resolve().parents[2] / "shared" / "oracle" / "golden"
if not GOLDEN.is_dir():  # CI lays shared/ beside the clone.
    GOLDEN = Path(__file__).resolve().parents[1].parent / "shared" / "oracle" / "golden"

REST_ROOT = "http://127.0.0.1:8080/wp-json/"

pytestmark = pytest.mark.skipif(not GOLDEN.is_dir(), reason="golden answers not available")


def golden(name: str) -> Any:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


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
    assert list(args) == ["id", "context", "password", "excerpt_length"]
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
