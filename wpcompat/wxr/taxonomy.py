"""Terms of every taxonomy: matched by (taxonomy, slug), created with their ids when free."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wpcompat.storage.bulk import insert_rows
from wpcompat.storage.term_writes import recount_imported_terms
from wpcompat.storage.terms import term_keys
from wpcompat.wxr.reader import Term
from wpcompat.wxr.rewrite import rewrite_meta

if TYPE_CHECKING:
    from wpcompat.storage import Storage
    from wpcompat.wxr.report import ImportReport

# Taxonomies whose count is the number of published posts, as _update_post_term_count() does
# for taxonomies registered on the `post` type; the others count every object.
POST_COUNTED = ("category", "post_tag", "post_format")


class Taxonomy:
    def __init__(self, storage: Storage, report: ImportReport, rewrite: tuple[str, str] | None) -> None:
        self.storage = storage
        self.report = report
        self.rewrite = rewrite
        self.by_slug: dict[tuple[str, str], tuple[int, int]] = {}
        self.term_ids: set[int] = set()
        self.tt_ids: set[int] = set()
        self.touched: set[int] = set()

    async def load(self) -> None:
        by_slug, self.term_ids, self.tt_ids = await term_keys(self.storage)
        self.by_slug.update(by_slug)

    async def declare(self, terms: list[Term]) -> None:
        """Create the channel's terms, parents first (a parent is named by its slug)."""
        merged: dict[tuple[str, str], Term] = {}
        for term in terms:
            if not term.taxonomy or not term.slug:
                self.report.warn(f"line {term.line}: term without taxonomy or slug skipped")
                continue
            key = (term.taxonomy, term.slug)
            first = merged.get(key)
            if first is None:
                merged[key] = term
                continue
            # WordPress 6 lists categories and tags twice (wp:category and wp:term).
            first.description = first.description or term.description
            first.meta = first.meta or term.meta
            first.parent_slug = first.parent_slug or term.parent_slug
            first.id = first.id or term.id
        done: set[tuple[str, str]] = set()

        async def create(key: tuple[str, str], stack: tuple[tuple[str, str], ...] = ()) -> None:
            if key in done:
                return
            done.add(key)
            term = merged[key]
            parent_tt = 0
            if term.parent_slug:
                parent_key = (term.taxonomy, term.parent_slug)
                if parent_key in merged and parent_key not in stack:
                    await create(parent_key, (*stack, key))
                if parent_key in self.by_slug:
                    parent_tt = self.by_slug[parent_key][0]
                else:
                    self.report.warn(
                        f"line {term.line}: parent '{term.parent_slug}' of {term.taxonomy} '{term.slug}' "
                        "not found; the term is top-level"
                    )
            await self._create(term, parent_tt)

        for key in merged:
            await create(key)

    async def ensure(self, taxonomy: str, slug: str, name: str) -> int:
        """term_taxonomy_id of a term named on an item, created when unknown."""
        found = self.by_slug.get((taxonomy, slug))
        if found is not None:
            return found[1]
        term = Term(line=0, taxonomy=taxonomy, slug=slug, name=name or slug)
        await self._create(term, 0)
        return self.by_slug[(taxonomy, slug)][1]

    async def _create(self, term: Term, parent_term_id: int) -> None:
        key = (term.taxonomy, term.slug)
        if key in self.by_slug:
            self.report.terms_existing += 1
            return
        t = self.storage.tables
        term_id = (
            term.id if term.id and term.id > 0 and term.id not in self.term_ids else self._next(self.term_ids)
        )
        self.term_ids.add(term_id)
        # WordPress gives a new term the same term_taxonomy_id as term_id when it can.
        tt_id = term_id if term_id not in self.tt_ids else self._next(self.tt_ids)
        self.tt_ids.add(tt_id)
        await insert_rows(
            self.storage,
            t.terms,
            [
                {
                    "term_id": term_id,
                    "name": (term.name or term.slug)[:200],
                    "slug": term.slug[:200],
                    "term_group": 0,
                }
            ],
        )
        await insert_rows(
            self.storage,
            t.term_taxonomy,
            [
                {
                    "term_taxonomy_id": tt_id,
                    "term_id": term_id,
                    "taxonomy": term.taxonomy[:32],
                    "description": term.description,
                    "parent": parent_term_id,
                    "count": 0,
                }
            ],
        )
        if term.meta:
            old_new = self.rewrite
            await insert_rows(
                self.storage,
                t.termmeta,
                [
                    {
                        "term_id": term_id,
                        "meta_key": m.key,
                        "meta_value": rewrite_meta(m.value, *old_new) if old_new else m.value,
                    }
                    for m in term.meta
                ],
            )
            self.report.termmeta_created += len(term.meta)
        self.by_slug[key] = (term_id, tt_id)
        self.touched.add(tt_id)
        self.report.terms_created[term.taxonomy] += 1

    @staticmethod
    def _next(ids: set[int]) -> int:
        return max(ids, default=0) + 1

    async def recount(self) -> None:
        """Recompute `count` of every term this import created or attached, like WordPress."""
        await recount_imported_terms(self.storage, self.touched, POST_COUNTED)
