"""Post types (/wp/v2/types[/<type>]): arguments and item schema.

``template`` and ``template_lock`` were added to the schema after 6.1 (6.6).
"""

from __future__ import annotations

from typing import Any

from schemas.common import Args, Schema, context_param, index_args, item_schema_envelope

CHANGES_SINCE_61: dict[str, str] = {"template, template_lock": "6.6: read-only fields"}


def item_schema(*, legacy_61: bool) -> Schema:
    def ro(description: str, type_: str | list[str], context: list[str], **extra: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"description": description, "type": type_}
        if "items" in extra:
            out["items"] = extra.pop("items")
        out["context"] = context
        out["readonly"] = True
        out.update(extra)
        return out

    all3 = ["view", "edit", "embed"]
    props: dict[str, Any] = {
        "capabilities": ro("All capabilities used by the post type.", "object", ["edit"]),
        "description": ro("A human-readable description of the post type.", "string", ["view", "edit"]),
        "hierarchical": ro("Whether or not the post type should have children.", "boolean", ["view", "edit"]),
        "viewable": ro("Whether or not the post type can be viewed.", "boolean", ["edit"]),
        "labels": ro("Human-readable labels for the post type for various contexts.", "object", ["edit"]),
        "name": ro("The title for the post type.", "string", all3),
        "slug": ro("An alphanumeric identifier for the post type.", "string", all3),
        "supports": ro("All features, supported by the post type.", "object", ["edit"]),
        "has_archive": ro(
            "If the value is a string, the value will be used as the archive slug. "
            "If the value is false the post type has no archive.",
            ["string", "boolean"],
            ["view", "edit"],
        ),
        "taxonomies": ro(
            "Taxonomies associated with post type.", "array", ["view", "edit"], items={"type": "string"}
        ),
        "rest_base": ro("REST base route for the post type.", "string", all3),
        "rest_namespace": ro("REST route's namespace for the post type.", "string", all3),
        "visibility": ro(
            "The visibility settings for the post type.",
            "object",
            ["edit"],
            properties={
                "show_ui": {
                    "description": "Whether to generate a default UI for managing this post type.",
                    "type": "boolean",
                },
                "show_in_nav_menus": {
                    "description": "Whether to make the post type available for selection in navigation menus.",
                    "type": "boolean",
                },
            },
        ),
        "icon": ro("The icon for the post type.", ["string", "null"], all3),
    }
    if not legacy_61:
        props["template"] = {
            "type": ["array"],
            "description": "The block template associated with the post type.",
            "readonly": True,
            "context": all3,
        }
        props["template_lock"] = {
            "type": ["string", "boolean"],
            "enum": ["all", "insert", "contentOnly", False],
            "description": "The template_lock associated with the post type, or false if none.",
            "readonly": True,
            "context": all3,
        }
    return item_schema_envelope("type", props)


def collection_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/types``."""
    return index_args({"context": context_param("view")})


def item_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/types/<type>``."""
    return index_args(
        {
            "type": {"description": "An alphanumeric identifier for the post type.", "type": "string"},
            "context": context_param("view"),
        }
    )
