"""Comments: WP_Comment_Query in SQLAlchemy Core, comment counts and comment meta.

`CommentQuery` takes WP_Comment_Query's own query vars (not the REST names), so other callers
(feeds, the comment form, the admin) share one implementation. The SQL is portable (SQLite,
PostgreSQL, MariaDB/MySQL): no FIELD(), no LIMIT x,y, no SQL_CALC_FOUND_ROWS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage import collation
from wpcompat.storage.count_memo import COMMENT_TOTALS, remembered_total, statement_key
from wpcompat.storage.database import limit_rows, offset_rows
from wpcompat.storage.dialect import text_contains, text_like
from wpcompat.storage.prebuilt import bind, prebuilt_statement
from wpcompat.util.numbers import absint

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

Row = dict[str, Any]

# WP_Comment_Query::parse_orderby(): the columns a comment query may be ordered by.
ORDERBY_COLUMNS: frozenset[str] = frozenset({
    "comment_agent", "comment_approved", "comment_author", "comment_author_email",
    "comment_author_IP", "comment_author_url", "comment_content", "comment_date",
    "comment_date_gmt", "comment_ID", "comment_karma", "comment_parent", "comment_post_ID",
    "comment_type", "user_id",
})
# The columns a search looks in (WP_Comment_Query::get_comment_ids).
SEARCH_COLUMNS: tuple[str, ...] = (
    "comment_author", "comment_author_email", "comment_author_url", "comment_author_IP", "comment_content",
)
# Post columns comment responses need: permissions, permalinks, the `up` link.
POST_COLUMNS: tuple[str, ...] = (
    "ID", "post_type", "post_status", "post_password", "post_name", "post_date", "post_parent",
    "post_author", "comment_status", "comment_count",
)
_LIKE_ESCAPE = "!"





@dataclass
class CommentQuery:
    """WP_Comment_Query's query vars (the subset REST, feeds and forms use), with its defaults."""

    status: str | Sequence[str] = "all"
    type: str | Sequence[str] = ""
    type__in: Sequence[str] = ()
    type__not_in: Sequence[str] = ()
    post_id: int = 0
    post__in: Sequence[int] = ()
    post__not_in: Sequence[int] = ()
    parent: int | None = None  # None is WordPress's '' (no condition)
    parent__in: Sequence[int] = ()
    parent__not_in: Sequence[int] = ()
    author__in: Sequence[int] = ()
    author__not_in: Sequence[int] = ()
    user_id: int | None = None
    author_email: str = ""
    comment__in: Sequence[int] = ()
    comment__not_in: Sequence[int] = ()
    # User IDs (int) or emails (str) whose held comments are included whatever the status.
    include_unapproved: Sequence[int | str] = ()
    search: str = ""
    # The date query: strict bounds on `date_column`, already as stored ('Y-m-d H:i:s').
    after: str | None = None
    before: str | None = None
    date_column: str = "comment_date"
    orderby: str | Sequence[str] = ""
    order: str = "DESC"
    number: int = 0
    offset: int = 0
    extra_where: list[Any] = field(default_factory=list)


def _split(value: str | Sequence[Any]) -> list[Any]:
    """wp_parse_list(): a comma/space separated string or a list."""
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v]
    return list(value)


def _status_clause(c: Any, q: CommentQuery) -> Any | None:
    statuses = _split(q.status) or ["all"]
    approved: list[Any] = []
    if "any" not in statuses:
        clauses = []
        for status in statuses:
            if status == "hold":
                clauses.append(c.comment_approved == "0")
            elif status == "approve":
                clauses.append(c.comment_approved == "1")
            elif status in ("all", ""):
                clauses.append(c.comment_approved.in_(("0", "1")))
            else:
                # Anything else is compared literally ('spam', 'trash', or nothing at all).
                clauses.append(c.comment_approved == str(status))
        if clauses:
            approved.append(sa.or_(*clauses))
    for who in q.include_unapproved:
        if isinstance(who, int) or str(who).isdigit():
            approved.append(sa.and_(c.user_id == int(who), c.comment_approved == "0"))
        else:
            approved.append(sa.and_(c.comment_author_email == str(who), c.comment_approved == "0"))
    if not approved:
        return None
    return approved[0] if len(approved) == 1 else sa.or_(*approved)


def _type_values(types: Iterable[str]) -> list[str]:
    values: list[str] = []
    for t in dict.fromkeys(types):
        if t in ("", "all"):
            continue
        if t in ("comment", "comments"):
            # Comments stored before 5.5 have an empty type.
            values += ["", "comment"]
        elif t == "pings":
            values += ["pingback", "trackback"]
        else:
            values.append(t)
    return values


def _like_pattern(text: str) -> str:
    escaped = text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", _LIKE_ESCAPE + "%")
    return "%" + escaped.replace("_", _LIKE_ESCAPE + "_") + "%"


def where_clauses(storage: Storage, q: CommentQuery) -> list[Any]:
    """The WHERE conditions of WP_Comment_Query::get_comment_ids() for `q`."""
    c = storage.tables.comments.c
    where: list[Any] = []
    status = _status_clause(c, q)
    if status is not None:
        where.append(status)
    if q.post_id:
        where.append(c.comment_post_ID == int(q.post_id))
    # `! empty( array(0) )` is true in PHP: post=0 / parent=0 lists do filter.
    for ids, column, negate in (
        (q.comment__in, c.comment_ID, False), (q.comment__not_in, c.comment_ID, True),
        (q.parent__in, c.comment_parent, False), (q.parent__not_in, c.comment_parent, True),
        (q.post__in, c.comment_post_ID, False), (q.post__not_in, c.comment_post_ID, True),
        (q.author__in, c.user_id, False), (q.author__not_in, c.user_id, True),
    ):
        if ids:
            values = sorted({absint(i) for i in ids})
            where.append(column.not_in(values) if negate else column.in_(values))
    if q.author_email != "":
        where.append(c.comment_author_email == q.author_email)
    type_in = _type_values([*_split(q.type), *q.type__in])
    if type_in:
        where.append(c.comment_type.in_(type_in))
    type_not_in = _type_values(q.type__not_in)
    if type_not_in:
        where.append(c.comment_type.not_in(type_not_in))
    if q.parent is not None:
        where.append(c.comment_parent == int(q.parent))
    if q.user_id is not None:
        where.append(c.user_id == int(q.user_id))
    if q.search != "":
        # MySQL compares under a case- and accent-blind collation; dialect.text_like does it elsewhere.
        if collation.is_long(q.search):
            # Too long for a LIKE pattern on SQLite: the same test without LIKE.
            where.append(sa.or_(*(text_contains(storage.dialect, c[name], q.search) for name in SEARCH_COLUMNS)))
        else:
            pattern = _like_pattern(q.search)
            where.append(sa.or_(*(text_like(storage.dialect, c[name], pattern, escape=_LIKE_ESCAPE)
                                  for name in SEARCH_COLUMNS)))
    column = c[q.date_column]
    if q.after is not None:
        where.append(column > q.after)
    if q.before is not None:
        where.append(column < q.before)
    where.extend(q.extra_where)
    return where


def order_clauses(storage: Storage, q: CommentQuery, columns: Any = None) -> list[Any] | None:
    """ORDER BY as WP_Comment_Query builds it; None means "no valid query" (see below).

    `columns`: another source of the comment columns (a subquery's) to order by.
    """
    c = storage.tables.comments.c if columns is None else columns
    desc = str(q.order).upper() != "ASC"

    def directed(col: Any, is_desc: bool) -> Any:
        return col.desc() if is_desc else col.asc()

    if q.orderby in ("none", [], ()):
        return []
    if not q.orderby:
        return [directed(c.comment_date_gmt, desc)]
    names = q.orderby if not isinstance(q.orderby, str) else [v for v in q.orderby.replace(",", " ").split(" ")]
    clauses: list[Any] = []
    kinds: list[tuple[str, bool]] = []
    found_id = False
    for name in names:
        if not name:
            continue
        if name in ("comment_ID", "comment__in"):
            found_id = True
        if name == "comment__in":
            ids = [absint(i) for i in q.comment__in]
            if not ids:
                # FIELD( comment_ID, ) is a syntax error in MySQL: WordPress finds nothing.
                return None
            # FIELD() as a CASE; the positions are SQL literals so every backend sorts them as
            # integers (an untyped parameter would be text on PostgreSQL).
            positions: dict[int, Any] = {}
            for n, i in enumerate(ids):
                positions.setdefault(i, sa.literal_column(str(n)))  # FIELD() finds the first
            clauses.append(sa.case(positions, value=c.comment_ID, else_=sa.literal_column(str(len(ids)))))
            kinds.append((name, False))
            continue
        if name not in ORDERBY_COLUMNS:
            continue
        clauses.append(directed(c[name], desc))
        kinds.append((name, desc))
    if not clauses:
        clauses.append(directed(c.comment_date_gmt, desc))
        kinds.append(("comment_date_gmt", desc))
    if not found_id:
        # The comment_ID tie-breaker follows the first date clause. Without one WordPress means
        # to follow the first clause, but its strpos() arguments are swapped, so it is DESC.
        id_desc = next((d for n, d in kinds if n in ("comment_date", "comment_date_gmt")), True)
        clauses.append(directed(c.comment_ID, id_desc))
    return clauses


@dataclass
class CommentPage:
    rows: list[Row]
    total: int  # found_comments: every match, ignoring number/offset
    # With `with_extras`: the current email of each registered author (None: no such user),
    # whether each comment has children (WP_Comment::get_children counts held and approved
    # ones), and the first value of the requested meta keys by comment.
    user_emails: dict[int, str | None] = field(default_factory=dict)
    children: dict[int, bool] = field(default_factory=dict)
    meta: dict[int, dict[str, str | None]] = field(default_factory=dict)


_EXTRA_COLUMNS: dict[tuple[int, tuple[str, ...]], tuple[Any, list[Any]]] = {}


def _extra_columns(storage: Storage, meta_keys: Sequence[str]) -> list[Any]:
    """Per-comment subqueries that save a round trip each: the author's current email,
    whether the comment has children, the first value of each meta key.

    SQLAlchemy constructs are immutable, so they are built once per table set and reused (the
    set is kept and compared: a gone set's id may be another prefix's later).
    """
    key = (id(storage.tables), tuple(meta_keys))
    kept = _EXTRA_COLUMNS.get(key)
    if kept is None or kept[0] is not storage.tables:
        kept = _EXTRA_COLUMNS[key] = (storage.tables, _build_extra_columns(storage, meta_keys))
    return kept[1]


def _build_extra_columns(storage: Storage, meta_keys: Sequence[str]) -> list[Any]:
    t = storage.tables
    c = t.comments.c
    child = t.comments.alias("child")
    columns = [
        sa.select(t.users.c.user_email).where(t.users.c["ID"] == c.user_id)
        .scalar_subquery().label("_user_email"),
        sa.exists().where(child.c.comment_parent == c.comment_ID, child.c.comment_approved.in_(("0", "1")))
        .label("_has_children"),
    ]
    meta = t.commentmeta
    for n, key in enumerate(meta_keys):
        columns.append(
            sa.select(meta.c.meta_value)
            .where(meta.c.comment_id == c.comment_ID, meta.c.meta_key == key)
            .order_by(meta.c.meta_id).limit(1)
            .scalar_subquery().label(f"_meta_{n}")
        )
    return columns


def _split_extras(records: list[Any], page: CommentPage, with_total: bool, meta_keys: Sequence[str]) -> None:
    for record in records:
        row = dict(record._mapping)
        if with_total:
            page.total = int(row.pop("_found"))
        if "_has_children" in row:
            comment_id = int(row["comment_ID"])
            page.children[comment_id] = bool(row.pop("_has_children"))
            email = row.pop("_user_email")
            if int(row["user_id"] or 0):
                page.user_emails[int(row["user_id"])] = None if email is None else str(email)
            page.meta[comment_id] = {
                key: (None if row.get(f"_meta_{n}") is None else str(row[f"_meta_{n}"]))
                for n, key in enumerate(meta_keys)
            }
            for n in range(len(meta_keys)):
                row.pop(f"_meta_{n}", None)
        page.rows.append(row)


async def query_comments(
    storage: Storage, q: CommentQuery, *, with_total: bool = True, with_extras: bool = False,
    meta_keys: Sequence[str] = (),
) -> CommentPage:
    """Run the query: the requested page of full comment rows and the total number of matches.

    A page is the IDs first (walked in an index when the order allows, no row read), the
    total counted apart only when the page does not tell it (as WordPress's found_comments),
    then the full rows and `with_extras` (the authors' emails, children flags and
    `meta_keys`, see CommentPage) for those IDs only: a window count, or per-row subqueries
    in the paged query, would be computed for every matching row before the LIMIT.
    """
    comments = storage.tables.comments
    order = order_clauses(storage, q)
    if order is None:
        return CommentPage([], 0)
    where = where_clauses(storage, q)
    if not q.number:
        columns: list[Any] = [comments]
        if with_extras:
            columns += _extra_columns(storage, meta_keys)
        query = sa.select(*columns).where(*where).order_by(*order)
        result = CommentPage([], 0)
        records = list(await storage.db.fetch_all(query))
        _split_extras(records, result, False, meta_keys if with_extras else ())
        result.total = len(result.rows)
        return result
    page = sa.select(comments.c.comment_ID).where(*where).order_by(*order)
    page = page.limit(limit_rows(q.number)).offset(offset_rows(q.offset))
    ids = [int(r[0]) for r in await storage.db.fetch_all(page)]
    result = await get_comments_by_ids(storage, ids, with_extras=with_extras, meta_keys=meta_keys)
    by_id = {int(row["comment_ID"]): row for row in result.rows}
    result.rows = [by_id[i] for i in ids if i in by_id]
    if not with_total:
        result.total = len(result.rows)
    elif (ids and len(ids) < int(q.number)) or (not ids and not q.offset):
        result.total = int(q.offset) + len(ids)  # the page ends the list: no count needed
    else:
        result.total = await _list_total(storage, q)
    return result


async def query_comments_per_post(
    storage: Storage, q: CommentQuery, *, meta_keys: Sequence[str] = ()
) -> dict[int, CommentPage]:
    """`query_comments(q with post__in=[ID], with_extras=True)` for every ID of `q.post__in`,
    in one query: the page of each post and its own total, by post ID.

    A ranking window partitioned by post pages each post as its own query would (same order,
    `number` and `offset`), and a partitioned COUNT gives each post's total. For `_embed`,
    whose `replies` link asks for the comments of every post of a page.
    """
    comments = storage.tables.comments
    order = order_clauses(storage, q)
    if order is None or not q.number:
        return {}
    post = comments.c.comment_post_ID
    inner = (
        sa.select(
            comments,
            sa.func.count().over(partition_by=post).label("_found"),
            sa.func.row_number().over(partition_by=post, order_by=order or None).label("_rank"),
            *_extra_columns(storage, meta_keys),
        )
        .where(*where_clauses(storage, q))
        .subquery()
    )
    first, last = int(q.offset), int(q.offset) + int(q.number)
    query = (
        sa.select(inner)
        .where(inner.c._rank > first, inner.c._rank <= last)
        .order_by(inner.c.comment_post_ID, inner.c._rank)
    )
    by_post: dict[int, list[Any]] = {}
    for record in await storage.db.fetch_all(query):
        by_post.setdefault(int(record._mapping["comment_post_ID"]), []).append(record)
    pages: dict[int, CommentPage] = {}
    for post_id, records in by_post.items():
        page = pages[post_id] = CommentPage([], 0)
        _split_extras(records, page, True, meta_keys)
        for row in page.rows:
            row.pop("_rank", None)
    return pages


async def get_comments_by_ids(
    storage: Storage, comment_ids: Iterable[int], *, with_extras: bool = False, meta_keys: Sequence[str] = ()
) -> CommentPage:
    """Comments by id (no order), optionally with the extras of `query_comments`."""
    ids = sorted({int(i) for i in comment_ids})
    if not ids:
        return CommentPage([], 0)
    comments = storage.tables.comments
    columns: list[Any] = [comments]
    if with_extras:
        columns += _extra_columns(storage, meta_keys)
    query = sa.select(*columns).where(comments.c.comment_ID.in_(ids))
    result = CommentPage([], 0)
    records = list(await storage.db.fetch_all(query))
    _split_extras(records, result, False, meta_keys if with_extras else ())
    result.total = len(result.rows)
    return result


async def count_comments(storage: Storage, q: CommentQuery) -> int:
    """WP_Comment_Query with `count => true`."""
    comments = storage.tables.comments
    query = sa.select(sa.func.count()).select_from(comments).where(*where_clauses(storage, q))
    return int(await storage.db.fetch_val(query) or 0)


async def _list_total(storage: Storage, q: CommentQuery) -> int:
    """found_comments of a list, remembered until a comment (or a post, a user …) changes: a
    million comments take tens of milliseconds to count even on their index."""
    comments = storage.tables.comments
    query = sa.select(sa.func.count()).select_from(comments).where(*where_clauses(storage, q))

    async def counted() -> int:
        return int(await storage.db.fetch_val(query) or 0)

    return await remembered_total(storage, statement_key(query), COMMENT_TOTALS, counted)


async def get_posts_for_comments(storage: Storage, post_ids: Iterable[int]) -> dict[int, Row]:
    """The rows (POST_COLUMNS) of the posts comments belong to, in one query."""
    ids = sorted({int(i) for i in post_ids if i})
    if not ids:
        return {}
    query = bind(prebuilt_statement(storage, "posts_by_id", _posts_by_id), ids=ids)
    return {int(r.ID): dict(r._mapping) for r in await storage.db.fetch_all(query)}


def _posts_by_id(storage: Storage) -> Any:
    posts = storage.tables.posts
    ids = sa.bindparam("ids", expanding=True)
    return sa.select(*(posts.c[name] for name in POST_COLUMNS)).where(posts.c["ID"].in_(ids))


async def ids_with_children(storage: Storage, comment_ids: Iterable[int]) -> set[int]:
    """Which of these comments have a child that WP_Comment::get_children() counts.

    get_children() queries with status 'all' (approved or held): spam and trash do not count.
    """
    ids = sorted({int(i) for i in comment_ids})
    if not ids:
        return set()
    c = storage.tables.comments.c
    query = (
        sa.select(c.comment_parent)
        .where(c.comment_parent.in_(ids), c.comment_approved.in_(("0", "1")))
        .distinct()
    )
    return {int(r.comment_parent) for r in await storage.db.fetch_all(query)}


async def user_emails(storage: Storage, user_ids: Iterable[int]) -> dict[int, str]:
    """user_email of existing users (a missing user is absent from the answer)."""
    ids = sorted({int(i) for i in user_ids if i})
    if not ids:
        return {}
    users = storage.tables.users
    query = sa.select(users.c.ID, users.c.user_email).where(users.c.ID.in_(ids))
    return {int(r.ID): str(r.user_email) for r in await storage.db.fetch_all(query)}


async def older_top_level_count(
    storage: Storage, comment: Mapping[str, Any], include_unapproved: Sequence[int | str] = ()
) -> int:
    """get_page_of_comment()'s count: approved top-level comments of the same post, older
    (comment_date_gmt strictly before) than `comment`, plus the viewer's own held ones."""
    q = CommentQuery(
        status="approve",
        post_id=int(comment["comment_post_ID"]),
        parent=0,
        before=str(comment["comment_date_gmt"]),
        date_column="comment_date_gmt",
        include_unapproved=include_unapproved,
    )
    return await count_comments(storage, q)


# ---------------------------------------------------------------- comment meta


async def get_comment_meta(storage: Storage, comment_id: int, key: str | None = None) -> dict[str, list[str]]:
    """get_comment_meta( $id ) (all keys) or one key: values by key, in insertion order."""
    meta = storage.tables.commentmeta
    query = sa.select(meta.c.meta_key, meta.c.meta_value).where(meta.c.comment_id == int(comment_id))
    if key is not None:
        query = query.where(meta.c.meta_key == key)
    out: dict[str, list[str]] = {}
    for r in await storage.db.fetch_all(query.order_by(meta.c.meta_id)):
        out.setdefault(str(r.meta_key), []).append("" if r.meta_value is None else str(r.meta_value))
    return out


async def get_comment_meta_value(storage: Storage, comment_id: int, key: str) -> str | None:
    """get_comment_meta( $id, $key, true ): the first value, None when there is none."""
    values = (await get_comment_meta(storage, comment_id, key)).get(key)
    return values[0] if values else None


async def get_meta_for_comments(
    storage: Storage, comment_ids: Iterable[int], keys: Iterable[str]
) -> dict[int, dict[str, list[str]]]:
    """Meta of several comments for a few keys, in one query (REST `meta` of a page)."""
    ids = sorted({int(i) for i in comment_ids})
    wanted = list(keys)
    if not ids or not wanted:
        return {}
    meta = storage.tables.commentmeta
    query = (
        sa.select(meta.c.comment_id, meta.c.meta_key, meta.c.meta_value)
        .where(meta.c.comment_id.in_(ids), meta.c.meta_key.in_(wanted))
        .order_by(meta.c.meta_id)
    )
    out: dict[int, dict[str, list[str]]] = {}
    for r in await storage.db.fetch_all(query):
        value = "" if r.meta_value is None else str(r.meta_value)
        out.setdefault(int(r.comment_id), {}).setdefault(str(r.meta_key), []).append(value)
    return out
