"""The rows of `{prefix}wpc_sessions`: one a browser session, keyed by a hash of its token.

What a session means (cookies, signatures, who it logs in) is auth/sessions.py's; here are
only its reads and writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage


async def insert_session(storage: Storage, session_id: str, data: str, expires: int) -> None:
    table = storage.tables.sessions
    await storage.db.execute(sa.insert(table).values(session_id=session_id, data=data, expires=expires))


async def get_session(storage: Storage, session_id: str) -> Any:
    """The row's `data` and `expires`, None when there is no such session."""
    table = storage.tables.sessions
    return await storage.db.fetch_one(sa.select(table.c.data, table.c.expires).where(table.c.session_id == session_id))


async def delete_session(storage: Storage, session_id: str) -> None:
    table = storage.tables.sessions
    await storage.db.execute(sa.delete(table).where(table.c.session_id == session_id))


async def delete_expired_sessions(storage: Storage, cutoff: int) -> int:
    """Delete the sessions that ended at or before `cutoff` (Unix time); how many there were."""
    table = storage.tables.sessions
    count = int(await storage.db.fetch_val(
        sa.select(sa.func.count()).select_from(table).where(table.c.expires <= cutoff)) or 0)
    await storage.db.execute(sa.delete(table).where(table.c.expires <= cutoff))
    return count


async def sessions_mentioning_user(storage: Storage, user_id: int) -> list[Any]:
    """`session_id` and `data` of the sessions whose JSON data may name `user_id` (a LIKE
    prefilter: the caller decodes `data` to be sure)."""
    table = storage.tables.sessions
    return list(await storage.db.fetch_all(
        sa.select(table.c.session_id, table.c.data).where(table.c.data.like(f'%"user_id": {int(user_id)}%'))
    ))
