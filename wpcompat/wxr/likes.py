"""Likes in WXR files: the post or comment meta `_wpcompat_likes`, a JSON array with one
object per like:

    {"liker": "identity:google:1102…", "name": "Ana Núñez", "email": "",
     "avatar_URL": "https://…", "profile_URL": "https://…", "date_gmt": "2026-12-06 21:00:00"}

The export writes it from the likes table; the import reads it back into the table and drops
the meta (the table is the only place likes live on a running site). `liker` keeps the like
once per liker across moves: a social identity's key is the same on every site. The leading
underscore makes it protected meta: WordPress (and its REST API) will not show it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from wpcompat.storage import likes as store

if TYPE_CHECKING:
    from wpcompat.storage import Storage

META_KEY = "_wpcompat_likes"


def _entry(row: dict[str, Any]) -> dict[str, str]:
    entry = {
        "liker": str(row["liker"]), "name": str(row["name"] or ""), "email": str(row["email"] or ""),
        "avatar_URL": str(row["avatar_url"] or ""), "profile_URL": str(row["profile_url"] or ""),
        "date_gmt": str(row["date_gmt"] or ""),
    }
    return {k: v for k, v in entry.items() if v or k == "liker"}


async def likes_meta(storage: Storage, object_type: str, ids: Iterable[int]) -> dict[int, str]:
    """The `_wpcompat_likes` value of each of these objects that has likes."""
    found = await store.likes_of_objects(storage, object_type, ids)
    return {object_id: json.dumps([_entry(r) for r in rows], ensure_ascii=False) for object_id, rows in found.items()}


def _rows(value: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(value)
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    out = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("liker"), str) or not item["liker"].strip():
            continue
        text = {k: str(item.get(k) or "") for k in ("name", "email", "avatar_URL", "profile_URL", "date_gmt")}
        out.append({
            "liker": item["liker"][:191], "name": text["name"][:250], "email": text["email"][:100],
            "avatar_url": text["avatar_URL"][:255] if text["avatar_URL"].startswith("https://") else "",
            "profile_url": text["profile_URL"][:255] if text["profile_URL"].startswith(("https://", "http://")) else "",
            "date_gmt": text["date_gmt"][:19] or "0000-00-00 00:00:00",
        })
    return out


async def absorb(storage: Storage) -> int:
    """Move likes that came in as meta into the likes table; returns how many were added."""
    added = 0
    tables = storage.tables
    for object_type, meta, owner in (("post", tables.postmeta, "post_id"), ("comment", tables.commentmeta, "comment_id")):
        rows = await store.meta_rows(storage, meta, owner, META_KEY)
        for row in rows:
            for like in _rows(row["value"]):
                before = await store.has_liked(storage, object_type, row["owner"], like["liker"])
                await store.add_like(storage, {"object_type": object_type, "object_id": row["owner"], **like})
                added += not before
        await store.delete_meta_rows(storage, meta, [r["meta_id"] for r in rows])
    return added
