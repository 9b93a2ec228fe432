"""`/wp/v2/taxonomies` and `/wp/v2/taxonomies/<taxonomy>` (WP_REST_Taxonomies_Controller)."""

from __future__ import annotations

from typing import Any

from schemas import taxonomies as schema
from settings import Settings
from wpcompat.registry import (
    HIDDEN_TAXONOMIES,
    TaxonomyInfo,
    post_type,
    taxonomies,
    taxonomy,
)
from wpcompat.rest.errors import RestError, forbidden, not_allowed
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse, keyed_entry
from wpcompat.rest.routing import READABLE, Endpoint, Route

NAMESPACE = "wp/v2"
_CANNOT_MANAGE = "Sorry, you are not allowed to manage terms in this taxonomy."


def _can_assign(req: RestRequest, info: TaxonomyInfo) -> bool:
    from auth.capabilities import has_cap

    return has_cap(req.user, info.capabilities["assign_terms"])


def _contexts(req: RestRequest) -> dict[str, list[str]]:
    key = "taxonomies.schema_contexts"
    if key not in req.cache:
        props = schema.item_schema(legacy_61=req.site.legacy_61)["properties"]
        req.cache[key] = {name: list(p.get("context") or []) for name, p in props.items()}
    contexts: dict[str, list[str]] = req.cache[key]
    return contexts


def prepare_taxonomy(req: RestRequest, info: TaxonomyInfo, context: str) -> Resource:
    data: dict[str, Any] = {
        "name": info.name,
        "slug": info.slug,
        "capabilities": dict(info.capabilities),
        "description": info.description,
        "labels": {k: v for k, v in info.labels.items()
                   if not (req.site.legacy_61 and k in info.labels_not_in_61)},
        "types": list(info.types),
        "show_cloud": info.show_cloud,
        "hierarchical": info.hierarchical,
        "rest_base": info.rest_base,
        "rest_namespace": NAMESPACE,
        "visibility": {
            "public": info.public,
            "publicly_queryable": info.publicly_queryable,
            "show_admin_column": info.show_admin_column,
            "show_in_nav_menus": info.show_in_nav_menus,
            "show_in_quick_edit": info.show_in_quick_edit,
            "show_ui": info.show_ui,
        },
    }
    contexts = _contexts(req)
    data = {k: v for k, v in data.items() if context in contexts.get(k, [context])}
    resource = Resource(data)
    resource.add_link("collection", req.site.rest_url(f"/{NAMESPACE}/taxonomies"))
    resource.add_link("https://api.w.org/items", req.site.rest_url(f"/{NAMESPACE}/{info.rest_base}"))
    return resource


def _chosen(req: RestRequest) -> list[TaxonomyInfo]:
    """The REST taxonomies the request is about: those of `type` (get_object_taxonomies; an
    unknown type has none), else all: WordPress tests `! empty( $request['type'] )`, so an empty
    `type` (or "0") asks for all."""
    wanted = req.get("type")
    if wanted is None or str(wanted) in ("", "0"):
        return list(taxonomies(legacy_61=req.site.legacy_61))
    info_type = post_type(str(wanted), legacy_61=req.site.legacy_61)
    names = set(info_type.rest_taxonomies(legacy_61=req.site.legacy_61)) if info_type else set()
    return [t for t in taxonomies(legacy_61=req.site.legacy_61) if t.slug in names]


async def get_items_permission(req: RestRequest) -> None:
    # Edit context needs assign_terms on one of the taxonomies asked about (of `type` when
    # given): none at all, as for an unknown type, is refused too.
    if req.context == "edit":
        if any(_can_assign(req, info) for info in _chosen(req)):
            return
        raise forbidden("rest_cannot_view", _CANNOT_MANAGE, req.logged_in)


async def get_items(req: RestRequest) -> RestResponse:
    data: dict[str, Any] = {}
    for info in _chosen(req):
        if req.context == "edit" and not _can_assign(req, info):
            continue
        data[info.slug] = keyed_entry(prepare_taxonomy(req, info, req.context), req.fields)
    # An empty result is cast to an object: `{}`.
    return RestResponse(data)


async def get_item_permission(req: RestRequest) -> None:
    # OPTIONS asks the permission callbacks (for Allow) before parameters are merged.
    slug = str(req.get("taxonomy") or req.url_params.get("taxonomy") or "")
    if slug in HIDDEN_TAXONOMIES:
        # A registered taxonomy not shown in REST: the permission callback says false.
        raise not_allowed(req.logged_in)
    info = taxonomy(slug, legacy_61=req.site.legacy_61)
    if info is not None and req.context == "edit" and not _can_assign(req, info):
        raise forbidden("rest_forbidden_context", _CANNOT_MANAGE, req.logged_in)


async def get_item(req: RestRequest) -> RestResponse:
    info = taxonomy(str(req.get("taxonomy") or ""), legacy_61=req.site.legacy_61)
    if info is None:
        raise RestError("rest_taxonomy_invalid", "Invalid taxonomy.", 404)
    return RestResponse(prepare_taxonomy(req, info, req.context))


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61

    def item_schema() -> dict[str, Any]:
        return schema.item_schema(legacy_61=legacy)

    return [
        Route(f"/{NAMESPACE}/taxonomies", NAMESPACE, [
            Endpoint(READABLE, get_items, args=schema.collection_args(legacy_61=legacy),
                     permission=get_items_permission),
        ], schema=item_schema),
        Route(f"/{NAMESPACE}/taxonomies/(?P<taxonomy>[\\w-]+)", NAMESPACE, [
            Endpoint(READABLE, get_item, args=schema.item_args(legacy_61=legacy), permission=get_item_permission),
        ], schema=item_schema),
    ]


