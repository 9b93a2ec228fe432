"""WP_User_Query as the REST users controller uses it, and batch loading of users with their meta.

One query selects a page of users (with the total from a COUNT over the same conditions), one
more loads the meta every user field needs for the whole page. Roles and capabilities live in
the PHP-serialized `{prefix}capabilities` meta; like WordPress we match them with LIKE on the
quoted role name (`'%"editor"%'`), which every backend understands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage import collation
from wpcompat.storage.database import bigint, limit_rows, offset_rows
from wpcompat.storage.dialect import text_equals, text_like
from wpcompat.storage.terms import collation_key
from wpcompat.storage.users import capabilities_key, user_level_key
from wpcompat.util.numbers import php_intval

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

# Meta a user item needs besides the capabilities (whose key carries the table prefix).
PROFILE_KEYS: tuple[str, ...] = ("first_name", "last_name", "nickname", "description", "locale")
# WP_User_Query's orderby names → users columns.
ORDER_COLUMNS: dict[str, str] = {
    "ID": "ID",
    "display_name": "display_name",
    "registered": "user_registered",
    "user_nicename": "user_nicename",
    "user_email": "user_email",
    "user_url": "user_url",
    "user_login": "user_login",
}
STRING_ORDER = frozenset({"display_name", "user_nicename", "user_email", "user_url", "user_login"})


@dataclass
class UserQuery:
    include: Sequence[int] = ()
    exclude: Sequence[int] = ()
    search: str = ""
    # Columns to search (WP_User_Query's search_columns); None: chosen from the search term.
    search_columns: Sequence[str] | None = None
    nicenames: Sequence[str] = ()
    roles: Sequence[str] = ()
    # capability__in, expanded by the caller into the roles granting one of them.
    capabilities: Sequence[str] = ()
    capability_roles: Sequence[str] = ()
    who_authors: bool = False
    published_post_types: Sequence[str] | None = None
    orderby: str = "display_name"
    order: str = "asc"
    number: int = 10
    offset: int = 0


@dataclass
class UserRecord:
    """A users row and the usermeta values a REST user item shows."""

    row: dict[str, Any]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return int(self.row["ID"])


def _escape_like(value: str) -> str:
    # $wpdb->esc_like(): the LIKE wildcards and the escape character become literals.
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def default_search_columns(search: str) -> list[str]:
    """WP_User_Query's choice of columns when none are given."""
    if "@" in search:
        return ["user_email"]
    if search.isdigit():
        return ["user_login", "ID"]
    if search.startswith(("http://", "https://")):
        return ["user_url"]
    return ["user_login", "user_url", "user_email", "user_nicename", "display_name"]


def _search_clause(users: sa.Table, search: str, columns: Sequence[str] | None, dialect: str) -> Any:
    """WP_User_Query::get_search_sql: a leading/trailing `*` is a wildcard, else exact."""
    leading, trailing = search.startswith("*"), search.endswith("*")
    term = search.strip("*")
    if collation.is_long(term):
        # No user column holds that much (the longest is 250 characters), and SQLite would
        # refuse the LIKE pattern.
        return sa.false()
    if columns is None:
        columns = default_search_columns(term)
    if leading and trailing:
        pattern = "%" + _escape_like(term) + "%"
    elif leading:
        pattern = "%" + _escape_like(term)
    elif trailing:
        pattern = _escape_like(term) + "%"
    else:
        pattern = None
    clauses = []
    for column in columns:
        if column == "ID":
            # WordPress compares the ID with `=`, the term stripped of its wildcards.
            if term.isdigit():
                clauses.append(users.c["ID"] == bigint(php_intval(term)))
            continue
        col = users.c[column]
        # MySQL compares under its collation, blind to case and accents: "Ång" finds "Ángel".
        if pattern is None:
            clauses.append(text_equals(dialect, col, term))
        else:
            clauses.append(text_like(dialect, col, pattern))
    return sa.or_(*clauses) if clauses else sa.false()


def _meta_like(storage: Storage, key: str, needles: Iterable[str]) -> Any:
    """Users whose `key` meta contains one of the quoted needles (role__in / capability__in)."""
    usermeta = storage.tables.usermeta
    likes = [usermeta.c.meta_value.like('%"' + _escape_like(n) + '"%', escape="\\") for n in needles]
    return storage.tables.users.c.ID.in_(
        sa.select(usermeta.c.user_id).where(usermeta.c.meta_key == key, sa.or_(*likes))
    )


def _conditions(storage: Storage, query: UserQuery) -> list[Any]:
    t = storage.tables
    users, usermeta, posts = t.users, t.usermeta, t.posts
    where: list[Any] = []
    if query.include:
        where.append(users.c.ID.in_([int(i) for i in query.include]))
    elif query.exclude:
        where.append(users.c.ID.notin_([int(i) for i in query.exclude]))
    if query.search:
        where.append(_search_clause(users, query.search, query.search_columns, storage.dialect))
    if query.nicenames:
        # MySQL compares under a case-insensitive collation: `slug=ADMIN` finds "admin".
        where.append(sa.func.lower(users.c.user_nicename).in_([str(n).lower() for n in query.nicenames]))
    if query.roles:
        where.append(_meta_like(storage, capabilities_key(storage), query.roles))
    if query.capabilities:
        # A capability is held through a role that grants it, or granted to the user directly.
        where.append(_meta_like(storage, capabilities_key(storage), [*query.capability_roles, *query.capabilities]))
    if query.who_authors:
        # `who=authors`: a user level other than 0 (anyone above subscriber).
        where.append(users.c.ID.in_(
            sa.select(usermeta.c.user_id).where(
                usermeta.c.meta_key == user_level_key(storage), usermeta.c.meta_value != "0"
            )
        ))
    if query.published_post_types is not None:
        where.append(users.c.ID.in_(
            sa.select(posts.c.post_author).where(
                posts.c.post_status == "publish", posts.c.post_type.in_(list(query.published_post_types))
            ).distinct()
        ))
    return where


def _order_column(query: UserQuery) -> str:
    """The column of a plain order. WP_User_Query skips an orderby it cannot turn into SQL
    (`include` without an include list) and then orders by user_login, its own default."""
    return ORDER_COLUMNS.get(query.orderby, "user_login")


def _position(index: int) -> Any:
    return sa.literal_column(str(int(index)), sa.Integer)


def _order(storage: Storage, query: UserQuery) -> list[Any]:
    users = storage.tables.users
    descending = query.order.lower() == "desc"
    if query.orderby == "include" and query.include:
        # FIELD( ID, … ): a CASE keeps it portable.
        # Positions written inline: PostgreSQL would type bound CASE results as text.
        position = sa.case(
            {int(v): _position(i) for i, v in enumerate(query.include)}, value=users.c["ID"], else_=_position(-1)
        )
        return [position.desc() if descending else position.asc()]
    if query.orderby == "nicename__in" and query.nicenames:
        position = sa.case(
            {v: _position(i) for i, v in enumerate(query.nicenames)}, value=users.c.user_nicename,
            else_=_position(-1),
        )
        return [position.desc() if descending else position.asc()]
    name = _order_column(query)
    column: Any = users.c[name]
    if name in STRING_ORDER:
        # MySQL's default collation ignores case; lower() gives the same order on every backend.
        column = sa.func.lower(column)
    return [column.desc() if descending else column.asc(), users.c.ID.asc()]


async def count_users(storage: Storage, query: UserQuery) -> int:
    """The number of users matching, whatever the page."""
    users = storage.tables.users
    where = _conditions(storage, query)
    return int(await storage.db.fetch_val(sa.select(sa.func.count()).select_from(users).where(*where)) or 0)


async def query_users(storage: Storage, query: UserQuery) -> tuple[list[dict[str, Any]], int]:
    """One page of users rows and the number of users matching (X-WP-Total)."""
    users = storage.tables.users
    where = _conditions(storage, query)
    name = _order_column(query)
    if name in STRING_ORDER and not (query.orderby == "include" and query.include) and not (
        query.orderby == "nicename__in" and query.nicenames
    ):
        return await _query_users_by_text(storage, query, where, name)
    select = sa.select(users).where(*where).order_by(*_order(storage, query))
    if query.number:
        select = select.limit(limit_rows(query.number)).offset(offset_rows(query.offset))
    elif query.offset:
        select = select.offset(offset_rows(query.offset))
    rows = [dict(r._mapping) for r in await storage.db.fetch_all(select)]
    total = int(await storage.db.fetch_val(sa.select(sa.func.count()).select_from(users).where(*where)) or 0)
    return rows, total


async def _query_users_by_text(
    storage: Storage, query: UserQuery, where: list[Any], name: str
) -> tuple[list[dict[str, Any]], int]:
    """Users ordered by a text column as MySQL's utf8mb4_unicode_520_ci orders it: accents and
    case ignored ("Ángel" before "Jean"), which no portable ORDER BY gives on SQLite or
    PostgreSQL. The matching users' (ID, text) pairs are sorted here, then the page is read."""
    users = storage.tables.users
    pairs = await storage.db.fetch_all(sa.select(users.c.ID, users.c[name]).where(*where))
    descending = query.order.lower() == "desc"
    ranked = sorted(pairs, key=lambda r: int(r[0]))  # ties keep ascending ids, as before
    ranked.sort(key=lambda r: collation_key(str(r[1] or "")), reverse=descending)
    start = max(query.offset, 0)
    ids = [int(r[0]) for r in ranked[start: start + query.number if query.number else None]]
    if not ids:
        return [], len(pairs)
    found = {int(r._mapping["ID"]): dict(r._mapping)
             for r in await storage.db.fetch_all(sa.select(users).where(users.c.ID.in_(ids)))}
    return [found[i] for i in ids if i in found], len(pairs)


async def load_user_records(storage: Storage, rows: Sequence[Mapping[str, Any]]) -> list[UserRecord]:
    """Attach the item meta to each users row, with one usermeta query for all of them."""
    records = [UserRecord(dict(r)) for r in rows]
    if not records:
        return records
    usermeta = storage.tables.usermeta
    keys = [*PROFILE_KEYS, capabilities_key(storage), persisted_preferences_key(storage)]
    query = (
        sa.select(usermeta.c.user_id, usermeta.c.meta_key, usermeta.c.meta_value)
        .where(usermeta.c.user_id.in_([r.id for r in records]), usermeta.c.meta_key.in_(keys))
        .order_by(usermeta.c.umeta_id)
    )
    by_id = {r.id: r for r in records}
    for record in await storage.db.fetch_all(query):
        target = by_id.get(int(record[0]))
        # get_user_meta( $id, $key, true ): the first value of each key.
        if target is not None and record[1] not in target.meta:
            target.meta[str(record[1])] = record[2] if record[2] is not None else ""
    return records


async def get_user_records(storage: Storage, user_ids: Iterable[int]) -> dict[int, UserRecord]:
    ids = sorted({int(i) for i in user_ids if int(i) > 0})
    if not ids:
        return {}
    users = storage.tables.users
    rows = [dict(r._mapping) for r in await storage.db.fetch_all(sa.select(users).where(users.c.ID.in_(ids)))]
    return {r.id: r for r in await load_user_records(storage, rows)}


def persisted_preferences_key(storage: Storage) -> str:
    # Registered as `$wpdb->get_blog_prefix() . 'persisted_preferences'`, shown as
    # `persisted_preferences`.
    return f"{storage.tables.prefix}persisted_preferences"


async def count_user_posts(storage: Storage, user_id: int, post_types: Sequence[str], statuses: Sequence[str]) -> int:
    """count_user_posts(): the user's posts of these types in these statuses."""
    posts = storage.tables.posts
    query = sa.select(sa.func.count()).select_from(posts).where(
        posts.c.post_author == int(user_id),
        posts.c.post_type.in_(list(post_types)),
        posts.c.post_status.in_(list(statuses)),
    )
    return int(await storage.db.fetch_val(query) or 0)


async def count_posts_by_authors(
    storage: Storage, user_ids: Sequence[int], post_types: Sequence[str], statuses: Sequence[str]
) -> dict[int, int]:
    """count_user_posts() for many users in one GROUP BY query (absent users count 0)."""
    posts = storage.tables.posts
    query = (
        sa.select(posts.c.post_author, sa.func.count())
        .where(
            posts.c.post_author.in_([int(i) for i in user_ids]),
            posts.c.post_type.in_(list(post_types)),
            posts.c.post_status.in_(list(statuses)),
        )
        .group_by(posts.c.post_author)
    )
    counts = {int(i): 0 for i in user_ids}
    for record in await storage.db.fetch_all(query):
        counts[int(record[0])] = int(record[1])
    return counts
