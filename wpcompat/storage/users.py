"""Queries on `{prefix}users` and `{prefix}usermeta`, and the roles option.

Rows and meta values are read and written exactly as WordPress stores them (meta values are
strings, arrays PHP-serialized), so a WordPress database and wpcompat share users in place.
Lookups by login and email fall back to a case-insensitive match, because WordPress on MySQL
compares them under a case-insensitive collation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage import prebuilt
from wpcompat.storage.dialect import bump_sequence, insert_returning_id
from wpcompat.storage.options import DEFAULT_ROLES, encode_option, get_option, roles_option_name
from wpcompat.storage.terms import recount_terms
from wpcompat.util.phpserial import loads_maybe

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

UserRow = dict[str, Any]


def capabilities_key(storage: Storage) -> str:
    return f"{storage.tables.prefix}capabilities"


def user_level_key(storage: Storage) -> str:
    return f"{storage.tables.prefix}user_level"


# Decoded roles by the stored string they were decoded from: the option is a PHP-serialized
# array of every role's capabilities, costly to decode on each authenticated request. Readers
# only read the result.
_ROLES_DECODED: dict[str, dict[str, dict[str, Any]]] = {}


async def load_roles(storage: Storage) -> dict[str, dict[str, Any]]:
    """The roles option `{prefix}user_roles` ({role: {name, capabilities}}), else WordPress's defaults."""
    raw = await get_option(storage, roles_option_name(storage.tables.prefix))
    if not raw:
        return DEFAULT_ROLES
    found = _ROLES_DECODED.get(raw)
    if found is None:
        found = _decode_roles(raw)
        if len(_ROLES_DECODED) >= 8:
            _ROLES_DECODED.clear()
        _ROLES_DECODED[raw] = found
    return found


def _decode_roles(raw: str) -> dict[str, dict[str, Any]]:
    roles = loads_maybe(raw)
    if not isinstance(roles, dict) or not roles:
        return DEFAULT_ROLES
    clean: dict[str, dict[str, Any]] = {}
    for name, role in roles.items():
        if not isinstance(role, dict):
            continue
        caps = role.get("capabilities")
        # An empty PHP array decodes to a list; a role without capabilities is still a role.
        clean[str(name)] = {
            "name": str(role.get("name", name)),
            "capabilities": dict(caps) if isinstance(caps, dict) else {},
        }
    return clean or DEFAULT_ROLES


def _row(record: Any) -> UserRow | None:
    return None if record is None else dict(record._mapping)


async def get_user_row(storage: Storage, user_id: int) -> UserRow | None:
    users = storage.tables.users
    return _row(await storage.db.fetch_one(sa.select(users).where(users.c["ID"] == int(user_id))))


async def _by_column(storage: Storage, column: sa.Column[str], value: str) -> UserRow | None:
    users = storage.tables.users
    if not value:
        return None
    name = column.name

    def exact_match(storage: Storage) -> Any:
        users = storage.tables.users
        return sa.select(users).where(users.c[name] == sa.bindparam("value")).order_by(users.c.ID).limit(1)

    # Every sign-in asks this: prebuilt.
    exact = await storage.db.fetch_one(prebuilt.bind(prebuilt.statement(storage, f"users.by_{name}", exact_match), value=value))
    if exact is not None:
        return _row(exact)
    folded = await storage.db.fetch_one(
        sa.select(users).where(sa.func.lower(column) == value.lower()).order_by(users.c.ID).limit(1)
    )
    return _row(folded)


async def get_user_row_by_login(storage: Storage, login: str) -> UserRow | None:
    return await _by_column(storage, storage.tables.users.c.user_login, login)


async def get_user_row_by_email(storage: Storage, email: str) -> UserRow | None:
    return await _by_column(storage, storage.tables.users.c.user_email, email)


async def list_user_rows(storage: Storage) -> list[UserRow]:
    users = storage.tables.users
    rows = await storage.db.fetch_all(sa.select(users).order_by(users.c.ID))
    return [dict(r._mapping) for r in rows]


async def user_ids_by_login(storage: Storage) -> list[tuple[int, str]]:
    """(ID, user_login) of every user."""
    users = storage.tables.users
    return [(int(r[0]), r[1]) for r in await storage.db.fetch_all(sa.select(users.c.ID, users.c.user_login))]


async def nicename_taken(storage: Storage, nicename: str, except_login: str) -> bool:
    """Does another user (not `except_login`) already have this nicename? As wp_insert_user asks."""
    users = storage.tables.users
    row = await storage.db.fetch_one(
        sa.select(users.c.ID)
        .where(users.c.user_nicename == nicename, users.c.user_login != except_login)
        .limit(1)
    )
    return row is not None


async def insert_user_row(storage: Storage, values: dict[str, Any]) -> int:
    """Insert a `users` row and return its ID (the given `ID`, or the one the database chose)."""
    users = storage.tables.users
    explicit = values.get("ID")
    new_id = await insert_returning_id(storage, sa.insert(users).values(**values), users.c.ID)
    if explicit:
        # An explicit ID leaves an id generator behind; move it past the largest ID.
        await bump_sequence(storage, users, "ID")
    return int(explicit or new_id)


async def update_user_row(storage: Storage, user_id: int, values: dict[str, Any]) -> None:
    if values:
        users = storage.tables.users
        await storage.db.execute(sa.update(users).where(users.c["ID"] == int(user_id)).values(**values))


async def get_user_meta(storage: Storage, user_id: int, keys: Iterable[str] | None = None) -> dict[str, str]:
    """The user's meta as stored strings, the first value of each key (get_user_meta(..., true))."""
    usermeta = storage.tables.usermeta
    query: Any
    if keys is not None:
        # A user's own keys (every signed-in request asks): prebuilt.
        query = prebuilt.bind(prebuilt.statement(storage, "users.meta_of_keys", _meta_of_keys),
                              user_id=int(user_id), keys=list(keys))
    else:
        query = (
            sa.select(usermeta.c.meta_key, usermeta.c.meta_value)
            .where(usermeta.c.user_id == int(user_id))
            .order_by(usermeta.c.umeta_id)
        )
    values: dict[str, str] = {}
    for row in await storage.db.fetch_all(query):
        # A databases Record iterates over its column names, so index it.
        key, value = row[0], row[1]
        if key is not None and key not in values:
            values[key] = value if value is not None else ""
    return values


def _meta_of_keys(storage: Storage) -> Any:
    usermeta = storage.tables.usermeta
    return (
        sa.select(usermeta.c.meta_key, usermeta.c.meta_value)
        .where(usermeta.c.user_id == sa.bindparam("user_id"),
               usermeta.c.meta_key.in_(sa.bindparam("keys", expanding=True)))
        .order_by(usermeta.c.umeta_id)
    )


async def get_user_meta_value(storage: Storage, user_id: int, key: str) -> str | None:
    return (await get_user_meta(storage, user_id, [key])).get(key)


async def update_user_meta(storage: Storage, user_id: int, key: str, value: Any) -> None:
    """update_user_meta(): replace every value of `key` (or add it), arrays PHP-serialized."""
    usermeta = storage.tables.usermeta
    stored = encode_option(value)
    where = sa.and_(usermeta.c.user_id == int(user_id), usermeta.c.meta_key == key)
    async with storage.db.transaction():
        present = await storage.db.fetch_one(sa.select(usermeta.c.umeta_id).where(where).limit(1))
        if present is None:
            await storage.db.execute(
                sa.insert(usermeta).values(user_id=int(user_id), meta_key=key, meta_value=stored)
            )
        else:
            await storage.db.execute(sa.update(usermeta).where(where).values(meta_value=stored))


async def delete_user_meta(storage: Storage, user_id: int, key: str) -> None:
    usermeta = storage.tables.usermeta
    await storage.db.execute(
        sa.delete(usermeta).where(usermeta.c.user_id == int(user_id), usermeta.c.meta_key == key)
    )


async def user_ids_with_meta(storage: Storage, key: str) -> list[int]:
    usermeta = storage.tables.usermeta
    rows = await storage.db.fetch_all(
        sa.select(usermeta.c.user_id).where(usermeta.c.meta_key == key).distinct()
    )
    return sorted(int(r[0]) for r in rows)


async def delete_user_rows(storage: Storage, user_id: int, reassign: int | None) -> None:
    """wp_delete_user(): the user's posts go to `reassign`, or are deleted with what hangs on
    them (comments, their meta, term relationships, post meta); then the user and its meta."""
    t = storage.tables
    db = storage.db
    touched: set[int] = set()
    async with db.transaction():
        if reassign:
            await db.execute(sa.update(t.posts).where(t.posts.c.post_author == user_id).values(post_author=reassign))
        else:
            post_ids = [int(r[0]) for r in await db.fetch_all(
                sa.select(t.posts.c["ID"]).where(t.posts.c.post_author == user_id))]
            if post_ids:
                touched = {int(r[0]) for r in await db.fetch_all(
                    sa.select(t.term_relationships.c.term_taxonomy_id)
                    .where(t.term_relationships.c.object_id.in_(post_ids)))}
                comment_ids = sa.select(t.comments.c.comment_ID).where(t.comments.c.comment_post_ID.in_(post_ids))
                await db.execute(sa.delete(t.commentmeta).where(t.commentmeta.c.comment_id.in_(comment_ids)))
                await db.execute(sa.delete(t.comments).where(t.comments.c.comment_post_ID.in_(post_ids)))
                await db.execute(sa.delete(t.term_relationships).where(t.term_relationships.c.object_id.in_(post_ids)))
                await db.execute(sa.delete(t.postmeta).where(t.postmeta.c.post_id.in_(post_ids)))
                await db.execute(sa.delete(t.posts).where(t.posts.c["ID"].in_(post_ids)))
        await db.execute(sa.delete(t.usermeta).where(t.usermeta.c.user_id == user_id))
        await db.execute(sa.delete(t.users).where(t.users.c["ID"] == user_id))
    await recount_terms(storage, touched)


async def nicenames(storage: Storage, user_ids: Iterable[int]) -> dict[int, str]:
    """`user_nicename` of these users, by ID."""
    users = storage.tables.users
    query = sa.select(users.c.ID, users.c.user_nicename).where(users.c.ID.in_(sorted(user_ids)))
    return {int(r.ID): str(r.user_nicename) for r in await storage.db.fetch_all(query)}
