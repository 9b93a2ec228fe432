"""`/wp/v2/users`, `/wp/v2/users/<id>` and `/wp/v2/users/me` (WP_REST_Users_Controller).

Reads are here; creating, updating and deleting users are in `user_writes`.

Visibility follows WordPress: a visitor who may not `list_users` only sees people with published
posts (of the REST post types), an item of someone without any is 401/403
`rest_user_cannot_view`, and `context=edit` needs `list_users`. Rows and meta are loaded in
two queries per page and memoised in the request cache, because `_embed` asks for the author
of every post.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from schemas import users as schema
from settings import Settings
from wpcompat.avatars import show_avatars
from wpcompat.rest import embedding
from wpcompat.rest import user_writes as writes
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.paging import pagination_headers
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import CREATABLE, DELETABLE, EDITABLE, READABLE, Endpoint, Route
from wpcompat.rest.users_prepare import (
    BASE,
    NAMESPACE,
    caller_can,
    caller_can_edit,
    count_scope,
    existing_user,
    prepare_user,
    site_roles,
    user_memo,
)
from wpcompat.storage.user_query import (
    UserQuery,
    count_user_posts,
    count_users,
    load_user_records,
    query_users,
)
from wpcompat.util.numbers import php_int_multiply, php_intval

_ORDERBY = {
    "id": "ID",
    "include": "include",
    "name": "display_name",
    "registered_date": "registered",
    "slug": "user_nicename",
    "include_slugs": "nicename__in",
    "email": "user_email",
    "url": "user_url",
}
# search_columns values (7.1) → columns; a visitor without list_users may only search these.
_SEARCH_COLUMNS = {"email": "user_email", "name": "display_name", "id": "ID", "username": "user_login",
                   "slug": "user_nicename"}
_PUBLIC_SEARCH_COLUMNS = ("ID", "user_login", "user_nicename", "display_name")


# ---------------------------------------------------------------- permissions


def _forbidden(req: RestRequest, code: str, message: str) -> RestError:
    return forbidden(code, message, req.logged_in)


def _can_query_authors(req: RestRequest) -> bool:
    """`who=authors` needs the edit_posts capability of a REST post type that supports authors."""
    from auth.capabilities import has_cap
    from wpcompat.registry import post_types

    return any(
        has_cap(req.user, info.capabilities["edit_posts"])
        for info in post_types(legacy_61=req.site.legacy_61) if "author" in info.supports
    )


async def get_items_permission(req: RestRequest) -> None:
    lister = caller_can(req, "list_users")
    if req.get("roles") and not lister:
        raise _forbidden(req, "rest_user_cannot_view", "Sorry, you are not allowed to filter users by role.")
    if req.get("capabilities") and not lister:
        raise _forbidden(req, "rest_user_cannot_view", "Sorry, you are not allowed to filter users by capability.")
    if req.context == "edit" and not lister:
        # 6.1 words it "edit users"; later versions say "list users".
        verb = "edit" if req.site.legacy_61 else "list"
        raise _forbidden(req, "rest_forbidden_context", f"Sorry, you are not allowed to {verb} users.")
    if req.get("orderby") in ("email", "registered_date") and not lister:
        raise _forbidden(req, "rest_forbidden_orderby", "Sorry, you are not allowed to order users by this parameter.")
    if req.get("who") == "authors" and not _can_query_authors(req):
        raise _forbidden(req, "rest_forbidden_who", "Sorry, you are not allowed to query users by this parameter.")


async def _published_count(req: RestRequest, user_id: int) -> int:
    key = ("users.published_count", user_id)
    if key not in req.cache:
        statuses, types = count_scope(req)
        req.cache[key] = await count_user_posts(req.storage, user_id, types, statuses)
    count: int = req.cache[key]
    return count


async def get_item_permission(req: RestRequest) -> None:
    # OPTIONS asks the permission callbacks (for Allow) before parameters are merged.
    record = await existing_user(req, req.get("id") or req.url_params.get("id"))
    if req.user is not None and req.user.id == record.id:
        return
    lister = caller_can(req, "list_users")
    cannot = "Sorry, you are not allowed to list users."
    if req.context == "edit" and not lister:
        if req.site.legacy_61:
            raise _forbidden(req, "rest_forbidden_context", "Sorry, you are not allowed to edit this user.")
        raise _forbidden(req, "rest_user_cannot_view", cannot)
    if not lister and not caller_can_edit(req, record.id) and not await _published_count(req, record.id):
        raise _forbidden(req, "rest_user_cannot_view", cannot)


# ---------------------------------------------------------------- handlers


async def _capability_roles(req: RestRequest, capabilities: list[str]) -> list[str]:
    """The roles granting one of these capabilities (WP_User_Query's capability__in)."""
    roles = await site_roles(req)
    return [name for name, role in roles.items()
            if any((role.get("capabilities") or {}).get(cap) for cap in capabilities)]


def _search_columns(req: RestRequest, lister: bool) -> list[str] | None:
    # A visitor who may not list users only searches IDs, logins, slugs and names, never e-mail
    # addresses (the CVE-2023-5561 fix, which the oracle's 6.1.9 has too).
    valid = list(_SEARCH_COLUMNS.values()) if lister else list(_PUBLIC_SEARCH_COLUMNS)
    if req.site.legacy_61:
        return None if lister else valid
    asked = [_SEARCH_COLUMNS[c] for c in (req.get("search_columns") or []) if c in _SEARCH_COLUMNS]
    if asked:
        chosen = [c for c in asked if c in valid]
        return chosen or valid
    return None if lister else valid


async def get_items(req: RestRequest) -> RestResponse:
    lister = caller_can(req, "list_users")
    per_page = php_intval(req.get("per_page", 10))
    page_number = php_intval(req.get("page", 1))
    # A product beyond 64 bits is a PHP float; WP_User_Query's LIMIT %d reads it as (int),
    # which wraps around (page 1e20 × 10 is offset 0: the first page, as WordPress answers).
    raw_offset = php_intval(req.get("offset") or 0) or php_int_multiply(page_number - 1, per_page)
    offset = php_intval(raw_offset)
    query = UserQuery(
        include=req.get("include") or [],
        exclude=req.get("exclude") or [],
        nicenames=req.get("slug") or [],
        roles=req.get("roles") or [],
        capabilities=req.get("capabilities") or [],
        orderby=_ORDERBY.get(str(req.get("orderby", "name")), "display_name"),
        order=str(req.get("order", "asc")),
        number=per_page,
        offset=offset,
    )
    rest_types = list(schema.rest_post_types(legacy_61=req.site.legacy_61))
    if req.get("who") == "authors":
        query.who_authors = True
        # WP_User_Query handles `who=authors` by clearing the site id its role and capability
        # filters are built from, so `roles` and `capabilities` then filter nothing.
        query.roles, query.capabilities = [], []
    elif not lister:
        query.published_post_types = rest_types
    if query.capabilities:
        query.capability_roles = await _capability_roles(req, list(query.capabilities))
    asked = req.get("has_published_posts")
    if asked:
        query.published_post_types = rest_types if asked is True else [str(t) for t in asked]
    search = req.get("search")
    if search:
        query.search = f"*{search}*"
        query.search_columns = _search_columns(req, lister)
    if offset < 0:
        # MySQL refuses `LIMIT -1, 10`: no rows, and the total from the count query.
        rows, total = [], await count_users(req.storage, query)
    else:
        rows, total = await query_users(req.storage, query)
    records = await load_user_records(req.storage, rows)
    memo = user_memo(req)
    for record in records:
        memo.setdefault(record.id, record)
    items = [await prepare_user(req, record, req.context) for record in records]
    page = math.ceil(raw_offset / per_page + 1)
    headers = pagination_headers(req, BASE, total, per_page, page)
    return RestResponse(items, headers=headers)


async def get_item(req: RestRequest) -> RestResponse:
    record = await existing_user(req, req.get("id"))
    return RestResponse(await prepare_user(req, record, req.context))


async def get_current_item(req: RestRequest) -> RestResponse:
    if req.user is None:
        raise RestError("rest_not_logged_in", "You are not currently logged in.", 401)
    record = await existing_user(req, req.user.id)
    return RestResponse(await prepare_user(req, record, req.context))


# ---------------------------------------------------------------- routes


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61

    def item_schema(req: RestRequest) -> dict[str, Any]:
        # `avatar_urls` is in the schema only while the show_avatars option is on.
        return schema.item_schema(legacy_61=legacy, show_avatars=show_avatars(req.site))

    item: Callable[..., Any] = partial(schema.item_args, legacy_61=legacy)
    # The users controller takes part in batch requests since 6.6.
    batch = not legacy
    hooks = writes.ARG_HOOKS
    reassign_hook = {"reassign": writes.check_reassign}
    return [
        Route(BASE, NAMESPACE, [
            Endpoint(READABLE, get_items, args=schema.collection_args(legacy_61=legacy),
                     permission=get_items_permission, allow_batch=batch),
            Endpoint(CREATABLE, writes.create_item, args=schema.create_args(legacy_61=legacy),
                     permission=writes.create_permission, arg_hooks=hooks, allow_batch=batch),
        ], schema=item_schema),
        Route(BASE + r"/(?P<id>[\d]+)", NAMESPACE, [
            Endpoint(READABLE, get_item, args=item(), permission=get_item_permission, allow_batch=batch,
                     embedder=embedding.ITEM),
            Endpoint(EDITABLE, writes.update_item, args=schema.update_args(legacy_61=legacy),
                     permission=writes.update_permission, arg_hooks=hooks, allow_batch=batch),
            Endpoint(DELETABLE, writes.delete_item, args=writes.delete_args(schema.delete_args(legacy_61=legacy)),
                     permission=writes.delete_permission, arg_hooks=reassign_hook, allow_batch=batch),
        ], schema=item_schema),
        Route(BASE + "/me", NAMESPACE, [
            Endpoint(READABLE, get_current_item, args=item(me=True), allow_batch=batch),
            Endpoint(EDITABLE, writes.update_me, args=schema.me_update_args(legacy_61=legacy),
                     permission=writes.update_me_permission, arg_hooks=hooks, allow_batch=batch),
            Endpoint(DELETABLE, writes.delete_me, args=writes.delete_args(schema.me_delete_args(legacy_61=legacy)),
                     permission=writes.delete_me_permission, arg_hooks=reassign_hook, allow_batch=batch),
        ], schema=item_schema),
    ]
