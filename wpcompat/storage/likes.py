"""Likes on posts and comments: the `<prefix>wpc_likes` table and its queries.

One row per (object, liker): the unique key is what keeps "once per liker" true under any
concurrency, and every count is counted from the rows (never kept in a counter that could
drift), so a count always equals its rows.

A liker is a stable key: `identity:<provider>:<provider user id>` for a social commenter (the
same key on every site, so it survives a WXR move), `user:<id>` for a site user,
`guest:<sha256 of the browser's token>` for a guest. Name, avatar and profile URL are kept with
the like, as shown when it was given (an imported like may have no identity here).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage.dialect import insert_ignore

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

from wpcompat.storage.feature_tables import LIKES as TABLE

OBJECT_TYPES = ("post", "comment")


def table(storage: Storage) -> sa.Table:
    return storage.tables.metadata.tables[f"{storage.tables.prefix}{TABLE}"]


async def add_like(storage: Storage, values: dict[str, Any]) -> None:
    """Store a like; a second like by the same liker on the same object changes nothing."""
    t = table(storage)
    await storage.db.execute(insert_ignore(storage, t, values))


async def remove_like(storage: Storage, object_type: str, object_id: int, liker: str) -> None:
    t = table(storage)
    await storage.db.execute(
        sa.delete(t).where(t.c.object_type == object_type, t.c.object_id == int(object_id), t.c.liker == liker)
    )


async def count(storage: Storage, object_type: str, object_id: int) -> int:
    t = table(storage)
    return int(await storage.db.fetch_val(
        sa.select(sa.func.count()).select_from(t).where(t.c.object_type == object_type, t.c.object_id == int(object_id))
    ) or 0)


async def counts(storage: Storage, object_type: str, ids: Iterable[int]) -> dict[int, int]:
    """Like counts of many objects in one query (objects without likes are absent)."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    t = table(storage)
    rows = await storage.db.fetch_all(
        sa.select(t.c.object_id, sa.func.count().label("n"))
        .where(t.c.object_type == object_type, t.c.object_id.in_(wanted))
        .group_by(t.c.object_id)
    )
    return {int(r["object_id"]): int(r["n"]) for r in rows}


async def has_liked(storage: Storage, object_type: str, object_id: int, liker: str) -> bool:
    t = table(storage)
    found = await storage.db.fetch_val(
        sa.select(t.c.id).where(t.c.object_type == object_type, t.c.object_id == int(object_id), t.c.liker == liker)
    )
    return found is not None


async def likers(storage: Storage, object_type: str, object_id: int, limit: int = 0) -> list[dict[str, Any]]:
    """The likes of one object, oldest first (the facepile's order)."""
    t = table(storage)
    query = sa.select(t).where(t.c.object_type == object_type, t.c.object_id == int(object_id)).order_by(t.c.id)
    if limit:
        query = query.limit(limit)
    return [dict(r._mapping) for r in await storage.db.fetch_all(query)]


async def recent_by_ip(storage: Storage, ip: str, since_gmt: str, *, guests_only: bool = True) -> int:
    """Likes given from this address since a date (the guests' rate limit)."""
    t = table(storage)
    query = sa.select(sa.func.count()).select_from(t).where(t.c.ip == ip, t.c.date_gmt >= since_gmt)
    if guests_only:
        query = query.where(t.c.liker.like("guest:%"))
    return int(await storage.db.fetch_val(query) or 0)


async def by_identity(storage: Storage, identity_id: int, liker: str) -> list[dict[str, Any]]:
    t = table(storage)
    rows = await storage.db.fetch_all(
        sa.select(t).where(sa.or_(t.c.identity_id == int(identity_id), t.c.liker == liker)).order_by(t.c.id)
    )
    return [dict(r._mapping) for r in rows]


async def erase_identity(storage: Storage, identity_id: int, liker: str) -> int:
    t = table(storage)
    where = sa.or_(t.c.identity_id == int(identity_id), t.c.liker == liker)
    n = int(await storage.db.fetch_val(sa.select(sa.func.count()).select_from(t).where(where)) or 0)
    await storage.db.execute(sa.delete(t).where(where))
    return n


async def delete_for(storage: Storage, object_type: str, ids: Iterable[int]) -> None:
    """Likes of objects deleted for good."""
    wanted = [int(i) for i in ids]
    if wanted:
        t = table(storage)
        await storage.db.execute(sa.delete(t).where(t.c.object_type == object_type, t.c.object_id.in_(wanted)))


async def likes_of_objects(storage: Storage, object_type: str, ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Every like of these objects (for the WXR export)."""
    wanted = sorted({int(i) for i in ids})
    out: dict[int, list[dict[str, Any]]] = {}
    if not wanted:
        return out
    t = table(storage)
    rows = await storage.db.fetch_all(
        sa.select(t).where(t.c.object_type == object_type, t.c.object_id.in_(wanted)).order_by(t.c.id)
    )
    for r in rows:
        out.setdefault(int(r["object_id"]), []).append(dict(r._mapping))
    return out


async def meta_rows(storage: Storage, meta_table: sa.Table, owner: str, key: str) -> list[dict[str, Any]]:
    """(meta_id, owner id, value) of every meta row with this key (likes carried in by a WXR)."""
    rows = await storage.db.fetch_all(
        sa.select(meta_table.c.meta_id, meta_table.c[owner], meta_table.c.meta_value).where(meta_table.c.meta_key == key)
    )
    return [{"meta_id": int(r["meta_id"]), "owner": int(r[owner]), "value": r["meta_value"] or ""} for r in rows]


async def delete_meta_rows(storage: Storage, meta_table: sa.Table, meta_ids: Iterable[int]) -> None:
    ids = [int(i) for i in meta_ids]
    if ids:
        await storage.db.execute(sa.delete(meta_table).where(meta_table.c.meta_id.in_(ids)))
