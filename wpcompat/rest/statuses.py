"""`/wp/v2/statuses` and `/wp/v2/statuses/<status>` (WP_REST_Post_Statuses_Controller).

Public statuses are readable by anyone; the other non-internal ones (and trash) by whoever may
edit posts of some REST type. So a visitor sees `publish` only.
"""

from __future__ import annotations

from typing import Any

from schemas import statuses as schema
from settings import Settings
from wpcompat.registry import STATUSES, PostTypeInfo, StatusInfo, post_types, status
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.fields import field_contexts
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse, keyed_entry
from wpcompat.rest.routing import READABLE, Endpoint, Route

NAMESPACE = "wp/v2"


def _can_edit_some_type(req: RestRequest) -> bool:
    from auth.capabilities import has_cap

    types: list[PostTypeInfo] = post_types(legacy_61=req.site.legacy_61)
    return any(has_cap(req.user, info.capabilities["edit_posts"]) for info in types)


def _readable(req: RestRequest, info: StatusInfo) -> bool:
    """check_read_permission()."""
    if info.public:
        return True
    if not info.internal or info.slug == "trash":
        return _can_edit_some_type(req)
    return False


def prepare_status(req: RestRequest, info: StatusInfo, context: str) -> Resource:
    data: dict[str, Any] = {
        "name": info.label,
        "private": info.private,
        "protected": info.protected,
        "public": info.public,
        "queryable": info.queryable,
        "show_in_list": info.show_in_list,
        "slug": info.slug,
        "date_floating": info.date_floating,
    }
    contexts = field_contexts(req.cache, "statuses.schema_contexts",
                              lambda: schema.item_schema(legacy_61=req.site.legacy_61))
    data = {k: v for k, v in data.items() if context in contexts.get(k, [context])}
    # The statuses controller adds its link without asking whether `_fields` wants `_links`.
    resource = Resource(data, links_always=True)
    posts = f"/{NAMESPACE}/posts"
    query = None if info.slug == "publish" else {"status": info.slug}
    resource.add_link("archives", req.site.rest_url(posts, query))
    return resource


async def get_items_permission(req: RestRequest) -> None:
    if req.context == "edit" and not _can_edit_some_type(req):
        raise forbidden("rest_cannot_view", "Sorry, you are not allowed to manage post statuses.", req.logged_in)


async def get_items(req: RestRequest) -> RestResponse:
    data: dict[str, Any] = {}
    # get_post_stati( internal => false ), then trash.
    for info in [s for s in STATUSES if not s.internal] + [s for s in STATUSES if s.slug == "trash"]:
        if _readable(req, info):
            data[info.slug] = keyed_entry(prepare_status(req, info, req.context), req.fields)
    return RestResponse(data or [])


async def get_item_permission(req: RestRequest) -> None:
    # OPTIONS asks the permission callbacks (for Allow) before parameters are merged; once they
    # are, a query `status` wins over the route's, even empty (`?status=` names no status).
    given = req.params["status"] if req.params.get("status") is not None else req.url_params.get("status")
    info = status(str(given or ""))
    if info is None:
        raise RestError("rest_status_invalid", "Invalid status.", 404)
    if not _readable(req, info):
        raise forbidden("rest_cannot_read_status", "Cannot view status.", req.logged_in)


async def get_item(req: RestRequest) -> RestResponse:
    info = status(str(req.get("status") or ""))
    if info is None:
        raise RestError("rest_status_invalid", "Invalid status.", 404)
    return RestResponse(prepare_status(req, info, req.context))


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61

    def item_schema() -> dict[str, Any]:
        return schema.item_schema(legacy_61=legacy)

    return [
        Route(f"/{NAMESPACE}/statuses", NAMESPACE, [
            Endpoint(READABLE, get_items, args=schema.collection_args(legacy_61=legacy),
                     permission=get_items_permission),
        ], schema=item_schema),
        Route(f"/{NAMESPACE}/statuses/(?P<status>[\\w-]+)", NAMESPACE, [
            Endpoint(READABLE, get_item, args=schema.item_args(legacy_61=legacy), permission=get_item_permission),
        ], schema=item_schema),
    ]
