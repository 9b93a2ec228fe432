"""Who may see or touch a post through the REST API: the posts controllers' permission checks.

Every check is a function of the request's user and rows already loaded; rows are memoised in
`req.cache` because the framework runs every endpoint's permission callback again for the
`Allow` header.
"""

from __future__ import annotations

from typing import Any

from auth.capabilities import (
    can_delete_post,
    can_edit_post,
    can_edit_posts,
    can_read_post,
    can_read_private,
    can_view_post,
)
from wpcompat.render.formatting import sanitize_title
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.request import RestRequest
from wpcompat.rest.routing import ArgHook, Permission
from wpcompat.rest.validation import ParamError, parse_list, php_intval, validate_value
from wpcompat.storage.posts import Row, get_post, posts_by_id


def invalid_id() -> RestError:
    return RestError("rest_post_invalid_id", "Invalid post ID.", 404)


async def load_post(req: RestRequest, post_id: int) -> Row | None:
    """get_post(), memoised for the request (and its embedded sub-requests)."""
    memo: dict[int, Row | None] = req.cache.setdefault("posts.rows", {})
    if post_id not in memo:
        memo[post_id] = await get_post(req.storage, post_id)
    return memo[post_id]


async def load_parents(req: RestRequest, rows: list[Row]) -> dict[int, Row]:
    """The parents of `inherit` rows (attachments, revisions), which decide who may read them."""
    memo: dict[int, Row | None] = req.cache.setdefault("posts.rows", {})
    wanted = {int(r["post_parent"]) for r in rows if r.get("post_status") == "inherit" and r.get("post_parent")}
    missing = [i for i in wanted if i not in memo]
    if missing:
        found = await posts_by_id(req.storage, missing)
        for i in missing:
            memo[i] = found.get(i)
    return {i: memo[i] for i in wanted if memo.get(i) is not None}  # type: ignore[misc]


async def post_of_type(req: RestRequest, post_type: str, raw_id: Any) -> Row:
    """WP_REST_Posts_Controller::get_post(): the row, or rest_post_invalid_id."""
    try:
        post_id = php_intval(raw_id)
    except (TypeError, ValueError):
        raise invalid_id() from None
    if post_id <= 0:
        raise invalid_id()
    row = await load_post(req, post_id)
    if row is None or row.get("post_type") != post_type:
        raise invalid_id()
    return row


def can_view(req: RestRequest, row: Row, parents: dict[int, Row]) -> bool:
    """check_read_permission(): published, readable, or an `inherit` child of a readable post."""
    parent_id = int(row.get("post_parent") or 0)
    parent = parents.get(parent_id) if parent_id else None
    return can_view_post(req.user, row, parent)


def can_edit(req: RestRequest, row: Row) -> bool:
    return can_edit_post(req.user, row, privacy_page_id=req.site.option_int("wp_page_for_privacy_policy"))


def can_delete(req: RestRequest, row: Row) -> bool:
    site = req.site
    return can_delete_post(
        req.user, row,
        front_page_ids=(site.option_int("page_on_front"), site.option_int("page_for_posts")),
        privacy_page_id=site.option_int("wp_page_for_privacy_policy"),
    )


def can_read(req: RestRequest, row: Row, parent: Row | None = None) -> bool:
    return can_read_post(req.user, row, parent)


def password_ok(req: RestRequest, row: Row) -> bool:
    """May this request see a password-protected post's content?

    can_access_password_content(): editors in edit context, or the right `password`.
    """
    password = str(row.get("post_password") or "")
    if not password:
        return True
    if req.context == "edit" and can_edit(req, row):
        return True
    given = req.params.get("password")
    return bool(given) and str(given) == password


# ---------------------------------------------------------------- endpoint permissions


def collection_permission(post_type: str) -> Permission:
    async def check(req: RestRequest) -> None:
        if req.context == "edit" and not can_edit_posts(req.user, post_type):
            raise forbidden(
                "rest_forbidden_context", "Sorry, you are not allowed to edit posts in this post type.", req.logged_in
            )
    return check


def item_permission(post_type: str) -> Permission:
    async def check(req: RestRequest) -> None:
        row = await post_of_type(req, post_type, req.url_params.get("id"))
        if req.context == "edit" and not can_edit(req, row):
            raise forbidden("rest_forbidden_context", "Sorry, you are not allowed to edit this post.", req.logged_in)
        given = req.params.get("password")
        if given and str(given) != str(row.get("post_password") or ""):
            raise RestError("rest_post_incorrect_password", "Incorrect post password.", 403)
        parents = await load_parents(req, [row])
        if not can_view(req, row, parents):
            raise forbidden("rest_forbidden", "Sorry, you are not allowed to do that.", req.logged_in)
    return check


# create_permission and update_permission: see wpcompat.rest.post_writes (with the write side).


def delete_permission(post_type: str) -> Permission:
    async def check(req: RestRequest) -> None:
        row = await post_of_type(req, post_type, req.url_params.get("id"))
        if not can_delete(req, row):
            raise forbidden("rest_cannot_delete", "Sorry, you are not allowed to delete this post.", req.logged_in)
    return check


def status_hook(post_type: str, default_status: str, schema: dict[str, Any]) -> ArgHook:
    """sanitize_post_statuses(), the `status` argument's own sanitize_callback (so it gets the
    value as sent, see Endpoint.own_sanitize): the statuses as a slug list (`PUBLISH` is
    `publish`); one other than the default needs edit_posts (or, for `private`,
    read_private_posts), and only then is it checked against the schema, alone (so an unknown
    status is `status[0]` wherever it stands); the errors are rest_invalid_param details."""

    async def hook(value: Any, req: RestRequest, name: str) -> list[str]:
        statuses = list(dict.fromkeys(sanitize_title(str(s)) for s in parse_list(value)))
        for status in statuses:
            if status == default_status:
                continue
            if can_edit_posts(req.user, post_type) or (status == "private" and can_read_private(req.user, post_type)):
                validate_value(status, schema, name)
                continue
            raise ParamError("rest_forbidden_status", "Status is forbidden.",
                             {"status": 403 if req.logged_in else 401})
        return statuses

    return hook
