"""/wp/v2/<posts|pages>/<parent>/revisions[/<id>]: a post's revisions, for its editors only."""

from __future__ import annotations

import math
from typing import Any

from schemas import posts as post_schemas
from schemas import revisions as revision_schemas
from settings import Settings
from wpcompat.registry import served_post_type
from wpcompat.render import pipelines
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.media_library import LoadedLibrary, load_media, media_context, render_session
from wpcompat.rest.paging import collection_headers
from wpcompat.rest.post_access import can_delete, can_edit, load_post
from wpcompat.rest.post_prepare import filter_by_context
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse
from wpcompat.rest.routing import DELETABLE, READABLE, Endpoint, Handler, Permission, Route
from wpcompat.rest.validation import php_intval
from wpcompat.storage.posts import PostQuery, Row, find_posts, post_meta
from wpcompat.util.dates import to_rfc3339

_ORDERBY = {"id": "ID", "include": "post__in", "slug": "post_name", "include_slugs": "post_name__in"}


async def _parent(req: RestRequest, parent_type: str) -> Row:
    """get_parent(): the post whose revisions are asked for, or rest_post_invalid_parent."""
    error = RestError("rest_post_invalid_parent", "Invalid post parent ID.", 404)
    try:
        parent_id = php_intval(req.url_params.get("parent", 0))
    except ValueError:
        raise error from None
    row = await load_post(req, parent_id) if parent_id > 0 else None
    if row is None or row["post_type"] != parent_type:
        raise error
    return row


async def _revision(req: RestRequest) -> Row:
    error = RestError("rest_post_invalid_id", "Invalid revision ID.", 404)
    try:
        revision_id = php_intval(req.url_params.get("id", 0))
    except ValueError:
        raise error from None
    row = await load_post(req, revision_id) if revision_id > 0 else None
    if row is None or row["post_type"] != "revision":
        raise error
    return row


def read_permission(parent_type: str) -> Permission:
    async def check(req: RestRequest) -> None:
        parent = await _parent(req, parent_type)
        if not can_edit(req, parent):
            raise forbidden("rest_cannot_read", "Sorry, you are not allowed to view revisions of this post.",
                            req.logged_in)
    return check


def delete_permission(parent_type: str) -> Permission:
    async def check(req: RestRequest) -> None:
        parent = await _parent(req, parent_type)
        if not can_delete(req, parent):
            raise forbidden("rest_cannot_delete", "Sorry, you are not allowed to delete revisions of this post.",
                            req.logged_in)
        revision = await _revision(req)
        await read_permission(parent_type)(req)
        # map_meta_cap never lets anyone delete a revision through delete_post.
        if not can_delete(req, revision):
            raise forbidden("rest_cannot_delete", "Sorry, you are not allowed to delete this revision.",
                            req.logged_in)
    return check


def _prepare(req: RestRequest, row: Row, parent_type: str, meta: dict[str, str],
             library: LoadedLibrary | None = None) -> Resource:
    legacy = req.site.legacy_61
    data: dict[str, Any] = {
        "author": int(row["post_author"]),
        "date": to_rfc3339(row["post_date"], req.site.tz),
        "date_gmt": to_rfc3339(row["post_date_gmt"], req.site.tz),
        "id": int(row["ID"]),
        "modified": to_rfc3339(row["post_modified"], req.site.tz),
        "modified_gmt": to_rfc3339(row["post_modified_gmt"], req.site.tz),
        "parent": int(row["post_parent"]),
        "slug": row["post_name"],
        "guid": {"rendered": row["guid"], "raw": row["guid"]},
    }
    if req.wants("title"):
        data["title"] = {"raw": row["post_title"], "rendered": pipelines.the_title(row["post_title"], legacy_61=legacy)}
    if req.wants("content"):
        data["content"] = {"raw": row["post_content"],
                           # the revision is the global post while it renders (setup_postdata)
                           "rendered": render_session(req).content(
                               row["post_content"], media=media_context(req, library, int(row["ID"])))}
    if req.wants("excerpt"):
        excerpt = pipelines.the_excerpt_filter(row["post_excerpt"]) if row["post_excerpt"] else ""
        data["excerpt"] = {"raw": row["post_excerpt"], "rendered": excerpt}
    registered = post_schemas.registered_post_meta(parent_type, legacy_61=legacy)
    if not legacy:
        data["meta"] = {k: meta.get(k, s.get("default", "")) for k, s in registered.items()} if registered else []
    schema = revision_schemas.item_schema(parent_type, legacy_61=legacy)["properties"]
    data = filter_by_context(data, schema, req.context)
    # The revisions controller links the parent whenever the parent is among the fields shown,
    # whatever `_fields` says of `_links` (and never when `_fields` leaves the parent out).
    resource = Resource(data, links_always=True)
    if data.get("parent") and req.wants("parent"):
        base = served_post_type(parent_type).rest_base
        resource.add_link("parent", req.site.rest_url(f"/wp/v2/{base}/{data['parent']}"))
    return resource


def collection_handler(parent_type: str) -> Handler:
    base = served_post_type(parent_type).rest_base

    async def get_items(req: RestRequest) -> RestResponse:
        parent = await _parent(req, parent_type)
        p = req.params
        if p.get("orderby") == "relevance" and not p.get("search"):
            raise RestError("rest_no_search_term_defined", "You need to define a search term to order by relevance.",
                            400)
        if p.get("orderby") == "include" and not p.get("include"):
            raise RestError("rest_orderby_include_missing_include",
                            "You need to define an include parameter to order by include.", 400)
        orderby = str(p.get("orderby") or "date")
        per_page = p.get("per_page")
        query = PostQuery(
            post_types=["revision"], statuses=["inherit"], parent=int(parent["ID"]),
            include=[php_intval(i) for i in p.get("include") or []], exclude=[php_intval(i) for i in p.get("exclude") or []],
            search=str(p.get("search") or ""), hide_protected_in_search=not req.logged_in,
            orderby=_ORDERBY.get(orderby, orderby), order=str(p.get("order") or "desc").upper(),
            per_page=php_intval(per_page) if per_page else None, page=php_intval(p.get("page") or 1), offset=p.get("offset"),
        )
        found = await find_posts(req.storage, query)
        offset = php_intval(p.get("offset") or 0) if per_page else 0
        page = query.page
        total = found.total
        # Without per_page WP_Query lists every revision on one page.
        max_pages = math.ceil(total / int(per_page)) if per_page else int(total > 0)
        if total > 0:
            if offset >= total:
                raise RestError("rest_revision_invalid_offset_number",
                                "The offset number requested is larger than or equal to the number of available "
                                "revisions.", 400)
            if not offset and page > max_pages:
                raise RestError("rest_revision_invalid_page_number",
                                "The page number requested is larger than the number of pages available.", 400)
        meta = await post_meta(req.storage, [int(r["ID"]) for r in found.rows], ["footnotes"]) \
            if not req.site.legacy_61 else {}
        library = await load_media(req, {int(r["ID"]): r["post_content"] for r in found.rows})
        items = [_prepare(req, row, parent_type, meta.get(int(row["ID"]), {}), library) for row in found.rows]
        route = f"/wp/v2/{base}/{int(parent['ID'])}/revisions"
        headers = collection_headers(req, route, total, max_pages, page)
        return RestResponse(items, headers=headers)

    return get_items


def item_handler(parent_type: str) -> Handler:
    async def get_item(req: RestRequest) -> RestResponse:
        parent = await _parent(req, parent_type)
        revision = await _revision(req)
        if not req.site.legacy_61 and int(revision["post_parent"]) != int(parent["ID"]):
            raise RestError("rest_revision_parent_id_mismatch",
                            f"The revision does not belong to the specified parent with id of \"{parent['ID']}\"",
                            404)
        meta = await post_meta(req.storage, [int(revision["ID"])], ["footnotes"]) if not req.site.legacy_61 else {}
        library = await load_media(req, {int(revision["ID"]): revision["post_content"]})
        return RestResponse(_prepare(req, revision, parent_type, meta.get(int(revision["ID"]), {}), library))

    return get_item


async def not_implemented(req: RestRequest) -> RestResponse:
    raise RestError("rest_not_implemented", "Deleting revisions is not available yet.", 501)


def routes(settings: Settings, parent_type: str) -> list[Route]:
    legacy = settings.legacy_61
    base = served_post_type(parent_type).rest_base

    def schema() -> dict[str, Any]:
        return revision_schemas.item_schema(parent_type, legacy_61=legacy)

    return [
        Route(
            f"/wp/v2/{base}/(?P<parent>[\\d]+)/revisions", "wp/v2",
            [Endpoint(READABLE, collection_handler(parent_type),
                      revision_schemas.collection_args(parent_type, legacy_61=legacy), read_permission(parent_type))],
            schema=schema,
        ),
        Route(
            f"/wp/v2/{base}/(?P<parent>[\\d]+)/revisions/(?P<id>[\\d]+)", "wp/v2",
            [
                Endpoint(READABLE, item_handler(parent_type), revision_schemas.item_args(parent_type, legacy_61=legacy),
                         read_permission(parent_type)),
                Endpoint(DELETABLE, not_implemented, revision_schemas.delete_args(parent_type, legacy_61=legacy),
                         delete_permission(parent_type)),
            ],
            schema=schema,
        ),
    ]
