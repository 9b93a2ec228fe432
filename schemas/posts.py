"""Posts, pages and media (attachments): arguments of every endpoint and the item schema.

One parametrised builder, as WordPress's posts controller serves all three post types (the attachments
controller only adjusts it). ``legacy_61=True`` answers as WordPress 6.1, ``False`` as current WordPress
(7.1): see :data:`CHANGES_SINCE_61`.
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
from wpcompat.registry import ALL_STATUSES, PUBLIC_STATUSES, PostTypeInfo, served_post_type

# What current WordPress adds over 6.1, for the report and the tests.
CHANGES_SINCE_61: dict[str, str] = {
    "search_columns": "6.2: collection parameter (post types)",
    "meta.footnotes": "6.3: registered post meta for post and page",
    "class_list": "6.6: read-only item field",
    "excerpt_length": "6.6: single-item GET parameter where the type has excerpts",
    "search_semantics": "6.7: collection parameter",
    "format": "6.7: collection parameter for types supporting post formats",
    "ignore_sticky": "6.8: collection parameter for post",
    "featured_media (attachment)": "attachments get the thumbnail field (fixed attachment feature list)",
}


# The order in which the posts controller walks the post-type features when it builds the schema.
_FEATURE_ORDER = (
    "title",
    "editor",
    "author",
    "excerpt",
    "thumbnail",
    "comments",
    "revisions",
    "page-attributes",
    "post-formats",
    "custom-fields",
)

POST_FORMATS: list[str] = [
    "standard",
    "aside",
    "chat",
    "gallery",
    "link",
    "image",
    "quote",
    "status",
    "video",
    "audio",
]
MEDIA_TYPES: list[str] = ["image", "video", "text", "application", "audio"]


def post_type(name: str) -> PostTypeInfo:
    return served_post_type(name)


def registered_post_meta(post_type_name: str, *, legacy_61: bool) -> dict[str, Any]:
    """Post meta keys core registers with ``show_in_rest`` for a type (``footnotes`` since 6.3)."""
    if legacy_61 or post_type_name not in ("post", "page"):
        return {}
    return {"footnotes": registered_meta_schema("string", legacy_61=legacy_61)}


# --------------------------------------------------------------------------------------------------------
# Item schema


def _object_field(
    description: str,
    context: list[str],
    raw: str,
    rendered: str,
    rendered_context: list[str],
    *extra: tuple[str, dict[str, Any]],
) -> dict[str, Any]:
    props: dict[str, Any] = {
        "raw": {"description": raw, "type": "string", "context": ["edit"]},
        "rendered": {
            "description": rendered,
            "type": "string",
            "context": rendered_context,
            "readonly": True,
        },
    }
    for key, value in extra:
        props[key] = value
    return {"description": description, "type": "object", "context": context, "properties": props}


def _protected(what: str) -> dict[str, Any]:
    return {
        "description": f"Whether the {what} is protected with a password.",
        "type": "boolean",
        "context": ["view", "edit", "embed"],
        "readonly": True,
    }


def _feature_properties(feature: str, pt: PostTypeInfo, legacy_61: bool) -> dict[str, Any]:
    if feature == "title":
        return {
            "title": _object_field(
                "The title for the post.",
                ["view", "edit", "embed"],
                "Title for the post, as it exists in the database.",
                "HTML title for the post, transformed for display.",
                ["view", "edit", "embed"],
            )
        }
    if feature == "editor":
        block_version = {
            "description": "Version of the content block format used by the post.",
            "type": "integer",
            "context": ["edit"],
            "readonly": True,
        }
        return {
            "content": _object_field(
                "The content for the post.",
                ["view", "edit"],
                "Content for the post, as it exists in the database.",
                "HTML content for the post, transformed for display.",
                ["view", "edit"],
                ("block_version", block_version),
                ("protected", _protected("content")),
            )
        }
    if feature == "author":
        return {
            "author": {
                "description": "The ID for the author of the post.",
                "type": "integer",
                "context": ["view", "edit", "embed"],
            }
        }
    if feature == "excerpt":
        return {
            "excerpt": _object_field(
                "The excerpt for the post.",
                ["view", "edit", "embed"],
                "Excerpt for the post, as it exists in the database.",
                "HTML excerpt for the post, transformed for display.",
                ["view", "edit", "embed"],
                ("protected", _protected("excerpt")),
            )
        }
    if feature == "thumbnail":
        return {
            "featured_media": {
                "description": "The ID of the featured media for the post.",
                "type": "integer",
                "context": ["view", "edit", "embed"],
            }
        }
    if feature == "comments":
        return {
            "comment_status": {
                "description": "Whether or not comments are open on the post.",
                "type": "string",
                "enum": ["open", "closed"],
                "context": ["view", "edit"],
            },
            "ping_status": {
                "description": "Whether or not the post can be pinged.",
                "type": "string",
                "enum": ["open", "closed"],
                "context": ["view", "edit"],
            },
        }
    if feature == "page-attributes":
        return {
            "menu_order": {
                "description": "The order of the post in relation to other posts.",
                "type": "integer",
                "context": ["view", "edit"],
            }
        }
    if feature == "post-formats":
        return {
            "format": {
                "description": "The format for the post.",
                "type": "string",
                "enum": list(POST_FORMATS),
                "context": ["view", "edit"],
            }
        }
    if feature == "custom-fields":
        return {"meta": meta_field_schema(registered_post_meta(pt.slug, legacy_61=legacy_61))}
    return {}


def _attachment_properties() -> dict[str, Any]:
    return {
        "alt_text": {
            "description": "Alternative text to display when attachment is not displayed.",
            "type": "string",
            "context": ["view", "edit", "embed"],
        },
        "caption": _object_field(
            "The attachment caption.",
            ["view", "edit", "embed"],
            "Caption for the attachment, as it exists in the database.",
            "HTML caption for the attachment, transformed for display.",
            ["view", "edit", "embed"],
        ),
        "description": _object_field(
            "The attachment description.",
            ["view", "edit"],
            "Description for the attachment, as it exists in the database.",
            "HTML description for the attachment, transformed for display.",
            ["view", "edit"],
        ),
        "media_type": {
            "description": "Attachment type.",
            "type": "string",
            "enum": ["image", "file"],
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "mime_type": {
            "description": "The attachment MIME type.",
            "type": "string",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "media_details": {
            "description": "Details about the media file, specific to its type.",
            "type": "object",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "post": {
            "description": "The ID for the associated post of the attachment.",
            "type": "integer",
            "context": ["view", "edit"],
        },
        "source_url": {
            "description": "URL to the original attachment file.",
            "type": "string",
            "format": "uri",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "missing_image_sizes": {
            "description": "List of the missing image sizes of the attachment.",
            "type": "array",
            "items": {"type": "string"},
            "context": ["edit"],
            "readonly": True,
        },
    }


def _schema_links(pt: PostTypeInfo, rest_root: str) -> list[dict[str, Any]]:
    """The ``links`` (Link Description Objects) of the schema: actions a user may be allowed."""
    href = f"{rest_root}wp/v2/{pt.rest_base}/{{id}}"

    def link(rel: str, title: str, properties: dict[str, Any]) -> dict[str, Any]:
        return {
            "rel": f"https://api.w.org/{rel}",
            "title": title,
            "href": href,
            "targetSchema": {"type": "object", "properties": properties},
        }

    links: list[dict[str, Any]] = []
    if pt.slug != "attachment":
        links.append(
            link(
                "action-publish",
                "The current user can publish this post.",
                {"status": {"type": "string", "enum": ["publish", "future"]}},
            )
        )
    links.append(
        link(
            "action-unfiltered-html",
            "The current user can post unfiltered HTML markup and JavaScript.",
            {"content": {"raw": {"type": "string"}}},
        )
    )
    if pt.slug == "post":
        links.append(
            link("action-sticky", "The current user can sticky this post.", {"sticky": {"type": "boolean"}})
        )
    if "author" in pt.schema_features:
        links.append(
            link(
                "action-assign-author",
                "The current user can change the author on this post.",
                {"author": {"type": "integer"}},
            )
        )
    for tax in pt.served_taxonomies:
        ids = {tax.rest_base: {"type": "array", "items": {"type": "integer"}}}
        links.append(
            link(
                f"action-assign-{tax.rest_base}",
                f"The current user can assign terms in the {tax.slug} taxonomy.",
                ids,
            )
        )
        links.append(
            link(
                f"action-create-{tax.rest_base}",
                f"The current user can create terms in the {tax.slug} taxonomy.",
                {tax.rest_base: {"type": "array", "items": {"type": "integer"}}},
            )
        )
    return links


def item_schema(post_type_name: str = "post", *, legacy_61: bool, rest_root: str = "/wp-json/") -> Schema:
    """The item schema of ``post``, ``page`` or ``attachment`` as OPTIONS shows it.

    ``rest_root`` is the API root URL with its trailing slash (``rest_url()``, e.g.
    ``http://example.org/wp-json/``); it is used in the schema's action ``links``.
    """
    pt = post_type(post_type_name)
    props: dict[str, Any] = {
        "date": {
            "description": "The date the post was published, in the site's timezone.",
            "type": ["string", "null"],
            "format": "date-time",
            "context": ["view", "edit", "embed"],
        },
        "date_gmt": {
            "description": "The date the post was published, as GMT.",
            "type": ["string", "null"],
            "format": "date-time",
            "context": ["view", "edit"],
        },
        "guid": {
            "description": "The globally unique identifier for the post.",
            "type": "object",
            "context": ["view", "edit"],
            "readonly": True,
            "properties": {
                "raw": {
                    "description": "GUID for the post, as it exists in the database.",
                    "type": "string",
                    "context": ["edit"],
                    "readonly": True,
                },
                "rendered": {
                    "description": "GUID for the post, transformed for display.",
                    "type": "string",
                    "context": ["view", "edit"],
                    "readonly": True,
                },
            },
        },
        "id": {
            "description": "Unique identifier for the post.",
            "type": "integer",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "link": {
            "description": "URL to the post.",
            "type": "string",
            "format": "uri",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "modified": {
            "description": "The date the post was last modified, in the site's timezone.",
            "type": "string",
            "format": "date-time",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "modified_gmt": {
            "description": "The date the post was last modified, as GMT.",
            "type": "string",
            "format": "date-time",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "slug": {
            "description": "An alphanumeric identifier for the post unique to its type.",
            "type": "string",
            "context": ["view", "edit", "embed"],
        },
        "status": {
            "description": "A named status for the post.",
            "type": "string",
            "enum": list(PUBLIC_STATUSES),
            "context": ["view", "edit"],
        },
        "type": {
            "description": "Type of post.",
            "type": "string",
            "context": ["view", "edit", "embed"],
            "readonly": True,
        },
        "password": {
            "description": "A password to protect access to the content and excerpt.",
            "type": "string",
            "context": ["edit"],
        },
        # post, page and attachment are all viewable and public.
        "permalink_template": {
            "description": "Permalink template for the post.",
            "type": "string",
            "context": ["edit"],
            "readonly": True,
        },
        "generated_slug": {
            "description": "Slug automatically generated from the post title.",
            "type": "string",
            "context": ["edit"],
            "readonly": True,
        },
    }
    if not legacy_61:
        props["class_list"] = {
            "description": "An array of the class names for the post container element.",
            "type": "array",
            "context": ["view", "edit"],
            "readonly": True,
            "items": {"type": "string"},
        }
    if pt.hierarchical:
        props["parent"] = {
            "description": "The ID for the parent of the post.",
            "type": "integer",
            "context": ["view", "edit"],
        }
    for feature in _FEATURE_ORDER:
        if pt.has(feature, legacy_61):
            props.update(_feature_properties(feature, pt, legacy_61))
    if pt.slug == "post":
        props["sticky"] = {
            "description": "Whether or not the post should be treated as sticky.",
            "type": "boolean",
            "context": ["view", "edit"],
        }
    props["template"] = {
        "description": "The theme file to use to display the post.",
        "type": "string",
        "context": ["view", "edit"],
    }
    for tax in pt.served_taxonomies:
        props[tax.rest_base] = {
            "description": f"The terms assigned to the post in the {tax.slug} taxonomy.",
            "type": "array",
            "items": {"type": "integer"},
            "context": ["view", "edit"],
        }
    if pt.slug == "attachment":
        props.update(_attachment_properties())
        del props["password"]
    return item_schema_envelope(pt.slug, props, links=_schema_links(pt, rest_root))


# --------------------------------------------------------------------------------------------------------
# Endpoint arguments


def _taxonomy_limit_params(pt: PostTypeInfo) -> dict[str, dict[str, Any]]:
    """``tax_relation`` and ``<rest_base>``/``<rest_base>_exclude`` (prepare_taxonomy_limit_schema)."""
    if not pt.served_taxonomies:
        return {}
    params: dict[str, dict[str, Any]] = {
        "tax_relation": {
            "description": "Limit result set based on relationship between multiple taxonomies.",
            "type": "string",
            "enum": ["AND", "OR"],
        }
    }
    for tax in pt.served_taxonomies:
        for exclude in (False, True):
            query_props: dict[str, Any] = {
                "terms": {
                    "description": "Term IDs.",
                    "type": "array",
                    "items": {"type": "integer"},
                    "default": [],
                }
            }
            if tax.hierarchical:
                query_props["include_children"] = {
                    "description": "Whether to include child terms in the terms limiting the result set.",
                    "type": "boolean",
                    "default": False,
                }
            if not exclude:
                query_props["operator"] = {
                    "description": "Whether items must be assigned all or any of the specified terms.",
                    "type": "string",
                    "enum": ["AND", "OR"],
                    "default": "OR",
                }
            if exclude:
                description = (
                    f"Limit result set to items except those with specific terms assigned in the "
                    f"{tax.rest_base} taxonomy."
                )
            else:
                description = (
                    f"Limit result set to items with specific terms assigned in the {tax.rest_base} taxonomy."
                )
            params[tax.rest_base + ("_exclude" if exclude else "")] = {
                "description": description,
                "type": ["object", "array"],
                "oneOf": [
                    {
                        "title": "Term ID List",
                        "description": "Match terms with the listed IDs.",
                        "type": "array",
                        "items": {"type": "integer"},
                    },
                    {
                        "title": "Term ID Taxonomy Query",
                        "description": "Perform an advanced term query.",
                        "type": "object",
                        "properties": query_props,
                        "additionalProperties": False,
                    },
                ],
            }
    return params


def _date_param(description: str) -> dict[str, Any]:
    return {"description": description, "type": "string", "format": "date-time"}


def collection_args(post_type_name: str = "post", *, legacy_61: bool) -> Args:
    """``GET /wp/v2/<rest_base>``: the posts controller's collection parameters."""
    pt = post_type(post_type_name)
    p = collection_params()
    p["after"] = _date_param("Limit response to posts published after a given ISO8601 compliant date.")
    p["modified_after"] = _date_param(
        "Limit response to posts modified after a given ISO8601 compliant date."
    )
    if "author" in pt.schema_features:
        p["author"] = id_list_param("Limit result set to posts assigned to specific authors.", [])
        p["author_exclude"] = id_list_param(
            "Ensure result set excludes posts assigned to specific authors.", []
        )
    p["before"] = _date_param("Limit response to posts published before a given ISO8601 compliant date.")
    p["modified_before"] = _date_param(
        "Limit response to posts modified before a given ISO8601 compliant date."
    )
    p.update(include_exclude_params())
    if "page-attributes" in pt.schema_features:
        p["menu_order"] = {
            "description": "Limit result set to posts with a specific menu_order value.",
            "type": "integer",
        }
    if not legacy_61:
        p["search_semantics"] = {
            "description": "How to interpret the search input.",
            "type": "string",
            "enum": ["exact"],
        }
    p["offset"] = offset_param()
    p["order"] = order_param()
    orderby = [
        "author",
        "date",
        "id",
        "include",
        "modified",
        "parent",
        "relevance",
        "slug",
        "include_slugs",
        "title",
    ]
    if "page-attributes" in pt.schema_features:
        orderby.append("menu_order")
    p["orderby"] = orderby_param("Sort collection by post attribute.", "date", orderby)
    if pt.hierarchical or pt.slug == "attachment":
        p["parent"] = id_list_param("Limit result set to items with particular parent IDs.", [])
        p["parent_exclude"] = id_list_param(
            "Limit result set to all items except those of a particular parent ID.", []
        )
    if not legacy_61:
        p["search_columns"] = {
            "default": [],
            "description": "Array of column names to be searched.",
            "type": "array",
            "items": {"enum": ["post_title", "post_content", "post_excerpt"], "type": "string"},
        }
    p["slug"] = {
        "description": "Limit result set to posts with one or more specific slugs.",
        "type": "array",
        "items": {"type": "string"},
    }
    if pt.slug == "attachment":
        p["status"] = {
            "default": "inherit",
            "description": "Limit result set to posts assigned one or more statuses.",
            "type": "array",
            "items": {"enum": ["inherit", "private", "trash"], "type": "string"},
        }
        p["media_type"] = {
            "default": None,
            "description": "Limit result set to attachments of a particular media type.",
            "type": "string",
            "enum": list(MEDIA_TYPES),
        }
        p["mime_type"] = {
            "default": None,
            "description": "Limit result set to attachments of a particular MIME type.",
            "type": "string",
        }
        return index_args(p)
    p["status"] = {
        "default": "publish",
        "description": "Limit result set to posts assigned one or more statuses.",
        "type": "array",
        "items": {"enum": [*ALL_STATUSES, "any"], "type": "string"},
    }
    p.update(_taxonomy_limit_params(pt))
    if pt.slug == "post":
        p["sticky"] = {"description": "Limit result set to items that are sticky.", "type": "boolean"}
        if not legacy_61:
            p["ignore_sticky"] = {
                "description": "Whether to ignore sticky posts or not.",
                "type": "boolean",
                "default": True,
            }
    if not legacy_61 and "post-formats" in pt.schema_features:
        p["format"] = {
            "description": "Limit result set to items assigned one or more given formats.",
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": list(POST_FORMATS), "type": "string"},
        }
    return index_args(p)


def create_args(post_type_name: str = "post", *, legacy_61: bool) -> Args:
    """``POST /wp/v2/<rest_base>``: derived from the item schema (creating)."""
    return index_args(endpoint_args_for_schema(item_schema(post_type_name, legacy_61=legacy_61), True))


def _id_arg() -> dict[str, dict[str, Any]]:
    return {"id": {"description": "Unique identifier for the post.", "type": "integer"}}


def item_args(post_type_name: str = "post", *, legacy_61: bool) -> Args:
    """``GET /wp/v2/<rest_base>/<id>``: id, context, password (and ``excerpt_length`` since 6.6)."""
    schema = item_schema(post_type_name, legacy_61=legacy_61)
    args = _id_arg()
    args["context"] = context_param("view")
    if not legacy_61 and "excerpt" in schema["properties"]:
        args["excerpt_length"] = {"description": "Override the default excerpt length.", "type": "integer"}
    if "password" in schema["properties"]:
        args["password"] = {
            "description": "The password for the post if it is password protected.",
            "type": "string",
        }
    return index_args(args)


def update_args(post_type_name: str = "post", *, legacy_61: bool) -> Args:
    """``POST/PUT/PATCH /wp/v2/<rest_base>/<id>``: id, then derived from the item schema (editing)."""
    args = _id_arg()
    args.update(endpoint_args_for_schema(item_schema(post_type_name, legacy_61=legacy_61), False))
    return index_args(args)


def delete_args(post_type_name: str = "post", *, legacy_61: bool) -> Args:
    """``DELETE /wp/v2/<rest_base>/<id>``."""
    args = _id_arg()
    args["force"] = force_param()
    return index_args(args)
