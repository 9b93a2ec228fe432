"""Who may read which comment: WP_REST_Comments_Controller's read checks.

The rows a request needs (posts, parent posts of attachments) are loaded in batches and kept in
`CommentRows`, memoised in the request cache and shared with embedded sub-requests. The checks
themselves depend on the request (its user, `password`, `context`), so they are not memoised.
"""

from __future__ import annotations

import hmac
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from auth.capabilities import can_edit_comment, can_edit_post, can_moderate_comments, can_view_post, has_cap
from wpcompat.registry import POST_ROUTES, POST_TYPES_WITHOUT_ID_ROUTE
from wpcompat.rest.object_memo import memo_versions, object_memo
from wpcompat.rest.request import RestRequest
from wpcompat.storage.comments import CommentPage, get_comments_by_ids, get_posts_for_comments

Row = dict[str, Any]

# Post types with show_in_rest in core, and their REST route (rest_get_route_for_post). A
# comment on any other type (or a type nobody registered) is unreadable and has no `up` link.
REST_POST_ROUTES = POST_ROUTES


@dataclass
class CommentRows:
    """Rows loaded for one request and its embedded sub-requests, by id (None: not found)."""

    posts: dict[int, Row | None] = field(default_factory=dict)
    comments: dict[int, Row | None] = field(default_factory=dict)
    user_emails: dict[int, str | None] = field(default_factory=dict)
    children: dict[int, bool] = field(default_factory=dict)
    pages: dict[int, int | None] = field(default_factory=dict)


def rows_of(req: RestRequest) -> CommentRows:
    rows = req.cache.get("comments.rows")
    if rows is None:
        rows = req.cache["comments.rows"] = CommentRows()
    return rows


async def load_posts(req: RestRequest, post_ids: set[int]) -> None:
    """Load the posts (and, for `inherit` attachments, their parents) not loaded yet."""
    rows = rows_of(req)
    missing = {i for i in post_ids if i and i not in rows.posts}
    for _ in range(2):  # the posts, then the parents they inherit their status from
        if not missing:
            return
        found = await _post_rows(req, missing)
        rows.posts.update(found)
        missing = {
            int(p["post_parent"]) for p in found.values()
            if p is not None and p["post_status"] == "inherit" and int(p["post_parent"] or 0) not in rows.posts
            and int(p["post_parent"] or 0)
        }


async def _post_rows(req: RestRequest, post_ids: set[int]) -> dict[int, Row | None]:
    """The rows of these posts (None: no such post).

    A post's row is kept across requests (rest/object_memo.py), labelled with the versions
    this request started from of the posts and of that post's comments (its comment_count
    changes with them): every read of comments asks for their posts first (the permission
    check), and posts change far less often than they are read."""
    out: dict[int, Row | None] = {}
    versions = memo_versions(req)
    memo = object_memo(req.storage, req.settings) if versions is not None else None
    labels: dict[int, Hashable] = {}
    if memo is not None and versions is not None:
        for post_id in post_ids:
            label = versions.of_comments(post_id)
            if label is None:
                continue
            kept = memo.get(("comments.post", post_id), label)
            if kept is not None:
                out[post_id] = kept[0]
            else:
                labels[post_id] = label
    missing = post_ids - out.keys()
    if missing:
        found = await get_posts_for_comments(req.storage, missing)
        for post_id in missing:
            out[post_id] = row = found.get(post_id)
            if memo is not None and post_id in labels:
                # Wrapped: a post that does not exist is kept too (as None).
                memo.put(("comments.post", post_id), labels[post_id], (row,))
    return out


# Comment meta read with every comment: a social commenter's picture (wpcompat.web.social), kept
# in the request cache under the same name.
EXTRA_META_KEYS = ("hc_avatar",)


def remember(req: RestRequest, page: CommentPage) -> None:
    """Keep what a comment query brought (rows, authors' emails, children flags, meta)."""
    rows = rows_of(req)
    for row in page.rows:
        rows.comments[int(row["comment_ID"])] = row
    rows.user_emails.update(page.user_emails)
    rows.children.update(page.children)
    for key in EXTRA_META_KEYS:
        known = req.cache.setdefault(key, {})
        for comment_id, values in page.meta.items():
            known[comment_id] = values.get(key)


async def load_comment(req: RestRequest, comment_id: int) -> Row | None:
    rows = rows_of(req)
    if comment_id not in rows.comments:
        page = await get_comments_by_ids(req.storage, [comment_id], with_extras=True, meta_keys=EXTRA_META_KEYS)
        remember(req, page)
        rows.comments.setdefault(comment_id, None)
    return rows.comments[comment_id]


def post_of(req: RestRequest, post_id: int) -> Row | None:
    return rows_of(req).posts.get(int(post_id)) if post_id else None


def _privacy_page(req: RestRequest) -> int:
    return req.site.option_int("wp_page_for_privacy_policy")


def can_edit(req: RestRequest, post: Row) -> bool:
    return can_edit_post(req.user, post, privacy_page_id=_privacy_page(req))


def can_access_password_content(req: RestRequest, post: Row) -> bool:
    """WP_REST_Posts_Controller::can_access_password_content()."""
    if not post.get("post_password"):
        return False
    if req.params.get("context") == "edit" and can_edit(req, post):
        return True
    password = req.params.get("password")
    if not password:
        return False
    return hmac.compare_digest(str(post["post_password"]).encode(), str(password).encode())


def can_read_post(req: RestRequest, post: Row) -> bool:
    """check_read_post_permission(): the comment's post is readable by this request.

    A password only unlocks the post when one post is asked for (`post=<one id>`) or one
    comment (the single route); otherwise a protected post needs edit_post.
    """
    post_type = str(post.get("post_type") or "")
    if post_type not in REST_POST_ROUTES and post_type not in POST_TYPES_WITHOUT_ID_ROUTE:
        return False
    requested = req.params.get("post")
    requested_post = bool(requested) and (not isinstance(requested, list) or len(requested) == 1)
    requested_comment = bool(req.params.get("id") or req.url_params.get("id"))
    unlocked = (requested_post or requested_comment) and can_access_password_content(req, post)
    if post.get("post_password") and not unlocked:
        # post_password_required(): REST requests carry no wp-postpass cookie.
        return can_edit(req, post)
    parent = post_of(req, int(post.get("post_parent") or 0))
    return can_view_post(req.user, post, parent)


def can_read_comment(req: RestRequest, comment: Row) -> bool:
    """check_read_permission(): approved on a readable post, else the author or an editor."""
    post_id = int(comment.get("comment_post_ID") or 0)
    post = post_of(req, post_id)
    if post is not None and str(comment.get("comment_approved")) == "1" and can_read_post(req, post):
        return True
    if req.user is None:
        return False
    if not post_id and not can_moderate_comments(req.user):
        return False
    user_id = int(comment.get("user_id") or 0)
    if user_id and user_id == req.user.id:
        return True
    return can_edit_comment(req.user, comment, post)


def can_edit_comment_row(req: RestRequest, comment: Row) -> bool:
    """check_edit_permission(): a moderator, or whoever may edit the comment's post."""
    if req.user is None:
        return False
    if can_moderate_comments(req.user):
        return True
    return can_edit_comment(req.user, comment, post_of(req, int(comment.get("comment_post_ID") or 0)))


def can_edit_posts(req: RestRequest) -> bool:
    return has_cap(req.user, "edit_posts")
