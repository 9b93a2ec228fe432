"""/wp/v2/posts, /wp/v2/pages and /wp/v2/media (one controller for the three post types).

`routes(settings)` also returns the revisions routes, in WordPress's registration order:
posts, posts' revisions, pages, pages' revisions, media. Reading is served here; the write
handlers (create, update, trash/delete) live in `wpcompat.rest.post_writes`.
"""

from __future__ import annotations

import math
from typing import Any

from schemas import posts as post_schemas
from settings import Settings
from wpcompat.permalinks import Links
from wpcompat.registry import OBJECT_TAXONOMIES, SERVED_TAXONOMIES, served_post_type
from wpcompat.render.formatting import sanitize_title
from wpcompat.rest import embedding, revisions
from wpcompat.rest.comments import expect_replies
from wpcompat.rest.errors import RestError
from wpcompat.rest.likes import add_counts as add_like_counts
from wpcompat.rest.paging import collection_headers
from wpcompat.rest.post_access import (
    can_edit,
    can_view,
    collection_permission,
    delete_permission,
    item_permission,
    load_parents,
    post_of_type,
    status_hook,
)
from wpcompat.rest.post_prepare import can_read_private_row, prepare_posts, sticky_list
from wpcompat.rest.post_writes import (
    create_handler,
    create_permission,
    delete_handler,
    template_hook,
    update_handler,
    update_permission,
    write_args,
)
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import CREATABLE, DELETABLE, EDITABLE, READABLE, Endpoint, Handler, Route
from wpcompat.rest.terms import prime_post_terms
from wpcompat.rest.users_prepare import prime_users
from wpcompat.rest.validation import parse_list, php_intval
from wpcompat.storage.posts import DateClause, PostQuery, Row, TaxClause, find_posts
from wpcompat.util.dates import rest_date_to_local
from wpcompat.util.numbers import absint

# REST orderby → WP_Query orderby (prepare_items_query's mappings).
_ORDERBY = {"id": "ID", "include": "post__in", "slug": "post_name", "include_slugs": "post_name__in"}


def _ints(value: Any) -> list[int]:
    """An id list as WP_Query reads it: every id through absint (author=-1 is author 1,
    include=-18 is post 18, categories_exclude=-1 leaves out category 1)."""
    if not isinstance(value, list):
        return []
    out: list[int] = []
    for item in value:
        try:
            out.append(absint(item))
        except (TypeError, ValueError):
            continue
    return out


def _tax_clauses(req: RestRequest, post_type: str) -> list[TaxClause]:
    """prepare_tax_query(): a list of ids, or `{terms, include_children, operator}`."""
    if post_type != "post":
        return []
    clauses: list[TaxClause] = []
    for tax in SERVED_TAXONOMIES:
        taxonomy, base, hierarchical = tax.slug, tax.rest_base, tax.hierarchical
        for exclude in (False, True):
            value = req.params.get(base + ("_exclude" if exclude else ""))
            if not value:
                continue
            terms: list[int] = []
            include_children = False
            operator = "IN"
            if isinstance(value, list):
                terms = _ints(value)
            elif isinstance(value, dict):
                terms = _ints(value.get("terms") or [])
                include_children = bool(value.get("include_children")) and hierarchical
                if not exclude and value.get("operator") == "AND":
                    operator = "AND"
            if terms:
                clauses.append(TaxClause(taxonomy, terms, "NOT IN" if exclude else operator, include_children))
    return clauses


def build_query(req: RestRequest, post_type: str) -> PostQuery:
    """get_items()'s WP_Query arguments, from the validated request."""
    p = req.params
    legacy = req.site.legacy_61
    tz = req.site.tz
    default_status = "inherit" if post_type == "attachment" else "publish"
    statuses = p.get("status") or [default_status]
    q = PostQuery(
        post_types=[post_type],
        statuses=statuses if isinstance(statuses, list) else [str(statuses)],
        include=_ints(p.get("include")),
        exclude=_ints(p.get("exclude")),
        authors=_ints(p.get("author")),
        authors_exclude=_ints(p.get("author_exclude")),
        parents=_ints(p.get("parent")),
        parents_exclude=_ints(p.get("parent_exclude")),
        slugs=[sanitize_title(str(s), "", "query") for s in (p.get("slug") or [])],
        menu_order=p.get("menu_order") if post_type == "page" else None,
        search=str(p.get("search") or ""),
        hide_protected_in_search=not req.logged_in,
        order=str(p.get("order") or "desc").upper(),
        orderby=_ORDERBY.get(str(p.get("orderby") or "date"), str(p.get("orderby") or "date")),
        per_page=php_intval(p.get("per_page") or 10),
        page=php_intval(p.get("page") or 1),
        offset=p.get("offset"),
        tax_relation=str(p.get("tax_relation") or "AND"),
        tax=_tax_clauses(req, post_type),
    )
    if not legacy:
        q.search_columns = [str(c) for c in (p.get("search_columns") or [])]
        q.exact = p.get("search_semantics") == "exact"
    for name, column, bound in (("before", "post_date", "before"), ("modified_before", "post_modified", "before"),
                                ("after", "post_date", "after"), ("modified_after", "post_modified", "after")):
        value = p.get(name)
        if value:
            local = rest_date_to_local(str(value), tz)
            q.dates.append(DateClause(column, **{bound: local}))
    if post_type == "post" and p.get("sticky") is not None:
        sticky = sticky_list(req)
        if p.get("sticky"):
            q.include = [i for i in sticky if i in q.include] if q.include else sticky
            if not q.include:
                q.none = True
        elif sticky:
            q.exclude = q.exclude + sticky
    if post_type == "attachment":
        _media_filters(req, q)
    return q


def _media_filters(req: RestRequest, q: PostQuery) -> None:
    """media_type (`image` → image/*) and mime_type (an exact type of a known media type)."""
    media_type = req.params.get("media_type")
    if media_type in post_schemas.MEDIA_TYPES:
        q.mime_prefixes = [str(media_type)]
    mime = req.params.get("mime_type")
    if mime and str(mime).split("/", 1)[0] in post_schemas.MEDIA_TYPES and "/" in str(mime):
        q.mime_prefixes = []
        q.mime_types = [str(mime)]


async def _apply_format_filter(req: RestRequest, post_type: str, q: PostQuery) -> None:
    """`format` (6.7+): `standard` = no format term; others by their `post-format-*` term.

    Needs the format terms' ids, hence a query of its own (only when the filter is used).
    """
    if req.site.legacy_61 or post_type != "post":
        return
    # Under WordPress 6.1 (no such argument) the raw value is here: a list, or whatever was sent.
    formats = [str(f) for f in parse_list(req.params.get("format"))]
    if not formats:
        return
    from wpcompat.storage.posts import term_ids_by_slug

    named = [f for f in formats if f != "standard"]
    ids = await term_ids_by_slug(req.storage, "post_format", [f"post-format-{f}" for f in named]) if named else []
    all_formats = await term_ids_by_slug(req.storage, "post_format",
                                         [f"post-format-{f}" for f in post_schemas.POST_FORMATS])
    options: list[TaxClause] = []
    if "standard" in formats:
        options.append(TaxClause("post_format", all_formats or [0], "NOT IN"))
    if named:
        options.append(TaxClause("post_format", ids or [0], "IN"))
    # Any of the formats, ANDed with the other taxonomy filters.
    q.tax_any = options


def _sticky_first(req: RestRequest, post_type: str, q: PostQuery) -> bool:
    """ignore_sticky=false (6.8+): WP_Query moves sticky posts up on the first page of a
    "home" query, i.e. one without include, search or a positive category/tag/format filter."""
    if req.site.legacy_61 or post_type != "post" or req.params.get("ignore_sticky") is not False:
        return False
    if q.include or q.search or q.page > 1:
        return False
    if any(clause.operator != "NOT IN" for clause in [*q.tax, *q.tax_any]):
        return False
    return bool(sticky_list(req))


async def _put_sticky_first(req: RestRequest, q: PostQuery, rows: list[Row]) -> list[Row]:
    """Stickies of the page go first (in page order), then the other published stickies."""
    sticky = sticky_list(req)
    first = [r for r in rows if int(r["ID"]) in sticky]
    rest = [r for r in rows if int(r["ID"]) not in sticky]
    missing = [i for i in sticky if i not in {int(r["ID"]) for r in first} and i not in q.exclude]
    extra: list[Row] = []
    if missing:
        more = await find_posts(req.storage, PostQuery(post_types=q.post_types, statuses=["publish"],
                                                       include=missing, per_page=len(missing)))
        extra = more.rows
    return first + extra + rest


# ---------------------------------------------------------------- handlers


async def prime_embeds(req: RestRequest, rows: list[Row], relation: str) -> None:
    """Before `_embed` dispatches one sub-request per link of `relation`, load what they need
    in batches.

    Without this every post of a page costs an author, a replies and two term sub-requests,
    each with its own queries (about 60 for ten posts). Primed, the authors and the terms
    cost a fixed number of queries for the page, and the replies one (see
    `comments.replies_batch`). It is the `embed_primer` of the posts' read endpoints: the
    server calls it with the answer's rows, once per relation it has links to dispatch for
    (a relation whose answers are all kept from earlier requests loads nothing).
    """
    if req.embedded or not req.embed or not rows:
        return
    if relation == "author":
        await prime_users(req, [int(r["post_author"] or 0) for r in rows])
    elif relation in ("wp:term", "https://api.w.org/term"):
        with_terms = [int(r["ID"]) for r in rows if OBJECT_TAXONOMIES.get(str(r["post_type"]))]
        if with_terms:
            await prime_post_terms(req, with_terms)
    elif relation == "replies":
        expect_replies(req, [int(r["ID"]) for r in rows])


def collection_handler(post_type: str) -> Handler:
    base = served_post_type(post_type).rest_base

    async def get_items(req: RestRequest) -> RestResponse:
        orderby = req.params.get("orderby")
        if orderby == "relevance" and not req.params.get("search"):
            raise RestError("rest_no_search_term_defined", "You need to define a search term to order by relevance.",
                            400)
        if orderby == "include" and not req.params.get("include"):
            raise RestError("rest_orderby_include_missing_include",
                            "You need to define an include parameter to order by include.", 400)
        query = build_query(req, post_type)
        await _apply_format_filter(req, post_type, query)
        found = await find_posts(req.storage, query)
        if _sticky_first(req, post_type, query):
            found.rows = await _put_sticky_first(req, query, found.rows)
        page = query.page
        per_page = query.per_page or 10
        if not found.rows:
            # WP_Query leaves found_posts at 0 when the page has no rows. The controller counts
            # again only past page 1, with the same offset: that count finds rows (and so the
            # total) only if the offset, when there is one, is before the end.
            recounted = page > 1 and (query.offset is None or abs(query.offset) < found.total)
            found.total = found.total if recounted else 0
        max_pages = math.ceil(found.total / per_page)
        if page > max_pages and found.total > 0:
            raise RestError("rest_post_invalid_page_number",
                            "The page number requested is larger than the number of pages available.", 400)
        parents = await load_parents(req, found.rows)
        rows = [r for r in found.rows if can_view(req, r, parents)]
        if req.context == "edit":
            # An edit-context list only shows what the user may edit (the raw fields of the
            # others' items are not theirs to see); X-WP-Total still counts every row. WordPress
            # 6.9 does this, and so does the 6.1 branch since its security releases (6.1.9).
            rows = [r for r in rows if can_edit(req, r)]
        items = await prepare_posts(req, post_type, rows)
        await add_like_counts(req, [(int(r["ID"]), i) for r, i in zip(rows, items, strict=True)], "post")
        headers = collection_headers(req, f"/wp/v2/{base}", found.total, max_pages, page)
        return RestResponse(items, headers=headers, embed_rows=rows)

    return get_items


def item_handler(post_type: str) -> Handler:
    async def get_item(req: RestRequest) -> RestResponse:
        row = await post_of_type(req, post_type, req.url_params.get("id"))
        resource = (await prepare_posts(req, post_type, [row]))[0]
        await add_like_counts(req, [(int(row["ID"]), resource)], "post")
        links = Links.of(req, lambda r: can_read_private_row(req, r))
        permalink = await links.permalink_of(row)
        return RestResponse(resource, headers={"Link": f'<{permalink}>; rel="alternate"; type=text/html'},
                            embed_rows=[row])

    return get_item


def _type_routes(settings: Settings, post_type: str) -> list[Route]:
    legacy = settings.legacy_61
    pt = served_post_type(post_type)
    rest_root = settings.site_url.rstrip("/") + "/wp-json/"
    default_status = "inherit" if post_type == "attachment" else "publish"

    def schema() -> dict[str, Any]:
        return post_schemas.item_schema(post_type, legacy_61=legacy, rest_root=rest_root)

    collection_args = post_schemas.collection_args(post_type, legacy_61=legacy)
    collection = Route(
        f"/wp/v2/{pt.rest_base}", "wp/v2",
        [
            Endpoint(READABLE, collection_handler(post_type), collection_args, collection_permission(post_type),
                     {"status": status_hook(post_type, default_status, collection_args["status"])},
                     allow_batch=pt.allow_batch, embed_primer=prime_embeds, own_sanitize=frozenset({"status"})),
            Endpoint(CREATABLE, create_handler(post_type), write_args(post_schemas.create_args(post_type, legacy_61=legacy)),
                     create_permission(post_type), {"template": template_hook(post_type)}, allow_batch=pt.allow_batch),
        ],
        schema=schema,
    )
    item = Route(
        f"/wp/v2/{pt.rest_base}/(?P<id>[\\d]+)", "wp/v2",
        [
            Endpoint(READABLE, item_handler(post_type), post_schemas.item_args(post_type, legacy_61=legacy),
                     item_permission(post_type), allow_batch=pt.allow_batch, embed_primer=prime_embeds,
                     embedder=embedding.ITEM),
            Endpoint(EDITABLE, update_handler(post_type), write_args(post_schemas.update_args(post_type, legacy_61=legacy)),
                     update_permission(post_type), {"template": template_hook(post_type)}, allow_batch=pt.allow_batch),
            Endpoint(DELETABLE, delete_handler(post_type), post_schemas.delete_args(post_type, legacy_61=legacy),
                     delete_permission(post_type), allow_batch=pt.allow_batch),
        ],
        schema=schema,
    )
    return [collection, item]


def routes(settings: Settings) -> list[Route]:
    """Posts, their revisions, pages, their revisions, media: WordPress's registration order."""
    out: list[Route] = []
    out += _type_routes(settings, "post")
    out += revisions.routes(settings, "post")
    out += _type_routes(settings, "page")
    out += revisions.routes(settings, "page")
    out += _type_routes(settings, "attachment")
    return out
