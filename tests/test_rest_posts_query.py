"""The WP_Query builder (wpcompat.storage.posts), one query var at a time, on the posts_site blog."""

from __future__ import annotations

from typing import Any

import pytest

from settings import Settings
from tests.posts_site import Site, build
from wpcompat.storage import Storage
from wpcompat.storage.posts import (
    DateClause,
    PostQuery,
    TaxClause,
    find_posts,
    object_terms,
    parse_search_terms,
    post_meta,
    revision_stats,
)


@pytest.fixture
async def blog(storage: Storage, settings: Settings) -> Storage:
    await build(storage, Site(settings=settings))
    return storage


async def ids(storage: Storage, **kw: Any) -> list[int]:
    found = await find_posts(storage, PostQuery(**kw))
    return [int(r["ID"]) for r in found.rows]


async def test_default_is_published_posts_newest_first(blog: Storage) -> None:
    assert await ids(blog) == [4, 2, 5, 3, 1]


async def test_statuses_and_any(blog: Storage) -> None:
    assert await ids(blog, statuses=["draft"]) == [8, 7]  # same date: ID descending, as MySQL's index walk
    assert await ids(blog, statuses=["private", "future"]) == [9, 6]
    # `any` leaves out trash and auto-drafts only; ties come in scan (ID) order.
    assert await ids(blog, statuses=["any"], per_page=20) == [9, 7, 8, 4, 2, 6, 5, 3, 1]


async def test_types(blog: Storage) -> None:
    assert await ids(blog, post_types=["page"]) == [11, 10]
    assert await ids(blog, post_types=["attachment"], statuses=["inherit"]) == [12]
    assert await ids(blog, post_types=["revision"], statuses=["inherit"], parent=2) == [14, 13]


async def test_include_exclude_authors_slugs(blog: Storage, settings: Settings) -> None:
    assert await ids(blog, include=[1, 3, 99]) == [3, 1]
    assert await ids(blog, exclude=[4, 2]) == [5, 3, 1]
    assert await ids(blog, authors=[3]) == [4]  # the author is user 3
    assert await ids(blog, authors_exclude=[1]) == [4]
    assert await ids(blog, slugs=["bienvenue", "hello-world"]) == [3, 1]


async def test_parents_and_menu_order(blog: Storage) -> None:
    assert await ids(blog, post_types=["page"], parents=[10]) == [11]
    assert await ids(blog, post_types=["page"], parents_exclude=[10]) == [10]
    assert await ids(blog, post_types=["page"], menu_order=1) == [10]
    assert await ids(blog, post_types=["page"], orderby="menu_order", order="ASC") == [10, 11]


async def test_dates_are_site_local_and_exclusive(blog: Storage) -> None:
    after = [DateClause("post_date", after="2021-03-01 00:00:00")]
    assert await ids(blog, dates=after) == [4, 2]
    before = [DateClause("post_date", before="2021-02-12 18:00:00")]
    assert await ids(blog, dates=before) == [3, 1]
    modified = [DateClause("post_modified", after="2021-06-01 08:59:59")]
    assert await ids(blog, dates=modified) == [4]


async def test_search_terms_are_anded_over_title_excerpt_content(blog: Storage) -> None:
    assert await ids(blog, search="coopératives") == [4, 2]
    assert await ids(blog, search="scop") == [2]  # case-blind; the protected post is hidden
    assert await ids(blog, search="scop", hide_protected_in_search=False) == [2, 5]
    assert await ids(blog, search="programme lille") == [4]  # excerpt + content
    assert await ids(blog, search="lille -programme") == []
    assert await ids(blog, search='"trois jours"') == [4]
    assert await ids(blog, search="zzz") == []


async def test_search_relevance_puts_title_matches_first(blog: Storage) -> None:
    assert await ids(blog, search="coopératives", orderby="relevance") == [4, 2]
    assert await ids(blog, search="site", orderby="relevance") == [3]


def test_parse_search_terms() -> None:
    assert parse_search_terms('les "trois jours" a -x') == (["les", "trois jours", "-x"], 4)
    # Only stopwords or single letters: the whole string is one term.
    assert parse_search_terms("the a") == (["the a"], 2)
    assert parse_search_terms("e") == (["e"], 1)


async def test_taxonomy_queries(blog: Storage) -> None:
    assert await ids(blog, tax=[TaxClause("category", [2])]) == []  # children not included
    assert await ids(blog, tax=[TaxClause("category", [2], include_children=True)]) == [2]
    assert await ids(blog, tax=[TaxClause("category", [3, 4])]) == [4, 2, 5, 3]
    assert await ids(blog, tax=[TaxClause("post_tag", [6, 5], "AND")]) == []
    assert await ids(blog, tax=[TaxClause("post_tag", [6], "AND"), TaxClause("category", [4])]) == [4, 3]
    assert await ids(blog, tax=[TaxClause("category", [4], "NOT IN")]) == [2, 1]
    either = [TaxClause("category", [3]), TaxClause("post_tag", [6])]
    assert await ids(blog, tax=either, tax_relation="OR") == [4, 2, 3]
    assert await ids(blog, tax=either) == []


async def test_orderby_variants(blog: Storage) -> None:
    assert await ids(blog, orderby="title", order="ASC") == [3, 5, 1, 2, 4]
    assert await ids(blog, orderby="post_name", order="ASC") == [3, 5, 1, 2, 4]
    assert await ids(blog, orderby="ID", order="ASC") == [1, 2, 3, 4, 5]
    assert await ids(blog, orderby="post__in", include=[5, 1, 3]) == [5, 1, 3]
    # Ties after a non-date order come in scan (ID) order.
    assert await ids(blog, orderby="author", order="DESC") == [4, 1, 2, 3, 5]


async def test_title_order_ignores_accents_and_case(blog: Storage) -> None:
    # MySQL's collation sorts "À propos" with the a's and "L'équipe" after it.
    assert await ids(blog, post_types=["page"], orderby="title", order="ASC") == [10, 11]


async def test_paging_and_found_rows(blog: Storage) -> None:
    page = await find_posts(blog, PostQuery(per_page=2, page=2))
    assert [r["ID"] for r in page.rows] == [5, 3] and page.total == 5
    last = await find_posts(blog, PostQuery(per_page=2, page=3))
    assert [r["ID"] for r in last.rows] == [1] and last.total == 5
    beyond = await find_posts(blog, PostQuery(per_page=2, page=9))
    assert beyond.rows == [] and beyond.total == 5
    offset = await find_posts(blog, PostQuery(per_page=2, page=5, offset=3))
    assert [r["ID"] for r in offset.rows] == [3, 1] and offset.total == 5
    nothing = await find_posts(blog, PostQuery(none=True))
    assert nothing.rows == [] and nothing.total == 0


async def test_batches(blog: Storage) -> None:
    meta = await post_meta(blog, [2, 12, 99], ["_thumbnail_id", "_wp_attachment_image_alt"])
    assert meta == {2: {"_thumbnail_id": "12"}, 12: {"_wp_attachment_image_alt": "Un logo"}, 99: {}}
    terms = await object_terms(blog, [4], ("category", "post_tag", "post_format"))
    assert [(t.term_id, t.name) for t in terms[4]["category"]] == [(4, "Vie du secteur")]
    assert [t.slug for t in terms[4]["post_format"]] == ["post-format-aside"]
    # Names sort as MySQL's collation does: É with the E's.
    both = await object_terms(blog, [2], ("category",))
    assert [t.name for t in both[2]["category"]] == ["Coopératives"]
    stats = await revision_stats(blog, [2, 3])
    assert stats[2].count == 2 and stats[2].latest_id == 14 and 3 not in stats


@pytest.mark.parametrize("dialect_name", ["postgresql", "mysql", "sqlite"])
def test_queries_compile_on_every_backend(dialect_name: str) -> None:
    """No backend-specific SQL: every query shape compiles for PostgreSQL, MySQL and SQLite."""
    import types

    import sqlalchemy as sa
    from sqlalchemy.dialects import mysql, postgresql, sqlite

    from wpcompat.storage.posts import _order_by, build_where
    from wpcompat.storage.tables import make_tables

    dialect = {"postgresql": postgresql.dialect(), "mysql": mysql.dialect(), "sqlite": sqlite.dialect()}[dialect_name]
    storage: Any = types.SimpleNamespace(tables=make_tables("wp_"), dialect=dialect_name, memo={})
    posts = storage.tables.posts
    queries = [
        PostQuery(statuses=["any"], search='scop "trois jours" -x', orderby="relevance"),
        PostQuery(tax=[TaxClause("category", [2], "AND", True), TaxClause("post_tag", [5], "NOT IN")],
                  tax_relation="OR", dates=[DateClause("post_date", after="2021-01-01 00:00:00")]),
        PostQuery(include=[3, 1], orderby="post__in", mime_prefixes=["image"], mime_types=["image/png"]),
        PostQuery(slugs=["a", "b"], orderby="post_name__in", exact=True, search="x_y%"),
    ]
    for q in queries:
        where, search = build_where(storage, q)
        stmt = (sa.select(posts, sa.func.count().over().label("found")).where(*where)
                .order_by(*_order_by(storage, q, search)).limit(10).offset(5))
        sql = str(stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True}))
        assert "LIMIT" in sql.upper() and "OVER ()" in sql
