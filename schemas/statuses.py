"""Post statuses (/wp/v2/statuses[/<status>]): arguments and item schema. Same in 6.1 and 7.1."""

from __future__ import annotations

from typing import Any

from schemas.common import Args, Schema, context_param, index_args, item_schema_envelope


def item_schema(*, legacy_61: bool) -> Schema:
    def flag(description: str, context: list[str]) -> dict[str, Any]:
        return {"description": description, "type": "boolean", "context": context, "readonly": True}

    props: dict[str, Any] = {
        "name": {
            "description": "The title for the status.",
            "type": "string",
            "context": ["embed", "view", "edit"],
            "readonly": True,
        },
        "private": flag("Whether posts with this status should be private.", ["edit"]),
        "protected": flag("Whether posts with this status should be protected.", ["edit"]),
        "public": flag(
            "Whether posts of this status should be shown in the front end of the site.", ["view", "edit"]
        ),
        "queryable": flag("Whether posts with this status should be publicly-queryable.", ["view", "edit"]),
        "show_in_list": flag("Whether to include posts in the edit listing for their post type.", ["edit"]),
        "slug": {
            "description": "An alphanumeric identifier for the status.",
            "type": "string",
            "context": ["embed", "view", "edit"],
            "readonly": True,
        },
        "date_floating": flag(
            "Whether posts of this status may have floating published dates.", ["view", "edit"]
        ),
    }
    return item_schema_envelope("status", props)


def collection_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/statuses``."""
    return index_args({"context": context_param("view")})


def item_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/statuses/<status>``."""
    return index_args(
        {
            "status": {"description": "An alphanumeric identifier for the status.", "type": "string"},
            "context": context_param("view"),
        }
    )
