"""`POST /wp/v2/comments`, `POST|PUT|PATCH /wp/v2/comments/<id>`, `DELETE /wp/v2/comments/<id>`:
WP_REST_Comments_Controller's create_item, update_item and delete_item with their permission
checks, in WordPress's order and with its codes, messages and statuses.

The rules themselves live in `wpcompat.discussion`; this module maps REST parameters to them
and WordPress's errors back to REST. Responses reuse the read side's `prepare`.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any

from auth.capabilities import can_edit_comment, can_moderate_comments, load_user, unfiltered_html
from schemas.comments import registered_comment_meta
from wpcompat.commenter_session import author_fields
from wpcompat.discussion import own_edit, rules
from wpcompat.discussion.editing import Edit, edit_comment
from wpcompat.discussion.moderation import apply_status, delete_comment
from wpcompat.discussion.rules import LENGTH_ERRORS, MAX_LENGTHS
from wpcompat.discussion.submission import CommentRejected, NewComment, filtered, submit
from wpcompat.render._php import PHP_TRIM
from wpcompat.render.formatting import is_email, sanitize_text_field
from wpcompat.rest.authentication import rest_commenter
from wpcompat.rest.comments_access import can_read_post, load_comment, load_posts, post_of, rows_of
from wpcompat.rest.comments_prepare import BASE, meta_values, preload, prepare
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.validation import ParamError
from wpcompat.storage import comment_writes as store
from wpcompat.storage.posts import post_date_gmt
from wpcompat.util.dates import gmt_from_local, local_from_gmt, rest_date_to_gmt, rest_date_to_local
from wpcompat.util.numbers import php_intval

Row = dict[str, Any]
LENGTH_MESSAGE = "Comment field exceeds maximum length allowed."


# ---------------------------------------------------------------- argument hooks


async def check_author_email(value: Any, req: RestRequest, name: str) -> str:
    """check_comment_author_email(): empty is allowed, anything else must be an e-mail."""
    email = str(value)
    if email == "":
        return ""
    if not is_email(email):
        raise ParamError("rest_invalid_email", "Invalid email address.", None)
    return email


async def sanitize_text(value: Any, req: RestRequest, name: str) -> str:
    return sanitize_text_field(str(value))


def write_args(args: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The schema's arguments with WordPress's arg_options applied: `author_email` and
    `content` have no schema validation (their callbacks do the work)."""
    out = dict(args)
    for name in ("author_email", "content"):
        if name in out:
            # Not shown by OPTIONS (only schema keywords are); read by the server's validation.
            out[name] = {**out[name], "validate_callback": None, "sanitize_callback": None}
    return out


HOOKS = {"author_email": check_author_email, "author_name": sanitize_text, "author_user_agent": sanitize_text}


# ---------------------------------------------------------------- shared checks


def _is_moderator(req: RestRequest) -> bool:
    return can_moderate_comments(req.user)


def _given(req: RestRequest, name: str) -> bool:
    """PHP's isset( $request[name] ): present and not null."""
    return req.params.get(name) is not None


async def existing_comment(req: RestRequest) -> Row:
    """get_comment(): 404 for an unknown id or a comment whose post is gone."""
    comment_id = php_intval(req.params.get("id") or 0)
    comment = await load_comment(req, comment_id) if comment_id > 0 else None
    if comment is None:
        raise RestError("rest_comment_invalid_id", "Invalid comment ID.", 404)
    post_id = int(comment["comment_post_ID"] or 0)
    if post_id:
        await load_posts(req, {post_id})
        if post_of(req, post_id) is None:
            raise RestError("rest_post_invalid_id", "Invalid post ID.", 404)
    return comment


def can_edit(req: RestRequest, comment: Row) -> bool:
    """check_edit_permission(): logged in, and a moderator or allowed to edit this comment."""
    if req.user is None:
        return False
    if _is_moderator(req):
        return True
    return can_edit_comment(req.user, comment, post_of(req, int(comment["comment_post_ID"] or 0)))


async def comments_open(req: RestRequest, post: Row) -> bool:
    # The post's date is only read when old posts close (the read side's rows lack it).
    needs_date = req.site.option("close_comments_for_old_posts") == "1"
    date_gmt = await post_date_gmt(req.storage, int(post["ID"])) if needs_date else ""
    return rules.comments_open(post, req.site, post_date_gmt=date_gmt, now=time.time())


def _client_ip(req: RestRequest) -> str:
    try:
        ipaddress.ip_address(req.client_ip)
        return req.client_ip
    except ValueError:
        return "127.0.0.1"


# ---------------------------------------------------------------- create


async def create_item_permission(req: RestRequest) -> None:
    """create_item_permissions_check()."""
    if req.user is None and await rest_commenter(req) is None:
        if req.site.option("comment_registration") == "1" or not req.settings.allow_anonymous_comments:
            raise RestError("rest_comment_login_required", "Sorry, you must be logged in to comment.", 401)
    moderator = _is_moderator(req)
    current_id = req.user.id if req.user else 0
    if _given(req, "author") and current_id != _as_int(req.params["author"]) and not moderator:
        raise forbidden(
            "rest_comment_invalid_author", "Sorry, you are not allowed to edit 'author' for comments.", req.logged_in
        )
    if _given(req, "author_ip") and not moderator and str(req.params["author_ip"]) != req.client_ip:
        raise forbidden(
            "rest_comment_invalid_author_ip", "Sorry, you are not allowed to edit 'author_ip' for comments.",
            req.logged_in,
        )
    if _given(req, "status") and not moderator:
        raise forbidden(
            "rest_comment_invalid_status", "Sorry, you are not allowed to edit 'status' for comments.", req.logged_in
        )
    post_id = _as_int(req.params.get("post"))
    no_post = RestError(
        "rest_comment_invalid_post_id", "Sorry, you are not allowed to create this comment without a post.", 403
    )
    if not post_id:
        raise no_post
    rows = rows_of(req)
    if post_id not in rows.posts:
        # The row the last POSTs read, while the change log says the post did not change.
        rows.posts[post_id] = await store.commented_post(req.storage, post_id)
    post = post_of(req, post_id)
    if post is not None and post["post_status"] == "inherit":
        await load_posts(req, {int(post["post_parent"] or 0)})  # the status it inherits
    if post is None:
        raise no_post
    if post["post_status"] == "draft":
        raise RestError("rest_comment_draft_post", "Sorry, you are not allowed to create a comment on this post.", 403)
    if post["post_status"] == "trash":
        raise RestError("rest_comment_trash_post", "Sorry, you are not allowed to create a comment on this post.", 403)
    if not can_read_post(req, post):
        raise forbidden(
            "rest_cannot_read_post", "Sorry, you are not allowed to read the post for this comment.", req.logged_in
        )
    if not await comments_open(req, post):
        raise RestError("rest_comment_closed", "Sorry, comments are closed for this item.", 403)


def _as_int(value: Any) -> int:
    """PHP's (int) cast, as the permission check applies it (an array counts as 1)."""
    if isinstance(value, list):
        return 1 if value else 0
    try:
        return php_intval(value or 0)
    except (TypeError, ValueError):
        return 0


async def _prepare_for_database(req: RestRequest, *, updating: bool) -> dict[str, Any]:
    """prepare_item_for_database(): the comment columns this request sets."""
    p = req.params
    out: dict[str, Any] = {}
    content = p.get("content")
    if isinstance(content, str):
        out["comment_content"] = content.strip(PHP_TRIM)
    elif isinstance(content, dict) and isinstance(content.get("raw"), str):
        out["comment_content"] = content["raw"].strip(PHP_TRIM)
    if _given(req, "post"):
        out["comment_post_ID"] = _as_int(p["post"])
    if _given(req, "parent"):
        out["comment_parent"] = _as_int(p["parent"])
    if _given(req, "author"):
        user = await load_user(req.storage, _as_int(p["author"]))
        if user is None:
            raise RestError("rest_comment_author_invalid", "Invalid comment author ID.", 400)
        out.update(user_id=user.id, comment_author=user.display_name,
                   comment_author_email=user.email, comment_author_url=user.url)
    for param, column in (("author_name", "comment_author"), ("author_email", "comment_author_email"),
                          ("author_url", "comment_author_url")):
        if _given(req, param):
            out[column] = str(p[param])
    moderator = _is_moderator(req)
    # WordPress 6.1 also takes the requester's IP and user agent on update, so a moderator's
    # edit (even of `status` alone) overwrote the commenter's. Outside 6.1 mode we keep the
    # commenter's; a moderator may still set them explicitly.
    from_request = not updating or req.site.legacy_61
    if _given(req, "author_ip") and moderator:
        out["comment_author_IP"] = str(p["author_ip"])
    elif from_request:
        out["comment_author_IP"] = _client_ip(req)
    if p.get("author_user_agent"):
        out["comment_agent"] = str(p["author_user_agent"])
    elif from_request and req.headers.get("user-agent"):
        out["comment_agent"] = req.headers["user-agent"]
    tz = req.site.tz
    if p.get("date"):
        local = rest_date_to_local(str(p["date"]), tz)
        if local:
            out["comment_date"] = local
            out["comment_date_gmt"] = rest_date_to_gmt(str(p["date"]), tz)
    elif p.get("date_gmt"):
        gmt = rest_date_to_gmt(str(p["date_gmt"]) + ("" if str(p["date_gmt"]).endswith("Z") else "Z"), tz)
        if gmt:
            out["comment_date_gmt"] = gmt
            out["comment_date"] = local_from_gmt(gmt, tz)
    return out


def _length_error(fields: dict[str, Any]) -> RestError | None:
    for column, code, _message in LENGTH_ERRORS:
        value = fields.get(column)
        if value is not None and len(str(value).encode("utf-8")) > MAX_LENGTHS[column]:
            return RestError(code, LENGTH_MESSAGE, 400)
    return None


def _rejected(error: CommentRejected) -> RestError:
    if error.code == "comment_duplicate":
        return RestError(error.code, error.message, 409)
    if error.code == "comment_flood":
        # Core's WP_Error says 429; the REST controller answers 400.
        return RestError(error.code, error.message, 400)
    if error.code == "comment_id_not_found":
        return RestError(
            "rest_comment_invalid_post_id", "Sorry, you are not allowed to create this comment without a post.", 403
        )
    return RestError("rest_comment_failed_create", "Creating comment failed.", 500)


async def _respond(
    req: RestRequest, comment_id: int, context: str, status: int = 200, row: Row | None = None,
    meta: dict[int, Any] | None = None,
) -> RestResponse:
    row = row or await store.fetch_comment(req.storage, comment_id)
    if row is None:
        raise RestError("rest_comment_invalid_id", "Invalid comment ID.", 404)
    rows_of(req).comments[comment_id] = row
    req.params["context"] = context
    await preload(req, [row])
    if meta is None:
        meta = await meta_values(req, [row])
    return RestResponse(prepare(req, row, meta.get(comment_id)), status=status)


def _known_of_new_comment(req: RestRequest, new: NewComment, comment_id: int) -> dict[int, Any] | None:
    """What the response to a create would read back, known from the write itself.

    The comment was committed an instant ago and only this response tells its ID: it has no
    replies yet; its meta is what the submission wrote (none without a social commenter); its
    user, when it is the requester, is the user this request loaded. Returns the `meta` field's
    values, or None when they must be read (a social commenter's comment has meta)."""
    rows_of(req).children[comment_id] = False
    if req.user is not None and new.user_id == req.user.id:
        rows_of(req).user_emails.setdefault(req.user.id, req.user.email)
    if new.commenter is not None:
        return None
    req.cache.setdefault("hc_avatar", {})[comment_id] = None
    registered = registered_comment_meta(legacy_61=req.site.legacy_61)
    return {comment_id: {key: "" for key in registered}} if registered else {}


async def create_item(req: RestRequest) -> RestResponse:
    p = req.params
    if p.get("id"):
        raise RestError("rest_comment_exists", "Cannot create existing comment.", 400)
    if p.get("type") and p.get("type") != "comment":
        raise RestError("rest_invalid_comment_type", "Cannot create a comment with that type.", 400)
    prepared = await _prepare_for_database(req, updating=False)
    prepared.setdefault("comment_content", "")
    if prepared["comment_content"] == "":
        raise RestError("rest_comment_content_invalid", "Invalid comment content.", 400)
    missing_author = not (
        prepared.get("user_id") or prepared.get("comment_author")
        or prepared.get("comment_author_email") or prepared.get("comment_author_url")
    )
    if req.user is not None and missing_author:
        prepared.update(user_id=req.user.id, comment_author=req.user.display_name,
                        comment_author_email=req.user.email, comment_author_url=req.user.url)
    # A social commenter posts under their provider profile, which may have no email (X):
    # like WordPress.com's form, require_name_email does not apply to them.
    commenter = await rest_commenter(req) if req.user is None else None
    if commenter is not None:
        prepared.update(author_fields(commenter))
    if commenter is None and req.site.option("require_name_email") == "1" and (
        not prepared.get("comment_author") or not prepared.get("comment_author_email")
    ):
        raise RestError(
            "rest_comment_author_data_required", "Creating a comment requires valid author name and email values.", 400
        )
    error = _length_error(prepared)
    if error is not None:
        raise error
    new = NewComment(
        post_id=int(prepared.get("comment_post_ID") or 0),
        content=prepared["comment_content"],
        author=str(prepared.get("comment_author") or ""),
        email=str(prepared.get("comment_author_email") or ""),
        url=str(prepared.get("comment_author_url") or ""),
        ip=prepared["comment_author_IP"],
        agent=str(prepared.get("comment_agent") or ""),
        user_id=int(prepared.get("user_id") or 0),
        parent=int(prepared.get("comment_parent") or 0),
        date=prepared.get("comment_date"),
        date_gmt=prepared.get("comment_date_gmt"),
        commenter=commenter,
    )
    try:
        row = await submit(
            req.storage, req.site, new, actor=req.user, filter_first=False,
            status_after=str(p["status"]) if _given(req, "status") else None,
        )
    except CommentRejected as rejected:
        raise _rejected(rejected) from None
    comment_id = int(row["comment_ID"])
    context = "edit" if _is_moderator(req) else "view"
    # A moderator's `status` may have run more writes (meta of the trash, …): read those back.
    known = _known_of_new_comment(req, new, comment_id) if not _given(req, "status") else None
    response = await _respond(req, comment_id, context, 201, row, known)
    response.headers["Location"] = req.site.rest_url(f"{BASE}/{comment_id}")
    _hand_out_edit_token(req, row, response)
    return response


# ---------------------------------------------------------------- the author's own edit window


def _hand_out_edit_token(req: RestRequest, row: Row, response: RestResponse) -> None:
    """The browser that posted a comment may edit it for a few minutes (own_edit): it gets the
    token for that in a header, the response body stays WordPress's."""
    until = own_edit.editable_until(req.site, {**row, "comment_approved": str(row.get("comment_approved", ""))})
    if until is None:
        return
    response.headers[own_edit.TOKEN_HEADER] = own_edit.edit_token(req.settings.secret_key, row)
    response.headers[own_edit.UNTIL_HEADER] = str(int(until))


async def _own_comment(req: RestRequest, comment: Row) -> bool:
    """Is the caller the comment's author, inside the edit window? (the edit token, or the same
    signed-in user, or the same social identity)."""
    if not own_edit.within_window(req.site, comment):
        return False
    if own_edit.token_matches(req.settings.secret_key, comment, req.headers.get(own_edit.TOKEN_HEADER.lower())):
        return True
    if req.user is not None:
        return int(comment.get("user_id") or 0) == req.user.id
    commenter = await rest_commenter(req)
    if commenter is None:
        return False
    from wpcompat.storage.identities import META_FOREIGN_ID, META_POST_AS

    meta = {key: await store.first_comment_meta(req.storage, int(comment["comment_ID"]), key)
            for key in (META_POST_AS, META_FOREIGN_ID)}
    return meta[META_POST_AS] == commenter.provider and meta[META_FOREIGN_ID] == commenter.subject


async def _own_update(req: RestRequest, comment: Row) -> RestResponse:
    """Only the text changes; the moderation rules run again on it."""
    unexpected = [name for name in ("author_name", "author_email", "author_url", "status", "post", "parent",
                                    "date", "date_gmt", "author", "author_ip", "author_user_agent", "karma", "meta")
                  if _given(req, name)]
    if unexpected:
        raise RestError("rest_cannot_edit", "Sorry, you are not allowed to edit this comment.", 403)
    raw = req.params.get("content")
    content = raw.get("raw") if isinstance(raw, dict) else raw
    if not isinstance(content, str) or not content.strip():
        raise RestError("rest_comment_content_invalid", "Invalid comment content.", 400)
    error = _length_error({"comment_content": content})
    if error is not None:
        raise error
    status = await edit_comment(req.storage, req.site, dict(comment), Edit(content=content),
                                raw_html=False, recheck=True)
    comment_id = int(comment["comment_ID"])
    row = await store.fetch_comment(req.storage, comment_id)
    assert row is not None
    response = await _respond(req, comment_id, "view", 200, row)
    if status != rules.APPROVED:
        # Held again: the widget shows it to its author as awaiting moderation.
        response.headers["X-WPC-Comment-Status"] = "hold" if status == rules.HOLD else str(status)
    return response


# ---------------------------------------------------------------- update


async def update_item_permission(req: RestRequest) -> None:
    comment = await existing_comment(req)
    if not can_edit(req, comment):
        if await _own_comment(req, comment):
            req.cache["wpc_own_edit"] = True
            return
        raise forbidden("rest_cannot_edit", "Sorry, you are not allowed to edit this comment.", req.logged_in)


async def update_item(req: RestRequest) -> RestResponse:
    comment = await existing_comment(req)
    if req.cache.get("wpc_own_edit"):
        return await _own_update(req, comment)
    comment_id = int(comment["comment_ID"])
    if _given(req, "type") and str(req.params["type"]) != str(comment["comment_type"] or "comment"):
        raise RestError("rest_comment_invalid_type", "Sorry, you are not allowed to change the comment type.", 404)
    prepared = await _prepare_for_database(req, updating=True)
    if prepared.get("comment_post_ID"):
        await load_posts(req, {int(prepared["comment_post_ID"])})
        if post_of(req, int(prepared["comment_post_ID"])) is None:
            raise RestError("rest_comment_invalid_post_id", "Invalid post ID.", 403)
    status = str(req.params["status"]) if _given(req, "status") else None
    if prepared:
        if "comment_content" in prepared and not prepared["comment_content"]:
            raise RestError("rest_comment_content_invalid", "Invalid comment content.", 400)
        error = _length_error(prepared)
        if error is not None:
            raise error
        await _update_fields(req, comment, prepared)
    if status is not None:
        # handle_status_param(): an unknown or unchanged status is silently ignored.
        await apply_status(req.storage, comment_id, status)
    return await _respond(req, comment_id, "edit")


async def _update_fields(req: RestRequest, comment: Row, prepared: dict[str, Any]) -> None:
    """wp_update_comment(): the merged comment is filtered again (with the editor's rights),
    its GMT date follows its local date, and the post counts are recounted."""
    merged = {**comment, **prepared}
    as_new = NewComment(
        post_id=int(merged["comment_post_ID"]), content=str(merged["comment_content"]),
        author=str(merged["comment_author"]), email=str(merged["comment_author_email"]),
        url=str(merged["comment_author_url"]),
    )
    clean = filtered(as_new, raw_html=unfiltered_html(req.user))
    values = {
        column: merged[column] for column in prepared
        if column in store.COMMENT_COLUMNS
    }
    values.update(comment_author=clean.author, comment_author_email=clean.email,
                  comment_author_url=clean.url, comment_content=clean.content)
    values["comment_date_gmt"] = gmt_from_local(str(merged["comment_date"]), req.site.tz)
    old_post = int(comment["comment_post_ID"] or 0)
    async with store.write_transaction(req.storage):
        await store.update_comment(req.storage, int(comment["comment_ID"]), values)
        await store.recount_comments(req.storage, int(merged["comment_post_ID"]))
        if old_post and old_post != int(merged["comment_post_ID"]):
            await store.recount_comments(req.storage, old_post)


# ---------------------------------------------------------------- delete


async def delete_item_permission(req: RestRequest) -> None:
    comment = await existing_comment(req)
    if not can_edit(req, comment):
        if await _own_comment(req, comment):
            req.cache["wpc_own_edit"] = True
            return
        raise forbidden("rest_cannot_delete", "Sorry, you are not allowed to delete this comment.", req.logged_in)


async def delete_item(req: RestRequest) -> RestResponse:
    comment = await existing_comment(req)
    comment_id = int(comment["comment_ID"])
    if req.cache.get("wpc_own_edit"):
        # The author takes their comment back: to the trash (a moderator can still see it).
        if not await apply_status(req.storage, comment_id, "trash"):
            raise RestError("rest_cannot_delete", "The comment cannot be deleted.", 500)
        return RestResponse({"deleted": True, "previous": {"id": comment_id}})
    force = bool(req.params.get("force"))
    if force:
        previous = await _respond(req, comment_id, "edit")
        deleted = await delete_comment(req.storage, comment_id, force=True)
        rows_of(req).comments[comment_id] = None  # gone: the Allow header must not see it
        if not deleted:
            raise RestError("rest_cannot_delete", "The comment cannot be deleted.", 500)
        return RestResponse({"deleted": True, "previous": previous.data.data})
    if str(comment["comment_approved"]) == "trash":
        raise RestError("rest_already_trashed", "The comment has already been trashed.", 410)
    if not await apply_status(req.storage, comment_id, "trash"):
        raise RestError("rest_cannot_delete", "The comment cannot be deleted.", 500)
    return await _respond(req, comment_id, "edit")


# ---------------------------------------------------------------- routes
