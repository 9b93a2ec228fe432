"""`/wp/v2/comments` and `/wp/v2/comments/<id>` (WP_REST_Comments_Controller), reads.

A collection request is: permission check (protected params, the posts asked for), one
WP_Comment_Query (`wpcompat.storage.comments`) whose total counts every match, then each
comment is kept only if this caller may read it, exactly as WordPress does (so `X-WP-Total`
may count comments the page does not show).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from auth.capabilities import can_moderate_comments
from schemas import comments as schema
from settings import Settings
from wpcompat.avatars import show_avatars
from wpcompat.render.formatting import sanitize_text_field
from wpcompat.rest import comment_writes as writes
from wpcompat.rest import embedding
from wpcompat.rest.comment_pages import query_page
from wpcompat.rest.comments_access import (
    EXTRA_META_KEYS,
    can_edit,
    can_edit_comment_row,
    can_edit_posts,
    can_read_comment,
    can_read_post,
    load_comment,
    load_posts,
    post_of,
    remember,
)
from wpcompat.rest.comments_prepare import BASE, prepare_comments
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.likes import add_counts as add_like_counts
from wpcompat.rest.paging import pagination_headers
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import CREATABLE, DELETABLE, EDITABLE, READABLE, Endpoint, Route
from wpcompat.storage.comments import CommentPage, CommentQuery, query_comments_per_post
from wpcompat.util.dates import rest_date_to_local
from wpcompat.util.numbers import absint, php_int_multiply, php_intval

NAMESPACE = "wp/v2"
# Only users with edit_posts may filter by these (get_items_permissions_check).
PROTECTED_PARAMS = ("author", "author_exclude", "author_email", "type", "status")
# normalize_query_param(): REST orderby → WP_Comment_Query orderby.
ORDERBY = {
    "date": "comment_date", "date_gmt": "comment_date_gmt", "id": "comment_ID",
    "include": "comment__in", "post": "comment_post_ID", "parent": "comment_parent",
    "type": "comment_type",
}
# Post types whose editor supports notes (6.9 registers them for posts and pages).
NOTE_POST_TYPES = frozenset({"post", "page"})
_NOT_KEY = re.compile(r"[^a-z0-9_\-]")


async def sanitize_key(value: Any, req: RestRequest, name: str) -> str:
    """sanitize_key(), the `status` and `type` arguments' sanitize_callback."""
    return _NOT_KEY.sub("", str(value).lower())


async def sanitize_search(value: Any, req: RestRequest, name: str) -> str:
    """`search` goes through sanitize_text_field (WP_REST_Controller::get_collection_params)."""
    return sanitize_text_field(str(value))


def _forbidden_context(req: RestRequest, allowed: bool | None = None) -> None:
    """`context=edit` needs moderate_comments (or, for notes since 6.9, `allowed`)."""
    if req.params.get("context") != "edit":
        return
    if not (can_moderate_comments(req.user) if allowed is None else allowed):
        raise forbidden("rest_forbidden_context", "Sorry, you are not allowed to edit comments.", req.logged_in)


def _is_note_request(req: RestRequest) -> bool:
    # Block-editor notes are comments of type `note` since 6.9; a 6.1 site has none.
    return not req.site.legacy_61 and req.params.get("type") == "note"


# ---------------------------------------------------------------- collection


async def get_items_permission(req: RestRequest) -> None:
    """get_items_permissions_check()."""
    raw_post = req.params.get("post")
    # (array) $request['post']: a POST request (the Allow header) carries a single id.
    # When the GET's own validation failed, the Allow header's checks still see the raw values,
    # which get_post() casts with (int): "1,abc" is post 1, "abc" is none (skipped below).
    raw_ids = raw_post if isinstance(raw_post, list) else [raw_post] if raw_post else []
    post_ids = [php_intval(i) for i in raw_ids]
    # `0 === $post_id`: only a sanitized (integer) 0 asks for comments without a post.
    zero_asked = any(isinstance(i, int) and not isinstance(i, bool) and i == 0 for i in raw_ids)
    if post_ids:
        # The embedded `replies` requests of a page load all their posts at once.
        await load_posts(req, set(post_ids) | (_expected_post(req, post_ids) or set()))
        for post_id in post_ids:
            post = post_of(req, post_id)
            if post is not None and _is_note_request(req) and post["post_type"] not in NOTE_POST_TYPES:
                raise RestError(
                    "rest_comment_not_supported_post_type", "Sorry, this post type does not support notes.", 403
                )
            if post_id and post is not None and not can_read_post(req, post):
                raise forbidden(
                    "rest_cannot_read_post", "Sorry, you are not allowed to read the post for this comment.",
                    req.logged_in,
                )
            if post_id == 0 and zero_asked and not can_moderate_comments(req.user):
                raise forbidden(
                    "rest_cannot_read", "Sorry, you are not allowed to read comments without a post.",
                    req.logged_in,
                )
    if _is_note_request(req) and post_ids:
        # 6.9: notes of a post are edited by whoever may edit that post.
        _forbidden_context(req, all(
            (post := post_of(req, i)) is not None and can_edit(req, post) for i in post_ids
        ))
    else:
        _forbidden_context(req)
    if not can_edit_posts(req):
        refused = []
        for name in PROTECTED_PARAMS:
            value = req.params.get(name)
            if name == "status":
                refused_here = value != "approve"
            elif name == "type":
                refused_here = value != "comment"
            else:
                refused_here = bool(value)
            if refused_here:
                refused.append(name)
        if refused:
            raise forbidden(
                "rest_forbidden_param", f"Query parameter not permitted: {', '.join(refused)}", req.logged_in
            )


def comment_query(req: RestRequest) -> CommentQuery:
    """get_items(): the REST parameters as WP_Comment_Query vars."""
    p = req.params
    per_page = php_intval(p.get("per_page") or 10)
    q = CommentQuery(
        status=str(p.get("status") if p.get("status") is not None else ""),
        type=str(p.get("type") if p.get("type") is not None else ""),
        author__in=p.get("author") or (),
        author__not_in=p.get("author_exclude") or (),
        author_email=str(p.get("author_email") or ""),
        comment__in=p.get("include") or (),
        comment__not_in=p.get("exclude") or (),
        parent__in=p.get("parent") or (),
        parent__not_in=p.get("parent_exclude") or (),
        post__in=p.get("post") or (),
        search=str(p.get("search") or ""),
        orderby=ORDERBY.get(str(p.get("orderby")), "comment_" + str(p.get("orderby"))),
        order=str(p.get("order") or "desc"),
        number=per_page,
    )
    tz = req.site.tz
    if p.get("after") is not None:
        q.after = rest_date_to_local(str(p["after"]), tz)
    if p.get("before") is not None:
        q.before = rest_date_to_local(str(p["before"]), tz)
    offset = php_intval(p.get("offset") or 0)
    # Page 0 is a page (1e400's (int)), not a missing one.
    page = php_intval(p["page"]) if p.get("page") is not None else 1
    # `page` only counts when no offset is given. WP_Comment_Query reads the offset through
    # absint(): page 0 asks offset −per_page, which is per_page; a product beyond 64 bits is a
    # PHP float there, whose (int) wraps around (page 1e20 × 10 is offset 0: the first page).
    q.offset = absint(offset if offset else php_int_multiply(per_page, abs(page) - 1))
    return q


def expect_replies(req: RestRequest, post_ids: list[int]) -> None:
    """Say that `_embed` is about to ask for the comments of each of these posts (`replies`).

    The first of those embedded requests then loads the pages of all of them in one query
    (and their posts in another), and the others are answered from the request cache.
    """
    req.cache["comments.replies_expected"] = frozenset(php_intval(i) for i in post_ids)


def _expected_post(req: RestRequest, post_ids: list[int]) -> frozenset[int] | None:
    """The expected posts, when this is one of the embedded `replies` requests."""
    expected: frozenset[int] | None = req.cache.get("comments.replies_expected")
    if not req.embedded or not expected or len(post_ids) != 1 or post_ids[0] not in expected:
        return None
    return expected


async def _replies_page(req: RestRequest, q: CommentQuery) -> CommentPage | None:
    """This post's page out of the batch of expected posts (loaded by the first asking)."""
    post_ids = [php_intval(i) for i in q.post__in] if not isinstance(q.post__in, (str, int)) else []
    expected = _expected_post(req, post_ids)
    if expected is None or not q.number or q.extra_where:
        return None
    # Every embedded request builds the same query but for its post: one batch per shape.
    key = ("comments.replies", repr(dataclasses.replace(q, post__in=())))
    pages: dict[int, CommentPage] | None = req.cache.get(key)
    if pages is None:
        batch_query = dataclasses.replace(q, post__in=sorted(expected))
        pages = req.cache[key] = await query_comments_per_post(req.storage, batch_query, meta_keys=EXTRA_META_KEYS)
    return pages.get(post_ids[0]) or CommentPage([], 0)


async def get_items(req: RestRequest) -> RestResponse:
    q = comment_query(req)
    found = await _replies_page(req, q)
    if found is None:
        found = await query_page(req, q, EXTRA_META_KEYS)
    remember(req, found)
    await load_posts(req, {int(c["comment_post_ID"]) for c in found.rows})
    readable = [c for c in found.rows if can_read_comment(req, c)]
    if req.context == "edit":
        # An edit-context list only shows the comments the caller may edit (6.9, and the 6.1
        # branch since its security releases: the oracle's 6.1.9 does it).
        readable = [c for c in readable if can_edit_comment_row(req, c)]
    items = await prepare_comments(req, readable)
    await add_like_counts(req, [(int(c["comment_ID"]), i) for c, i in zip(readable, items, strict=True)], "comment")
    per_page = q.number
    page = php_intval(req.params.get("page") or 1)
    headers = pagination_headers(req, BASE, found.total, per_page, page)
    return RestResponse(items, headers=headers)


# ---------------------------------------------------------------- single comment


async def _existing_comment(req: RestRequest) -> dict[str, Any]:
    """get_comment(): 404 for an unknown id, or for a comment whose post is gone."""
    # OPTIONS computes `Allow` without merging parameters: the id is then only in the URL.
    comment_id = php_intval(req.params.get("id") or req.url_params.get("id") or 0)
    comment = await load_comment(req, comment_id) if comment_id > 0 else None
    if comment is None:
        raise RestError("rest_comment_invalid_id", "Invalid comment ID.", 404)
    post_id = int(comment["comment_post_ID"] or 0)
    if post_id:
        await load_posts(req, {post_id})
        if post_of(req, post_id) is None:
            raise RestError("rest_post_invalid_id", "Invalid post ID.", 404)
    return comment


async def get_item_permission(req: RestRequest) -> None:
    """get_item_permissions_check()."""
    comment = await _existing_comment(req)
    if not req.site.legacy_61 and comment["comment_type"] == "note":
        _forbidden_context(req, can_edit_comment_row(req, comment))
    else:
        _forbidden_context(req)
    if not can_read_comment(req, comment):
        raise forbidden("rest_cannot_read", "Sorry, you are not allowed to read this comment.", req.logged_in)
    post = post_of(req, int(comment["comment_post_ID"] or 0))
    if post is not None and not can_read_post(req, post):
        raise forbidden(
            "rest_cannot_read_post", "Sorry, you are not allowed to read the post for this comment.", req.logged_in
        )


async def get_item(req: RestRequest) -> RestResponse:
    comment = await _existing_comment(req)
    item = (await prepare_comments(req, [comment]))[0]
    await add_like_counts(req, [(int(comment["comment_ID"]), item)], "comment")
    return RestResponse(item)


# ---------------------------------------------------------------- routes


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61
    hooks = {"status": sanitize_key, "type": sanitize_key, "search": sanitize_search}

    def item_schema(req: RestRequest) -> dict[str, Any]:
        return schema.item_schema(legacy_61=legacy, show_avatars=show_avatars(req.site))

    # The write endpoints follow the GET one, as WordPress registers them (the order shows in
    # OPTIONS and in `Allow`).
    return [
        Route(BASE, NAMESPACE, [
            Endpoint(READABLE, get_items, args=schema.collection_args(legacy_61=legacy),
                     permission=get_items_permission, arg_hooks=hooks, embedder=embedding.COMMENTS_OF_POST),
            Endpoint(CREATABLE, writes.create_item, args=writes.write_args(schema.create_args(legacy_61=legacy)),
                     permission=writes.create_item_permission, arg_hooks=writes.HOOKS),
        ], schema=item_schema),
        Route(BASE + r"/(?P<id>[\d]+)", NAMESPACE, [
            Endpoint(READABLE, get_item, args=schema.item_args(legacy_61=legacy), permission=get_item_permission),
            Endpoint(EDITABLE, writes.update_item, args=writes.write_args(schema.update_args(legacy_61=legacy)),
                     permission=writes.update_item_permission, arg_hooks=writes.HOOKS),
            Endpoint(DELETABLE, writes.delete_item, args=schema.delete_args(legacy_61=legacy),
                     permission=writes.delete_item_permission),
        ], schema=item_schema),
    ]
