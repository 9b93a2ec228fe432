"""The approval decision for a new comment, as wp_allow_comment()/check_comment() make it.

Pure functions: the caller looks up what needs the database (does this author already have an
approved comment?) and passes the answer in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wpcompat.render.pipelines import comment_text
from wpcompat.render.striptags import wp_strip_all_tags
from wpcompat.site import Site
from wpcompat.util.dates import parse_mysql

# Stored comment_approved values.
APPROVED, HOLD, SPAM, TRASH = "1", "0", "spam", "trash"
# EMPTY_TRASH_DAYS: WordPress's default keeps a trash, so disallowed comments go there.
TRASH_ENABLED = True
# wp_throttle_comment_flood(): a comment less than this many seconds after the previous one.
FLOOD_SECONDS = 15
# wp_check_comment_flood() only looks this far back.
FLOOD_WINDOW_SECONDS = 3600
_LINK = re.compile(r"<a [^>]*href", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """A comment as the checks see it: before wp_filter_comment()."""

    author: str
    email: str
    url: str
    content: str
    ip: str
    agent: str
    comment_type: str = "comment"


@dataclass(frozen=True)
class DiscussionOptions:
    comment_moderation: bool
    comment_max_links: int
    moderation_keys: str
    disallowed_keys: str
    previously_approved: bool

    @classmethod
    def of(cls, site: Site) -> DiscussionOptions:
        return cls(
            comment_moderation=site.option("comment_moderation") == "1",
            comment_max_links=site.option_int("comment_max_links"),
            moderation_keys=site.option("moderation_keys").strip(),
            disallowed_keys=site.option("disallowed_keys").strip(),
            previously_approved=site.option("comment_previously_approved") == "1",
        )


def _words(keys: str) -> list[str]:
    # PHP's empty() also skips a line that is just "0".
    return [w for w in (line.strip() for line in keys.split("\n")) if w and w != "0"]


def _matches(word: str, *texts: str) -> bool:
    """preg_match( '#word#iu' ) on each text: a case-insensitive substring test."""
    needle = word.casefold()
    return any(needle in t.casefold() for t in texts)


def link_count(content: str, *, legacy_61: bool) -> int:
    """Links counted the way check_comment() does: after the comment_text filters, so bare
    URLs that make_clickable turns into links count too."""
    return len(_LINK.findall(comment_text(content, legacy_61=legacy_61)))


def needs_history(c: Candidate, opts: DiscussionOptions) -> bool:
    """Will check_comment() ask whether this author was approved before?"""
    return (
        opts.previously_approved and c.comment_type not in ("trackback", "pingback")
        and c.author != "" and c.email != ""
    )


def check_comment(
    c: Candidate, opts: DiscussionOptions, *, approved_before: bool, legacy_61: bool = True,
) -> bool:
    """check_comment(): True when the comment may be approved without a moderator."""
    if opts.comment_moderation:
        return False
    if opts.comment_max_links and link_count(c.content, legacy_61=legacy_61) >= opts.comment_max_links:
        return False
    for word in _words(opts.moderation_keys):
        if _matches(word, c.author, c.email, c.url, c.content, c.ip, c.agent):
            return False
    if opts.previously_approved:
        if not needs_history(c, opts):
            return False
        # WordPress also refuses when the whole moderation_keys text occurs in the e-mail.
        return approved_before and (not opts.moderation_keys or opts.moderation_keys not in c.email)
    return True


def is_disallowed(c: Candidate, opts: DiscussionOptions) -> bool:
    """wp_check_comment_disallowed_list(): a disallowed word anywhere, HTML stripped or not."""
    without_html = wp_strip_all_tags(c.content)
    for word in _words(opts.disallowed_keys):
        if _matches(word, c.author, c.email, c.url, c.content, without_html, c.ip, c.agent):
            return True
    return False


def decide(
    c: Candidate, opts: DiscussionOptions, *, trusted: bool, approved_before: bool,
    legacy_61: bool = True,
) -> str:
    """The comment_approved value for a new comment.

    `trusted`: the commenter is the post's author or may moderate comments ("the author and the
    admins get respect"); nothing else is checked for them, not even the disallowed list.
    """
    if trusted:
        return APPROVED
    ok = check_comment(c, opts, approved_before=approved_before, legacy_61=legacy_61)
    if is_disallowed(c, opts):
        return TRASH if TRASH_ENABLED else SPAM
    return APPROVED if ok else HOLD


def is_flood(last_gmt_epoch: float | None, new_gmt_epoch: float) -> bool:
    """wp_throttle_comment_flood(): under 15 s since the commenter's previous comment."""
    return last_gmt_epoch is not None and (new_gmt_epoch - last_gmt_epoch) < FLOOD_SECONDS


# wp_get_comment_fields_max_lengths(): defaults (MySQL would read them from the columns).
MAX_LENGTHS: dict[str, int] = {
    "comment_author": 245,
    "comment_author_email": 100,
    "comment_author_url": 200,
    "comment_content": 65525,
}
# wp_check_comment_data_max_lengths(): error codes and (form) messages, in checking order.
LENGTH_ERRORS: tuple[tuple[str, str, str], ...] = (
    ("comment_author", "comment_author_column_length", "<strong>Error:</strong> Your name is too long."),
    ("comment_author_email", "comment_author_email_column_length", "<strong>Error:</strong> Your email address is too long."),
    ("comment_author_url", "comment_author_url_column_length", "<strong>Error:</strong> Your URL is too long."),
    ("comment_content", "comment_content_column_length", "<strong>Error:</strong> Your comment is too long."),
)


def length_error(fields: dict[str, str]) -> tuple[str, str] | None:
    """The first field over its limit (code, form message). PHP measures bytes ('8bit')."""
    for column, code, message in LENGTH_ERRORS:
        value = fields.get(column)
        if value is not None and len(value.encode("utf-8")) > MAX_LENGTHS[column]:
            return code, message
    return None


DAY_IN_SECONDS = 86400


def comments_open(post: Mapping[str, Any], site: Site, *, post_date_gmt: str, now: float) -> bool:
    """comments_open() with _close_comments_for_old_post(): the post's comment_status, and,
    when close_comments_for_old_posts is on, closed once the post (of a listed type) is older
    than close_comments_days_old days."""
    if post.get("comment_status") != "open":
        return False
    if site.option("close_comments_for_old_posts") != "1":
        return True
    types = site.option_value("close_comments_for_post_types", None) or ["post"]
    days = site.option_int("close_comments_days_old")
    if post.get("post_type") not in types or not days:
        return True
    published = parse_mysql(post_date_gmt)
    if published is None:
        return True
    return now - published.replace(tzinfo=dt.UTC).timestamp() <= days * DAY_IN_SECONDS
