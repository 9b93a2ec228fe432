"""A new comment's way in, shared by REST and the classic form: the checks that need the
database (duplicate, flood, previous approvals), the approval decision, the content filters,
the insert and the post's comment_count, all in one write transaction.

Doing the duplicate check, the insert and the recount in one transaction that first locks the
post (see `wpcompat.storage.comment_writes.lock_post`) is what keeps concurrent submissions
exact: two identical comments cannot both pass the duplicate check, and the count includes
every approved comment committed before. Submissions that queue up together share that
transaction, each in its own savepoint (`comment_writes.grouped_write`): they run one after the
other as before, and only the commit is shared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from auth.capabilities import can_moderate_comments, has_cap, load_user, unfiltered_html
from auth.identities import Identity, add_comment_meta, previously_approved
from wpcompat.discussion import rules
from wpcompat.discussion.moderation import apply_status
from wpcompat.mail import notifications
from wpcompat.render.pipelines import (
    pre_comment_author_email,
    pre_comment_author_name,
    pre_comment_author_url,
    pre_comment_content,
)
from wpcompat.storage import comment_writes as store
from wpcompat.util.dates import format_mysql, local_from_gmt, now_gmt, parse_mysql

if TYPE_CHECKING:
    from auth.capabilities import User
    from wpcompat.site import Site
    from wpcompat.storage import Storage

DUPLICATE_MESSAGE = "Duplicate comment detected; it looks as though you&#8217;ve already said that!"
FLOOD_MESSAGE = "You are posting comments too quickly. Slow down."


class CommentRejected(store.Refusal):
    """A WP_Error from the submission: WordPress's code and message, and its data (the HTTP
    status the classic form answers with; REST maps some of them, e.g. flood → 400). Raised
    before the submission writes anything (`store.Refusal`: its group needs no savepoint)."""

    def __init__(self, code: str, message: str, status: int | None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class NewComment:
    """A comment as submitted (REST prepare_item_for_database / the form's fields)."""

    post_id: int
    content: str
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = "127.0.0.1"
    agent: str = ""
    user_id: int = 0
    parent: int = 0
    date: str | None = None  # site-local 'Y-m-d H:i:s'; None: now
    date_gmt: str | None = None
    comment_type: str = "comment"
    # A social commenter (wpcompat.web.social): their comments get the hc_* meta, and their
    # provider identity counts for comment_previously_approved.
    commenter: Identity | None = None

    def candidate(self) -> rules.Candidate:
        return rules.Candidate(
            author=self.author, email=self.email, url=self.url, content=self.content,
            ip=self.ip, agent=self.agent, comment_type=self.comment_type,
        )


def check_lengths(comment: NewComment) -> None:
    """wp_check_comment_data_max_lengths(): the form's message; REST replaces it."""
    error = rules.length_error({
        "comment_author": comment.author, "comment_author_email": comment.email,
        "comment_author_url": comment.url, "comment_content": comment.content,
    })
    if error is not None:
        raise CommentRejected(error[0], error[1], 200)


def filtered(comment: NewComment, *, raw_html: bool) -> NewComment:
    """wp_filter_comment(): kses for users without unfiltered_html, rel="nofollow ugc",
    entities made valid; the author fields are filtered for everyone."""
    return replace(
        comment,
        author=pre_comment_author_name(comment.author),
        email=pre_comment_author_email(comment.email),
        url=pre_comment_author_url(comment.url),
        content=pre_comment_content(comment.content, raw_html),
    )


def _epoch(mysql_date: str) -> float:
    parsed = parse_mysql(mysql_date)
    return 0.0 if parsed is None else parsed.replace(tzinfo=dt.UTC).timestamp()


def _flood_exempt(actor: User | None) -> bool:
    return has_cap(actor, "manage_options") or can_moderate_comments(actor)


def _trusted(comment_user: User | None, post_author: int) -> bool:
    """A comment by the post's author or a moderator needs no previous approval."""
    return comment_user is not None and (comment_user.id == post_author or can_moderate_comments(comment_user))


async def _approval(
    storage: Storage, site: Site, comment: NewComment, post_author: int, comment_user: User | None,
    approved_before: bool | None,
) -> str:
    """wp_allow_comment()'s decision once duplicate and flood checks have passed.
    `approved_before`: the history lookup, when it was read with the submission's checks."""
    trusted = _trusted(comment_user, post_author)
    opts = rules.DiscussionOptions.of(site)
    candidate = comment.candidate()
    if trusted or not rules.needs_history(candidate, opts):
        approved_before = False
    else:
        if approved_before is None:
            owner = await store.user_id_by_email(storage, comment.email)
            approved_before = await store.has_approved_comment(
                storage, user_id=owner, author=comment.author, email=comment.email
            )
        if not approved_before and comment.commenter is not None:
            approved_before = await previously_approved(storage, comment.commenter)
    return rules.decide(
        candidate, opts, trusted=trusted, approved_before=approved_before,
        legacy_61=site.legacy_61,
    )


async def submit(
    storage: Storage,
    site: Site,
    comment: NewComment,
    *,
    actor: User | None,
    filter_first: bool,
    raw_html: bool | None = None,
    status_after: str | None = None,
) -> dict[str, Any]:
    """Check, decide and store a new comment; return its stored row.

    `filter_first`: the classic form (wp_new_comment) filters the fields before the checks,
    REST (create_item) checks the fields as sent and filters them just before inserting.
    `raw_html`: keep the content's HTML (default: the actor has unfiltered_html).
    `status_after`: a moderator's REST `status`, applied after the insert.
    Raises CommentRejected (duplicate, flood, a post that vanished).
    """
    if raw_html is None:
        raw_html = unfiltered_html(actor)
    date_gmt = comment.date_gmt or now_gmt()
    date_local = comment.date or local_from_gmt(date_gmt, site.tz)
    comment = replace(comment, date=date_local, date_gmt=date_gmt)
    if filter_first:
        comment = filtered(comment, raw_html=raw_html)
    comment_user: User | None = None
    if comment.user_id:
        # Most comments of a signed-in user are their own: the actor is that user, loaded already.
        same = actor is not None and actor.id == comment.user_id
        comment_user = actor if same else await load_user(storage, comment.user_id)
    # What is stored: REST checks the fields as sent and stores them filtered. The filters depend
    # on nothing else, so they run here, before the lock, not while other writers wait.
    final = comment if filter_first else filtered(comment, raw_html=raw_html)

    # Known before the lock: whether the flood check and the history lookup will be needed
    # (the history only for a commenter who cannot be trusted whoever the post's author is).
    flood_since: str | None = None
    if not _flood_exempt(actor):
        now = _epoch(date_gmt)
        since = dt.datetime.fromtimestamp(now - rules.FLOOD_WINDOW_SECONDS, dt.UTC).replace(tzinfo=None)
        flood_since = format_mysql(since)
    history = not (comment_user is not None and can_moderate_comments(comment_user)) and rules.needs_history(
        comment.candidate(), rules.DiscussionOptions.of(site)
    )
    key = store.SubmissionKey(
        post_id=comment.post_id, parent=comment.parent, author=comment.author, email=comment.email,
        content=comment.content, ip=comment.ip, flood_since=flood_since,
        flood_user_id=actor.id if actor else None, history=history,
    )

    async def write() -> dict[str, Any]:
        reads = await store.submission_reads(storage, key)
        post = reads.post
        if post is None:
            raise CommentRejected("comment_id_not_found", "", None)
        if reads.duplicate:
            raise CommentRejected("comment_duplicate", DUPLICATE_MESSAGE, 409)
        if flood_since is not None:
            last = reads.last_comment_gmt
            if rules.is_flood(_epoch(last) if last else None, _epoch(date_gmt)):
                raise CommentRejected("comment_flood", FLOOD_MESSAGE, 429)
        approved = await _approval(
            storage, site, comment, int(post["post_author"] or 0), comment_user,
            reads.approved_before if history else None,
        )
        values = {
            "comment_post_ID": final.post_id,
            "comment_author": final.author,
            "comment_author_email": final.email,
            "comment_author_url": final.url,
            "comment_author_IP": final.ip,
            "comment_date": date_local,
            "comment_date_gmt": date_gmt,
            "comment_content": final.content,
            "comment_karma": 0,
            "comment_approved": approved,
            "comment_agent": final.agent,
            "comment_type": final.comment_type or "comment",
            "comment_parent": final.parent,
            "user_id": final.user_id,
        }
        # One more approved comment. Under the post lock an increment is as exact as WordPress's
        # recount, without counting every comment of a busy post each time; with the insert (one
        # round trip on MariaDB) unless a moderator's `status` may change it again.
        counted_now = approved == rules.APPROVED and status_after is None
        comment_id = await store.insert_comment(storage, values, count_in=comment.post_id if counted_now else 0)
        if final.commenter is not None:
            await add_comment_meta(storage, comment_id, final.commenter)
        changed = status_after is not None and await apply_status(storage, comment_id, status_after, recount=False)
        if changed:
            await store.recount_comments(storage, comment.post_id)
        elif approved == rules.APPROVED and not counted_now:
            await store.bump_comment_count(storage, comment.post_id, 1)
        if not changed:
            # The mails it causes (comments_notify, moderation_notify, subscribers) are queued
            # in this transaction: they exist exactly when the comment does.
            await notifications.comment_posted(
                storage, comment_id, site.settings, options=site.options,
                comment={"comment_ID": comment_id, **values}, post=post, subscribed=reads.subscribed,
            )
        if status_after is not None:
            row = await store.fetch_comment(storage, comment_id)
            assert row is not None
            return row
        return {"comment_ID": comment_id, **values}

    # One transaction with the submissions queued beside it (storage.comment_writes.grouped_write):
    # `write` uses only its arguments, as it may run in the group's task.
    return await store.grouped_write(storage, write, order=comment.post_id)
