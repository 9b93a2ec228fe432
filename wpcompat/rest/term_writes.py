"""Creating, updating and deleting categories and tags (the write half of WP_REST_Terms_Controller)."""

from __future__ import annotations

from typing import Any

from wpcompat.registry import TaxonomyInfo
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.terms_prepare import NAMESPACE, can_edit_terms, existing_term, get_term, prepare_term
from wpcompat.storage.term_writes import (
    TermError,
    delete_term,
    insert_term,
    sanitize_term_description,
    sanitize_term_name,
    update_term,
)
from wpcompat.util.numbers import php_intval


def write_permission(tax: TaxonomyInfo, action: str) -> Any:
    async def permission(req: RestRequest) -> None:
        from auth.capabilities import can_assign_terms, can_delete_term

        if action == "create":
            # Hierarchical terms need edit_terms; tags only assign_terms (authors may add tags).
            allowed = can_edit_terms(req, tax.slug) if tax.hierarchical else can_assign_terms(req.user, tax.slug)
            if not allowed:
                raise forbidden("rest_cannot_create", "Sorry, you are not allowed to create new terms.",
                                req.logged_in)
            return
        term = await existing_term(req, tax.slug)
        if action == "update" and not can_edit_terms(req, tax.slug):
            raise forbidden("rest_cannot_update", "Sorry, you are not allowed to edit this term.", req.logged_in)
        if action == "delete" and not can_delete_term(req.user, term.term_id, req.site.option_int("default_category")):
            raise forbidden("rest_cannot_delete", "Sorry, you are not allowed to delete this term.", req.logged_in)
    return permission


async def _check_parent(req: RestRequest, tax: TaxonomyInfo) -> int | None:
    """The `parent` checks of create_item/update_item; the parent to store (None: unchanged)."""
    raw = req.params.get("parent")
    if raw is None:
        return None
    if not tax.hierarchical:
        raise RestError("rest_taxonomy_not_hierarchical",
                        "Cannot set parent term, taxonomy is not hierarchical.", 400)
    parent_id = php_intval(raw)
    # get_term( 0 ) is a WP_Error, which PHP finds truthy: only a missing real ID is refused.
    if parent_id > 0 and await get_term(req, tax.slug, parent_id) is None:
        raise RestError("rest_term_invalid", "Parent term does not exist.", 400)
    return parent_id


def _forget_terms(req: RestRequest) -> None:
    for key in [k for k in req.cache if isinstance(k, tuple) and str(k[0]).startswith("terms.")]:
        del req.cache[key]
    req.cache.pop("terms.by_id", None)
    req.cache.pop("terms.by_post", None)
    req.cache.pop("permalinks.categories_loaded", None)
    req.cache.pop("permalinks.terms", None)


def _term_error(error: TermError) -> RestError:
    if error.code == "term_exists":
        return RestError(error.code, error.message, 400, error.data)
    # The other errors of wp_insert_term()/wp_update_term() carry no data (status 500, data null).
    return RestError(error.code, error.message, error.status, error.data, statusless=error.status == 500)


def _unfiltered_html(req: RestRequest) -> bool:
    from auth.capabilities import unfiltered_html

    return unfiltered_html(req.user)


def create_handler(tax: TaxonomyInfo) -> Any:
    async def create_item(req: RestRequest) -> RestResponse:
        parent = await _check_parent(req, tax)
        try:
            term = await insert_term(
                req.storage, tax.slug, sanitize_term_name(str(req.get("name") or "")),
                slug=str(req.get("slug") or ""),
                description=sanitize_term_description(str(req.get("description") or ""), _unfiltered_html(req)),
                parent=parent or 0,
            )
        except TermError as error:
            raise _term_error(error) from None
        _forget_terms(req)
        resource = await prepare_term(req, tax, term, "edit")
        location = req.site.rest_url(f"/{NAMESPACE}/{tax.rest_base}/{term.term_id}")
        return RestResponse(resource, status=201, headers={"Location": location})
    return create_item


def update_handler(tax: TaxonomyInfo) -> Any:
    async def update_item(req: RestRequest) -> RestResponse:
        term = await existing_term(req, tax.slug)
        parent = await _check_parent(req, tax)
        name = req.params.get("name")
        slug = req.params.get("slug")
        description = req.params.get("description")
        try:
            term = await update_term(
                req.storage, term,
                name=None if name is None else sanitize_term_name(str(name)),
                slug=None if slug is None else str(slug),
                description=None if description is None else sanitize_term_description(
                    str(description), _unfiltered_html(req)),
                parent=parent,
            )
        except TermError as error:
            raise _term_error(error) from None
        _forget_terms(req)
        return RestResponse(await prepare_term(req, tax, term, "edit"))
    return update_item


def delete_handler(tax: TaxonomyInfo) -> Any:
    async def delete_item(req: RestRequest) -> RestResponse:
        term = await existing_term(req, tax.slug)
        if not req.get("force"):
            raise RestError("rest_trash_not_supported", "Terms do not support trashing. Set 'force=true' to delete.",
                            501)
        previous = await prepare_term(req, tax, term, "edit")
        await delete_term(req.storage, term, req.site.option_int("default_category"))
        _forget_terms(req)
        return RestResponse({"deleted": True, "previous": previous.data})
    return delete_item
