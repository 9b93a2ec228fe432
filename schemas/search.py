"""Search results (/wp/v2/search): arguments and item schema. Same in 6.1 and 7.1."""

from __future__ import annotations

from typing import Any

from schemas.common import (
    Args,
    Schema,
    collection_params,
    include_exclude_params,
    index_args,
    item_schema_envelope,
    schema_contexts,
)

# Search handlers in WordPress's order (post, term, post-format) and their subtypes.
TYPES: list[str] = ["post", "term", "post-format"]
SUBTYPES: list[str] = ["post", "page", "category", "post_tag"]
TYPE_ANY = "any"


def item_schema(*, legacy_61: bool) -> Schema:
    ve = ["view", "embed"]
    props: dict[str, Any] = {
        "id": {
            "description": "Unique identifier for the object.",
            "type": ["integer", "string"],
            "context": ve,
            "readonly": True,
        },
        "title": {
            "description": "The title for the object.",
            "type": "string",
            "context": ve,
            "readonly": True,
        },
        "url": {
            "description": "URL to the object.",
            "type": "string",
            "format": "uri",
            "context": ve,
            "readonly": True,
        },
        "type": {
            "description": "Object type.",
            "type": "string",
            "enum": list(TYPES),
            "context": ve,
            "readonly": True,
        },
        "subtype": {
            "description": "Object subtype.",
            "type": "string",
            "enum": list(SUBTYPES),
            "context": ve,
            "readonly": True,
        },
    }
    return item_schema_envelope("search-result", props)


def collection_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/search``."""
    p = collection_params(context_enum=schema_contexts(item_schema(legacy_61=legacy_61)))
    p["type"] = {
        "default": TYPES[0],
        "description": "Limit results to items of an object type.",
        "type": "string",
        "enum": list(TYPES),
    }
    p["subtype"] = {
        "default": TYPE_ANY,
        "description": "Limit results to items of one or more object subtypes.",
        "type": "array",
        "items": {"enum": [*SUBTYPES, TYPE_ANY], "type": "string"},
    }
    p.update(include_exclude_params())
    return index_args(p)
