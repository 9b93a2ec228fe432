"""/wp/v2/search: posts and pages, terms, or post formats matching a search string.

The three WordPress search handlers (post, term, post-format) each give a page of ids and a
total; the controller turns ids into `{id, title, url, type, subtype}` with their links.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from schemas import search as search_schemas
from settings import Settings
from wpcompat.permalinks import Links
from wpcompat.registry import POST_ROUTES, SERVED_TAXONOMIES
from wpcompat.render import pipelines
from wpcompat.rest.errors import RestError
from wpcompat.rest.paging import collection_headers
from wpcompat.rest.post_prepare import can_read_private_row
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse
from wpcompat.rest.routing import READABLE, Endpoint, Route
from wpcompat.rest.validation import ParamError, php_intval
from wpcompat.storage.posts import PostQuery, Row, collation_key, find_posts
from wpcompat.storage.terms import search_term_rows, term_ids_by_slug_in

POST_SUBTYPES = ("post", "page")
TERM_SUBTYPES = ("category", "post_tag")
# rest_get_route_for_term(): the taxonomies whose terms have a route here.
TERM_ROUTES = {t.slug: f"/wp/v2/{t.rest_base}" for t in SERVED_TAXONOMIES}
# get_post_format_strings(), in WordPress's order.
FORMAT_STRINGS = {
    "standard": "Standard", "aside": "Aside", "chat": "Chat", "gallery": "Gallery", "link": "Link",
    "image": "Image", "quote": "Quote", "status": "Status", "video": "Video", "audio": "Audio",
}


@dataclass
class Found:
    items: list[Resource]
    total: int


def _wants(req: RestRequest, name: str) -> bool:
    """The search handlers test `in_array( $field, $fields )` on the requested fields as given,
    not rest_is_field_included(): `_fields=title.rendered` leaves a search item's (string)
    title out."""
    fields = req.fields
    return fields is None or name in fields


def _subtypes(req: RestRequest, allowed: tuple[str, ...]) -> list[str]:
    value = req.params.get("subtype")
    if isinstance(value, dict):
        value = list(value.values())  # kept under their original keys (subtype_hook)
    if value is None:
        value = ["any"]  # the default; an empty list (nothing of this handler's) stays empty
    if "any" in value:
        return list(allowed)
    return [s for s in value if s in allowed]


def _collection_link(req: RestRequest, resource: Resource) -> None:
    resource.add_link("collection", req.site.rest_url("/wp/v2/search"))


async def _search_posts(req: RestRequest, page: int, per_page: int) -> Found:
    """WP_REST_Post_Search_Handler: published posts and pages, newest first."""
    # No post subtype left (subtype=post_tag): WP_Query gets an empty post_type and falls back
    # to its default, posts.
    subtypes = _subtypes(req, POST_SUBTYPES) or ["post"]
    query = PostQuery(
        post_types=subtypes, statuses=["publish"], search=str(req.params.get("search") or ""),
        include=[php_intval(i) for i in req.params.get("include") or []],
        exclude=[php_intval(i) for i in req.params.get("exclude") or []],
        hide_protected_in_search=not req.logged_in, per_page=per_page, page=page,
        # No orderby: WP_Query puts title matches first, then the newest.
        orderby="relevance",
    )
    columns = ("ID", "post_type", "post_status", "post_name", "post_date", "post_parent", "post_author",
               "post_title")
    found = await find_posts(req.storage, query, columns)
    if not found.rows:
        # WP_Query leaves found_posts at 0 for a page with no rows, and this handler (unlike the
        # posts controller) does not count again: a page past the end is an empty 200, total 0.
        return Found([], 0)
    links = Links.of(req, lambda row: can_read_private_row(req, row))
    await links.prepare(found.rows)
    items: list[Resource] = []
    for row in found.rows:
        items.append(_post_item(req, row, links))
    return Found(items, found.total)


def _post_item(req: RestRequest, row: Row, links: Links) -> Resource:
    post_type = str(row["post_type"])
    data: dict[str, Any] = {}
    if _wants(req, "id"):
        data["id"] = int(row["ID"])
    if _wants(req, "title"):
        data["title"] = pipelines.the_title(str(row["post_title"]), private=row["post_status"] == "private",
                                            legacy_61=req.site.legacy_61)
    if _wants(req, "url"):
        data["url"] = links.permalink(row)
    if _wants(req, "type"):
        data["type"] = "post"
    if _wants(req, "subtype"):
        data["subtype"] = post_type
    resource = Resource(data)
    route = POST_ROUTES.get(post_type, f"/wp/v2/{post_type}")
    resource.add_link("self", req.site.rest_url(f"{route}/{int(row['ID'])}"), embeddable=True)
    resource.add_link("about", req.site.rest_url(f"/wp/v2/types/{post_type}"))
    _collection_link(req, resource)
    return resource


async def _search_terms(req: RestRequest, page: int, per_page: int) -> Found:
    """WP_REST_Term_Search_Handler: categories and tags by name or slug, ordered by name."""
    # No subtype left (subtype= or only post types): WP_Term_Query is given no taxonomy and
    # searches them all, hidden ones (post formats) included.
    taxonomies = _subtypes(req, TERM_SUBTYPES) or None
    found = await search_term_rows(
        req.storage, taxonomies=taxonomies, search=str(req.params.get("search") or ""),
        include=[php_intval(i) for i in req.params.get("include") or []],
        exclude=[php_intval(i) for i in req.params.get("exclude") or []],
    )
    # WP_Term_Query orders by name under MySQL's accent- and case-blind collation.
    rows = sorted(found, key=lambda r: (collation_key(str(r.name)), int(r.term_id)))
    start = (page - 1) * per_page
    links = Links.of(req)
    items: list[Resource] = []
    for row in rows[start:start + per_page]:
        data: dict[str, Any] = {}
        if _wants(req, "id"):
            data["id"] = int(row.term_id)
        if _wants(req, "title"):
            data["title"] = str(row.name)
        if _wants(req, "url"):
            data["url"] = await links.term_link(int(row.term_id), str(row.taxonomy), str(row.slug))
        if _wants(req, "type"):
            # The term handler reports the taxonomy as `type` and gives no `subtype` (6.1 to 7.1).
            data["type"] = str(row.taxonomy)
        resource = Resource(data)
        route = TERM_ROUTES.get(str(row.taxonomy))
        if route is not None:  # rest_get_route_for_term(): none for a taxonomy not in REST
            resource.add_link("self", req.site.rest_url(f"{route}/{int(row.term_id)}"), embeddable=True)
        resource.add_link("about", req.site.rest_url(f"/wp/v2/taxonomies/{row.taxonomy}"))
        _collection_link(req, resource)
        items.append(resource)
    return Found(items, len(rows))


async def _search_formats(req: RestRequest, page: int, per_page: int) -> Found:
    """WP_REST_Post_Format_Search_Handler: formats whose slug or label matches, if their term exists."""
    existing = await term_ids_by_slug_in(req.storage, "post_format")
    search = str(req.params.get("search") or "").lower()
    found: list[str] = []
    for slug, label in FORMAT_STRINGS.items():
        if search and search not in slug.lower() and search not in label.lower():
            continue
        if f"post-format-{slug}" in existing:
            found.append(slug)
    links = Links.of(req)
    items: list[Resource] = []
    start = (page - 1) * per_page
    for slug in found[start:start + per_page]:
        data: dict[str, Any] = {}
        if _wants(req, "id"):
            data["id"] = slug  # a format's id is its slug
        if _wants(req, "title"):
            data["title"] = FORMAT_STRINGS[slug]
        if _wants(req, "url"):
            data["url"] = await links.term_link(existing[f"post-format-{slug}"], "post_format", f"post-format-{slug}")
        if _wants(req, "type"):
            data["type"] = "post-format"
        resource = Resource(data)
        _collection_link(req, resource)
        items.append(resource)
    return Found(items, len(found))


_HANDLERS = {"post": _search_posts, "term": _search_terms, "post-format": _search_formats}


async def subtype_hook(value: Any, req: RestRequest, name: str) -> list[str] | dict[int, str]:
    """sanitize_subtypes(): `any` wins; otherwise only the chosen handler's subtypes are kept."""
    subtypes = [str(v) for v in (value if isinstance(value, list) else [value])]
    if "any" in subtypes:
        return ["any"]
    kind = req.params.get("type") or "post"
    if kind not in _HANDLERS:
        raise ParamError("rest_search_invalid_type", "Invalid type parameter.", {"status": 400})
    allowed = POST_SUBTYPES if kind == "post" else TERM_SUBTYPES if kind == "term" else ()
    # array_intersect() keeps the kept values' keys: `subtype=category,post` searching posts
    # is `[1 => 'post']`, and the pagination links say `subtype[1]=post`.
    kept = {i: s for i, s in enumerate(subtypes) if s in allowed}
    return list(kept.values()) if list(kept) == list(range(len(kept))) else kept


async def get_items(req: RestRequest) -> RestResponse:
    kind = req.params.get("type")
    handler = _HANDLERS.get(str(kind)) if kind else None
    if handler is None:
        raise RestError("rest_search_invalid_type", "Invalid type parameter.", 400)
    page = php_intval(req.params.get("page") or 1)
    per_page = php_intval(req.params.get("per_page") or 10)
    found = await handler(req, page, per_page)
    max_pages = math.ceil(found.total / per_page)
    if page > max_pages and found.total > 0:
        raise RestError("rest_search_invalid_page_number",
                        "The page number requested is larger than the number of pages available.", 400)
    # The search controller does not clamp `prev` to the last page.
    headers = collection_headers(req, "/wp/v2/search", found.total, max_pages, page, clamp_prev=False)
    return RestResponse(found.items, headers=headers)


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61
    return [
        Route(
            "/wp/v2/search", "wp/v2",
            [Endpoint(READABLE, get_items, search_schemas.collection_args(legacy_61=legacy),
                      arg_hooks={"subtype": subtype_hook})],
            schema=lambda: search_schemas.item_schema(legacy_61=legacy),
        )
    ]
