"""`/wp/v2/categories` and `/wp/v2/tags` (+ `/<id>`): one WP_REST_Terms_Controller for both.

The routes and the collection and item reads are here; one term as REST shows it is in
`terms_prepare`, creating, updating and deleting terms in `term_writes`.

Terms are embedded from posts (`wp:term` is `/categories?post=ID` and `/tags?post=ID`, `up`
points at a parent category), so single terms are memoised in the request cache and a
collection is one SQL query (see `wpcompat.storage.terms`).
"""

from __future__ import annotations

import math
from typing import Any

from schemas import terms as schema
from settings import Settings
from wpcompat.registry import SERVED_TAXONOMIES, TAXONOMY_OBJECT_TYPES, TaxonomyInfo
from wpcompat.rest import embedding
from wpcompat.rest import term_writes as writes
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.paging import pagination_headers
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import CREATABLE, DELETABLE, EDITABLE, READABLE, Endpoint, Route
from wpcompat.rest.terms_prepare import (
    NAMESPACE,
    can_edit_terms,
    existing_term,
    prepare_term,
    remember_terms,
)
from wpcompat.storage.posts import post_columns_by_id
from wpcompat.storage.terms import (
    Term,
    TermQuery,
    is_plain_post_query,
    order_and_page,
    query_terms,
    terms_of_posts,
)
from wpcompat.util.numbers import absint, php_int_multiply, php_intval


async def prime_post_terms(
    req: RestRequest, post_ids: list[int], taxonomies: tuple[str, ...] = ("category", "post_tag")
) -> None:
    """Load the terms of many posts in one query, for the `wp:term` links about to be embedded.

    The embedded `/categories?post=ID` and `/tags?post=ID` requests are then answered from
    this without a query of their own (two queries in all, whatever the number of posts).
    """
    primed: dict[tuple[str, int], list[Term]] = req.cache.setdefault("terms.by_post", {})
    missing = sorted({php_intval(i) for i in post_ids if php_intval(i) > 0} - {pid for (_, pid) in primed})
    # The permission check of each embedded request reads the post: load them all at once too.
    await _load_post_rows(req, missing)
    if missing:
        found = await terms_of_posts(req.storage, missing, taxonomies)
        primed.update(found)
        for terms in found.values():
            remember_terms(req, terms)


# ---------------------------------------------------------------- handlers


_POST_COLUMNS = ("ID", "post_type", "post_status", "post_author", "post_parent", "post_password")


async def _load_post_rows(req: RestRequest, post_ids: list[int]) -> None:
    memo: dict[int, dict[str, Any] | None] = req.cache.setdefault("terms.post_rows", {})
    missing = sorted({i for i in post_ids if i > 0 and i not in memo})
    if not missing:
        return
    memo.update(await post_columns_by_id(req.storage, missing, _POST_COLUMNS))
    for post_id in missing:
        memo.setdefault(post_id, None)


async def _post_row(req: RestRequest, post_id: int) -> dict[str, Any] | None:
    await _load_post_rows(req, [post_id])
    row: dict[str, Any] | None = req.cache["terms.post_rows"].get(post_id)
    return row


def _can_read_terms_of(req: RestRequest, tax: TaxonomyInfo, post: dict[str, Any]) -> bool:
    """check_read_terms_permission_for_post() (6.0.3+): a post of a type the taxonomy is for,
    publicly viewable or readable by the caller."""
    from auth.capabilities import can_read_post

    if post["post_type"] not in TAXONOMY_OBJECT_TYPES.get(tax.slug, ()):
        return False
    if post["post_status"] == "publish":
        return True
    return can_read_post(req.user, post)


def _collection_permission(tax: TaxonomyInfo) -> Any:
    async def permission(req: RestRequest) -> None:
        if req.context == "edit" and not can_edit_terms(req, tax.slug):
            raise forbidden("rest_forbidden_context",
                            "Sorry, you are not allowed to edit terms in this taxonomy.", req.logged_in)
        raw = req.get("post")
        if raw:
            # Also run (for Allow) on a request whose parameters failed validation: get_post()
            # casts the raw value, "1.5" is post 1 and "abc" none.
            post_id = php_intval(raw)
            post = await _post_row(req, post_id) if post_id else None
            if post is None:
                raise RestError("rest_post_invalid_id", "Invalid post ID.", 400)
            if not _can_read_terms_of(req, tax, post):
                raise forbidden("rest_forbidden_context", "Sorry, you are not allowed to view terms for this post.",
                                req.logged_in)
    return permission


def _item_permission(tax: TaxonomyInfo) -> Any:
    async def permission(req: RestRequest) -> None:
        await existing_term(req, tax.slug)
        if req.context == "edit" and not can_edit_terms(req, tax.slug):
            raise forbidden("rest_forbidden_context", "Sorry, you are not allowed to edit this term.", req.logged_in)
    return permission


def _collection_handler(tax: TaxonomyInfo) -> Any:
    async def get_items(req: RestRequest) -> RestResponse:
        per_page = php_intval(req.get("per_page", 10))
        page_number = php_intval(req.get("page", 1))
        # A product beyond 64 bits is a PHP float, which absint() wraps around.
        raw_offset = php_intval(req.get("offset") or 0) or php_int_multiply(page_number - 1, per_page)
        # WP_Term_Query takes absint( offset ); the page number still comes from the raw one.
        page = math.ceil(raw_offset / per_page + 1)
        offset = absint(raw_offset)
        parent = req.params.get("parent") if tax.hierarchical else None
        query = TermQuery(
            taxonomy=tax.slug,
            include=req.get("include") or [],
            exclude=req.get("exclude") or [],
            slugs=req.get("slug") or [],
            search=str(req.get("search") or ""),
            parent=int(parent) if parent is not None else None,
            post=php_intval(req.get("post") or 0),
            hide_empty=bool(req.get("hide_empty")),
            orderby=str(req.get("orderby", "name")),
            order=str(req.get("order", "asc")),
            number=per_page,
            offset=offset,
        )
        primed = req.cache.get("terms.by_post", {}).get((tax.slug, query.post))
        key = ("terms.query", repr(query))
        if primed is not None and is_plain_post_query(query):
            # A post's terms are never empty (hide_empty does not apply to object queries).
            terms, total = order_and_page(primed, query), len(primed)
        elif key not in req.cache:
            req.cache[key] = await query_terms(req.storage, query)
            terms, total = req.cache[key]
        else:
            terms, total = req.cache[key]
        remember_terms(req, terms)
        items = [await prepare_term(req, tax, term, req.context) for term in terms]
        headers = pagination_headers(req, f"/{NAMESPACE}/{tax.rest_base}", total, per_page, page)
        return RestResponse(items, headers=headers)
    return get_items


def _item_handler(tax: TaxonomyInfo) -> Any:
    async def get_item(req: RestRequest) -> RestResponse:
        term = await existing_term(req, tax.slug)
        return RestResponse(await prepare_term(req, tax, term, req.context))
    return get_item


def _schema_for(taxonomy: str, legacy: bool) -> Any:
    # Without parameters: the framework hands the request to one-parameter schema callables.
    def item_schema() -> dict[str, Any]:
        return schema.item_schema(taxonomy, legacy_61=legacy)
    return item_schema


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61
    out: list[Route] = []
    for tax in SERVED_TAXONOMIES:
        name = tax.slug

        item_schema = _schema_for(name, legacy)

        base = f"/{NAMESPACE}/{tax.rest_base}"
        out.append(Route(base, NAMESPACE, [
            Endpoint(READABLE, _collection_handler(tax), args=schema.collection_args(name, legacy_61=legacy),
                     permission=_collection_permission(tax), allow_batch=True, embedder=embedding.TERMS_OF_POST),
            Endpoint(CREATABLE, writes.create_handler(tax), args=schema.create_args(name, legacy_61=legacy),
                     permission=writes.write_permission(tax, "create"), allow_batch=True),
        ], schema=item_schema))
        out.append(Route(base + r"/(?P<id>[\d]+)", NAMESPACE, [
            Endpoint(READABLE, _item_handler(tax), args=schema.item_args(name, legacy_61=legacy),
                     permission=_item_permission(tax), allow_batch=True),
            Endpoint(EDITABLE, writes.update_handler(tax), args=schema.update_args(name, legacy_61=legacy),
                     permission=writes.write_permission(tax, "update"), allow_batch=True),
            Endpoint(DELETABLE, writes.delete_handler(tax), args=schema.delete_args(name, legacy_61=legacy),
                     permission=writes.write_permission(tax, "delete"), allow_batch=True),
        ], schema=item_schema))
    return out
