"""Changing a comment's text after it was posted: a moderator's quick edit, and (later) an
author's edit of their own comment.

wp_update_comment() filters the new fields again (kses unless the editor has unfiltered_html).
An edit by the commenter also runs the moderation rules again on the new text: a comment
edited into something the rules hold or refuse leaves the public thread (wpcompat's choice;
WordPress lets no commenter edit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wpcompat.discussion import rules
from wpcompat.discussion.moderation import apply_status
from wpcompat.discussion.submission import NewComment, filtered
from wpcompat.storage import comment_writes as store

if TYPE_CHECKING:
    from wpcompat.site import Site
    from wpcompat.storage import Storage


@dataclass(frozen=True)
class Edit:
    content: str
    author: str | None = None
    email: str | None = None
    url: str | None = None


async def edit_comment(
    storage: Storage, site: Site, comment: dict[str, Any], edit: Edit, *, raw_html: bool, recheck: bool
) -> str:
    """Store the edit; returns the comment's stored status afterwards ('0', '1', 'spam', 'trash').

    `recheck`: run the moderation rules on the edited comment (an edit by its author): an
    approved comment that the rules would now hold goes back to the queue, one they refuse goes
    to spam/trash; an edit never approves a held comment.
    """
    as_new = NewComment(
        post_id=int(comment["comment_post_ID"]), content=edit.content,
        author=str(comment["comment_author"] if edit.author is None else edit.author),
        email=str(comment["comment_author_email"] if edit.email is None else edit.email),
        url=str(comment["comment_author_url"] if edit.url is None else edit.url),
        ip=str(comment.get("comment_author_IP") or ""), agent=str(comment.get("comment_agent") or ""),
    )
    clean = filtered(as_new, raw_html=raw_html)
    comment_id = int(comment["comment_ID"])
    status = str(comment["comment_approved"])
    async with store.write_transaction(storage):
        await store.update_comment(storage, comment_id, {
            "comment_content": clean.content, "comment_author": clean.author,
            "comment_author_email": clean.email, "comment_author_url": clean.url,
        })
        if recheck and status == rules.APPROVED:
            # The author's earlier approvals count, as they did when the comment was posted.
            verdict = rules.decide(as_new.candidate(), rules.DiscussionOptions.of(site), trusted=False,
                                   approved_before=True, legacy_61=site.legacy_61)
            if verdict == rules.HOLD:
                await apply_status(storage, comment_id, "hold")
            elif verdict in (rules.SPAM, rules.TRASH):
                await apply_status(storage, comment_id, "spam" if verdict == rules.SPAM else "trash")
            status = verdict
        await store.recount_comments(storage, int(comment["comment_post_ID"]))
    return status
