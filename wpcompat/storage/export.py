"""The reads of a WXR export (wpcompat/wxr/exporter.py), by table family.

The exporter streams the site: posts in id order a batch at a time, each batch with its meta,
terms and comments. Each function here is one query (or one per chunk of ids) and gives plain
Python values, dates as WordPress's strings, so the exporter only writes XML.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage.bulk import chunks, fetch_tuples, wp_date

if TYPE_CHECKING:
    from wpcompat.storage import Storage

POST_DATES = ("post_date", "post_date_gmt", "post_modified", "post_modified_gmt")
COMMENT_DATES = ("comment_date", "comment_date_gmt")

Meta = dict[int, list[tuple[str, str]]]


def _dated(row: Any, dates: tuple[str, ...]) -> dict[str, Any]:
    data = dict(row._mapping)
    for name in dates:
        data[name] = wp_date(data[name])
    return data


async def user_names(storage: Storage) -> dict[int, dict[str, str]]:
    """First and last names of every user that has them, by user id."""
    usermeta = storage.tables.usermeta
    names: dict[int, dict[str, str]] = defaultdict(dict)
    rows = await fetch_tuples(
        storage,
        sa.select(usermeta.c.user_id, usermeta.c.meta_key, usermeta.c.meta_value).where(
            usermeta.c.meta_key.in_(("first_name", "last_name"))
        ),
    )
    for user_id, key, value in rows:
        names[int(user_id)][key] = value or ""
    return names


async def all_users(storage: Storage) -> list[tuple[int, str, str, str]]:
    """(ID, login, e-mail, display name) of every user, in id order."""
    users = storage.tables.users
    query = sa.select(users.c.ID, users.c.user_login, users.c.user_email, users.c.display_name)
    rows = await fetch_tuples(storage, query.order_by(users.c.ID))
    return [(int(user_id), login, email, display) for user_id, login, email, display in rows]


async def all_terms(storage: Storage) -> list[dict[str, Any]]:
    """Every term with its taxonomy row, by taxonomy then term id."""
    t = storage.tables
    query = (
        sa.select(
            t.terms.c.term_id,
            t.terms.c.name,
            t.terms.c.slug,
            t.term_taxonomy.c.taxonomy,
            t.term_taxonomy.c.description,
            t.term_taxonomy.c.parent,
        )
        .select_from(t.terms.join(t.term_taxonomy, t.terms.c.term_id == t.term_taxonomy.c.term_id))
        .order_by(t.term_taxonomy.c.taxonomy, t.terms.c.term_id)
    )
    return [dict(r._mapping) for r in await storage.db.fetch_all(query)]


async def all_termmeta(storage: Storage) -> Meta:
    """Every term's meta, by term id, in meta id order."""
    termmeta = storage.tables.termmeta
    meta: Meta = defaultdict(list)
    rows = await fetch_tuples(
        storage,
        sa.select(termmeta.c.term_id, termmeta.c.meta_key, termmeta.c.meta_value).order_by(termmeta.c.meta_id),
    )
    for term_id, key, value in rows:
        meta[int(term_id)].append((key or "", value or ""))
    return meta


async def posts_after(
    storage: Storage,
    last_id: int,
    limit: int,
    skipped_types: Sequence[str],
    skipped_statuses: Sequence[str],
) -> list[dict[str, Any]]:
    """The next `limit` posts after `last_id` in id order, leaving out the given types and
    statuses; dates as WordPress's strings."""
    p = storage.tables.posts
    rows = await storage.db.fetch_all(
        sa.select(p)
        .where(
            p.c["ID"] > last_id,
            p.c.post_type.not_in(skipped_types),
            p.c.post_status.not_in(skipped_statuses),
        )
        .order_by(p.c["ID"])
        .limit(limit)
    )
    return [_dated(r, POST_DATES) for r in rows]


async def postmeta_of(storage: Storage, post_ids: list[int], skipped_keys: Sequence[str]) -> Meta:
    """The meta of these posts, by post id, in meta id order, without the skipped keys."""
    pm = storage.tables.postmeta
    found: Meta = defaultdict(list)
    rows = await fetch_tuples(
        storage,
        sa.select(pm.c.post_id, pm.c.meta_key, pm.c.meta_value)
        .where(pm.c.post_id.in_(post_ids), pm.c.meta_key.not_in(skipped_keys))
        .order_by(pm.c.meta_id),
    )
    for post_id, key, value in rows:
        found[int(post_id)].append((key or "", value or ""))
    return found


async def terms_of_posts(storage: Storage, post_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """(taxonomy, slug, name) of each post's terms, by post id, ordered by taxonomy and name."""
    t = storage.tables
    tr, tt, terms = t.term_relationships, t.term_taxonomy, t.terms
    rows = await fetch_tuples(
        storage,
        sa.select(tr.c.object_id, tt.c.taxonomy, terms.c.slug, terms.c.name)
        .select_from(
            tr.join(tt, tr.c.term_taxonomy_id == tt.c.term_taxonomy_id).join(terms, terms.c.term_id == tt.c.term_id)
        )
        .where(tr.c.object_id.in_(post_ids))
        .order_by(tr.c.object_id, tt.c.taxonomy, terms.c.name),
    )
    found: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for object_id, taxonomy, slug, name in rows:
        found[int(object_id)].append((taxonomy, slug, name))
    return found


async def comments_of_posts(storage: Storage, post_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The comments of these posts except spam, by post id, in comment id order."""
    c = storage.tables.comments
    rows = await storage.db.fetch_all(
        sa.select(c).where(c.c.comment_post_ID.in_(post_ids), c.c.comment_approved != "spam").order_by(c.c.comment_ID)
    )
    comments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        data = _dated(row, COMMENT_DATES)
        comments[int(data["comment_post_ID"])].append(data)
    return comments


async def commentmeta_of(storage: Storage, comment_ids: list[int]) -> Meta:
    """The meta of these comments, by comment id, in meta id order (queried in chunks: a post
    batch can hold many thousands of comments)."""
    cm = storage.tables.commentmeta
    meta: Meta = defaultdict(list)
    for batch in chunks(comment_ids):
        rows = await fetch_tuples(
            storage,
            sa.select(cm.c.comment_id, cm.c.meta_key, cm.c.meta_value)
            .where(cm.c.comment_id.in_(batch))
            .order_by(cm.c.meta_id),
        )
        for comment_id, key, value in rows:
            meta[int(comment_id)].append((key or "", value or ""))
    return meta
