"""A commenter's own edit window: for N minutes after posting (site option
`wpc_comment_edit_minutes`, default 5; 0 turns it off) the comment's author may change its text
or delete it, as Isso and Remark42 allow (WordPress has no such thing).

Who is the author: the browser that posted it (the edit token handed out with the new comment,
an HMAC of its id and date, so nothing is stored) or the same signed-in identity (the site user,
or the social login, that posted it). Spam and trash are never editable; an edit runs the
moderation rules again (wpcompat.discussion.editing).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import TYPE_CHECKING, Any

from wpcompat.discussion.rules import SPAM, TRASH
from wpcompat.util.dates import parse_mysql

if TYPE_CHECKING:
    from wpcompat.site import Site

OPTION = "wpc_comment_edit_minutes"
DEFAULT_MINUTES = 5
TOKEN_HEADER = "X-WPC-Edit-Token"
UNTIL_HEADER = "X-WPC-Edit-Until"


def window_seconds(site: Site) -> int:
    raw = site.option(OPTION, str(DEFAULT_MINUTES))
    try:
        return max(0, int(raw)) * 60
    except ValueError:
        return DEFAULT_MINUTES * 60


def _posted_at(comment: dict[str, Any]) -> float | None:
    parsed = parse_mysql(str(comment.get("comment_date_gmt") or ""))
    if parsed is None:
        return None
    import datetime as dt

    return parsed.replace(tzinfo=dt.UTC).timestamp()


def editable_until(site: Site, comment: dict[str, Any]) -> float | None:
    """When the window closes (Unix time), None when this comment has none."""
    seconds = window_seconds(site)
    posted = _posted_at(comment)
    if not seconds or posted is None or str(comment.get("comment_approved")) in (SPAM, TRASH):
        return None
    return posted + seconds


def within_window(site: Site, comment: dict[str, Any], now: float | None = None) -> bool:
    until = editable_until(site, comment)
    return until is not None and (time.time() if now is None else now) <= until


def edit_token(secret: str, comment: dict[str, Any]) -> str:
    message = f"own-edit|{int(comment['comment_ID'])}|{comment.get('comment_date_gmt')}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:40]


def token_matches(secret: str, comment: dict[str, Any], token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(edit_token(secret, comment), str(token))
