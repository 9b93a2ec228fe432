"""What the moderation screen's forms do: POST /wp-admin/edit-comments.php.

Every change goes through the domain code REST and the CLI use (wpcompat.discussion:
moderation.apply_status / delete_comment, submission.submit for a reply, editing.edit_comment
for a quick edit). Each POST must carry the session's `bulk-comments` nonce (CSRF), and each
comment is checked on its own: `edit_comment` (the post's edit_post, as map_meta_cap says) or
`moderate_comments`. The answer is a 303 back to the list the moderator was on, saying what
was done and carrying a signed "undo" of the last status change.

Replies and quick edits are always filtered by kses, even for users with unfiltered_html: as
the classic form here, we do not print WordPress's `_wp_unfiltered_html_comment` nonce.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse

from auth.capabilities import can_edit_comment, can_moderate_comments
from wpcompat.discussion.editing import Edit, edit_comment
from wpcompat.discussion.moderation import apply_status, delete_comment, status_name
from wpcompat.discussion.submission import CommentRejected, NewComment, submit
from wpcompat.rest.authentication import client_ip
from wpcompat.site import Site
from wpcompat.storage.comment_admin import comment_with_post
from wpcompat.web.signed_in import NO_STORE, SignedIn

NONCE_ACTION = "bulk-comments"
SCREEN_PATH = "/wp-admin/edit-comments.php"
UNDO_MAX_AGE = 3600
# Bulk/row action → apply_status()'s name (delete is delete_comment(force=True)).
STATUS_ACTIONS = {
    "approve": "approve", "unapprove": "hold", "spam": "spam", "unspam": "unspam",
    "trash": "trash", "untrash": "untrash",
}
ACTIONS = (*STATUS_ACTIONS, "delete", "replyto", "editedcomment", "undo")
# The list parameters a POST carries so that it comes back to the same list.
KEPT = ("comment_status", "p", "s", "paged")
# Larger ids exist in no database (BIGINT); SQL drivers would refuse them.
MAX_ID = 2**63 - 1


def _undo_signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="wpcompat.moderation-undo")


def _ids(form: FormData, name: str = "comment[]") -> list[int]:
    out: list[int] = []
    for raw in form.getlist(name):
        if isinstance(raw, str) and raw.strip().isdigit() and int(raw) <= MAX_ID:
            out.append(int(raw))
    return list(dict.fromkeys(out))[:500]


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def allowed_comment(request: Request, who: SignedIn, comment_id: int) -> dict[str, Any] | None:
    """The comment when this user may moderate it (current_user_can( 'edit_comment', $id ))."""
    comment, post = await comment_with_post(request.app.state.storage, comment_id)
    if comment is None:
        return None
    if can_moderate_comments(who.user) or can_edit_comment(who.user, comment, post):
        return comment
    return None


async def _restore(request: Request, comment_id: int, previous: str) -> bool:
    """Put a comment back to `previous` (a status name): the undo of one change."""
    storage = request.app.state.storage
    comment, _post = await comment_with_post(storage, comment_id)
    if comment is None:
        return False
    current = status_name(str(comment["comment_approved"]))
    if current == previous:
        return False
    if current in ("spam", "trash") and previous not in ("spam", "trash"):
        # unspam/untrash bring back the status remembered in _wp_trash_meta_status.
        await apply_status(storage, comment_id, "unspam" if current == "spam" else "untrash")
        comment, _post = await comment_with_post(storage, comment_id)
        if comment is not None and status_name(str(comment["comment_approved"])) == previous:
            return True
    target = {"approved": "approve", "unapproved": "hold", "spam": "spam", "trash": "trash"}.get(previous)
    return bool(target) and await apply_status(storage, comment_id, str(target))


async def perform(request: Request, site: Site, who: SignedIn) -> RedirectResponse:
    form = await request.form()
    back: dict[str, str] = {k: _text(form, k) for k in KEPT if _text(form, k)}

    def answer(**outcome: Any) -> RedirectResponse:
        query = {**back, **{k: str(v) for k, v in outcome.items() if v not in (None, "")}}
        url = SCREEN_PATH + ("?" + urlencode(query) if query else "")
        return RedirectResponse(url, status_code=303, headers=NO_STORE)

    if not who.check(request, NONCE_ACTION, form.get("_wpnonce")):
        return answer(error="expired")

    # A row's own button names its action and comment ("approve:12"); else the bulk select.
    action, ids = _text(form, "action"), _ids(form)
    row = _text(form, "row_action")
    if row:
        name, _, target = row.partition(":")
        action, ids = name, [int(target)] if target.isdigit() and int(target) <= MAX_ID else []
    if action == "-1" or not action:
        action = _text(form, "action2")
    if action not in ACTIONS:
        return answer(error="none")

    storage = request.app.state.storage
    if action == "undo":
        try:
            data = _undo_signer(request).loads(_text(form, "undo"), max_age=UNDO_MAX_AGE)
        except BadSignature:
            return answer(error="expired")
        if not isinstance(data, dict) or data.get("u") != who.user.id:
            return answer(error="expired")
        done = 0
        for key, previous in dict(data.get("s") or {}).items():
            if str(key).isdigit() and int(key) <= MAX_ID and await allowed_comment(request, who, int(key)) is not None:
                done += await _restore(request, int(key), str(previous))
        return answer(done="undo", n=done)

    if action in ("replyto", "editedcomment"):
        return await _reply_or_edit(request, site, who, form, action, answer)

    changed, denied, before = 0, 0, {}
    for comment_id in ids:
        comment = await allowed_comment(request, who, comment_id)
        if comment is None:
            denied += 1
            continue
        previous = status_name(str(comment["comment_approved"]))
        if action == "delete":
            ok = await delete_comment(storage, comment_id, force=True)
        else:
            ok = await apply_status(storage, comment_id, STATUS_ACTIONS[action])
        if ok:
            changed += 1
            before[str(comment_id)] = previous
    undo = _undo_signer(request).dumps({"u": who.user.id, "s": before}) if before and action != "delete" else None
    return answer(done=action, n=changed, denied=denied or None, undo=undo, ids=",".join(before) or None)


async def _reply_or_edit(request: Request, site: Site, who: SignedIn, form: FormData, action: str,
                         answer: Any) -> RedirectResponse:
    storage = request.app.state.storage
    target = _text(form, "comment_ID")
    comment = await allowed_comment(request, who, int(target)) if target.isdigit() and int(target) <= MAX_ID else None
    if comment is None:
        return answer(denied=1)
    content = _text(form, "content").strip()
    if not content:
        return answer(error="empty_reply")
    comment_id = int(comment["comment_ID"])
    if action == "editedcomment":
        await edit_comment(storage, site, comment, Edit(
            content=content,
            author=_text(form, "newcomment_author") if "newcomment_author" in form else None,
            email=_text(form, "newcomment_author_email") if "newcomment_author_email" in form else None,
            url=_text(form, "newcomment_author_url") if "newcomment_author_url" in form else None,
        ), raw_html=False, recheck=False)
        return answer(done="editedcomment", n=1, ids=comment_id)
    # wp_ajax_replyto_comment(): a reply to a pending comment approves it first ("Approve and Reply").
    if str(comment["comment_approved"]) == "0":
        await apply_status(storage, comment_id, "approve")
    user = who.user
    reply = NewComment(
        post_id=int(comment["comment_post_ID"]), content=content, author=user.display_name, email=user.email,
        url=user.url, ip=client_ip(request, request.app.state.settings),
        agent=request.headers.get("user-agent", "")[:254], user_id=user.id, parent=comment_id,
    )
    try:
        row = await submit(storage, site, reply, actor=user, filter_first=True, raw_html=False)
    except CommentRejected as error:
        return answer(error="rejected", reason=error.code)
    return answer(done="replyto", n=1, ids=row["comment_ID"])
