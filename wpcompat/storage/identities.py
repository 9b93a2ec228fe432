"""The rows of `{prefix}wpc_oauth_identities`, and the comments tied to one of them.

A comment belongs to an identity through WordPress.com's comment meta: `hc_post_as` (the
provider) and `hc_foreign_user_id` (its user id), with `hc_avatar` for the picture. What an
identity means (never merged, exported, erased) is auth/identities.py's; here are its queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

META_POST_AS = "hc_post_as"
META_AVATAR = "hc_avatar"
META_FOREIGN_ID = "hc_foreign_user_id"
HC_META_KEYS = (META_POST_AS, META_AVATAR, META_FOREIGN_ID)


async def find_identity_row(storage: Storage, provider: str, subject: str) -> Any:
    t = storage.tables.oauth_identities
    return await storage.db.fetch_one(sa.select(t).where(t.c.provider == provider, t.c.provider_user_id == subject))


async def get_identity_row(storage: Storage, identity_id: int) -> Any:
    t = storage.tables.oauth_identities
    return await storage.db.fetch_one(sa.select(t).where(t.c.id == identity_id))


async def all_identity_rows(storage: Storage) -> list[Any]:
    """Every identity, in the order they were first seen."""
    t = storage.tables.oauth_identities
    return list(await storage.db.fetch_all(sa.select(t).order_by(t.c.id)))


async def insert_identity(storage: Storage, values: Mapping[str, Any]) -> None:
    """Insert one identity; the database's unique key (provider, provider user id) may refuse it."""
    await storage.db.execute(sa.insert(storage.tables.oauth_identities).values(**values))


async def update_identity(storage: Storage, provider: str, subject: str, values: Mapping[str, Any]) -> None:
    t = storage.tables.oauth_identities
    await storage.db.execute(
        sa.update(t).where(t.c.provider == provider, t.c.provider_user_id == subject).values(**values)
    )


async def delete_identity(storage: Storage, identity_id: int) -> None:
    t = storage.tables.oauth_identities
    await storage.db.execute(sa.delete(t).where(t.c.id == identity_id))


def _comments_of(storage: Storage, provider: str, subject: str) -> sa.Select[Any]:
    """comment_IDs whose hc_post_as/hc_foreign_user_id point at this identity."""
    m1 = storage.tables.commentmeta.alias("post_as")
    m2 = storage.tables.commentmeta.alias("foreign_id")
    return (
        sa.select(m1.c.comment_id)
        .join(m2, m2.c.comment_id == m1.c.comment_id)
        .where(
            m1.c.meta_key == META_POST_AS, m1.c.meta_value == provider,
            m2.c.meta_key == META_FOREIGN_ID, m2.c.meta_value == subject,
        )
    )


async def add_comment_metas(storage: Storage, comment_id: int, meta: Mapping[str, str]) -> None:
    """Write several meta of one comment at once."""
    rows = [{"comment_id": comment_id, "meta_key": k, "meta_value": v} for k, v in meta.items()]
    await storage.db.execute_many(sa.insert(storage.tables.commentmeta), rows)


async def has_approved_comment(storage: Storage, provider: str, subject: str) -> bool:
    c = storage.tables.comments
    row = await storage.db.fetch_one(
        sa.select(c.c.comment_ID)
        .where(c.c.comment_ID.in_(_comments_of(storage, provider, subject)), c.c.comment_approved == "1")
        .limit(1)
    )
    return row is not None


async def comment_rows(storage: Storage, provider: str, subject: str) -> list[dict[str, Any]]:
    """The identity's comments, whole rows, oldest first."""
    c = storage.tables.comments
    rows = await storage.db.fetch_all(
        sa.select(c).where(c.c.comment_ID.in_(_comments_of(storage, provider, subject))).order_by(c.c.comment_ID)
    )
    return [dict(r._mapping) for r in rows]


async def delete_comments(storage: Storage, rows: Iterable[Mapping[str, Any]]) -> None:
    """Delete these comments and their meta; each one's replies move up to its own parent, as
    wp_delete_comment() does, so other people's replies stay in the thread."""
    c, meta = storage.tables.comments, storage.tables.commentmeta
    rows = list(rows)
    ids = [int(r["comment_ID"]) for r in rows]
    for r in rows:
        await storage.db.execute(
            sa.update(c).where(c.c.comment_parent == r["comment_ID"]).values(comment_parent=r["comment_parent"])
        )
    await storage.db.execute(sa.delete(meta).where(meta.c.comment_id.in_(ids)))
    await storage.db.execute(sa.delete(c).where(c.c.comment_ID.in_(ids)))


async def anonymize_comments(storage: Storage, ids: list[int], anonymous: Mapping[str, str]) -> None:
    """Drop the identity meta of these comments and write `anonymous` over their author fields."""
    c, meta = storage.tables.comments, storage.tables.commentmeta
    await storage.db.execute(sa.delete(meta).where(meta.c.comment_id.in_(ids), meta.c.meta_key.in_(HC_META_KEYS)))
    await storage.db.execute(sa.update(c).where(c.c.comment_ID.in_(ids)).values(**anonymous))
