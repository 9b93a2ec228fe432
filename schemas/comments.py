"""Comments: arguments of every endpoint and the item schema.

The collection parameters are the same in 6.1 and 7.1. Since 6.9 the schema's ``type`` is writable with
the default ``comment`` (block-editor notes are comments of type ``note``) and core registers the
``_wp_note_status`` comment meta.
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
    id_list_param,
    include_exclude_params,
    index_args,
    item_schema_envelope,
    meta_field_schema,
    offset_param,
    order_param,
    orderby_param,
    registered_meta_schema,
)

CHANGES_SINCE_61: dict[str, str] = {
    "type": "6.9: schema property no longer read-only, default 'comment' (notes); so a create/update arg",
    "meta._wp_note_status": "6.9: registered comment meta (enum resolved/reopen)",
}

AVATAR_SIZES: tuple[int, ...] = (24, 48, 96)
ORDERBY: list[str] = ["date", "date_gmt", "id", "include", "post", "parent", "type"]


def registered_comment_meta(*, legacy_61: bool) -> dict[str, Any]:
    if legacy_61:
        return {}
    return {
        "_wp_note_status": registered_meta_schema(
            "string",
            "Note resolution status",
            legacy_61=legacy_61,
            extra={"enum": ["resolved", "reopen"]},
        )
    }


def item_schema(*, legacy_61: bool, show_avatars: bool = True) -> Schema:
    """The comment item schema as OPTIONS shows it (``author_avatar_urls`` only with show_avatars on)."""
    props: dict[str, Any] = {
        "id": {
            "description": "Unique identifier for the comment.",
            "type": "integer",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "author": {
            "description": "The ID of the user object, if author was a user.",
            "type": "integer",
            "context": ["view", "edit", "embed"],
        },
        "author_email": {
            "description": "Email address for the comment author.",
            "type": "string",
            "format": "email",
            "context": ["edit"],
        },
        "author_ip": {
            "description": "IP address for the comment author.",
            "type": "string",
            "format": "ip",
            "context": ["edit"],
        },
        "author_name": {
            "description": "Display name for the comment author.",
            "type": "string",
            "context": ["view", "edit", "embed"],
        },
        "author_url": {
            "description": "URL for the comment author.",
            "type": "string",
            "format": "uri",
            "context": ["view", "edit", "embed"],
        },
        "author_user_agent": {
            "description": "User agent for the comment author.",
            "type": "string",
            "context": ["edit"],
        },
        "content": {
            "description": "The content for the comment.",
            "type": "object",
            "context": ["view", "edit", "embed"],
            "properties": {
                "raw": {
                    "description": "Content for the comment, as it exists in the database.",
                    "type": "string",
                    "context": ["edit"],
                },
                "rendered": {
                    "description": "HTML content for the comment, transformed for display.",
                    "type": "string",
                    "context": ["view", "edit", "embed"],
                    "readonly": True,
                },
            },
        },
        "date": {
            "description": "The date the comment was published, in the site's timezone.",
            "type": "string",
            "format": "date-time",
            "context": ["view", "edit", "embed"],
        },
        "date_gmt": {
            "description": "The date the comment was published, as GMT.",
            "type": "string",
            "format": "date-time",
            "context": ["view", "edit"],
        },
        "link": {
            "description": "URL to the comment.",
            "type": "string",
            "format": "uri",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "parent": {
            "description": "The ID for the parent of the comment.",
            "type": "integer",
            "context": ["view", "edit", "embed"],
            "default": 0,
        },
        "post": {
            "description": "The ID of the associated post object.",
            "type": "integer",
            "context": ["view", "edit"],
            "default": 0,
        },
        "status": {
            "description": "State of the comment.",
            "type": "string",
            "context": ["view", "edit"],
        },
    }
    if legacy_61:
        props["type"] = {
            "description": "Type of the comment.",
            "type": "string",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        }
    else:
        props["type"] = {
            "description": "Type of the comment.",
            "type": "string",
            "context": ["view", "edit", "embed"],
            "default": "comment",
        }
    if show_avatars:
        props["author_avatar_urls"] = {
            "description": "Avatar URLs for the comment author.",
            "type": "object",
            "context": ["view", "edit", "embed"],
            "readonly": True,
            "properties": {
                str(size): {
                    "description": f"Avatar URL with image size of {size} pixels.",
                    "type": "string",
                    "format": "uri",
                    "context": ["embed", "view", "edit"],
                }
                for size in AVATAR_SIZES
            },
        }
    props["meta"] = meta_field_schema(registered_comment_meta(legacy_61=legacy_61))
    return item_schema_envelope("comment", props)


def _password_arg() -> dict[str, Any]:
    return {
        "description": "The password for the parent post of the comment (if the post is password protected).",
        "type": "string",
    }


def _id_arg() -> dict[str, dict[str, Any]]:
    return {"id": {"description": "Unique identifier for the comment.", "type": "integer"}}


def collection_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/comments`` (identical in 6.1 and 7.1)."""
    p = collection_params()
    p["after"] = {
        "description": "Limit response to comments published after a given ISO8601 compliant date.",
        "type": "string",
        "format": "date-time",
    }
    p["author"] = id_list_param(
        "Limit result set to comments assigned to specific user IDs. Requires authorization."
    )
    p["author_exclude"] = id_list_param(
        "Ensure result set excludes comments assigned to specific user IDs. Requires authorization."
    )
    p["author_email"] = {
        "default": None,
        "description": "Limit result set to that from a specific author email. Requires authorization.",
        "format": "email",
        "type": "string",
    }
    p["before"] = {
        "description": "Limit response to comments published before a given ISO8601 compliant date.",
        "type": "string",
        "format": "date-time",
    }
    p.update(include_exclude_params())
    p["offset"] = offset_param()
    p["order"] = order_param()
    p["orderby"] = orderby_param("Sort collection by comment attribute.", "date_gmt", ORDERBY)
    p["parent"] = id_list_param(
        "Limit result set to comments of specific parent IDs.", [], default_first=True
    )
    p["parent_exclude"] = id_list_param(
        "Ensure result set excludes specific parent IDs.", [], default_first=True
    )
    p["post"] = id_list_param(
        "Limit result set to comments assigned to specific post IDs.", [], default_first=True
    )
    p["status"] = {
        "default": "approve",
        "description": "Limit result set to comments assigned a specific status. Requires authorization.",
        "type": "string",
    }
    p["type"] = {
        "default": "comment",
        "description": "Limit result set to comments assigned a specific type. Requires authorization.",
        "type": "string",
    }
    p["password"] = {
        "description": "The password for the post if it is password protected.",
        "type": "string",
    }
    return index_args(p)


def create_args(*, legacy_61: bool) -> Args:
    """``POST /wp/v2/comments``: derived from the item schema (creating)."""
    return index_args(endpoint_args_for_schema(item_schema(legacy_61=legacy_61), True))


def item_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/comments/<id>``."""
    args = _id_arg()
    args["context"] = context_param("view")
    args["password"] = _password_arg()
    return index_args(args)


def update_args(*, legacy_61: bool) -> Args:
    """``POST/PUT/PATCH /wp/v2/comments/<id>``: id, then derived from the item schema (editing)."""
    args = _id_arg()
    args.update(endpoint_args_for_schema(item_schema(legacy_61=legacy_61), False))
    return index_args(args)


def delete_args(*, legacy_61: bool) -> Args:
    """``DELETE /wp/v2/comments/<id>``."""
    args = _id_arg()
    args["force"] = force_param()
    args["password"] = _password_arg()
    return index_args(args)
