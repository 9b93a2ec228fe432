"""WP_Query in SQLAlchemy Core: which posts a REST collection lists, and the rows around them.

`PostQuery` holds WP_Query's query vars as the REST controllers set them; `find_posts` turns
them into one SELECT (plus a COUNT only when the page does not tell the total by itself).
The batch loaders (`post_meta`, `object_terms`, `revision_stats`, `posts_by_id`) each read
what a whole page of posts needs in one query, so a list costs the same few queries whatever
its length. Everything is portable SQL: case-insensitive LIKE through lower(), no
backend-specific functions, so SQLite, PostgreSQL and MariaDB give the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Row as SARow

from wpcompat.storage import collation, prebuilt, search_words
from wpcompat.storage.count_memo import (
    IdSet,
    post_totals,
    recall,
    remember,
    remembered_members,
    remembered_total,
    statement_key,
)
from wpcompat.storage.database import limit_rows, offset_rows
from wpcompat.storage.dialect import selective, text_contains, text_equals, text_like, walked
from wpcompat.storage.prebuilt import bind, per_shape, prebuilt_statement
from wpcompat.storage.search_index import has_search_index
from wpcompat.storage.search_index import term_condition as _index_condition
from wpcompat.storage.terms import collation_key as _term_collation_key
from wpcompat.storage.terms import descendants as _descendants

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

Row = dict[str, Any]

# WordPress's English search stopwords (get_search_stopwords), skipped as search terms.
SEARCH_STOPWORDS = frozenset((
    "about", "an", "are", "as", "at", "be", "by", "com", "for", "from", "how", "in", "is", "it", "of",
    "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "who", "will", "with", "www",
))
# Statuses WP_Query leaves out of `post_status=any` (exclude_from_search).
EXCLUDED_FROM_ANY = ("trash", "auto-draft", "request-pending", "request-confirmed",
                     "request-failed", "request-completed")
_TERM_RE = re.compile(r'".*?("|$)|((?<=[\t ",+])|^)[^\t ",+]+')
_SINGLE_LETTER_RE = re.compile(r"^[a-z\-]$", re.I)
# A search matching at most this many posts keeps their IDs where no full-text index finds them.
_FEW_MATCHES = 1000
# Row positions kept per list (storage/posts._paged).
_POSITIONS_KEPT = 64


def as_dicts(records: Sequence[Any]) -> list[Row]:
    """Records as plain dicts, through the SQLAlchemy row underneath when there is one
    (zip over its fields is several times cheaper than a lookup per column)."""
    out: list[Row] = []
    parent: Any = None
    fields: Any = None
    for record in records:
        row = record._mapping
        # The rows of one result share their metadata: its field names are read once.
        row_parent = getattr(row, "_parent", None)
        if row_parent is None:
            out.append(dict(row))
            continue
        if row_parent is not parent:
            parent, fields = row_parent, row._fields
        out.append(dict(zip(fields, row, strict=True)))
    return out


def as_tuples(records: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Records as value tuples in SELECT order (cheap: no lookup per column by name)."""
    out: list[tuple[Any, ...]] = []
    for record in records:
        row = record._mapping
        out.append(tuple(row) if isinstance(row, SARow) else tuple(row.values()))
    return out


# ---------------------------------------------------------------- the query


@dataclass
class TaxClause:
    """One tax_query clause: term ids of one taxonomy, IN / AND / NOT IN."""

    taxonomy: str
    terms: list[int]
    operator: str = "IN"
    include_children: bool = False


@dataclass
class DateClause:
    column: str  # post_date or post_modified
    after: str | None = None  # site-local `Y-m-d H:i:s`, exclusive
    before: str | None = None


@dataclass
class PostQuery:
    """WP_Query's query vars, as the REST controllers fill them."""

    post_types: list[str] = field(default_factory=lambda: ["post"])
    statuses: list[str] = field(default_factory=lambda: ["publish"])
    include: list[int] = field(default_factory=list)  # post__in
    exclude: list[int] = field(default_factory=list)  # post__not_in
    authors: list[int] = field(default_factory=list)
    authors_exclude: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)  # post_parent__in
    parents_exclude: list[int] = field(default_factory=list)
    parent: int | None = None  # post_parent (revisions)
    slugs: list[str] = field(default_factory=list)  # post_name__in
    menu_order: int | None = None
    mime_prefixes: list[str] = field(default_factory=list)  # attachments: `image` → image/%
    mime_types: list[str] = field(default_factory=list)
    search: str = ""
    search_columns: list[str] = field(default_factory=list)  # 6.2+: empty = all three
    exact: bool = False  # search_semantics=exact (6.7+)
    hide_protected_in_search: bool = True  # anonymous searches skip password-protected posts
    dates: list[DateClause] = field(default_factory=list)
    tax_relation: str = "AND"
    tax: list[TaxClause] = field(default_factory=list)
    tax_any: list[TaxClause] = field(default_factory=list)  # an OR group ANDed with the rest (format)
    orderby: str = "date"  # WP_Query names: date, ID, title, post_name, modified, parent, author,
    # menu_order, post__in, post_name__in, relevance
    order: str = "DESC"
    per_page: int | None = 10  # None = all (posts_per_page -1)
    page: int = 1
    offset: int | None = None
    none: bool = False  # a query known to match nothing (e.g. sticky=true without sticky posts)

    @property
    def start(self) -> int:
        if self.per_page is None:
            return 0  # posts_per_page -1 is nopaging: no LIMIT, and offset is ignored
        if self.offset is not None:
            return abs(self.offset)
        return max(self.page - 1, 0) * self.per_page


# The fields of a PostQuery that its WHERE depends on (build_where's memo key).
_CONDITION_FIELDS = tuple(f for f in PostQuery.__dataclass_fields__
                          if f not in ("orderby", "order", "per_page", "page", "offset"))


def parse_search_terms(search: str) -> tuple[list[str], int]:
    """WP_Query::parse_search: the terms (quoted phrases kept whole) and how many were typed."""
    search = search.replace("\r", "").replace("\n", "")
    matches = [m.group(0) for m in _TERM_RE.finditer(search)]
    if not matches:
        return [search], 1
    checked: list[str] = []
    for raw in matches:
        # A quoted phrase keeps its inner spaces.
        term = raw.strip("\"'") if re.match(r'^".+"$', raw) else raw.strip("\"' ")
        if not term or (len(term.encode()) == 1 and _SINGLE_LETTER_RE.match(term)):
            continue
        if term.lower() in SEARCH_STOPWORDS:
            continue
        checked.append(term)
    if not checked or len(checked) > 9:
        return [search], len(matches)
    return checked, len(matches)


def _esc_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ilike(dialect: str, column: Any, pattern: str) -> Any:
    # MySQL's collation ignores case and accents; storage/dialect.text_like does the same elsewhere.
    return text_like(dialect, column, pattern)


def _not_ilike(dialect: str, column: Any, pattern: str) -> Any:
    return text_like(dialect, column, pattern, negate=True)


@dataclass
class _Search:
    where: Any
    title_likes: list[Any]
    terms_count: int
    sentence: str
    dialect: str


def _search_clause(posts: sa.Table, q: PostQuery, dialect: str, index: Storage | None = None) -> _Search | None:
    """WP_Query::parse_search's WHERE. With `index` (a storage that has the full-text index),
    each term the index can serve also limits the posts to its candidates, and the exact test
    runs on those only."""
    if not q.search:
        return None
    terms, count = parse_search_terms(q.search)
    columns = q.search_columns or ["post_title", "post_excerpt", "post_content"]
    wildcard = "" if q.exact else "%"
    ands: list[Any] = []
    title_likes: list[Any] = []
    for term in terms:
        exclude = term.startswith("-")
        if exclude:
            term = term[1:]
        if collation.is_long(term):
            # Too long for a LIKE pattern on SQLite: the same test without LIKE.
            def match(column: Any, term: str = term) -> Any:
                if wildcard:
                    return text_contains(dialect, column, term)
                return text_equals(dialect, column, term)

            if wildcard and not exclude:
                title_likes.append(match(posts.c.post_title))
            if exclude:
                ands.append(sa.and_(*[sa.not_(match(posts.c[c])) for c in columns]))
            else:
                ands.append(sa.or_(*[match(posts.c[c]) for c in columns]))
            continue
        if wildcard and not exclude:
            title_likes.append(_ilike(dialect, posts.c.post_title, f"%{_esc_like(term)}%"))
        like = f"{wildcard}{_esc_like(term)}{wildcard}"
        if exclude:
            ands.append(sa.and_(*[_not_ilike(dialect, posts.c[c], like) for c in columns]))
            continue
        exact_test = sa.or_(*[_ilike(dialect, posts.c[c], like) for c in columns])
        # search_semantics=exact compares whole texts: the index only finds substrings.
        indexed = None if index is None or not wildcard else _index_condition(
            index, term, columns, exact_test, posts.c.ID)
        ands.append(exact_test if indexed is None else indexed)
    where = sa.and_(*ands)
    if q.hide_protected_in_search:
        where = sa.and_(where, posts.c.post_password == "")
    return _Search(where, title_likes, count, q.search, dialect)


def _rank(n: int) -> Any:
    """An integer written into the SQL: as a bound parameter inside CASE, PostgreSQL would
    type it as text."""
    return sa.literal_column(str(int(n)), sa.Integer)


def _relevance(posts: sa.Table, search: _Search) -> list[Any]:
    """WP_Query::parse_search_order: sentence in title, all words, any word, then excerpt/content."""
    if search.terms_count <= 1:
        if not search.title_likes:
            return []
        return [sa.case((search.title_likes[0], _rank(1)), else_=_rank(0)).desc()]
    whens: list[tuple[Any, Any]] = []
    sentence = ""
    if not re.search(r"(?:\s|^)-", search.sentence) and not collation.is_long(search.sentence):
        sentence = f"%{_esc_like(search.sentence)}%"
        whens.append((_ilike(search.dialect, posts.c.post_title, sentence), _rank(1)))
    n = len(search.title_likes)
    if n and n < 7:
        whens.append((sa.and_(*search.title_likes), _rank(2)))
        if n > 1:
            whens.append((sa.or_(*search.title_likes), _rank(3)))
    if sentence:
        whens.append((_ilike(search.dialect, posts.c.post_excerpt, sentence), _rank(4)))
        whens.append((_ilike(search.dialect, posts.c.post_content, sentence), _rank(5)))
    if not whens:
        return []
    return [sa.case(*whens, else_=_rank(6))]


def _tax_where(storage: Storage, clause: TaxClause, children: dict[int, list[int]], walk: bool = True) -> Any:
    """One WP_Tax_Query clause as a condition on the post ID. `walk`: the terms hold many
    of the posts, so the list is walked in date order and each post tested (see `walked`);
    otherwise the few posts of the terms drive the query and are sorted (SQLite walked the
    whole list for a category of a few posts)."""
    t = storage.tables
    posts = t.posts
    term_ids = list(dict.fromkeys(int(i) for i in clause.terms))
    if clause.include_children:
        expanded: list[int] = []
        for term_id in term_ids:
            expanded.extend(_descendants(term_id, children))
            expanded.append(term_id)
        term_ids = list(dict.fromkeys(expanded))
    tt_ids = (
        sa.select(t.term_taxonomy.c.term_taxonomy_id)
        .where(t.term_taxonomy.c.taxonomy == clause.taxonomy, t.term_taxonomy.c.term_id.in_(term_ids))
        .scalar_subquery()
    )
    tr = t.term_relationships
    if clause.operator == "NOT IN":
        return posts.c.ID.notin_(sa.select(tr.c.object_id).where(tr.c.term_taxonomy_id.in_(tt_ids)))
    if clause.operator == "AND":
        # Every term must be attached (and exist: a missing one makes the clause match nothing).
        matched = (
            sa.select(sa.func.count())
            .select_from(tr)
            .where(tr.c.term_taxonomy_id.in_(tt_ids), tr.c.object_id == posts.c.ID)
            .scalar_subquery()
        )
        existing = (
            sa.select(sa.func.count())
            .select_from(t.term_taxonomy)
            .where(t.term_taxonomy.c.taxonomy == clause.taxonomy, t.term_taxonomy.c.term_id.in_(term_ids))
            .scalar_subquery()
        )
        return sa.and_(matched == len(term_ids), existing == len(term_ids))
    if walk and storage.is_sqlite:
        # Each post of the walk looked up in the relationships' primary key: `ID IN (…)`
        # would first gather every post of the terms (33,000 for a big category, ~20 ms)
        # however few the walk tests (a page found from a kept row position tests ten).
        return sa.exists().where(tr.c.object_id == walked(storage, posts.c.ID), tr.c.term_taxonomy_id.in_(tt_ids))
    return posts.c.ID.in_(sa.select(tr.c.object_id).where(tr.c.term_taxonomy_id.in_(tt_ids)))


async def term_children(storage: Storage, taxonomy: str) -> dict[int, list[int]]:
    """parent term_id → child term_ids of a hierarchical taxonomy (for include_children)."""
    tt = storage.tables.term_taxonomy
    rows = await storage.db.fetch_all(
        sa.select(tt.c.term_id, tt.c.parent).where(tt.c.taxonomy == taxonomy, tt.c.parent != 0)
    )
    out: dict[int, list[int]] = {}
    for row in rows:
        out.setdefault(int(row.parent), []).append(int(row.term_id))
    return out


# A condition of a column on values: (operator, column, value); "mimes" holds (types, like
# patterns), "false" nothing. Kept as data so that one description gives both the conditions
# of a statement built for one request and those of one built per shape (`_Shaped`).
_Plain = tuple[str, str, Any]


def _plain_conditions(q: PostQuery) -> list[_Plain]:
    """The conditions of `build_where` that compare a column with values (all but the search
    and the terms), in its order."""
    out: list[_Plain] = []
    if q.none:
        out.append(("false", "", None))
    out.append(("in", "post_type", list(q.post_types)) if len(q.post_types) > 1 else ("eq", "post_type", q.post_types[0]))
    if "any" in q.statuses:
        keep = [s for s in EXCLUDED_FROM_ANY if s not in q.statuses]
        if keep:
            out.append(("notin", "post_status", keep))
    elif q.statuses:
        out.append(("in", "post_status", list(q.statuses)))
    if q.include:
        out.append(("in", "ID", list(q.include)))
    if q.exclude:
        out.append(("notin", "ID", list(q.exclude)))
    # WP_Query: author__not_in, when given, wins and author__in is then ignored (elseif).
    if q.authors_exclude:
        out.append(("notin", "post_author", list(q.authors_exclude)))
    elif q.authors:
        out.append(("in", "post_author", list(q.authors)))
    if q.parents:
        out.append(("in", "post_parent", list(q.parents)))
    if q.parents_exclude:
        out.append(("notin", "post_parent", list(q.parents_exclude)))
    if q.parent is not None:
        out.append(("eq", "post_parent", q.parent))
    if q.slugs:
        out.append(("in", "post_name", list(q.slugs)))
    if q.menu_order is not None:
        out.append(("eq", "menu_order", q.menu_order))
    if q.mime_types or q.mime_prefixes:
        out.append(("mimes", "post_mime_type",
                    (tuple(q.mime_types), tuple(f"{_esc_like(p)}/%" for p in q.mime_prefixes))))
    for date in q.dates:
        if date.after is not None:
            out.append(("gt", date.column, date.after))
        if date.before is not None:
            out.append(("lt", date.column, date.before))
    return out


def _condition(c: Any, op: str, column: str, value: Any, name: str | None = None) -> Any:
    """One plain condition; with `name`, its values are named parameters (`_plain_values`
    gives them) instead of the values themselves."""
    def param(v: Any, suffix: str = "", expanding: bool = False) -> Any:
        return v if name is None else sa.bindparam(name + suffix, expanding=expanding)

    if op == "false":
        return sa.false()
    col = c[column]
    if op == "eq":
        return col == param(value)
    if op == "in":
        return col.in_(param(value, expanding=True))
    if op == "notin":
        return col.notin_(param(value, expanding=True))
    if op == "gt":
        return col > param(value)
    if op == "lt":
        return col < param(value)
    types, patterns = value
    return sa.or_(*[col == param(t, f"_{i}") for i, t in enumerate(types)],
                  *[col.like(param(p, f"_l{i}"), escape="\\") for i, p in enumerate(patterns)])


def _plain_values(conditions: list[_Plain], values: dict[str, Any]) -> None:
    """The parameters of `_condition(…, name=f"w{i}")` for each condition, into `values`."""
    for i, (op, _column, value) in enumerate(conditions):
        if op == "mimes":
            types, patterns = value
            values.update({f"w{i}_{j}": t for j, t in enumerate(types)})
            values.update({f"w{i}_l{j}": p for j, p in enumerate(patterns)})
        elif op != "false":
            values[f"w{i}"] = value


def build_where(storage: Storage, q: PostQuery, children: dict[str, dict[int, list[int]]] | None = None,
                *, search_index: bool = False, walk_terms: bool = True) -> tuple[list[Any], _Search | None]:
    """The WHERE conditions of a query, and its parsed search (for relevance ordering);
    `search_index`: the database has the full-text candidate index (storage/search_index.py).

    Kept per storage for each query (its conditions, not its page) and the term trees it
    expands: a search or a term filter is not a shape of `_Shaped`, and building its
    conditions (a search's per-column tests, the full-text lookup, the term subqueries) cost
    more than running its page's statements. SQLAlchemy's constructs are immutable."""
    key = (_conditions_key(q), _children_key(q, children), search_index, walk_terms)
    where, search = per_shape(storage, "posts.where", key,
                              lambda: _build_where(storage, q, children, search_index, walk_terms))
    return list(where), search


def _conditions_key(q: PostQuery) -> Hashable:
    """What `build_where` reads of `q`: every field but the page and the order."""
    return tuple(_hashable_field(getattr(q, name)) for name in _CONDITION_FIELDS)


def _hashable_field(value: Any) -> Hashable:
    if isinstance(value, list):
        return tuple(_hashable_field(v) for v in value)
    if isinstance(value, (TaxClause, DateClause)):
        return (type(value).__name__, *(_hashable_field(v) for v in vars(value).values()))
    return value  # type: ignore[no-any-return]


def _children_key(q: PostQuery, children: dict[str, dict[int, list[int]]] | None) -> Hashable:
    """The term trees a query's clauses expand (include_children), as they are now."""
    if not children or not any(clause.include_children for clause in q.tax):
        return None
    return tuple(sorted((taxonomy, tuple(sorted((parent, tuple(kids)) for parent, kids in tree.items())))
                        for taxonomy, tree in children.items()))


def _build_where(storage: Storage, q: PostQuery, children: dict[str, dict[int, list[int]]] | None,
                 search_index: bool, walk_terms: bool) -> tuple[tuple[Any, ...], _Search | None]:
    posts = storage.tables.posts
    where = [_condition(posts.c, *plain) for plain in _plain_conditions(q)]
    search = _search_clause(posts, q, storage.dialect, storage if search_index else None)
    if search is not None:
        where.append(search.where)
    if q.tax:
        clauses = [_tax_where(storage, tc, (children or {}).get(tc.taxonomy, {}), walk_terms) for tc in q.tax]
        where.append(sa.or_(*clauses) if q.tax_relation == "OR" else sa.and_(*clauses))
    if q.tax_any:
        where.append(sa.or_(*[_tax_where(storage, tc, {}, walk_terms) for tc in q.tax_any]))
    return tuple(where), search


def _order_by(storage: Storage, q: PostQuery, search: _Search | None) -> list[Any]:
    """WP_Query's ORDER BY; ID breaks ties the way MySQL's index walk does. Kept per storage
    as `build_where`'s conditions are (the order reads the search's terms, not its index)."""
    key = (_conditions_key(q), q.orderby, q.order.upper(), search is None)
    return list(per_shape(storage, "posts.order", key, lambda: tuple(_build_order_by(storage, q, search))))


def _build_order_by(storage: Storage, q: PostQuery, search: _Search | None) -> list[Any]:
    c = storage.tables.posts.c
    desc = q.order.upper() == "DESC"

    def direct(col: Any) -> Any:
        return col.desc() if desc else col.asc()

    columns = {
        "date": c.post_date, "ID": c.ID, "id": c.ID, "title": c.post_title, "post_name": c.post_name,
        "slug": c.post_name, "modified": c.post_modified, "parent": c.post_parent,
        "author": c.post_author, "menu_order": c.menu_order,
    }
    order: list[Any] = []
    if q.orderby == "relevance" and search is not None:
        order += _relevance(storage.tables.posts, search)
        order.append(direct(c.post_date))
    elif q.orderby == "post__in" and q.include:
        order.append(sa.case(*[(c["ID"] == pid, _rank(i)) for i, pid in enumerate(q.include)],
                             else_=_rank(len(q.include))))
        return order
    elif q.orderby == "post_name__in" and q.slugs:
        order.append(sa.case(*[(c.post_name == s, _rank(i)) for i, s in enumerate(q.slugs)],
                             else_=_rank(len(q.slugs))))
    elif q.orderby in columns:
        order.append(direct(columns[q.orderby]))
    else:
        order.append(direct(c.post_date))
    order.append(_tie_breaker(q, direct(c.ID), c.ID.asc()))
    return order


def _tie_breaker(q: PostQuery, index_order: Any, scan_order: Any) -> Any:
    """How MySQL orders rows that tie: WordPress adds no tie-breaker of its own.

    One type, one status, by date: MySQL walks the (type, status, date, ID) index, backwards
    for DESC, so ties come by ID in the same direction. Any other query is sorted after a
    scan in ID order, which keeps ties by ascending ID.
    """
    single = len(q.post_types) == 1 and len(q.statuses) == 1 and "any" not in q.statuses
    if single and q.orderby == "date" and not q.search and not q.tax:
        return index_order
    return scan_order


@lru_cache(maxsize=8192)
def collation_key(text: str) -> str:
    """Approximates MySQL's utf8mb4_unicode_ci order: accents and case ignored.

    Memoised: pages sort the same few term names and titles over and over."""
    return _term_collation_key(text)


@dataclass
class Found:
    rows: list[Row]
    total: int


async def _children_maps(storage: Storage, q: PostQuery) -> dict[str, dict[int, list[int]]]:
    out: dict[str, dict[int, list[int]]] = {}
    for clause in q.tax:
        if clause.include_children and clause.taxonomy not in out:
            out[clause.taxonomy] = await term_children(storage, clause.taxonomy)
    return out


async def find_posts(storage: Storage, q: PostQuery, columns: Sequence[str] | None = None) -> Found:
    """Run a PostQuery: the page of rows and found_posts (the count ignoring LIMIT/OFFSET).

    A page is found in three cheap steps rather than one query that counts with a window:
    the page's IDs (walked in the (type, status, date, ID) index for the usual lists, no row
    read), the total counted apart (on the index too; skipped when the page tells it), then
    the full rows of those IDs only. A window count would build and sort every matching full
    row, content included, before the LIMIT.

    A list without a search or a term filter (most requests) runs statements kept per shape
    (`_Shaped`), only bound with this request's values.
    """
    shape = _shape(q)
    if shape is not None:
        listing: _Listing = _Shaped(storage, q, shape)
        ids = await _paged(storage, q, listing, q.start)
        return Found(await _rows_in_order(storage, columns, ids), await _total(storage, q, listing, ids))
    posts = storage.tables.posts
    children = await _children_maps(storage, q)
    where, search = build_where(storage, q, children,
                                search_index=bool(q.search) and await has_search_index(storage))
    cols = [posts.c[name] for name in columns] if columns else [posts]
    start = q.start
    if q.orderby == "title":
        return await _find_sorted_by_title(storage, q, where, cols, start)
    order = _order_by(storage, q, search)
    if q.per_page is None:
        rows = as_dicts(await storage.db.fetch_all(sa.select(*cols).where(*where).order_by(*order)))
        return Found(rows, len(rows))
    if search is not None:
        ids, total = await _searched_page(storage, q, where, search, order, children)
        return Found(await _rows_in_order(storage, columns, ids), total)
    known_total: int | None = None
    if storage.is_sqlite and (q.tax or q.tax_any):
        # Walk the list in date order when the terms hold many of its posts (a page then
        # needs a few dozen lookups), else start from their few posts: the totals tell.
        known_total = await _count(storage, where, q)
        plain_q = replace(q, tax=[], tax_any=[])
        plain = await _count(storage, build_where(storage, plain_q, children)[0], plain_q)
        where = build_where(storage, q, children, walk_terms=known_total * 20 >= plain)[0]
    listing = _Built(storage, where, order)
    ids = await _paged(storage, q, listing, start)
    total = known_total if known_total is not None else await _total(storage, q, listing, ids)
    return Found(await _rows_in_order(storage, columns, ids), total)


async def _total(storage: Storage, q: PostQuery, listing: _Listing, ids: list[int]) -> int:
    """found_posts of a page: told by a partial (or empty first) page, else counted."""
    start = q.start
    if (ids and len(ids) < int(q.per_page or 0)) or (not ids and start == 0):
        return start + len(ids)  # the page ends the list: no count needed

    async def counted() -> int:
        return int(await storage.db.fetch_val(listing.count()) or 0)

    return await remembered_total(storage, listing.key("count"), _depends(q), counted)


class _Listing:
    """The statements of one list: a page of its IDs (from a known row or not) and its count."""

    desc: tuple[bool, bool]  # (date, ID) descending, for a list in date order

    def key(self, what: str) -> Hashable | None:
        """What the list's `what` ("count", "row positions") is remembered by (count_memo)."""
        raise NotImplementedError

    def page(self, limit: int, offset: int, *, dated: bool = False, after: tuple[Any, int] | None = None) -> Any:
        """Its IDs (and dates, `dated`) from `offset` on, after the row `after` (date, ID) if given."""
        raise NotImplementedError

    def count(self) -> Any:
        raise NotImplementedError


class _Built(_Listing):
    """A list's statements built for this request (searches, term filters, rare orders)."""

    def __init__(self, storage: Storage, where: list[Any], order: list[Any]) -> None:
        self.posts, self.where, self.order = storage.tables.posts, where, order
        self.desc = (_is_desc(order[0]), _is_desc(order[-1]))

    def key(self, what: str) -> Hashable | None:
        c = self.posts.c
        if what == "count":
            return statement_key(self.count())
        shape = statement_key(sa.select(c.ID).where(*self.where).order_by(*self.order))
        return None if shape is None else (what, shape)

    def page(self, limit: int, offset: int, *, dated: bool = False, after: tuple[Any, int] | None = None) -> Any:
        c = self.posts.c
        page = sa.select(c.ID, c.post_date) if dated else sa.select(c.ID)
        page = page.where(*self.where).order_by(*self.order)
        if after is not None:
            page = page.where(*_seek(c, self.desc, *after))
        return page.limit(limit).offset(offset)

    def count(self) -> Any:
        return sa.select(sa.func.count()).select_from(self.posts).where(*self.where)


def _seek(c: Any, desc: tuple[bool, bool], date: Any, row_id: Any) -> list[Any]:
    """The rows after the row (date, ID) in a list ordered by (date, ID)."""
    post_date, post_id = c.post_date, c.ID
    date_desc, id_desc = desc
    if date_desc:
        return [post_date <= date, sa.or_(post_date < date, post_id <= row_id if id_desc else post_id >= row_id)]
    return [post_date >= date, sa.or_(post_date > date, post_id <= row_id if id_desc else post_id >= row_id)]


def _shape(q: PostQuery) -> Hashable | None:
    """What tells apart the statements of lists without a search or term filter: which plain
    conditions (their values, IN lists whatever their length, are bound per request), the
    order and its tie-breaker. None: the list's statements are built per request."""
    if q.search or q.tax or q.tax_any or q.per_page is None or q.orderby in _BUILT_ORDERS:
        return None
    plain = tuple((op, column, (len(value[0]), len(value[1])) if op == "mimes" else None)
                  for op, column, value in _plain_conditions(q))
    return plain, q.orderby, q.order.upper() == "DESC", _tie_breaker(q, True, False)


# Orders whose SQL depends on the values (post__in …) or that sort outside SQL (title).
_BUILT_ORDERS = frozenset(("title", "relevance", "post__in", "post_name__in"))


class _Shaped(_Listing):
    """A list's statements built once per shape (`_shape`) and per storage, then only bound
    (`prebuilt.bind`): neither SQLAlchemy's construction nor its cache-key walk runs per
    request. The SQL is the same as `_Built` gives (tests/test_posts_shapes.py)."""

    def __init__(self, storage: Storage, q: PostQuery, shape: Hashable) -> None:
        conditions = _plain_conditions(q)
        self.values: dict[str, Any] = {}
        _plain_values(conditions, self.values)
        self.shape = shape
        self._values_key: tuple[Hashable, ...] | None = None
        found: _ShapeStatements = per_shape(storage, "posts", shape, lambda: _ShapeStatements(storage, q, conditions))
        self.statements = found
        self.desc = found.desc

    def key(self, what: str) -> Hashable | None:
        if self._values_key is None:
            self._values_key = tuple(_hashable_value(v) for v in self.values.values())
        return what, self.shape, self._values_key

    def page(self, limit: int, offset: int, *, dated: bool = False, after: tuple[Any, int] | None = None) -> Any:
        found = self.statements
        values = {**self.values, "limit": limit, "offset": offset}
        if after is not None:
            values["after_date"], values["after_id"] = after
            return bind(found.page_after, **values)
        return bind(found.dated_page if dated else found.page, **values)

    def count(self) -> Any:
        return bind(self.statements.count, **self.values)


def _hashable_value(value: Any) -> Hashable:
    return tuple(value) if isinstance(value, list) else value  # type: ignore[no-any-return]


class _ShapeStatements:
    """The statements of one shape, with named parameters: `w0`, `w1`… the conditions'
    values (`_plain_values`), `limit`, `offset`, and the row a page starts after."""

    def __init__(self, storage: Storage, q: PostQuery, conditions: list[_Plain]) -> None:
        c = storage.tables.posts.c
        where = [_condition(c, *plain, name=f"w{i}") for i, plain in enumerate(conditions)]
        order = _order_by(storage, q, None)
        self.desc = (_is_desc(order[0]), _is_desc(order[-1]))
        limit, offset = sa.bindparam("limit", type_=sa.Integer), sa.bindparam("offset", type_=sa.Integer)
        self.page = sa.select(c.ID).where(*where).order_by(*order).limit(limit).offset(offset)
        dated = sa.select(c.ID, c.post_date).where(*where).order_by(*order)
        self.dated_page = dated.limit(limit).offset(offset)
        after = _seek(c, self.desc, sa.bindparam("after_date"), sa.bindparam("after_id"))
        self.page_after = dated.where(*after).limit(limit).offset(offset)
        self.count = sa.select(sa.func.count()).select_from(storage.tables.posts).where(*where)


async def _paged(storage: Storage, q: PostQuery, listing: _Listing, start: int) -> list[int]:
    """The IDs of a page of a list in date order, from the nearest row position seen before.

    OFFSET makes a deep page walk every entry before it (50,000 for page 5,000), and a list
    filtered by a category walks every newer post outside it before its first one. The
    (date, ID) of the first and last rows of each page served are kept, until a post or term
    changes (as totals are), so the same page, the next one (a reader or a crawler going
    on), any page after a known one, and the first page of a filtered list start with a seek
    to that row: (date, ID) orders the list totally, so the rows from there on are exactly
    those OFFSET would reach.

    The page's IDs themselves are kept under the same condition: the same page asked for
    again (every reader of the front page) costs no query until a post or term changes.
    """
    per_page = int(q.per_page or 0)
    keyed = q.orderby == "date" and not q.search
    key = listing.key("row positions") if keyed else None
    page_key = None if key is None else ("page", key, start, per_page)
    served, _tick = await recall(storage, page_key, _depends(q)) if page_key is not None else (None, None)
    if served is not None:
        return list(served)
    known, tick = await recall(storage, key, _depends(q)) if key is not None else (None, None)
    if key is None or tick is None:
        page = listing.page(limit_rows(per_page), offset_rows(start))
        return [int(r[0]) for r in as_tuples(await storage.db.fetch_all(page))]
    positions: dict[int, tuple[Any, int]] = dict(known or {})
    seen = max((p for p in positions if p <= start), default=None)
    after = None if seen is None else positions[seen]
    skip = start if seen is None else start - seen
    page = listing.page(limit_rows(per_page), offset_rows(skip), dated=True, after=after)
    rows = as_tuples(await storage.db.fetch_all(page))
    if rows:
        positions[start] = (rows[0][1], int(rows[0][0]))
        positions[start + len(rows) - 1] = (rows[-1][1], int(rows[-1][0]))
        while len(positions) > _POSITIONS_KEPT:
            del positions[next(p for p in positions if p)]  # the oldest kept, never the first row
        remember(storage, key, positions, tick)
    ids = [int(r[0]) for r in rows]
    if page_key is not None:
        remember(storage, page_key, tuple(ids), tick)
    return ids


def _is_desc(clause: Any) -> bool:
    return getattr(clause, "modifier", None) is sa.sql.operators.desc_op


def _depends(q: PostQuery, *, posts: bool = True) -> tuple[str, ...]:
    """What the list's total and row positions depend on (count_memo.post_totals)."""
    return post_totals(bool(q.tax or q.tax_any), posts=posts)


async def _count(storage: Storage, where: list[Any], q: PostQuery) -> int:
    """found_posts, counted on the indexes, and remembered until a post (or, for a list
    filtered by terms, a term) changes."""
    count = sa.select(sa.func.count()).select_from(storage.tables.posts).where(*where)

    async def counted() -> int:
        return int(await storage.db.fetch_val(count) or 0)

    return await remembered_total(storage, statement_key(count), _depends(q), counted)


async def _matches(storage: Storage, where: list[Any], exact: Callable[[], list[Any]], q: PostQuery) -> IdSet:
    """The IDs a search matches (its found_posts is their number): remembered, and when
    posts change only those are tested again (count_memo.remembered_members), by primary
    key with the exact test (`exact`: the conditions without the full-text index, whose
    answer for a common word would be every post)."""
    posts = storage.tables.posts
    everything = sa.select(posts.c.ID).where(*where)
    key = statement_key(everything)

    async def matching(ids: list[int]) -> list[int]:
        if not ids:
            return []
        rows = await storage.db.fetch_all(sa.select(posts.c.ID).where(posts.c.ID.in_(ids), *exact()))
        return [int(r[0]) for r in as_tuples(rows)]

    async def members() -> list[int]:
        candidates = await _word_candidates(storage, q)
        if candidates is None:
            return [int(r[0]) for r in as_tuples(await storage.db.fetch_all(everything))]
        found: list[int] = []
        for start in range(0, len(candidates), _CANDIDATES_PER_READ):
            found += await matching(candidates[start:start + _CANDIDATES_PER_READ])
        return found

    others = _depends(q, posts=False)
    return await remembered_members(storage, None if key is None else ("matches", key), others, members, matching)


# MariaDB: candidates tested with the exact LIKE per statement, read by primary key; past
# _MOST_CANDIDATES (a common word) one read of every post costs less.
_CANDIDATES_PER_READ = 5000
_MOST_CANDIDATES = 20_000


async def _word_candidates(storage: Storage, q: PostQuery) -> list[int] | None:
    """MariaDB/MySQL: the posts that may match the search (every term it must hold), from the
    words index of the terms it can answer for (storage/search_words.py); None: read every
    post."""
    if not storage.is_mysql or q.exact or not q.search:
        return None
    if q.search_columns and not set(q.search_columns) <= {"post_title", "post_excerpt", "post_content"}:
        return None
    terms = {t for t in parse_search_terms(q.search)[0] if not t.startswith("-") and not collation.is_long(t)}
    found: set[int] | None = None
    for term in sorted(terms):
        these = await search_words.candidates(storage, term, _MOST_CANDIDATES)
        if these is not None:
            found = set(these) if found is None else found & set(these)
    return None if found is None else sorted(found)


async def _searched_page(storage: Storage, q: PostQuery, where: list[Any], search: _Search, order: list[Any],
                         children: dict[str, dict[int, list[int]]]) -> tuple[list[int], int]:
    """The page's IDs and the total of a search.

    Two ways to the page, chosen by how common the term is (its total, remembered like any
    other): a rare term's few candidates come from the full-text index and are sorted; a
    common term's page is found walking the posts in date order (the index of the plain
    list) with the exact test, which stops after a few rows where the index would hand over
    nearly every post. Without a full-text index (MariaDB) the walk is always the cheaper:
    it reads at most the posts a full scan reads. The relevance order of one term (WP_Query:
    title matches first, then date) is walked as two lists, the title matches and the rest.
    """
    per_page, start = int(q.per_page or 0), q.start
    posts = storage.tables.posts
    indexed = await has_search_index(storage)

    def exact() -> list[Any]:
        return build_where(storage, q, children)[0] if indexed else where

    matches = await _matches(storage, where, exact, q)
    total = len(matches)
    if total <= start:
        return [], total
    relevance = _relevance(posts, search) if q.orderby == "relevance" else []
    # The list the search filters: how far a walk goes before it meets `total` matches.
    plain_q = replace(q, search="")
    plain = await _count(storage, build_where(storage, plain_q, children)[0], plain_q)
    if not indexed and total <= _FEW_MATCHES and total * 20 < plain:
        # No index to find these few again (a walk would read most posts for each page):
        # the matches, in order, are kept as the total is, and put in order again from
        # their IDs (by primary key) when a post changed.
        everything = sa.select(posts.c.ID).where(*where).order_by(*order)

        async def in_order() -> tuple[int, ...]:
            known = everything.where(posts.c.ID.in_(list(matches))) if matches else everything.where(sa.false())
            return tuple(int(r[0]) for r in as_tuples(await storage.db.fetch_all(known)))

        shape = statement_key(everything)
        ids = await remembered_total(storage, None if shape is None else ("in order", shape), _depends(q), in_order)
        return list(ids[start:start + per_page]), total
    walk = not relevance or (search.terms_count <= 1 and bool(search.title_likes))
    if walk and indexed:
        # Rows the walk reads on average before the page is full, against the candidates.
        walk = (start + per_page) * plain <= 4 * total * total
    if not walk:
        page = sa.select(posts.c.ID).where(*where).order_by(*order)
        page = page.limit(limit_rows(per_page)).offset(offset_rows(start))
        return [int(r[0]) for r in as_tuples(await storage.db.fetch_all(page))], total
    if indexed:
        where = exact()  # the exact test alone: the walk reads each row anyway
    by_date = order[len(relevance):]
    if not relevance:
        return await _walked(storage, where, by_date, start, per_page), total
    in_title = search.title_likes[0]
    ids = await _walked(storage, [in_title, *where], by_date, start, per_page)  # the title first: cheaper
    if len(ids) < per_page:
        # The title matches end on this page (their number is then known) or before it
        # (counted: reading every title is paid once, remembered as totals are).
        titled = start + len(ids) if ids or not start else await _count(storage, [*where, in_title], q)
        ids += await _walked(storage, [*where, sa.not_(in_title)], by_date, max(start - titled, 0),
                             per_page - len(ids))
    return ids, total


async def _walked(storage: Storage, where: list[Any], order: list[Any], start: int, count: int) -> list[int]:
    posts = storage.tables.posts
    page = sa.select(posts.c.ID).where(*where).order_by(*order).limit(limit_rows(count)).offset(offset_rows(start))
    return [int(r[0]) for r in as_tuples(await storage.db.fetch_all(page))]


async def _rows_in_order(storage: Storage, columns: Sequence[str] | None, ids: list[int]) -> list[Row]:
    """The rows of these post IDs (these columns, else all), in the order of `ids`."""
    if not ids:
        return []
    wanted = tuple(columns or ())
    with_id = not wanted or "ID" in wanted
    name = "posts.rows_by_id:" + ",".join(wanted if with_id else (*wanted, "ID"))

    def build(storage: Storage) -> Any:
        posts = storage.tables.posts
        cols = [posts.c[c] for c in wanted] if wanted else [posts]
        select = cols if with_id else [*cols, posts.c.ID]
        return sa.select(*select).where(posts.c.ID.in_(sa.bindparam("ids", expanding=True)))

    fetched = {int(r["ID"]): r for r in as_dicts(await storage.db.fetch_all(
        bind(prebuilt.statement(storage, name, build), ids=ids)))}
    rows = [fetched[i] for i in ids if i in fetched]
    if not with_id:
        for row in rows:
            del row["ID"]
    return rows


async def _find_sorted_by_title(storage: Storage, q: PostQuery, where: list[Any], cols: list[Any],
                                start: int) -> Found:
    """orderby=title: sorted here so every backend follows MySQL's accent-blind collation."""
    posts = storage.tables.posts
    keys = await storage.db.fetch_all(sa.select(posts.c.ID, posts.c.post_title).where(*where))
    reverse = q.order.upper() == "DESC"
    # MySQL sorts ties in table order (ID ascending) whichever the direction: a stable sort
    # of the rows in ID order, reversed or not, keeps them so.
    by_id = sorted(keys, key=lambda r: int(r.ID))
    ordered = sorted(by_id, key=lambda r: collation_key(r.post_title), reverse=reverse)
    end = None if q.per_page is None else start + q.per_page
    ids = [int(r.ID) for r in ordered[start:end]]
    rows: list[Row] = []
    if ids:
        fetched = {int(r["ID"]): r
                   for r in as_dicts(await storage.db.fetch_all(sa.select(*cols).where(posts.c.ID.in_(ids))))}
        rows = [fetched[i] for i in ids if i in fetched]
    return Found(rows, len(keys))


# ---------------------------------------------------------------- single rows and batches


async def get_post(storage: Storage, post_id: int) -> Row | None:
    if post_id <= 0:
        return None
    # A single post's request asks this first: built once (storage/prebuilt.py).
    query = bind(prebuilt.statement(storage, "posts.by_id", _by_id_statement), post_id=int(post_id))
    row = await storage.db.fetch_one(query)
    return None if row is None else as_dicts([row])[0]


def _by_id_statement(storage: Storage) -> Any:
    posts = storage.tables.posts
    return sa.select(posts).where(posts.c["ID"] == sa.bindparam("post_id"))


async def post_row_count(storage: Storage) -> int:
    """How many rows the posts table holds, of every type and status."""
    return int(await storage.db.fetch_val(sa.select(sa.func.count()).select_from(storage.tables.posts)) or 0)


async def posts_by_id(storage: Storage, ids: Iterable[int], columns: Sequence[str] | None = None
                      ) -> dict[int, Row]:
    wanted = sorted({int(i) for i in ids if i})
    if not wanted:
        return {}
    posts = storage.tables.posts
    cols = [posts.c[name] for name in columns] if columns else [posts]
    rows = await storage.db.fetch_all(sa.select(*cols).where(posts.c.ID.in_(wanted)))
    return {int(r["ID"]): r for r in as_dicts(rows)}


async def attachment_children(storage: Storage, parent_ids: Iterable[int]) -> dict[int, list[int]]:
    """The ids of the attachments of each parent (get_children( post_type=attachment ))."""
    wanted = sorted({int(i) for i in parent_ids if i})
    out: dict[int, list[int]] = {i: [] for i in wanted}
    if not wanted:
        return out
    posts = storage.tables.posts
    rows = await storage.db.fetch_all(
        sa.select(posts.c.ID, posts.c.post_parent)
        .where(posts.c.post_parent.in_(wanted), posts.c.post_type == "attachment")
        .order_by(posts.c.ID)
    )
    for attachment_id, parent in as_tuples(rows):
        out[int(parent)].append(int(attachment_id))
    return out


async def post_meta(storage: Storage, ids: Iterable[int], keys: Sequence[str] | None = None
                    ) -> dict[int, dict[str, str]]:
    """get_post_meta( $id, $key, true ) for many posts: the first value (lowest meta_id) per key."""
    wanted = sorted({int(i) for i in ids if i})
    out: dict[int, dict[str, str]] = {i: {} for i in wanted}
    if not wanted:
        return out
    if keys:
        query = prebuilt_statement(storage, "posts.meta_of_keys", _meta_statement).bindparams(ids=wanted, keys=list(keys))
    else:
        query = prebuilt_statement(storage, "posts.meta", lambda st: _meta_statement(st, with_keys=False)).bindparams(
            ids=wanted
        )
    for post_id, key, value in as_tuples(await storage.db.fetch_all(query)):
        out[int(post_id)].setdefault(str(key), value or "")
    return out


def _meta_statement(storage: Storage, with_keys: bool = True) -> Any:
    pm = storage.tables.postmeta
    query = sa.select(pm.c.post_id, pm.c.meta_key, pm.c.meta_value).where(
        pm.c.post_id.in_(sa.bindparam("ids", expanding=True))
    )
    if with_keys:
        query = query.where(pm.c.meta_key.in_(sa.bindparam("keys", expanding=True)))
    return query.order_by(pm.c.meta_id)


@dataclass(frozen=True)
class ObjectTerm:
    term_id: int
    name: str
    slug: str
    taxonomy: str
    parent: int


async def object_terms(storage: Storage, ids: Iterable[int], taxonomies: Sequence[str]
                       ) -> dict[int, dict[str, list[ObjectTerm]]]:
    """wp_get_object_terms for many posts: per post, per taxonomy, ordered by name as MySQL does."""
    wanted = sorted({int(i) for i in ids if i})
    out: dict[int, dict[str, list[ObjectTerm]]] = {i: {tax: [] for tax in taxonomies} for i in wanted}
    if not wanted or not taxonomies:
        return out
    query = prebuilt_statement(storage, "posts.object_terms", _object_terms_statement).bindparams(
        ids=wanted, taxonomies=list(taxonomies)
    )
    for object_id, term_id, name, slug, taxonomy, parent in as_tuples(await storage.db.fetch_all(query)):
        term = ObjectTerm(int(term_id), str(name), str(slug), str(taxonomy), int(parent or 0))
        out[int(object_id)][term.taxonomy].append(term)
    for by_tax in out.values():
        for terms in by_tax.values():
            terms.sort(key=lambda term: (collation_key(term.name), term.term_id))
    return out


def _object_terms_statement(storage: Storage) -> Any:
    t = storage.tables
    return (
        sa.select(t.term_relationships.c.object_id, t.terms.c.term_id, t.terms.c.name, t.terms.c.slug,
                  t.term_taxonomy.c.taxonomy, t.term_taxonomy.c.parent)
        .select_from(
            t.term_relationships
            .join(t.term_taxonomy, t.term_taxonomy.c.term_taxonomy_id == t.term_relationships.c.term_taxonomy_id)
            .join(t.terms, t.terms.c.term_id == t.term_taxonomy.c.term_id)
        )
        .where(t.term_relationships.c.object_id.in_(sa.bindparam("ids", expanding=True)),
               t.term_taxonomy.c.taxonomy.in_(sa.bindparam("taxonomies", expanding=True)))
    )


@dataclass(frozen=True)
class RevisionStats:
    count: int
    latest_id: int


async def revision_stats(storage: Storage, ids: Iterable[int]) -> dict[int, RevisionStats]:
    """wp_get_latest_revision_id_and_total_count for many posts (newest by date, then ID)."""
    wanted = sorted({int(i) for i in ids if i})
    out: dict[int, RevisionStats] = {}
    if not wanted:
        return out
    query = prebuilt_statement(storage, "posts.revision_stats", _revisions_statement).bindparams(ids=wanted)
    best: dict[int, tuple[str, int]] = {}
    counts: dict[int, int] = {}
    for revision_id, parent_id, post_date in as_tuples(await storage.db.fetch_all(query)):
        parent = int(parent_id)
        counts[parent] = counts.get(parent, 0) + 1
        key = (str(post_date), int(revision_id))
        if parent not in best or key > best[parent]:
            best[parent] = key
    for parent, count in counts.items():
        out[parent] = RevisionStats(count, best[parent][1])
    return out


def _revisions_statement(storage: Storage) -> Any:
    posts = storage.tables.posts
    return sa.select(posts.c.ID, posts.c.post_parent, posts.c.post_date).where(
        selective(storage, posts.c.post_parent.in_(sa.bindparam("ids", expanding=True))),
        posts.c.post_type == sa.literal_column("'revision'"),
        posts.c.post_status == sa.literal_column("'inherit'"),
    )


async def term_ids_by_slug(storage: Storage, taxonomy: str, slugs: Sequence[str]) -> list[int]:
    t = storage.tables
    rows = await storage.db.fetch_all(
        sa.select(t.terms.c.term_id)
        .select_from(t.terms.join(t.term_taxonomy, t.term_taxonomy.c.term_id == t.terms.c.term_id))
        .where(t.term_taxonomy.c.taxonomy == taxonomy, t.terms.c.slug.in_(list(slugs)))
    )
    return [int(r.term_id) for r in rows]


async def post_date_gmt(storage: Storage, post_id: int) -> str:
    """The post's `post_date_gmt` ("" for no such post)."""
    posts = storage.tables.posts
    value = await storage.db.fetch_val(sa.select(posts.c.post_date_gmt).where(posts.c["ID"] == post_id))
    return str(value or "")


async def posts_with_slugs(storage: Storage, slugs: Iterable[str]) -> list[Any]:
    """ID, post_name, post_type and post_parent of the posts whose slug is one of `slugs` or
    one of them with a numeric suffix (`slug-…`): the slugs wp_unique_post_slug() must avoid."""
    posts = storage.tables.posts
    wanted = sorted(set(slugs))
    conditions = [posts.c.post_name.in_(wanted)]
    conditions += [posts.c.post_name.like(f"{c}-%") for c in wanted]
    return list(await storage.db.fetch_all(
        sa.select(posts.c.ID, posts.c.post_name, posts.c.post_type, posts.c.post_parent).where(sa.or_(*conditions))
    ))


async def post_columns_by_id(storage: Storage, ids: Iterable[int], columns: Sequence[str]) -> dict[int, Row]:
    """These columns (ID among them) of the posts with these IDs, by ID; absent IDs are left out."""
    posts = storage.tables.posts
    query = sa.select(*[posts.c[name] for name in columns]).where(posts.c.ID.in_(sorted(ids)))
    return {int(record.ID): dict(record._mapping) for record in await storage.db.fetch_all(query)}
