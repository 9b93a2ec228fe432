"""Writing terms as wp_insert_term(), wp_update_term() and wp_delete_term() do."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.registry import HIERARCHICAL_TAXONOMIES
from wpcompat.storage.bulk import chunks, fetch_tuples
from wpcompat.storage.dialect import insert_returning_id
from wpcompat.storage.terms import (
    Term,
    get_term,
    recount_terms,
    taxonomy_terms,
    terms_join,
)

# PHP's trim(): wp_insert_term() and wp_update_term() refuse a name of ASCII blanks only (a
# name of other Unicode spaces is a name).
_PHP_TRIM = " \t\n\r\0\x0b"

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage


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
    query = sa.select(t.terms.c.term_id).select_from(terms_join(storage)).where(t.terms.c.slug == slug)
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
    return await insert_returning_id(storage, sa.insert(table).values(**values), table.c[key])


async def insert_term(
    storage: Storage, taxonomy: str, name: str, *, slug: str = "", description: str = "", parent: int = 0
) -> Term:
    """wp_insert_term(): refuses a name already used (under the same parent), makes the slug unique."""
    from wpcompat.render.formatting import sanitize_title

    if not name.strip(_PHP_TRIM):
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
    if not new_name.strip(_PHP_TRIM):
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


async def recount_imported_terms(
    storage: Storage, term_taxonomy_ids: Iterable[int], post_counted: Sequence[str]
) -> None:
    """`count` of each of these terms, as the importer leaves it: the published posts for the
    taxonomies in `post_counted`, every attached object for the others. Set-wise: per chunk of
    terms, one grouped count of each kind (not one count per term, each reading its term's
    relationships again), then an UPDATE per term whose count changed."""
    t = storage.tables
    tt, tr, posts = t.term_taxonomy, t.term_relationships, t.posts
    tt_id = tr.c.term_taxonomy_id
    for batch in chunks(sorted(term_taxonomy_ids)):
        rows = await fetch_tuples(
            storage,
            sa.select(tt.c.term_taxonomy_id, tt.c.taxonomy, tt.c["count"]).where(tt.c.term_taxonomy_id.in_(batch)),
        )
        by_posts = [int(r[0]) for r in rows if r[1] in post_counted]
        by_objects = [int(r[0]) for r in rows if r[1] not in post_counted]
        counts: dict[int, int] = {}
        if by_posts:
            query = (
                sa.select(tt_id, sa.func.count())
                .select_from(tr.join(posts, tr.c.object_id == posts.c["ID"]))
                .where(tt_id.in_(by_posts), posts.c.post_status == "publish", posts.c.post_type == "post")
                .group_by(tt_id)
            )
            counts.update((int(k), int(n)) for k, n in await fetch_tuples(storage, query))
        if by_objects:
            query = sa.select(tt_id, sa.func.count()).where(tt_id.in_(by_objects)).group_by(tt_id)
            counts.update((int(k), int(n)) for k, n in await fetch_tuples(storage, query))
        for term, _taxonomy, before in rows:
            count = counts.get(int(term), 0)
            if count != int(before or 0):
                await storage.db.execute(sa.update(tt).where(tt.c.term_taxonomy_id == int(term)).values(count=count))
