"""A posts list's statements kept per shape (storage/posts._Shaped) are the statements built
per request (_Built) would be: the same SQL with the same values, whatever the filters, the
order and the page, on every backend; and two lists of one shape share their statements."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from wpcompat.storage import Storage
from wpcompat.storage.dialect import compiler
from wpcompat.storage.posts import (
    DateClause,
    PostQuery,
    TaxClause,
    _Built,
    _order_by,
    _shape,
    _Shaped,
    build_where,
    find_posts,
)
from wpcompat.storage.statements import Bound

QUERIES = [
    PostQuery(),
    PostQuery(page=3, per_page=5),
    PostQuery(offset=7),
    PostQuery(post_types=["post", "page"], statuses=["publish", "private"]),
    PostQuery(statuses=["any"]),
    PostQuery(statuses=["any", "trash"], order="ASC"),
    PostQuery(statuses=["draft", "pending", "future"], include=[3, 1, 2], exclude=[9]),
    PostQuery(authors=[1, 2], parents=[0], parents_exclude=[5, 6]),
    PostQuery(authors=[1], authors_exclude=[2, 3]),
    PostQuery(post_types=["revision"], statuses=["inherit"], parent=4, orderby="ID"),
    PostQuery(post_types=["page"], slugs=["a", "b_c"], menu_order=2, orderby="menu_order", order="ASC"),
    PostQuery(post_types=["attachment"], statuses=["inherit"], mime_types=["image/png"],
              mime_prefixes=["video", "app_x"]),
    PostQuery(dates=[DateClause("post_date", after="2020-01-01 00:00:00", before="2024-01-01 00:00:00"),
                     DateClause("post_modified", after="2021-05-05 10:00:00")], orderby="modified"),
    PostQuery(none=True),
    PostQuery(orderby="author"), PostQuery(orderby="parent"), PostQuery(orderby="slug", order="ASC"),
]


def _sql(storage: Storage, statement: Any) -> str:
    if isinstance(statement, Bound):
        statement = statement.as_statement()
    return str(statement.compile(dialect=compiler(storage), compile_kwargs={"literal_binds": True}))


@pytest.mark.parametrize("q", QUERIES, ids=range(len(QUERIES)))
async def test_a_shape_runs_the_sql_a_built_list_runs(storage: Storage, q: PostQuery) -> None:
    shape = _shape(q)
    assert shape is not None
    shaped = _Shaped(storage, q, shape)
    where, _ = build_where(storage, q)
    built = _Built(storage, where, _order_by(storage, q, None))
    assert shaped.desc == built.desc
    assert _sql(storage, shaped.count()) == _sql(storage, built.count())
    for dated in (False, True):
        assert _sql(storage, shaped.page(10, 20, dated=dated)) == _sql(storage, built.page(10, 20, dated=dated))
    after = ("2022-02-02 12:00:00", 42)
    assert _sql(storage, shaped.page(10, 3, dated=True, after=after)) == _sql(
        storage, built.page(10, 3, dated=True, after=after))


def test_lists_of_one_shape_share_statements_and_not_their_values(storage: Storage) -> None:
    one, two = PostQuery(include=[1, 2], page=1), PostQuery(include=[7, 8, 9], page=4)
    assert _shape(one) == _shape(two)
    first, second = _Shaped(storage, one, _shape(one)), _Shaped(storage, two, _shape(two))
    assert first.page(10, 0).statement is second.page(10, 30).statement
    assert first.key("count") != second.key("count")
    assert _shape(PostQuery(include=[1])) != _shape(PostQuery(exclude=[1]))
    assert _shape(PostQuery(order="ASC")) != _shape(PostQuery())
    # Searches, term filters and orders by given values are built per request.
    assert _shape(PostQuery(search="x")) is None
    assert _shape(PostQuery(orderby="post__in", include=[2, 1])) is None


async def test_a_missing_page_of_a_shape_answers_empty(storage: Storage) -> None:
    found = await find_posts(storage, PostQuery(include=[10**9], page=1))
    assert (found.rows, found.total) == ([], 0)


def test_conditions_kept_for_a_query_are_its_own(storage: Storage) -> None:
    """A search's or a term filter's conditions are kept per query (posts.build_where): the
    same query gets the same ones, another page of it too; another term, another term tree
    (include_children) or another search gets its own."""
    tax = [TaxClause("category", [2], include_children=True)]
    query = PostQuery(search="caf\u00e9 -th\u00e9", tax=tax)
    where, search = build_where(storage, query, {"category": {2: [5]}})
    again, _ = build_where(storage, replace(query, page=7), {"category": {2: [5]}})
    assert [w is a for w, a in zip(where, again, strict=True)] == [True] * len(where)
    assert search is not None and search.sentence == "caf\u00e9 -th\u00e9"
    grown, _ = build_where(storage, query, {"category": {2: [5, 6]}})
    assert "6" in _sql_of(storage, grown) and "6" not in _sql_of(storage, where)
    other, _ = build_where(storage, replace(query, search="caf\u00e9"))
    assert _sql_of(storage, other) != _sql_of(storage, where)
    elsewhere, _ = build_where(storage, replace(query, tax=[TaxClause("category", [3], include_children=True)]),
                               {"category": {2: [5]}})
    assert _sql_of(storage, elsewhere) != _sql_of(storage, where)


def _sql_of(storage: Storage, where: list[Any]) -> str:
    import sqlalchemy as sa

    return _sql(storage, sa.select(storage.tables.posts.c.ID).where(*where))
