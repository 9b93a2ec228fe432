"""wpcompat.storage.terms: WP_Term_Query's rules, term counts and the terms of many posts."""

from __future__ import annotations

import sqlalchemy as sa

from settings import Settings
from tests.conftest import site_db_url
from wpcompat.storage import Storage
from wpcompat.storage.terms import TermQuery, collation_key, query_terms, recount_terms, terms_for_posts

from .readside_site import TERMS, Site, make_site


def test_collation_key_is_case_and_accent_blind() -> None:
    names = ["Vie", "économie", "Zèbre", "emploi", "Économie sociale", "Coopératives"]
    assert sorted(names, key=collation_key) == [
        "Coopératives", "économie", "Économie sociale", "emploi", "Vie", "Zèbre"]


def test_queries_counts_and_post_terms(tmp_path) -> None:  # type: ignore[no-untyped-def]
    site: Site = make_site(Settings(database_url=site_db_url(tmp_path), demo_import=False))

    async def check(storage: Storage) -> None:
        terms, total = await query_terms(storage, TermQuery("post_tag", number=2, offset=1))
        assert [t.name for t in terms] == ["emploi", "SCOP"] and total == 4
        terms, total = await query_terms(storage, TermQuery("category", parent=5))
        assert [t.term_id for t in terms] == [6] and total == 1
        terms, total = await query_terms(storage, TermQuery("category", number=0))
        assert len(terms) == 7 and total == 7
        # Published posts only: the draft's category counts nothing.
        counts = {t.term_id: t.count for t in (await query_terms(storage, TermQuery("category", number=0)))[0]}
        assert counts == {1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 1, 7: 0}
        by_post = await terms_for_posts(storage, [site.posts["bilan"], site.posts["vie"], 999])
        assert by_post[site.posts["bilan"]] == {"category": [3, 2], "post_tag": [11, 12, 10]}
        assert by_post[site.posts["vie"]] == {"category": [4], "post_tag": [10]}
        assert by_post[999] == {"category": [], "post_tag": []}
        # Publishing the draft: its category now counts it.
        posts = storage.tables.posts
        await storage.db.execute(
            sa.update(posts).where(posts.c["ID"] == site.posts["brouillon"]).values(post_status="publish"))
        await recount_terms(storage, TERMS)
        terms, _ = await query_terms(storage, TermQuery("category", include=[7]))
        assert terms[0].count == 1

    site.run(check)
