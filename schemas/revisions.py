"""Revisions of posts and pages (/wp/v2/<posts|pages>/<parent>/revisions[/<id>]).

The item schema copies ``title``, ``content``, ``excerpt`` and ``guid`` from the parent type's schema.
Since 6.4 revisions carry ``meta`` (the parent type's registered meta, e.g. ``footnotes``).
"""

from __future__ import annotations

from typing import Any

from schemas import posts
from schemas.common import (
    Args,
    Schema,
    collection_params,
    context_param,
    force_param,
    include_exclude_params,
    index_args,
    item_schema_envelope,
    meta_field_schema,
    offset_param,
    order_param,
    orderby_param,
)

CHANGES_SINCE_61: dict[str, str] = {"meta": "6.4: revisions expose the parent type's registered meta"}

ORDERBY: list[str] = ["date", "id", "include", "relevance", "slug", "include_slugs", "title"]


def item_schema(parent_post_type: str = "post", *, legacy_61: bool) -> Schema:
    """The revision schema (title ``<parent type>-revision``)."""
    parent = posts.item_schema(parent_post_type, legacy_61=legacy_61)["properties"]
    props: dict[str, Any] = {
        "author": {
            "description": "The ID for the author of the revision.",
            "type": "integer",
            "context": ["view", "edit", "embed"],
        },
        "date": {
            "description": "The date the revision was published, in the site's timezone.",
            "type": "string",
            "format": "date-time",
            "context": ["view", "edit", "embed"],
        },
        "date_gmt": {
            "description": "The date the revision was published, as GMT.",
            "type": "string",
            "format": "date-time",
            "context": ["view", "edit"],
        },
        "guid": {
            "description": "GUID for the revision, as it exists in the database.",
            "type": "string",
            "context": ["view", "edit"],
        },
        "id": {
            "description": "Unique identifier for the revision.",
            "type": "integer",
            "context": ["view", "edit", "embed"],
        },
        "modified": {
            "description": "The date the revision was last modified, in the site's timezone.",
            "type": "string",
            "format": "date-time",
            "context": ["view", "edit"],
        },
        "modified_gmt": {
            "description": "The date the revision was last modified, as GMT.",
            "type": "string",
            "format": "date-time",
            "context": ["view", "edit"],
        },
        "parent": {
            "description": "The ID for the parent of the revision.",
            "type": "integer",
            "context": ["view", "edit", "embed"],
        },
        "slug": {
            "description": "An alphanumeric identifier for the revision unique to its type.",
            "type": "string",
            "context": ["view", "edit", "embed"],
        },
    }
    for name in ("title", "content", "excerpt", "guid"):
        if name in parent:
            props[name] = parent[name]
    if not legacy_61:
        props["meta"] = meta_field_schema(posts.registered_post_meta(parent_post_type, legacy_61=legacy_61))
    return item_schema_envelope(f"{parent_post_type}-revision", props)


def _parent_arg() -> dict[str, dict[str, Any]]:
    return {"parent": {"description": "The ID for the parent of the revision.", "type": "integer"}}


def _parent_id_args() -> dict[str, dict[str, Any]]:
    args = _parent_arg()
    args["id"] = {"description": "Unique identifier for the revision.", "type": "integer"}
    return args


def collection_args(parent_post_type: str = "post", *, legacy_61: bool) -> Args:
    """``GET /wp/v2/<base>/<parent>/revisions`` (``per_page`` has no default here)."""
    p = _parent_arg()
    base = collection_params()
    del base["per_page"]["default"]
    p.update(base)
    p.update(include_exclude_params())
    p["offset"] = offset_param()
    p["order"] = order_param()
    p["orderby"] = orderby_param("Sort collection by object attribute.", "date", ORDERBY)
    return index_args(p)


def item_args(parent_post_type: str = "post", *, legacy_61: bool) -> Args:
    """``GET /wp/v2/<base>/<parent>/revisions/<id>``."""
    args = _parent_id_args()
    args["context"] = context_param("view")
    return index_args(args)


def delete_args(parent_post_type: str = "post", *, legacy_61: bool) -> Args:
    """``DELETE /wp/v2/<base>/<parent>/revisions/<id>``."""
    args = _parent_id_args()
    args["force"] = force_param("Required to be true, as revisions do not support trashing.")
    return index_args(args)
