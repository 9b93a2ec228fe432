"""Comments: WP_Comment_Query in SQLAlchemy Core, comment counts and comment meta.

`CommentQuery` takes WP_Comment_Query's own query vars (not the REST names), so other callers
(feeds, the comment form, the admin) share one implementation. The SQL is portable (SQLite,
PostgreSQL, MariaDB/MySQL): no FIELD(), no LIMIT x,y, no SQL_CALC_FOUND_ROWS.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine.row import Row as SQLRow

from wpcompat.storage import collation
from wpcompat.storage.count_memo import COMMENT_TOTALS, remembered_total, statement_key
from wpcompat.storage.database import limit_rows, offset_rows
from wpcompat.storage.dialect import text_contains, text_like
from wpcompat.storage.prebuilt import bind, per_shape, prebuilt_statement, statement
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


# A condition of the WHERE clause as data, so that a query's shape is known without building
# it: (operator, column, parameter) with operator one of "=", "in", "not_in", ">", "<", or
# ("or" | "and", (conditions…)). Parameters are named by position ("cq_0", "cq_1", …): two
# queries with the same conditions have the same tuple, whatever their values.
Condition = tuple[Any, ...]
_EXPANDING = frozenset({"in", "not_in"})


class _Values:
    """The values of a query's conditions, by parameter name, in the order they are met."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def param(self, value: Any) -> str:
        name = f"cq_{len(self.values)}"
        self.values[name] = value
        return name


def _any(conditions: list[Condition]) -> Condition:
    return conditions[0] if len(conditions) == 1 else ("or", tuple(conditions))


def _status_condition(q: CommentQuery, v: _Values) -> Condition | None:
    statuses = _split(q.status) or ["all"]
    approved: list[Condition] = []
    if "any" not in statuses:
        clauses: list[Condition] = []
        for status in statuses:
            if status == "hold":
                clauses.append(("=", "comment_approved", v.param("0")))
            elif status == "approve":
                clauses.append(("=", "comment_approved", v.param("1")))
            elif status in ("all", ""):
                clauses.append(("in", "comment_approved", v.param(["0", "1"])))
            else:
                # Anything else is compared literally ('spam', 'trash', or nothing at all).
                clauses.append(("=", "comment_approved", v.param(str(status))))
        if clauses:
            approved.append(_any(clauses))
    for who in q.include_unapproved:
        if isinstance(who, int) or str(who).isdigit():
            owner: Condition = ("=", "user_id", v.param(int(who)))
        else:
            owner = ("=", "comment_author_email", v.param(str(who)))
        approved.append(("and", (owner, ("=", "comment_approved", v.param("0")))))
    return _any(approved) if approved else None


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


def _conditions(q: CommentQuery, v: _Values) -> tuple[Condition, ...]:
    """The WHERE conditions of WP_Comment_Query::get_comment_ids() for `q`, as data (but the
    search and `extra_where`: see `where_clauses`), their values in `v`."""
    out: list[Condition] = []
    status = _status_condition(q, v)
    if status is not None:
        out.append(status)
    if q.post_id:
        out.append(("=", "comment_post_ID", v.param(int(q.post_id))))
    # `! empty( array(0) )` is true in PHP: post=0 / parent=0 lists do filter.
    for ids, column, operator in (
        (q.comment__in, "comment_ID", "in"), (q.comment__not_in, "comment_ID", "not_in"),
        (q.parent__in, "comment_parent", "in"), (q.parent__not_in, "comment_parent", "not_in"),
        (q.post__in, "comment_post_ID", "in"), (q.post__not_in, "comment_post_ID", "not_in"),
        (q.author__in, "user_id", "in"), (q.author__not_in, "user_id", "not_in"),
    ):
        if ids:
            out.append((operator, column, v.param(sorted({absint(i) for i in ids}))))
    if q.author_email != "":
        out.append(("=", "comment_author_email", v.param(q.author_email)))
    type_in = _type_values([*_split(q.type), *q.type__in])
    if type_in:
        out.append(("in", "comment_type", v.param(type_in)))
    type_not_in = _type_values(q.type__not_in)
    if type_not_in:
        out.append(("not_in", "comment_type", v.param(type_not_in)))
    if q.parent is not None:
        out.append(("=", "comment_parent", v.param(int(q.parent))))
    if q.user_id is not None:
        out.append(("=", "user_id", v.param(int(q.user_id))))
    if q.after is not None:
        out.append((">", q.date_column, v.param(q.after)))
    if q.before is not None:
        out.append(("<", q.date_column, v.param(q.before)))
    return tuple(out)


def _render(c: Any, condition: Condition, value: Callable[[str, bool], Any]) -> Any:
    """One condition in SQLAlchemy; `value(name, expanding)` gives its parameter (the value
    itself, or a bind parameter of a statement built once)."""
    operator = condition[0]
    if operator in ("or", "and"):
        parts = [_render(c, part, value) for part in condition[1]]
        return sa.or_(*parts) if operator == "or" else sa.and_(*parts)
    column = c[condition[1]]
    bound = value(condition[2], operator in _EXPANDING)
    if operator == "=":
        return column == bound
    if operator == "in":
        return column.in_(bound)
    if operator == "not_in":
        return column.not_in(bound)
    return column > bound if operator == ">" else column < bound


def _search_clause(storage: Storage, q: CommentQuery) -> Any:
    c = storage.tables.comments.c
    # MySQL compares under a case- and accent-blind collation; dialect.text_like does it elsewhere.
    if collation.is_long(q.search):
        # Too long for a LIKE pattern on SQLite: the same test without LIKE.
        return sa.or_(*(text_contains(storage.dialect, c[name], q.search) for name in SEARCH_COLUMNS))
    pattern = _like_pattern(q.search)
    return sa.or_(*(text_like(storage.dialect, c[name], pattern, escape=_LIKE_ESCAPE) for name in SEARCH_COLUMNS))


def where_clauses(storage: Storage, q: CommentQuery) -> list[Any]:
    """The WHERE conditions of WP_Comment_Query::get_comment_ids() for `q`, values inline."""
    c = storage.tables.comments.c
    v = _Values()
    where = [_render(c, condition, lambda name, _expanding: v.values[name]) for condition in _conditions(q, v)]
    if q.search != "":
        where.append(_search_clause(storage, q))
    where.extend(q.extra_where)
    return where


# An ORDER BY as data: (column, descending) pairs; "comment__in" is FIELD( comment_ID, … ).
OrderTerms = tuple[tuple[str, bool], ...]


def _order_terms(q: CommentQuery) -> OrderTerms | None:
    """ORDER BY as WP_Comment_Query builds it; None means "no valid query" (see below)."""
    desc = str(q.order).upper() != "ASC"
    if q.orderby in ("none", [], ()):
        return ()
    if not q.orderby:
        return (("comment_date_gmt", desc),)
    names = q.orderby if not isinstance(q.orderby, str) else [v for v in q.orderby.replace(",", " ").split(" ")]
    terms: list[tuple[str, bool]] = []
    found_id = False
    for name in names:
        if not name:
            continue
        if name in ("comment_ID", "comment__in"):
            found_id = True
        if name == "comment__in":
            if not q.comment__in:
                # FIELD( comment_ID, ) is a syntax error in MySQL: WordPress finds nothing.
                return None
            terms.append((name, False))
            continue
        if name not in ORDERBY_COLUMNS:
            continue
        terms.append((name, desc))
    if not terms:
        terms.append(("comment_date_gmt", desc))
    if not found_id:
        # The comment_ID tie-breaker follows the first date clause. Without one WordPress means
        # to follow the first clause, but its strpos() arguments are swapped, so it is DESC.
        id_desc = next((d for n, d in terms if n in ("comment_date", "comment_date_gmt")), True)
        terms.append(("comment_ID", id_desc))
    return tuple(terms)


def _render_order(c: Any, terms: OrderTerms, q: CommentQuery) -> list[Any]:
    clauses: list[Any] = []
    for name, desc in terms:
        if name == "comment__in":
            # FIELD() as a CASE; the positions are SQL literals so every backend sorts them as
            # integers (an untyped parameter would be text on PostgreSQL).
            ids = [absint(i) for i in q.comment__in]
            positions: dict[int, Any] = {}
            for n, i in enumerate(ids):
                positions.setdefault(i, sa.literal_column(str(n)))  # FIELD() finds the first
            clauses.append(sa.case(positions, value=c.comment_ID, else_=sa.literal_column(str(len(ids)))))
        else:
            clauses.append(c[name].desc() if desc else c[name].asc())
    return clauses


def order_clauses(storage: Storage, q: CommentQuery, columns: Any = None) -> list[Any] | None:
    """ORDER BY as WP_Comment_Query builds it; None means "no valid query" (see `_order_terms`).

    `columns`: another source of the comment columns (a subquery's) to order by.
    """
    terms = _order_terms(q)
    if terms is None:
        return None
    return _render_order(storage.tables.comments.c if columns is None else columns, terms, q)


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


def _dicts(records: list[Any]) -> list[Row]:
    """The records' columns by name. SQLAlchemy's rows (SQLite, MariaDB) share their column
    names, taken once; `dict(record._mapping)` would go through `databases`' Python
    `__getitem__` once per column. (PostgreSQL's asyncpg records make their dict in C.)"""
    if not records:
        return []
    first = records[0]._mapping
    if isinstance(first, SQLRow):
        names = first._fields
        return [dict(zip(names, record._mapping, strict=True)) for record in records]
    return [dict(record._mapping) for record in records]


def _split_extras(records: list[Any], page: CommentPage, with_total: bool, meta_keys: Sequence[str],
                  with_extras: bool) -> None:
    meta_names = [(f"_meta_{n}", key) for n, key in enumerate(meta_keys)]
    for row in _dicts(records):
        if with_total:
            page.total = int(row.pop("_found"))
        if with_extras:
            comment_id = int(row["comment_ID"])
            page.children[comment_id] = bool(row.pop("_has_children"))
            email = row.pop("_user_email")
            if int(row["user_id"] or 0):
                page.user_emails[int(row["user_id"])] = None if email is None else str(email)
            values: dict[str, str | None] = {}
            for name, key in meta_names:
                value = row.pop(name)
                values[key] = None if value is None else str(value)
            page.meta[comment_id] = values
        page.rows.append(row)


# ---------------------------------------------------------------- statements by shape


@dataclass(frozen=True, slots=True)
class _Plan:
    """A query as the shape of its statement (conditions and order, as data) and its values."""

    shape: tuple[Condition, ...]
    order: OrderTerms
    values: dict[str, Any]

    def hashable_values(self) -> Hashable:
        return tuple((name, tuple(v) if isinstance(v, list) else v) for name, v in self.values.items())


def _plan(q: CommentQuery) -> _Plan | None:
    """`q` as a shape and values, or None for what is built anew each time: a search (its
    pattern decides the SQL on some backends), `extra_where`, FIELD() orders (their positions
    are SQL literals) and "no valid query"."""
    if q.search != "" or q.extra_where:
        return None
    order = _order_terms(q)
    if order is None or any(name == "comment__in" for name, _desc in order):
        return None
    v = _Values()
    shape = _conditions(q, v)
    return _Plan(shape, order, v.values)


def _shaped(storage: Storage, key: Hashable, build: Callable[[Storage], Any]) -> Any:
    """The statement of this shape, built and compiled once per storage (storage/prebuilt.py);
    each call only binds its values. Building a statement and walking it for its cache key
    cost more than SQLite spends running it."""
    return per_shape(storage, "comments", key, lambda: statement(storage, "comments:" + repr(key), build))


def _bind_param(name: str, expanding: bool) -> Any:
    return sa.bindparam(name, expanding=expanding)


def _planned_where(storage: Storage, plan: _Plan) -> list[Any]:
    c = storage.tables.comments.c
    return [_render(c, condition, _bind_param) for condition in plan.shape]


def _planned_order(storage: Storage, plan: _Plan) -> list[Any]:
    return _render_order(storage.tables.comments.c, plan.order, CommentQuery())


def _rows_statement(storage: Storage, plan: _Plan, extras: tuple[str, ...] | None, paged: bool) -> Any:
    """The comment rows (and `extras`, see CommentPage) of the query, in its order; `paged`:
    only the page `cq_limit`/`cq_offset`, chosen on the comment IDs alone (walked in an index
    when the order allows, no row read) in a derived table, so that the extras' per-row
    subqueries run for the page's rows only, in one round trip.

    The page carries its order's columns and the rows are sorted again by those: sorted by
    the joined table's columns, MariaDB copies the joined rows (extras evaluated) into a
    temporary table to sort them, which doubled its CPU for a page of comments; by the first
    table's own columns it sorts the page in place."""

    def build(storage: Storage) -> Any:
        comments = storage.tables.comments
        columns: list[Any] = [comments, *(_extra_columns(storage, extras) if extras is not None else ())]
        if not paged:
            return sa.select(*columns).where(*_planned_where(storage, plan)).order_by(*_planned_order(storage, plan))
        ordered = dict.fromkeys(["comment_ID", *(name for name, _desc in plan.order)])
        page = (
            sa.select(*(comments.c[name] for name in ordered)).where(*_planned_where(storage, plan))
            .order_by(*_planned_order(storage, plan))
            .limit(sa.bindparam("cq_limit", type_=sa.BigInteger))
            .offset(sa.bindparam("cq_offset", type_=sa.BigInteger))
            .subquery("page")
        )
        return (
            sa.select(*columns).select_from(page).join(comments, comments.c.comment_ID == page.c.comment_ID)
            .order_by(*_render_order(page.c, plan.order, CommentQuery()))
        )

    return _shaped(storage, ("rows", plan.shape, plan.order, extras, paged), build)


def _ids_statement(storage: Storage, plan: _Plan) -> Any:
    """The IDs of the page `cq_limit`/`cq_offset` of the query, in its order."""

    def build(storage: Storage) -> Any:
        comments = storage.tables.comments
        return (
            sa.select(comments.c.comment_ID).where(*_planned_where(storage, plan))
            .order_by(*_planned_order(storage, plan))
            .limit(sa.bindparam("cq_limit", type_=sa.BigInteger))
            .offset(sa.bindparam("cq_offset", type_=sa.BigInteger))
        )

    return _shaped(storage, ("ids", plan.shape, plan.order), build)


def _count_statement(storage: Storage, plan: _Plan) -> Any:
    def build(storage: Storage) -> Any:
        comments = storage.tables.comments
        return sa.select(sa.func.count()).select_from(comments).where(*_planned_where(storage, plan))

    return _shaped(storage, ("count", plan.shape), build)


async def query_comments(
    storage: Storage, q: CommentQuery, *, with_total: bool = True, with_extras: bool = False,
    meta_keys: Sequence[str] = (),
) -> CommentPage:
    """Run the query: the requested page of full comment rows and the total number of matches.

    A page is chosen on the IDs first (walked in an index when the order allows, no row
    read), then the full rows and `with_extras` (the authors' emails, children flags and
    `meta_keys`, see CommentPage) are read for those IDs only: a window count, or per-row
    subqueries in the paged query, would be computed for every matching row before the
    LIMIT. Both are one statement (the page a derived table) when the order is total. The
    total is counted apart only when the page does not tell it (as WordPress's
    found_comments), and remembered (storage/count_memo.py).

    Each shape of query is one statement built and compiled once (`_plan`, `_shaped`): a
    request only binds its values.
    """
    plan = _plan(q)
    if plan is None:
        return await _query_comments_built(storage, q, with_total=with_total, with_extras=with_extras,
                                           meta_keys=meta_keys)
    extras = tuple(meta_keys) if with_extras else None
    result = CommentPage([], 0)
    if not q.number:
        records = await storage.db.fetch_all(bind(_rows_statement(storage, plan, extras, False), **plan.values))
        _split_extras(records, result, False, meta_keys, with_extras)
        result.total = len(result.rows)
        return result
    limit, offset = limit_rows(q.number), offset_rows(q.offset)
    if any(name == "comment_ID" for name, _desc in plan.order):
        # A total order: the page and its rows in one statement, sorted again the same way.
        query = bind(_rows_statement(storage, plan, extras, True), cq_limit=limit, cq_offset=offset, **plan.values)
        _split_extras(await storage.db.fetch_all(query), result, False, meta_keys, with_extras)
        found = len(result.rows)
    else:
        # Ties in an order the database chose: the rows are put in the order of the page's IDs.
        query = bind(_ids_statement(storage, plan), cq_limit=limit, cq_offset=offset, **plan.values)
        ids = [int(r[0]) for r in await storage.db.fetch_all(query)]
        result = await get_comments_by_ids(storage, ids, with_extras=with_extras, meta_keys=meta_keys)
        _in_order(result, ids)
        found = len(ids)
    if not with_total:
        result.total = len(result.rows)
    elif (found and found < int(q.number)) or (not found and not q.offset):
        result.total = int(q.offset) + found  # the page ends the list: no count needed
    else:
        result.total = await _planned_total(storage, plan)
    return result


def _in_order(result: CommentPage, ids: list[int]) -> None:
    """The rows fetched by ID in the page's order (a comment gone in between is left out)."""
    by_id = {int(row["comment_ID"]): row for row in result.rows}
    result.rows = [by_id[i] for i in ids if i in by_id]


async def _query_comments_built(
    storage: Storage, q: CommentQuery, *, with_total: bool, with_extras: bool, meta_keys: Sequence[str]
) -> CommentPage:
    """`query_comments` for the queries `_plan` leaves out, built anew each time."""
    comments = storage.tables.comments
    order = order_clauses(storage, q)
    if order is None:
        return CommentPage([], 0)
    where = where_clauses(storage, q)
    extras = meta_keys if with_extras else ()
    if not q.number:
        columns: list[Any] = [comments]
        if with_extras:
            columns += _extra_columns(storage, meta_keys)
        query = sa.select(*columns).where(*where).order_by(*order)
        result = CommentPage([], 0)
        _split_extras(list(await storage.db.fetch_all(query)), result, False, extras, with_extras)
        result.total = len(result.rows)
        return result
    page = sa.select(comments.c.comment_ID).where(*where).order_by(*order)
    page = page.limit(limit_rows(q.number)).offset(offset_rows(q.offset))
    ids = [int(r[0]) for r in await storage.db.fetch_all(page)]
    result = await get_comments_by_ids(storage, ids, with_extras=with_extras, meta_keys=meta_keys)
    _in_order(result, ids)
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
    plan = _plan(q)
    if plan is None:
        query = _per_post_built(storage, q, meta_keys)
        if query is None:
            return {}
    elif not q.number:
        return {}
    else:
        first, last = int(q.offset), int(q.offset) + int(q.number)
        query = bind(_per_post_statement(storage, plan, tuple(meta_keys)), cq_first=first, cq_last=last,
                     **plan.values)
    by_post: dict[int, list[Any]] = {}
    for record in await storage.db.fetch_all(query):
        by_post.setdefault(int(record._mapping["comment_post_ID"]), []).append(record)
    pages: dict[int, CommentPage] = {}
    for post_id, records in by_post.items():
        page = pages[post_id] = CommentPage([], 0)
        _split_extras(records, page, True, meta_keys, True)
        for row in page.rows:
            row.pop("_rank", None)
    return pages


def _per_post_select(storage: Storage, where: list[Any], order: list[Any], meta_keys: Sequence[str],
                     first: Any, last: Any) -> Any:
    comments = storage.tables.comments
    post = comments.c.comment_post_ID
    inner = (
        sa.select(
            comments,
            sa.func.count().over(partition_by=post).label("_found"),
            sa.func.row_number().over(partition_by=post, order_by=order or None).label("_rank"),
            *_extra_columns(storage, meta_keys),
        )
        .where(*where)
        .subquery()
    )
    return (
        sa.select(inner)
        .where(inner.c._rank > first, inner.c._rank <= last)
        .order_by(inner.c.comment_post_ID, inner.c._rank)
    )


def _per_post_statement(storage: Storage, plan: _Plan, meta_keys: tuple[str, ...]) -> Any:
    def build(storage: Storage) -> Any:
        first = sa.bindparam("cq_first", type_=sa.BigInteger)
        last = sa.bindparam("cq_last", type_=sa.BigInteger)
        return _per_post_select(storage, _planned_where(storage, plan), _planned_order(storage, plan), meta_keys,
                                first, last)

    return _shaped(storage, ("per_post", plan.shape, plan.order, meta_keys), build)


def _per_post_built(storage: Storage, q: CommentQuery, meta_keys: Sequence[str]) -> Any:
    order = order_clauses(storage, q)
    if order is None or not q.number:
        return None
    first, last = int(q.offset), int(q.offset) + int(q.number)
    return _per_post_select(storage, where_clauses(storage, q), order, meta_keys, first, last)


async def get_comments_by_ids(
    storage: Storage, comment_ids: Iterable[int], *, with_extras: bool = False, meta_keys: Sequence[str] = ()
) -> CommentPage:
    """Comments by id (no order), optionally with the extras of `query_comments`."""
    ids = sorted({int(i) for i in comment_ids})
    if not ids:
        return CommentPage([], 0)
    extras = tuple(meta_keys) if with_extras else None

    def build(storage: Storage) -> Any:
        comments = storage.tables.comments
        columns: list[Any] = [comments, *(_extra_columns(storage, extras) if extras is not None else ())]
        return sa.select(*columns).where(comments.c.comment_ID.in_(sa.bindparam("cq_ids", expanding=True)))

    query = bind(_shaped(storage, ("by_ids", extras), build), cq_ids=ids)
    result = CommentPage([], 0)
    _split_extras(await storage.db.fetch_all(query), result, False, meta_keys, with_extras)
    result.total = len(result.rows)
    return result


async def count_comments(storage: Storage, q: CommentQuery) -> int:
    """WP_Comment_Query with `count => true`."""
    plan = _plan(q)
    if plan is None:
        comments = storage.tables.comments
        query: Any = sa.select(sa.func.count()).select_from(comments).where(*where_clauses(storage, q))
    else:
        query = bind(_count_statement(storage, plan), **plan.values)
    return int(await storage.db.fetch_val(query) or 0)


async def _planned_total(storage: Storage, plan: _Plan) -> int:
    """found_comments of a list, remembered until a comment (or a post, a user …) changes: a
    million comments take tens of milliseconds to count even on their index."""
    query = bind(_count_statement(storage, plan), **plan.values)

    async def counted() -> int:
        return int(await storage.db.fetch_val(query) or 0)

    key = ("comments.count", plan.shape, plan.hashable_values())
    return await remembered_total(storage, key, COMMENT_TOTALS, counted)


async def _list_total(storage: Storage, q: CommentQuery) -> int:
    """`_planned_total` for the queries `_plan` leaves out."""
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

    def build(storage: Storage) -> Any:
        c = storage.tables.comments.c
        return (
            sa.select(c.comment_parent)
            .where(c.comment_parent.in_(sa.bindparam("cq_ids", expanding=True)), c.comment_approved.in_(("0", "1")))
            .distinct()
        )

    query = bind(statement(storage, "comments.with_children", build), cq_ids=ids)
    return {int(r[0]) for r in await storage.db.fetch_all(query)}


async def user_emails(storage: Storage, user_ids: Iterable[int]) -> dict[int, str]:
    """user_email of existing users (a missing user is absent from the answer)."""
    ids = sorted({int(i) for i in user_ids if i})
    if not ids:
        return {}

    def build(storage: Storage) -> Any:
        users = storage.tables.users
        return sa.select(users.c.ID, users.c.user_email).where(users.c.ID.in_(sa.bindparam("cq_ids", expanding=True)))

    query = bind(statement(storage, "comments.user_emails", build), cq_ids=ids)
    return {int(r[0]): str(r[1]) for r in await storage.db.fetch_all(query)}


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

    def build(storage: Storage) -> Any:
        meta = storage.tables.commentmeta
        return (
            sa.select(meta.c.comment_id, meta.c.meta_key, meta.c.meta_value)
            .where(meta.c.comment_id.in_(sa.bindparam("cq_ids", expanding=True)),
                   meta.c.meta_key.in_(sa.bindparam("cq_keys", expanding=True)))
            .order_by(meta.c.meta_id)
        )

    query = bind(statement(storage, "comments.meta_of", build), cq_ids=ids, cq_keys=wanted)
    out: dict[int, dict[str, list[str]]] = {}
    for r in await storage.db.fetch_all(query):
        value = "" if r[2] is None else str(r[2])
        out.setdefault(int(r[0]), {}).setdefault(str(r[1]), []).append(value)
    return out
