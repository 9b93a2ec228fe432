"""One category or tag as the REST API shows it, loaded once per request (the read half that
the terms routes, their writes and the posts' embeds share)."""

from __future__ import annotations

from typing import Any

from auth.capabilities import can_manage_terms
from schemas import terms as schema
from wpcompat.permalinks import Links
from wpcompat.registry import POST_TYPES, TAXONOMY_OBJECT_TYPES, TaxonomyInfo
from wpcompat.rest.errors import RestError
from wpcompat.rest.fields import field_contexts
from wpcompat.rest.object_memo import memo_versions, object_memo, viewer_key
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource
from wpcompat.rest.target_hints import self_link
from wpcompat.storage.terms import Term, get_terms_by_ids
from wpcompat.util.numbers import php_intval

NAMESPACE = "wp/v2"

# The REST base of each post type a taxonomy is attached to (its `wp:post_type` links).
_TYPE_REST_BASE = {t.slug: t.rest_base for t in POST_TYPES}


def _memo(req: RestRequest) -> dict[tuple[str, int], Term | None]:
    memo: dict[tuple[str, int], Term | None] = req.cache.setdefault("terms.by_id", {})
    return memo


async def get_term(req: RestRequest, taxonomy: str, term_id: int) -> Term | None:
    """The term of this taxonomy with this ID, loaded once per request."""
    memo = _memo(req)
    key = (taxonomy, term_id)
    if key not in memo:
        found = await get_terms_by_ids(req.storage, [term_id], taxonomy) if term_id > 0 else {}
        memo[key] = found.get(term_id)
    return memo[key]


def remember_terms(req: RestRequest, terms: list[Term]) -> None:
    """Memoise terms loaded elsewhere (e.g. a collection), so item lookups reuse them."""
    memo = _memo(req)
    for term in terms:
        memo.setdefault((term.taxonomy, term.term_id), term)


async def existing_term(req: RestRequest, taxonomy: str) -> Term:
    # OPTIONS asks the permission callbacks (for Allow) before parameters are merged.
    term_id = php_intval(req.get("id") or req.url_params.get("id") or 0)
    term = await get_term(req, taxonomy, term_id) if term_id > 0 else None
    if term is None:
        raise RestError("rest_term_invalid", "Term does not exist.", 404)
    return term


def can_edit_terms(req: RestRequest, taxonomy: str) -> bool:
    return can_manage_terms(req.user, taxonomy)


async def prepare_term(req: RestRequest, tax: TaxonomyInfo, term: Term, context: str) -> Resource:
    """The term's item, from the memo when it was prepared at the versions this request
    started from (rest/object_memo.py): a term shows its rows, its parent and the options,
    all under the `global` tag; current versions' `targetHints` depend on the viewer."""
    versions = memo_versions(req)
    if versions is None:
        return await _prepare_term(req, tax, term, context)
    memo = object_memo(req.storage, req.settings)
    fields = req.fields
    key = (
        "term", tax.slug, term.term_id, context, tuple(fields) if fields is not None else None,
        None if req.site.legacy_61 else viewer_key(req),
    )
    version = versions.of_global()
    found = memo.get(key, version)
    if found is None:
        found = await _prepare_term(req, tax, term, context)
        memo.put(key, version, found)
    # Callers may add or drop fields at the top level (`_fields`).
    return Resource(dict(found.data), dict(found.links), found.links_always)


async def _prepare_term(req: RestRequest, tax: TaxonomyInfo, term: Term, context: str) -> Resource:
    data: dict[str, Any] = {
        "id": term.term_id,
        "count": term.count,
        "description": term.description,
        "link": await Links.of(req).term_link(term.term_id, tax.slug, term.slug),
        "name": term.name,
        "slug": term.slug,
        "taxonomy": tax.slug,
    }
    if tax.hierarchical:
        data["parent"] = term.parent
    # No term meta is registered with show_in_rest: PHP's empty array.
    data["meta"] = []
    contexts = field_contexts(req.cache, ("terms.schema_contexts", tax.slug),
                              lambda: schema.item_schema(tax.slug, legacy_61=req.site.legacy_61))
    # The terms controller tests `in_array( $field, $fields )`: under `_fields` only fields named
    # exactly are prepared (`meta.x` leaves `meta` out).
    exact = req.fields
    data = {k: v for k, v in data.items() if context in contexts.get(k, [context]) and (exact is None or k in exact)}
    resource = Resource(data)
    base = f"/{NAMESPACE}/{tax.rest_base}"
    path = f"{base}/{term.term_id}"
    resource.links["self"] = [await self_link(req, req.site.rest_url(path), path, {"id": str(term.term_id)})]
    resource.add_link("collection", req.site.rest_url(base))
    resource.add_link("about", req.site.rest_url(f"/{NAMESPACE}/taxonomies/{tax.slug}"))
    if tax.hierarchical and term.parent:
        parent = await get_term(req, tax.slug, term.parent)
        if parent is not None:
            resource.add_link("up", req.site.rest_url(f"{base}/{term.parent}"), embeddable=True)
    query_var = tax.query_var
    for post_type in TAXONOMY_OBJECT_TYPES.get(tax.slug, ()):
        type_base = _TYPE_REST_BASE.get(post_type)
        if type_base:
            href = req.site.rest_url(f"/{NAMESPACE}/{type_base}", {query_var: term.term_id})
            resource.add_link("https://api.w.org/post_type", href)
    return resource
