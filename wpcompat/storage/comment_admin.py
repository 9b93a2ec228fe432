"""The moderation screen's queries: one page of comments by status, post, search and (for an
author who does not moderate) the posts they wrote, with the post's title and author; and the
count of each status for the same scope (WordPress's wp_count_comments(), per scope)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from wpcompat.storage import Storage

# The screen's comment_status → stored comment_approved values.
STATUS_VALUES: dict[str, tuple[str, ...]] = {
    "all": ("0", "1"), "moderated": ("0",), "approved": ("1",), "spam": ("spam",), "trash": ("trash",),
}


@dataclass(frozen=True)
class Scope:
    post_id: int = 0
    search: str = ""
    # Not a moderator: only the comments on posts of this author.
    post_author: int | None = None


def _esc_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(storage: Storage, scope: Scope) -> list[Any]:
    c = storage.tables.comments.c
    posts = storage.tables.posts
    clauses: list[Any] = [c.comment_type.in_(("comment", "", "pingback", "trackback"))]
    if scope.post_id:
        clauses.append(c.comment_post_ID == scope.post_id)
    if scope.post_author is not None:
        mine = sa.select(posts.c["ID"]).where(posts.c.post_author == scope.post_author)
        clauses.append(c.comment_post_ID.in_(mine))
    if scope.search:
        pattern = f"%{_esc_like(scope.search.lower())}%"
        clauses.append(sa.or_(*(
            sa.func.lower(column).like(pattern, escape="\\")
            for column in (c.comment_author, c.comment_author_email, c.comment_author_url,
                           c.comment_author_IP, c.comment_content)
        )))
    return clauses


async def count_by_status(storage: Storage, scope: Scope) -> dict[str, int]:
    c = storage.tables.comments.c
    rows = await storage.db.fetch_all(
        sa.select(c.comment_approved, sa.func.count()).where(*_where(storage, scope)).group_by(c.comment_approved)
    )
    stored = {str(r[0]): int(r[1]) for r in rows}
    return {name: sum(stored.get(v, 0) for v in values) for name, values in STATUS_VALUES.items()}


async def comment_page(
    storage: Storage, scope: Scope, status: str, *, limit: int, offset: int
) -> list[dict[str, Any]]:
    comments = storage.tables.comments
    posts = storage.tables.posts
    c = comments.c
    query = (
        sa.select(comments, posts.c.post_title, posts.c.post_author, posts.c.post_type, posts.c.post_status,
                  posts.c.comment_count.label("post_comment_count"))
        .select_from(comments.outerjoin(posts, posts.c["ID"] == c.comment_post_ID))
        .where(*_where(storage, scope), c.comment_approved.in_(STATUS_VALUES.get(status, STATUS_VALUES["all"])))
        .order_by(c.comment_date_gmt.desc(), c.comment_ID.desc())
        .limit(limit).offset(offset)
    )
    return [dict(r._mapping) for r in await storage.db.fetch_all(query)]


async def comment_with_post(storage: Storage, comment_id: int) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """A comment and its post (None where missing): what edit_comment's check needs."""
    comments = storage.tables.comments
    posts = storage.tables.posts
    row = await storage.db.fetch_one(sa.select(comments).where(comments.c.comment_ID == int(comment_id)))
    if row is None:
        return None, None
    post = await storage.db.fetch_one(sa.select(posts).where(posts.c["ID"] == int(row.comment_post_ID)))
    return dict(row._mapping), (dict(post._mapping) if post is not None else None)
