"""Users (/wp/v2/users, /wp/v2/users/<id>, /wp/v2/users/me): arguments and item schema.

Current WordPress adds the ``search_columns`` collection parameter and more REST post types in
``has_published_posts`` (global styles since 6.3, the font library types since 6.5).
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
    registered_meta_schema,
)

CHANGES_SINCE_61: dict[str, str] = {
    "search_columns": "collection parameter (email, name, id, username, slug)",
    "has_published_posts": "enum gains wp_global_styles (6.3), wp_font_family and wp_font_face (6.5)",
    "meta.persisted_preferences.title": "registered meta schemas carry a title (6.7 meta labels)",
}

AVATAR_SIZES: tuple[int, ...] = (24, 48, 96)
LOCALES: list[str] = ["", "en_US"]
ROLES: tuple[str, ...] = ("administrator", "editor", "author", "contributor", "subscriber")


def rest_post_types(*, legacy_61: bool) -> dict[str, str]:
    """get_post_types(show_in_rest) as names: an associative PHP array, so a JSON object."""
    names = ["post", "page", "attachment", "nav_menu_item", "wp_block", "wp_template", "wp_template_part"]
    if not legacy_61:
        names.append("wp_global_styles")  # show_in_rest since 6.3 (global styles revisions)
    names.append("wp_navigation")
    if not legacy_61:
        names += ["wp_font_family", "wp_font_face"]  # font library, 6.5
    return {name: name for name in names}


def registered_user_meta(*, legacy_61: bool) -> dict[str, Any]:
    """``persisted_preferences`` (block-editor preferences), registered since 6.1."""
    return {
        "persisted_preferences": registered_meta_schema(
            "object",
            legacy_61=legacy_61,
            extra={
                "context": ["edit"],
                "properties": {
                    "_modified": {
                        "description": "The date and time the preferences were updated.",
                        "type": "string",
                        "format": "date-time",
                        "readonly": False,
                    }
                },
                "additionalProperties": True,
            },
        )
    }


def item_schema(*, legacy_61: bool, show_avatars: bool = True) -> Schema:
    """The user item schema as OPTIONS shows it."""
    ve = ["embed", "view", "edit"]
    props: dict[str, Any] = {
        "id": {
            "description": "Unique identifier for the user.",
            "type": "integer",
            "context": ve,
            "readonly": True,
        },
        "username": {
            "description": "Login name for the user.",
            "type": "string",
            "context": ["edit"],
            "required": True,
        },
        "name": {"description": "Display name for the user.", "type": "string", "context": ve},
        "first_name": {"description": "First name for the user.", "type": "string", "context": ["edit"]},
        "last_name": {"description": "Last name for the user.", "type": "string", "context": ["edit"]},
        "email": {
            "description": "The email address for the user.",
            "type": "string",
            "format": "email",
            "context": ["edit"],
            "required": True,
        },
        "url": {"description": "URL of the user.", "type": "string", "format": "uri", "context": ve},
        "description": {"description": "Description of the user.", "type": "string", "context": ve},
        "link": {
            "description": "Author URL of the user.",
            "type": "string",
            "format": "uri",
            "context": ve,
            "readonly": True,
        },
        "locale": {
            "description": "Locale for the user.",
            "type": "string",
            "enum": list(LOCALES),
            "context": ["edit"],
        },
        "nickname": {"description": "The nickname for the user.", "type": "string", "context": ["edit"]},
        "slug": {"description": "An alphanumeric identifier for the user.", "type": "string", "context": ve},
        "registered_date": {
            "description": "Registration date for the user.",
            "type": "string",
            "format": "date-time",
            "context": ["edit"],
            "readonly": True,
        },
        "roles": {
            "description": "Roles assigned to the user.",
            "type": "array",
            "items": {"type": "string"},
            "context": ["edit"],
        },
        "password": {
            "description": "Password for the user (never included).",
            "type": "string",
            # PHP's empty array: the password is never displayed.
            "context": [],
            "required": True,
        },
        "capabilities": {
            "description": "All capabilities assigned to the user.",
            "type": "object",
            "context": ["edit"],
            "readonly": True,
        },
        "extra_capabilities": {
            "description": "Any extra capabilities assigned to the user.",
            "type": "object",
            "context": ["edit"],
            "readonly": True,
        },
    }
    if show_avatars:
        props["avatar_urls"] = {
            "description": "Avatar URLs for the user.",
            "type": "object",
            "context": ve,
            "readonly": True,
            "properties": {
                str(size): {
                    "description": f"Avatar URL with image size of {size} pixels.",
                    "type": "string",
                    "format": "uri",
                    "context": ve,
                }
                for size in AVATAR_SIZES
            },
        }
    props["meta"] = meta_field_schema(registered_user_meta(legacy_61=legacy_61))
    return item_schema_envelope("user", props)


def collection_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/users``."""
    p = collection_params()
    p.update(include_exclude_params())
    p["offset"] = offset_param()
    p["order"] = {
        "default": "asc",
        "description": "Order sort attribute ascending or descending.",
        "enum": ["asc", "desc"],
        "type": "string",
    }
    p["orderby"] = {
        "default": "name",
        "description": "Sort collection by user attribute.",
        "enum": ["id", "include", "name", "registered_date", "slug", "include_slugs", "email", "url"],
        "type": "string",
    }
    p["slug"] = {
        "description": "Limit result set to users with one or more specific slugs.",
        "type": "array",
        "items": {"type": "string"},
    }
    p["roles"] = {
        "description": (
            "Limit result set to users matching at least one specific role provided. "
            "Accepts csv list or single role."
        ),
        "type": "array",
        "items": {"type": "string"},
    }
    p["capabilities"] = {
        "description": (
            "Limit result set to users matching at least one specific capability provided. "
            "Accepts csv list or single capability."
        ),
        "type": "array",
        "items": {"type": "string"},
    }
    p["who"] = {
        "description": "Limit result set to users who are considered authors.",
        "type": "string",
        "enum": ["authors"],
    }
    p["has_published_posts"] = {
        "description": "Limit result set to users who have published posts.",
        "type": ["boolean", "array"],
        "items": {"type": "string", "enum": rest_post_types(legacy_61=legacy_61)},
    }
    if not legacy_61:
        p["search_columns"] = {
            "default": [],
            "description": "Array of column names to be searched.",
            "type": "array",
            "items": {"enum": ["email", "name", "id", "username", "slug"], "type": "string"},
        }
    return index_args(p)


def create_args(*, legacy_61: bool) -> Args:
    """``POST /wp/v2/users``: derived from the item schema (creating)."""
    return index_args(endpoint_args_for_schema(item_schema(legacy_61=legacy_61), True))


def _id_arg() -> dict[str, dict[str, Any]]:
    return {"id": {"description": "Unique identifier for the user.", "type": "integer"}}


def item_args(*, legacy_61: bool, me: bool = False) -> Args:
    """``GET /wp/v2/users/<id>`` (``me=True``: ``/wp/v2/users/me``, without ``id``)."""
    args = {} if me else _id_arg()
    args["context"] = context_param("view")
    return index_args(args)


def update_args(*, legacy_61: bool, me: bool = False) -> Args:
    """``POST/PUT/PATCH /wp/v2/users/<id>`` or ``/users/me``."""
    args = {} if me else _id_arg()
    args.update(endpoint_args_for_schema(item_schema(legacy_61=legacy_61), False))
    return index_args(args)


def delete_args(*, legacy_61: bool, me: bool = False) -> Args:
    """``DELETE /wp/v2/users/<id>`` or ``/users/me``: ``force`` and a required ``reassign``."""
    args = {} if me else _id_arg()
    args["force"] = force_param("Required to be true, as users do not support trashing.")
    args["reassign"] = {
        "type": "integer",
        "description": "Reassign the deleted user's posts and links to this user ID.",
        "required": True,
    }
    return index_args(args)


def me_item_args(*, legacy_61: bool) -> Args:
    return item_args(legacy_61=legacy_61, me=True)


def me_update_args(*, legacy_61: bool) -> Args:
    return update_args(legacy_61=legacy_61, me=True)


def me_delete_args(*, legacy_61: bool) -> Args:
    return delete_args(legacy_61=legacy_61, me=True)
