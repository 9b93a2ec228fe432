"""Terms of ``category`` (/wp/v2/categories) and ``post_tag`` (/wp/v2/tags): arguments and item schema.

No difference between 6.1 and 7.1 is known for these endpoints.
"""

from __future__ import annotations

from typing import Any

from schemas.common import (
    Args,
    Schema,
    collection_params,
    context_param,
    endpoint_args_for_schema,
    force_param,
    include_exclude_params,
    index_args,
    item_schema_envelope,
    meta_field_schema,
    offset_param,
    order_param,
    orderby_param,
)
from wpcompat.registry import TaxonomyInfo, served_taxonomy

ORDERBY: list[str] = ["id", "include", "name", "slug", "include_slugs", "term_group", "description", "count"]


def taxonomy(name: str) -> TaxonomyInfo:
    return served_taxonomy(name)


def item_schema(taxonomy_name: str = "category", *, legacy_61: bool) -> Schema:
    """The term item schema (title ``category`` or ``tag``)."""
    tax = taxonomy(taxonomy_name)
    props: dict[str, Any] = {
        "id": {
            "description": "Unique identifier for the term.",
            "type": "integer",
            "context": ["view", "embed", "edit"],
            "readonly": True,
        },
        "count": {
            "description": "Number of published posts for the term.",
            "type": "integer",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "description": {
            "description": "HTML description of the term.",
            "type": "string",
            "context": ["view", "edit"],
        },
        "link": {
            "description": "URL of the term.",
            "type": "string",
            "format": "uri",
            "context": ["view", "embed", "edit"],
            "readonly": True,
        },
        "name": {
            "description": "HTML title for the term.",
            "type": "string",
            "context": ["view", "embed", "edit"],
            "required": True,
        },
        "slug": {
            "description": "An alphanumeric identifier for the term unique to its type.",
            "type": "string",
            "context": ["view", "embed", "edit"],
        },
        "taxonomy": {
            "description": "Type attribution for the term.",
            "type": "string",
            "enum": [tax.slug],
            "context": ["view", "embed", "edit"],
            "readonly": True,
        },
    }
    if tax.hierarchical:
        props["parent"] = {
            "description": "The parent term ID.",
            "type": "integer",
            "context": ["view", "edit"],
        }
    props["meta"] = meta_field_schema()
    # The schema is titled after the REST name of the taxonomy's object: "category", "tag".
    return item_schema_envelope("tag" if tax.slug == "post_tag" else tax.slug, props)


def collection_args(taxonomy_name: str = "category", *, legacy_61: bool) -> Args:
    """``GET /wp/v2/categories`` and ``/wp/v2/tags``."""
    tax = taxonomy(taxonomy_name)
    p = collection_params()
    p.update(include_exclude_params())
    if not tax.hierarchical:
        p["offset"] = offset_param()
    p["order"] = order_param("asc")
    p["orderby"] = orderby_param("Sort collection by term attribute.", "name", ORDERBY)
    p["hide_empty"] = {
        "description": "Whether to hide terms not assigned to any posts.",
        "type": "boolean",
        "default": False,
    }
    if tax.hierarchical:
        p["parent"] = {
            "description": "Limit result set to terms assigned to a specific parent.",
            "type": "integer",
        }
    p["post"] = {
        "description": "Limit result set to terms assigned to a specific post.",
        "type": "integer",
        "default": None,
    }
    p["slug"] = {
        "description": "Limit result set to terms with one or more specific slugs.",
        "type": "array",
        "items": {"type": "string"},
    }
    return index_args(p)


def create_args(taxonomy_name: str = "category", *, legacy_61: bool) -> Args:
    return index_args(endpoint_args_for_schema(item_schema(taxonomy_name, legacy_61=legacy_61), True))


def _id_arg() -> dict[str, dict[str, Any]]:
    return {"id": {"description": "Unique identifier for the term.", "type": "integer"}}


def item_args(taxonomy_name: str = "category", *, legacy_61: bool) -> Args:
    args = _id_arg()
    args["context"] = context_param("view")
    return index_args(args)


def update_args(taxonomy_name: str = "category", *, legacy_61: bool) -> Args:
    args = _id_arg()
    args.update(endpoint_args_for_schema(item_schema(taxonomy_name, legacy_61=legacy_61), False))
    return index_args(args)


def delete_args(taxonomy_name: str = "category", *, legacy_61: bool) -> Args:
    args = _id_arg()
    args["force"] = force_param("Required to be true, as terms do not support trashing.")
    return index_args(args)
