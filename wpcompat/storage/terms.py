"""Queries on `{prefix}terms`, `term_taxonomy` and `term_relationships`, as WP_Term_Query answers.

Term lists are small next to posts (a blog has tens to a few thousand terms per taxonomy), so a
collection query fetches the rows matching the exact filters (taxonomy, include/exclude, slug,
parent, post, count > 0) in one SQL query and then searches, orders and pages them in Python.
That is what lets us reproduce MySQL's `utf8mb4_unicode_ci` ordering and LIKE matching
("Économie" sorts under E, `LIKE '%sc%'` matches "SCOP") on SQLite and PostgreSQL too, whose
default collations differ.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.registry import HIERARCHICAL_TAXONOMIES, TAXONOMY_OBJECT_TYPES

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage



@dataclass(frozen=True)
class Term:
    """A WP_Term: the `terms` row joined with its `term_taxonomy` row."""

    term_id: int
    name: str
    slug: str
    term_group: int
    term_taxonomy_id: int
    taxonomy: str
    description: str
    parent: int
    count: int


@dataclass
class TermQuery:
    """The WP_Term_Query arguments the REST terms controller passes (see its get_items)."""

    taxonomy: str
    include: Sequence[int] = ()
    exclude: Sequence[int] = ()
    slugs: Sequence[str] = ()
    search: str = ""
    parent: int | None = None
    post: int = 0
    hide_empty: bool = False
    orderby: str = "name"
    order: str = "asc"
    number: int = 10
    offset: int = 0


# Letters the Unicode Collation Algorithm sorts as two (MySQL's utf8mb4_unicode_520_ci: "Œuvre"
# between "Oeuf" and "Ofen", not after "Z"); casefold() already spells ß as "ss".
_UCA_EXPANSIONS = str.maketrans({"œ": "oe", "æ": "ae"})


def collation_key(text: str) -> str:
    """A sort/compare key close to MySQL's utf8mb4_unicode_ci: case- and accent-insensitive."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_UCA_EXPANSIONS)


def _columns(storage: Storage) -> list[Any]:
    t = storage.tables
    return [
        t.terms.c.term_id, t.terms.c.name, t.terms.c.slug, t.terms.c.term_group,
        t.term_taxonomy.c.term_taxonomy_id, t.term_taxonomy.c.taxonomy, t.term_taxonomy.c.description,
        t.term_taxonomy.c.parent, t.term_taxonomy.c["count"],
    ]


def terms_join(storage: Storage) -> Any:
    t = storage.tables
    return t.terms.join(t.term_taxonomy, t.term_taxonomy.c.term_id == t.terms.c.term_id)


def _term(record: Any) -> Term:
    m = record._mapping
    return Term(
        term_id=int(m["term_id"]),
        name=str(m["name"] or ""),
        slug=str(m["slug"] or ""),
        term_group=int(m["term_group"] or 0),
        term_taxonomy_id=int(m["term_taxonomy_id"]),
        taxonomy=str(m["taxonomy"]),
        description=str(m["description"] or ""),
        parent=int(m["parent"] or 0),
        count=int(m["count"] or 0),
    )


async def get_terms_by_ids(storage: Storage, term_ids: Iterable[int], taxonomy: str | None = None) -> dict[int, Term]:
    """The terms with these IDs (in `taxonomy` when given), in one query."""
    ids = sorted({int(i) for i in term_ids if int(i) > 0})
    if not ids:
        return {}
    t = storage.tables
    query = sa.select(*_columns(storage)).select_from(terms_join(storage)).where(t.terms.c.term_id.in_(ids))
    if taxonomy is not None:
        query = query.where(t.term_taxonomy.c.taxonomy == taxonomy)
    found: dict[int, Term] = {}
    for record in await storage.db.fetch_all(query):
        term = _term(record)
        # A shared term (split before 4.2) may sit in several taxonomies: keep the first.
        found.setdefault(term.term_id, term)
    return found


async def get_term(storage: Storage, term_id: int, taxonomy: str | None = None) -> Term | None:
    return (await get_terms_by_ids(storage, [term_id], taxonomy)).get(int(term_id))


async def taxonomy_terms(storage: Storage, taxonomy: str) -> list[Term]:
    """Every term of a taxonomy, by term_id (what the hierarchy walks need)."""
    t = storage.tables
    query = (
        sa.select(*_columns(storage)).select_from(terms_join(storage))
        .where(t.term_taxonomy.c.taxonomy == taxonomy).order_by(t.terms.c.term_id)
    )
    return [_term(r) for r in await storage.db.fetch_all(query)]


def _children_map(terms: Iterable[Term]) -> dict[int, list[int]]:
    """_get_term_hierarchy(): parent ID → child IDs."""
    children: dict[int, list[int]] = {}
    for term in terms:
        if term.parent:
            children.setdefault(term.parent, []).append(term.term_id)
    return children


def descendants(term_id: int, children: dict[int, list[int]]) -> list[int]:
    """Every term below `term_id` in a parent → children map (each once, even in a cycle)."""
    out: list[int] = []
    stack = list(children.get(term_id, []))
    seen = {term_id}
    while stack:
        child = stack.pop()
        if child in seen:
            continue
        seen.add(child)
        out.append(child)
        stack.extend(children.get(child, []))
    return out


def _order_key(orderby: str, query: TermQuery) -> Any:
    """WP_Term_Query::parse_orderby for the REST orderby values (`include_slugs` is slug__in)."""
    if orderby == "include" and query.include:
        # FIELD( t.term_id, … ): listed order; MySQL puts unlisted values (none here) first.
        position = {int(v): i for i, v in enumerate(query.include)}
        return lambda t: position.get(t.term_id, -1)
    if orderby == "include_slugs" and query.slugs:
        slug_position = {s: i for i, s in enumerate(query.slugs)}
        return lambda t: slug_position.get(t.slug, -1)
    if orderby in ("id", "term_id"):
        return lambda t: t.term_id
    if orderby == "slug":
        return lambda t: collation_key(t.slug)
    if orderby == "term_group":
        return lambda t: t.term_group
    if orderby == "count":
        return lambda t: t.count
    if orderby == "description":
        return lambda t: collation_key(t.description)
    # "name", and "include"/"include_slugs" without a list, fall back to t.name.
    return lambda t: collation_key(t.name)


def _matches(needle: str, term: Term) -> bool:
    """(t.name LIKE '%needle%') OR (t.slug LIKE '%needle%') under a _ci collation."""
    key = collation_key(needle)
    return key in collation_key(term.name) or key in collation_key(term.slug)


async def query_terms(storage: Storage, query: TermQuery) -> tuple[list[Term], int]:
    """get_terms() (or wp_get_object_terms() when `post` is set) and wp_count_terms().

    Returns one page of terms and the total WordPress reports in X-WP-Total. Like WordPress,
    with `hide_empty` a hierarchical taxonomy keeps an empty term whose descendants are not
    empty in the list, yet the total (a plain COUNT with `count > 0`) leaves it out.
    """
    from wpcompat.render.formatting import sanitize_title

    t = storage.tables
    tt = t.term_taxonomy
    hierarchical = query.taxonomy in HIERARCHICAL_TAXONOMIES
    where: list[Any] = [tt.c.taxonomy == query.taxonomy]
    if query.include:
        where.append(t.terms.c.term_id.in_([int(i) for i in query.include]))
    elif query.exclude:
        # WordPress ignores `exclude` when `include` is given.
        where.append(t.terms.c.term_id.notin_([int(i) for i in query.exclude]))
    if query.slugs:
        where.append(t.terms.c.slug.in_([sanitize_title(s) for s in query.slugs]))
    if query.parent is not None:
        where.append(tt.c.parent == int(query.parent))
    source = terms_join(storage)
    if query.post:
        tr = t.term_relationships
        source = source.join(tr, tr.c.term_taxonomy_id == tt.c.term_taxonomy_id)
        where.append(tr.c.object_id == int(query.post))
    # Object queries drop hide_empty: a term attached to a post is never empty.
    hide_empty = query.hide_empty and not query.post
    sql = sa.select(*_columns(storage)).select_from(source).where(*where).order_by(t.terms.c.term_id)
    if hide_empty and not hierarchical:
        sql = sql.where(tt.c["count"] > 0)
    rows = [_term(r) for r in await storage.db.fetch_all(sql)]
    # A term shared by several objects comes once (duplicates are only kept for object IDs).
    unique: dict[int, Term] = {}
    for term in rows:
        unique.setdefault(term.term_id, term)
    terms = list(unique.values())
    if query.search:
        terms = [term for term in terms if _matches(query.search, term)]
    if query.parent:
        # A parent without children short-circuits to nothing (the _get_term_hierarchy check).
        hierarchy = _children_map(await taxonomy_terms(storage, query.taxonomy))
        if int(query.parent) not in hierarchy:
            return [], 0
    total = sum(1 for term in terms if term.count > 0) if hide_empty else len(terms)
    if hide_empty and hierarchical:
        every = await taxonomy_terms(storage, query.taxonomy)
        counts = {term.term_id: term.count for term in every}
        children = _children_map(every)
        terms = [
            term for term in terms
            if term.count or any(counts.get(c, 0) for c in descendants(term.term_id, children))
        ]
    return order_and_page(terms, query), total


def order_and_page(terms: list[Term], query: TermQuery) -> list[Term]:
    """ORDER BY and LIMIT/OFFSET of a term query, over terms listed by term_id."""
    ordered = sorted(terms, key=_order_key(query.orderby, query), reverse=query.order.lower() == "desc")
    return ordered[query.offset : query.offset + query.number] if query.number else ordered[query.offset :]


def is_plain_post_query(query: TermQuery) -> bool:
    """A `?post=ID` query with nothing else filtering: answerable from the post's terms alone."""
    return bool(query.post) and not (
        query.include or query.exclude or query.slugs or query.search or query.parent is not None
    )


async def terms_of_posts(
    storage: Storage, post_ids: Iterable[int], taxonomies: Sequence[str]
) -> dict[tuple[str, int], list[Term]]:
    """Every term of these posts in these taxonomies, by (taxonomy, post ID), in one query."""
    ids = sorted({int(i) for i in post_ids})
    out: dict[tuple[str, int], list[Term]] = {(tax, i): [] for tax in taxonomies for i in ids}
    if not ids:
        return out
    t = storage.tables
    tr = t.term_relationships
    query = (
        sa.select(tr.c.object_id, *_columns(storage))
        .select_from(terms_join(storage).join(tr, tr.c.term_taxonomy_id == t.term_taxonomy.c.term_taxonomy_id))
        .where(tr.c.object_id.in_(ids), t.term_taxonomy.c.taxonomy.in_(list(taxonomies)))
        .order_by(t.terms.c.term_id)
    )
    for record in await storage.db.fetch_all(query):
        term = _term(record)
        out.setdefault((term.taxonomy, int(record.object_id)), []).append(term)
    return out






async def terms_for_posts(
    storage: Storage, post_ids: Iterable[int], taxonomies: Sequence[str] = ("category", "post_tag")
) -> dict[int, dict[str, list[int]]]:
    """Term IDs of each post per taxonomy, ordered by name as get_the_terms() returns them.

    One query for any number of posts; posts without terms get empty lists.
    """
    ids = sorted({int(i) for i in post_ids})
    out: dict[int, dict[str, list[int]]] = {i: {tax: [] for tax in taxonomies} for i in ids}
    if not ids or not taxonomies:
        return out
    t = storage.tables
    tr, tt = t.term_relationships, t.term_taxonomy
    query = (
        sa.select(tr.c.object_id, tt.c.taxonomy, t.terms.c.term_id, t.terms.c.name)
        .select_from(tr.join(tt, tt.c.term_taxonomy_id == tr.c.term_taxonomy_id)
                     .join(t.terms, t.terms.c.term_id == tt.c.term_id))
        .where(tr.c.object_id.in_(ids), tt.c.taxonomy.in_(list(taxonomies)))
        .order_by(t.terms.c.term_id)
    )
    named: dict[tuple[int, str], list[tuple[str, int]]] = {}
    for record in await storage.db.fetch_all(query):
        key = (int(record.object_id), str(record.taxonomy))
        named.setdefault(key, []).append((collation_key(str(record.name or "")), int(record.term_id)))
    for (post_id, taxonomy), items in named.items():
        items.sort(key=lambda item: item[0])
        out[post_id][taxonomy] = [term_id for _, term_id in items]
    return out


async def recount_terms(storage: Storage, term_taxonomy_ids: Iterable[int]) -> None:
    """_update_post_term_count(): each term's number of published objects of its taxonomy's types."""
    ids = sorted({int(i) for i in term_taxonomy_ids})
    if not ids:
        return
    t = storage.tables
    tr, tt, posts = t.term_relationships, t.term_taxonomy, t.posts
    rows = await storage.db.fetch_all(sa.select(tt.c.term_taxonomy_id, tt.c.taxonomy).where(tt.c.term_taxonomy_id.in_(ids)))
    for record in rows:
        types = TAXONOMY_OBJECT_TYPES.get(str(record.taxonomy), ("post",))
        count_query = (
            sa.select(sa.func.count())
            .select_from(tr.join(posts, tr.c.object_id == posts.c["ID"]))
            .where(
                tr.c.term_taxonomy_id == int(record.term_taxonomy_id),
                posts.c.post_status == "publish",
                posts.c.post_type.in_(list(types)),
            )
        )
        count = int(await storage.db.fetch_val(count_query) or 0)
        await storage.db.execute(
            sa.update(tt).where(tt.c.term_taxonomy_id == int(record.term_taxonomy_id)).values(count=count)
        )


async def post_category_ids(storage: Storage, post_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(post ID, category term_id) for each category of these posts."""
    t = storage.tables
    query = (
        sa.select(t.term_relationships.c.object_id, t.term_taxonomy.c.term_id)
        .select_from(t.term_relationships.join(
            t.term_taxonomy,
            t.term_taxonomy.c.term_taxonomy_id == t.term_relationships.c.term_taxonomy_id))
        .where(t.term_relationships.c.object_id.in_(post_ids), t.term_taxonomy.c.taxonomy == "category")
    )
    return [(int(r.object_id), int(r.term_id)) for r in await storage.db.fetch_all(query)]


async def category_tree(storage: Storage) -> list[tuple[int, str, int]]:
    """(term_id, slug, parent) of every category."""
    t = storage.tables
    query = (
        sa.select(t.terms.c.term_id, t.terms.c.slug, t.term_taxonomy.c.parent)
        .select_from(t.terms.join(t.term_taxonomy, t.term_taxonomy.c.term_id == t.terms.c.term_id))
        .where(t.term_taxonomy.c.taxonomy == "category")
    )
    return [(int(r.term_id), str(r.slug), int(r.parent or 0)) for r in await storage.db.fetch_all(query)]


async def term_slug(storage: Storage, term_id: int) -> str:
    """The slug of the term with this ID ("" for none)."""
    terms = storage.tables.terms
    return str(await storage.db.fetch_val(sa.select(terms.c.slug).where(terms.c.term_id == term_id)) or "")


async def search_term_rows(
    storage: Storage, *, taxonomies: Sequence[str] | None, search: str = "", include: Sequence[int] = (),
    exclude: Sequence[int] = (),
) -> list[Any]:
    """term_id, name, slug, taxonomy of the terms of these taxonomies (None: of every
    taxonomy, as WP_Term_Query given none) whose name or slug contains `search` (case-blind,
    as the search handler's LIKE), in no order."""
    t = storage.tables
    where: list[Any] = [] if taxonomies is None else [t.term_taxonomy.c.taxonomy.in_(list(taxonomies))]
    if search:
        like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(sa.or_(
            sa.func.lower(t.terms.c.name).like(sa.func.lower(sa.literal(like)), escape="\\"),
            sa.func.lower(t.terms.c.slug).like(sa.func.lower(sa.literal(like)), escape="\\"),
        ))
    if include:
        where.append(t.terms.c.term_id.in_(list(include)))
    if exclude:
        where.append(t.terms.c.term_id.notin_(list(exclude)))
    query = (
        sa.select(t.terms.c.term_id, t.terms.c.name, t.terms.c.slug, t.term_taxonomy.c.taxonomy)
        .select_from(t.terms.join(t.term_taxonomy, t.term_taxonomy.c.term_id == t.terms.c.term_id))
        .where(*where)
    )
    return list(await storage.db.fetch_all(query))


async def term_ids_by_slug_in(storage: Storage, taxonomy: str) -> dict[str, int]:
    """slug → term_id of every term of one taxonomy."""
    t = storage.tables
    rows = await storage.db.fetch_all(
        sa.select(t.terms.c.term_id, t.terms.c.slug)
        .select_from(t.terms.join(t.term_taxonomy, t.term_taxonomy.c.term_id == t.terms.c.term_id))
        .where(t.term_taxonomy.c.taxonomy == taxonomy)
    )
    return {str(r.slug): int(r.term_id) for r in rows}


async def term_keys(storage: Storage) -> tuple[dict[tuple[str, str], tuple[int, int]], set[int], set[int]]:
    """(taxonomy, slug) → (term_id, term_taxonomy_id) of every term, and every term_id and
    term_taxonomy_id taken (an importer's view of what exists)."""
    t = storage.tables
    query = sa.select(
        t.terms.c.term_id, t.terms.c.slug, t.term_taxonomy.c.taxonomy, t.term_taxonomy.c.term_taxonomy_id
    ).select_from(t.terms.join(t.term_taxonomy, t.terms.c.term_id == t.term_taxonomy.c.term_id))
    by_slug = {(row[2], row[1]): (row[0], row[3]) for row in await storage.db.fetch_all(query)}
    term_ids = {r[0] for r in await storage.db.fetch_all(sa.select(t.terms.c.term_id))}
    tt_ids = {r[0] for r in await storage.db.fetch_all(sa.select(t.term_taxonomy.c.term_taxonomy_id))}
    return by_slug, term_ids, tt_ids
