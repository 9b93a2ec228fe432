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

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

# The post types whose published posts a taxonomy counts (_update_post_term_count).
TAXONOMY_OBJECT_TYPES: dict[str, tuple[str, ...]] = {
    "category": ("post",),
    "post_tag": ("post",),
    "post_format": ("post",),
    "nav_menu": ("nav_menu_item",),
}
HIERARCHICAL_TAXONOMIES = frozenset({"category"})


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


def collation_key(text: str) -> str:
    """A sort/compare key close to MySQL's utf8mb4_unicode_ci: case- and accent-insensitive."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _columns(storage: Storage) -> list[Any]:
    t = storage.tables
    return [
        t.terms.c.term_id, t.terms.c.name, t.terms.c.slug, t.terms.c.term_group,
        t.term_taxonomy.c.term_taxonomy_id, t.term_taxonomy.c.taxonomy, t.term_taxonomy.c.description,
        t.term_taxonomy.c.parent, t.term_taxonomy.c["count"],
    ]


def _joined(storage: Storage) -> Any:
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
    query = sa.select(*_columns(storage)).select_from(_joined(storage)).where(t.terms.c.term_id.in_(ids))
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
        sa.select(*_columns(storage)).select_from(_joined(storage))
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


def _descendants(term_id: int, children: dict[int, list[int]]) -> list[int]:
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
    source = _joined(storage)
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
            if term.count or any(counts.get(c, 0) for c in _descendants(term.term_id, children))
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
        .select_from(_joined(storage).join(tr, tr.c.term_taxonomy_id == t.term_taxonomy.c.term_taxonomy_id))
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


# ---------------------------------------------------------------- writing terms


class TermError(Exception):
    """A refused term change, as WordPress's WP_Error (status 500 when WordPress gives none)."""

    def __init__(self, code: str, message: str, status: int = 500, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.data = data or {}


def sanitize_term_name(name: str) -> str:
    """The `pre_term_name` filters: sanitize_text_field, wp_filter_kses, _wp_specialchars."""
    from wpcompat.render.escape import wp_specialchars
    from wpcompat.render.formatting import sanitize_text_field
    from wpcompat.render.kses import wp_filter_kses

    return wp_specialchars(wp_filter_kses(sanitize_text_field(name)))


def sanitize_term_description(description: str, unfiltered_html: bool) -> str:
    """`pre_term_description`: kses for users who may not post unfiltered HTML."""
    from wpcompat.render.kses import wp_filter_kses

    return description if unfiltered_html else wp_filter_kses(description)


async def _slug_taken(storage: Storage, slug: str, taxonomy: str | None = None, except_id: int = 0) -> bool:
    t = storage.tables
    query = sa.select(t.terms.c.term_id).select_from(_joined(storage)).where(t.terms.c.slug == slug)
    if taxonomy is not None:
        query = query.where(t.term_taxonomy.c.taxonomy == taxonomy)
    if except_id:
        query = query.where(t.terms.c.term_id != except_id)
    return await storage.db.fetch_val(query.limit(1)) is not None


async def _term_exists_anywhere(storage: Storage, value: str) -> bool:
    """term_exists( $value ) without a taxonomy: a term with this slug, or else this name."""
    t = storage.tables
    query = sa.select(t.terms.c.term_id).where(sa.or_(t.terms.c.slug == value, t.terms.c.name == value)).limit(1)
    return await storage.db.fetch_val(query) is not None


async def unique_term_slug(storage: Storage, slug: str, taxonomy: str, parent: int = 0, term_id: int = 0) -> str:
    """wp_unique_term_slug(): the slug, else with its parents' slugs, else with -2, -3…"""
    if not await _slug_taken(storage, slug, taxonomy):
        return slug
    parent_suffix = ""
    if taxonomy in HIERARCHICAL_TAXONOMIES and parent:
        current = parent
        seen: set[int] = set()
        while current and current not in seen:
            seen.add(current)
            parent_term = await get_term(storage, current, taxonomy)
            if parent_term is None:
                break
            parent_suffix += "-" + parent_term.slug
            if not await _term_exists_anywhere(storage, slug + parent_suffix):
                break
            current = parent_term.parent
    slug += parent_suffix
    if await _slug_taken(storage, slug, None, term_id):
        number = 2
        while await _slug_taken(storage, f"{slug}-{number}"):
            number += 1
        slug = f"{slug}-{number}"
    return slug


async def _insert(storage: Storage, table: sa.Table, key: str, values: dict[str, Any]) -> int:
    if storage.dialect == "postgresql":
        return int(await storage.db.fetch_val(sa.insert(table).values(**values).returning(table.c[key])))
    return int(await storage.db.execute(sa.insert(table).values(**values)))


async def insert_term(
    storage: Storage, taxonomy: str, name: str, *, slug: str = "", description: str = "", parent: int = 0
) -> Term:
    """wp_insert_term(): refuses a name already used (under the same parent), makes the slug unique."""
    from wpcompat.render.formatting import sanitize_title

    if not name.strip():
        raise TermError("empty_term_name", "A name is required for this term.")
    hierarchical = taxonomy in HIERARCHICAL_TAXONOMIES
    if parent and await get_term(storage, parent, taxonomy) is None:
        raise TermError("missing_parent", "Parent term does not exist.")
    slug_provided = bool(slug)
    slug = sanitize_title(slug or name)
    siblings = [
        term for term in await taxonomy_terms(storage, taxonomy)
        if not hierarchical or term.parent == parent
    ]
    # get_terms( name ) matches under MySQL's collation, then PHP keeps a strtolower() match.
    name_match = next((t for t in siblings if t.name.lower() == name.lower()), None)
    if name_match is not None:
        slug_match = next((t for t in await taxonomy_terms(storage, taxonomy) if t.slug == slug), None)
        if not slug_provided or name_match.slug == slug or slug_match is not None:
            if hierarchical:
                existing = None
                if (not slug_provided or name_match.slug == slug) and name in {t.name for t in siblings}:
                    existing = name_match
                elif slug_match is not None and slug in {t.slug for t in siblings}:
                    existing = slug_match
                if existing is not None:
                    raise TermError("term_exists", "A term with the name provided already exists with this parent.",
                                    data={"term_id": existing.term_id})
            else:
                raise TermError("term_exists", "A term with the name provided already exists in this taxonomy.",
                                data={"term_id": name_match.term_id})
    slug = await unique_term_slug(storage, slug, taxonomy, parent)
    t = storage.tables
    async with storage.db.transaction():
        term_id = await _insert(storage, t.terms, "term_id", {"name": name, "slug": slug, "term_group": 0})
        await _insert(storage, t.term_taxonomy, "term_taxonomy_id", {
            "term_id": term_id, "taxonomy": taxonomy, "description": description,
            "parent": parent if hierarchical else 0, "count": 0,
        })
    created = await get_term(storage, term_id, taxonomy)
    assert created is not None
    return created


async def update_term(
    storage: Storage,
    term: Term,
    *,
    name: str | None = None,
    slug: str | None = None,
    description: str | None = None,
    parent: int | None = None,
) -> Term:
    """wp_update_term(): what is given replaces what is stored; a slug must stay unique."""
    from wpcompat.render.formatting import sanitize_title

    new_name = term.name if name is None else name
    if not new_name.strip():
        raise TermError("empty_term_name", "A name is required for this term.")
    new_parent = term.parent if parent is None else int(parent)
    if term.taxonomy not in HIERARCHICAL_TAXONOMIES:
        new_parent = 0
    empty_slug = slug is not None and not slug
    new_slug = sanitize_title(new_name) if empty_slug else sanitize_title(slug) if slug is not None else term.slug
    if await _slug_taken(storage, new_slug, term.taxonomy, term.term_id):
        if empty_slug or new_parent != term.parent:
            new_slug = await unique_term_slug(storage, new_slug, term.taxonomy, new_parent, term.term_id)
        else:
            raise TermError("duplicate_term_slug", f"The slug &#8220;{new_slug}&#8221; is already in use by another term.")
    t = storage.tables
    async with storage.db.transaction():
        await storage.db.execute(
            sa.update(t.terms).where(t.terms.c.term_id == term.term_id).values(name=new_name, slug=new_slug)
        )
        await storage.db.execute(
            sa.update(t.term_taxonomy).where(t.term_taxonomy.c.term_taxonomy_id == term.term_taxonomy_id).values(
                description=term.description if description is None else description, parent=new_parent
            )
        )
    updated = await get_term(storage, term.term_id, term.taxonomy)
    assert updated is not None
    return updated


async def delete_term(storage: Storage, term: Term, default_category: int = 0) -> None:
    """wp_delete_term(): children move up to the parent; posts left without a category get the
    default one; the term goes, and the counts it touched are recomputed."""
    t = storage.tables
    tr, tt = t.term_relationships, t.term_taxonomy
    default = None
    if term.taxonomy == "category" and default_category and default_category != term.term_id:
        default = await get_term(storage, default_category, "category")
    touched: set[int] = set()
    async with storage.db.transaction():
        if term.taxonomy in HIERARCHICAL_TAXONOMIES:
            await storage.db.execute(
                sa.update(tt).where(tt.c.parent == term.term_id, tt.c.taxonomy == term.taxonomy)
                .values(parent=term.parent)
            )
        objects = [int(r[0]) for r in await storage.db.fetch_all(
            sa.select(tr.c.object_id).where(tr.c.term_taxonomy_id == term.term_taxonomy_id))]
        await storage.db.execute(sa.delete(tr).where(tr.c.term_taxonomy_id == term.term_taxonomy_id))
        if default is not None and objects:
            same_taxonomy = sa.select(tt.c.term_taxonomy_id).where(tt.c.taxonomy == term.taxonomy)
            still = {int(r[0]) for r in await storage.db.fetch_all(
                sa.select(tr.c.object_id).where(tr.c.object_id.in_(objects), tr.c.term_taxonomy_id.in_(same_taxonomy)))}
            for object_id in objects:
                if object_id not in still:
                    await storage.db.execute(sa.insert(tr).values(
                        object_id=object_id, term_taxonomy_id=default.term_taxonomy_id, term_order=0))
                    touched.add(default.term_taxonomy_id)
        await storage.db.execute(sa.delete(tt).where(tt.c.term_taxonomy_id == term.term_taxonomy_id))
        shared = await storage.db.fetch_val(sa.select(tt.c.term_taxonomy_id).where(tt.c.term_id == term.term_id).limit(1))
        if shared is None:
            await storage.db.execute(sa.delete(t.terms).where(t.terms.c.term_id == term.term_id))
            await storage.db.execute(sa.delete(t.termmeta).where(t.termmeta.c.term_id == term.term_id))
    await recount_terms(storage, touched)
