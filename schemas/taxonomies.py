"""Taxonomies (/wp/v2/taxonomies[/<taxonomy>]): arguments and item schema. Same in 6.1 and 7.1."""

from __future__ import annotations

from typing import Any

from schemas.common import Args, Schema, context_param, index_args, item_schema_envelope

_VISIBILITY: dict[str, str] = {
    "public": (
        "Whether a taxonomy is intended for use publicly either via the admin interface or by front-end users."
    ),
    "publicly_queryable": "Whether the taxonomy is publicly queryable.",
    "show_ui": "Whether to generate a default UI for managing this taxonomy.",
    "show_admin_column": (
        "Whether to allow automatic creation of taxonomy columns on associated post-types table."
    ),
    "show_in_nav_menus": "Whether to make the taxonomy available for selection in navigation menus.",
    "show_in_quick_edit": "Whether to show the taxonomy in the quick/bulk edit panel.",
}


def item_schema(*, legacy_61: bool) -> Schema:
    def ro(description: str, type_: str, context: list[str], **extra: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"description": description, "type": type_}
        if "items" in extra:
            out["items"] = extra.pop("items")
        out["context"] = context
        out["readonly"] = True
        out.update(extra)
        return out

    all3 = ["view", "edit", "embed"]
    props: dict[str, Any] = {
        "capabilities": ro("All capabilities used by the taxonomy.", "object", ["edit"]),
        "description": ro("A human-readable description of the taxonomy.", "string", ["view", "edit"]),
        "hierarchical": ro("Whether or not the taxonomy should have children.", "boolean", ["view", "edit"]),
        "labels": ro("Human-readable labels for the taxonomy for various contexts.", "object", ["edit"]),
        "name": ro("The title for the taxonomy.", "string", all3),
        "slug": ro("An alphanumeric identifier for the taxonomy.", "string", all3),
        "show_cloud": ro("Whether or not the term cloud should be displayed.", "boolean", ["edit"]),
        "types": ro(
            "Types associated with the taxonomy.", "array", ["view", "edit"], items={"type": "string"}
        ),
        "rest_base": ro("REST base route for the taxonomy.", "string", all3),
        "rest_namespace": ro("REST namespace route for the taxonomy.", "string", all3),
        "visibility": ro(
            "The visibility settings for the taxonomy.",
            "object",
            ["edit"],
            properties={
                name: {"description": description, "type": "boolean"}
                for name, description in _VISIBILITY.items()
            },
        ),
    }
    return item_schema_envelope("taxonomy", props)


def collection_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/taxonomies``."""
    return index_args(
        {
            "context": context_param("view"),
            "type": {
                "description": "Limit results to taxonomies associated with a specific post type.",
                "type": "string",
            },
        }
    )


def item_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/taxonomies/<taxonomy>``."""
    return index_args(
        {
            "taxonomy": {"description": "An alphanumeric identifier for the taxonomy.", "type": "string"},
            "context": context_param("view"),
        }
    )
