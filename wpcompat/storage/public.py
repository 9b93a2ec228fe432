"""The queries of the public pages (wpcompat/public_query.py, wpcompat/web/public_routes.py,
the oEmbed route): posts by id, slug or old slug, pages by path, authors, adjacent posts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from wpcompat.storage.database import Storage
from wpcompat.storage.posts import as_dicts

Row = dict[str, Any]


async def _first(storage: Storage, *where: Any) -> Row | None:
    posts = storage.tables.posts
    rows = as_dicts(await storage.db.fetch_all(sa.select(posts).where(*where).order_by(posts.c.ID).limit(1)))
    return rows[0] if rows else None


async def post_by_id(storage: Storage, post_id: int, post_types: Sequence[str]) -> Row | None:
    posts = storage.tables.posts
    return await _first(storage, post_id == posts.c.ID, posts.c.post_type.in_(list(post_types)))


async def post_by_slug(storage: Storage, slug: str, post_type: str, *, published: bool = False) -> Row | None:
    posts = storage.tables.posts
    where = [posts.c.post_name == slug, posts.c.post_type == post_type]
    if published:
        where.append(posts.c.post_status == "publish")
    return await _first(storage, *where)


async def public_by_slug(storage: Storage, slug: str, post_types: Sequence[str]) -> list[Row]:
    """Published posts (or attachments, `inherit`) of these types with this slug, by ID."""
    posts = storage.tables.posts
    query = sa.select(posts).where(posts.c.post_name == slug, posts.c.post_type.in_(list(post_types)),
                                   posts.c.post_status.in_(["publish", "inherit"])).order_by(posts.c.ID)
    return as_dicts(await storage.db.fetch_all(query))


async def old_slug_post(storage: Storage, slug: str, post_type: str = "post") -> Row | None:
    """The published post whose `_wp_old_slug` meta holds this slug (wp_old_slug_redirect)."""
    posts, meta = storage.tables.posts, storage.tables.postmeta
    query = (
        sa.select(posts).select_from(posts.join(meta, meta.c.post_id == posts.c.ID))
        .where(meta.c.meta_key == "_wp_old_slug", meta.c.meta_value == slug,
               posts.c.post_type == post_type, posts.c.post_status == "publish")
        .order_by(posts.c.ID).limit(1)
    )
    rows = as_dicts(await storage.db.fetch_all(query))
    return rows[0] if rows else None


async def published_page_tree(storage: Storage) -> dict[int, tuple[str, int]]:
    """Every published page: id → (slug, parent id)."""
    posts = storage.tables.posts
    rows = await storage.db.fetch_all(
        sa.select(posts.c.ID, posts.c.post_name, posts.c.post_parent)
        .where(posts.c.post_type == "page", posts.c.post_status == "publish"))
    return {int(r.ID): (str(r.post_name), int(r.post_parent or 0)) for r in rows}


async def public_user(storage: Storage, *, user_id: int = 0, nicename: str = "") -> Row | None:
    """A user's id, login, nicename and display name, by id or by nicename."""
    users = storage.tables.users
    cond = user_id == users.c.ID if user_id else users.c.user_nicename == nicename
    row = await storage.db.fetch_one(sa.select(users.c.ID, users.c.user_nicename, users.c.display_name,
                                               users.c.user_login).where(cond))
    return dict(row._mapping) if row else None


async def display_names(storage: Storage, user_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """id → (display name, nicename)."""
    ids = sorted({int(i) for i in user_ids if i})
    if not ids:
        return {}
    users = storage.tables.users
    rows = await storage.db.fetch_all(
        sa.select(users.c.ID, users.c.display_name, users.c.user_nicename).where(users.c.ID.in_(ids)))
    return {int(r.ID): (str(r.display_name), str(r.user_nicename)) for r in rows}


async def last_published_modified_gmt(storage: Storage) -> str | None:
    """The latest post_modified_gmt of the published posts (a feed's lastBuildDate)."""
    posts = storage.tables.posts
    value = await storage.db.fetch_val(
        sa.select(sa.func.max(posts.c.post_modified_gmt)).where(posts.c.post_status == "publish")
    )
    return None if value is None else str(value)


async def feed_comments(storage: Storage, *, limit: int, post_id: int | None = None) -> list[Row]:
    """The latest approved comments, newest first, with their post's title, password and
    status: of one post, or of the site's published posts, pages and attachments."""
    c, p = storage.tables.comments, storage.tables.posts
    query = (
        sa.select(c, p.c.post_title, p.c.post_password, p.c.post_status)
        .select_from(c.join(p, c.c.comment_post_ID == p.c.ID))
        .where(c.c.comment_approved == "1")
        .order_by(c.c.comment_date_gmt.desc(), c.c.comment_ID.desc())
        .limit(limit)
    )
    if post_id is not None:
        query = query.where(c.c.comment_post_ID == post_id)
    else:
        query = query.where(p.c.post_status == "publish", p.c.post_type.in_(["post", "page", "attachment"]))
    return [dict(r._mapping) for r in await storage.db.fetch_all(query)]


async def adjacent_post(storage: Storage, post: Row, *, previous: bool) -> Row | None:
    """get_adjacent_post(): the published, unprotected post of the same type just before or after."""
    posts = storage.tables.posts
    date = posts.c.post_date
    if previous:
        cond = (date < post["post_date"]) | ((date == post["post_date"]) & (post["ID"] > posts.c.ID))
        order = [date.desc(), posts.c.ID.desc()]
    else:
        cond = (date > post["post_date"]) | ((date == post["post_date"]) & (post["ID"] < posts.c.ID))
        order = [date.asc(), posts.c.ID.asc()]
    row = await storage.db.fetch_one(
        sa.select(posts).where(posts.c.post_type == post["post_type"], posts.c.post_status == "publish",
                               posts.c.post_password == "", cond).order_by(*order).limit(1))
    return dict(row._mapping) if row else None
