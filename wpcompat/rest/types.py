"""`/wp/v2/types` and `/wp/v2/types/<type>` (WP_REST_Post_Types_Controller).

Every post type shown in REST is listed to everyone in `view` context; in `edit` context only
those whose `edit_posts` capability the caller holds. Current WordPress adds `template` and
`template_lock` (6.6).
"""

from __future__ import annotations

from typing import Any

from schemas import types as schema
from settings import Settings
from wpcompat.registry import (
    PostTypeInfo,
    hidden_post_type,
    post_type,
    post_types,
)
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.fields import field_contexts
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse, as_flags, keyed_entry
from wpcompat.rest.routing import READABLE, Endpoint, Route

NAMESPACE = "wp/v2"


def _can_edit(req: RestRequest, info: PostTypeInfo) -> bool:
    from auth.capabilities import has_cap

    return has_cap(req.user, info.capabilities["edit_posts"])


def prepare_type(req: RestRequest, info: PostTypeInfo, context: str) -> Resource:
    data: dict[str, Any] = {
        "capabilities": dict(info.capabilities),
        "description": info.description,
        "hierarchical": info.hierarchical,
        "has_archive": info.has_archive,
        "visibility": {"show_in_nav_menus": info.show_in_nav_menus, "show_ui": info.show_ui},
        "viewable": info.viewable,
        "labels": info.all_labels(legacy_61=req.site.legacy_61),
        "name": info.name(legacy_61=req.site.legacy_61),
        "slug": info.slug,
        "icon": info.icon,
        "supports": as_flags(info.supports),
        "taxonomies": list(info.rest_taxonomies(legacy_61=req.site.legacy_61)),
        "rest_base": info.rest_base,
        "rest_namespace": NAMESPACE,
    }
    if not req.site.legacy_61:
        # No core type registers a block template or a lock.
        data["template"] = []
        data["template_lock"] = False
    contexts = field_contexts(req.cache, "types.schema_contexts", lambda: schema.item_schema(legacy_61=req.site.legacy_61))
    data = {k: v for k, v in data.items() if context in contexts.get(k, [context])}
    resource = Resource(data)
    resource.add_link("collection", req.site.rest_url(f"/{NAMESPACE}/types"))
    resource.add_link("https://api.w.org/items", req.site.rest_url(f"/{NAMESPACE}/{info.rest_base}"))
    return resource


def served_types(req: RestRequest) -> list[PostTypeInfo]:
    """The post types whose REST routes this server has: the only ones a client can use, so
    the only ones listed (WordPress lists blocks, templates, menus … that wpcompat does not serve)."""
    router = req.router
    types = post_types(legacy_61=req.site.legacy_61)
    if router is None:
        return types
    patterns = {route.pattern for route in router.routes}
    return [info for info in types if f"/{NAMESPACE}/{info.rest_base}" in patterns]


async def get_items_permission(req: RestRequest) -> None:
    if req.context == "edit":
        if any(_can_edit(req, info) for info in served_types(req)):
            return
        raise forbidden("rest_cannot_view", "Sorry, you are not allowed to edit posts in this post type.",
                        req.logged_in)


async def get_items(req: RestRequest) -> RestResponse:
    data: dict[str, Any] = {}
    for info in served_types(req):
        if req.context == "edit" and not _can_edit(req, info):
            continue
        data[info.slug] = keyed_entry(prepare_type(req, info, req.context), req.fields)
    # PHP's empty array is a JSON list.
    return RestResponse(data or [])


async def get_item(req: RestRequest) -> RestResponse:
    slug = str(req.get("type") or "")
    info = post_type(slug, legacy_61=req.site.legacy_61)
    if info is not None and info not in served_types(req):
        info = None
    if info is None and hidden_post_type(slug, legacy_61=req.site.legacy_61):
        raise forbidden("rest_cannot_read_type", "Cannot view post type.", req.logged_in)
    if info is None:
        raise RestError("rest_type_invalid", "Invalid post type.", 404)
    if req.context == "edit" and not _can_edit(req, info):
        raise forbidden("rest_forbidden_context", "Sorry, you are not allowed to edit posts in this post type.",
                        req.logged_in)
    return RestResponse(prepare_type(req, info, req.context))


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61

    def item_schema() -> dict[str, Any]:
        return schema.item_schema(legacy_61=legacy)

    return [
        Route(f"/{NAMESPACE}/types", NAMESPACE, [
            Endpoint(READABLE, get_items, args=schema.collection_args(legacy_61=legacy),
                     permission=get_items_permission),
        ], schema=item_schema),
        Route(f"/{NAMESPACE}/types/(?P<type>[\\w-]+)", NAMESPACE, [
            Endpoint(READABLE, get_item, args=schema.item_args(legacy_61=legacy)),
        ], schema=item_schema),
    ]
