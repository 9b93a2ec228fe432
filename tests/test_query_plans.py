"""The big-site list queries walk indexes on every backend: their plans, read with EXPLAIN.

The queries are the ones the storage functions really send (recorded while they run on a
small site), so a change that loses an index fails here rather than on a site with 100,000
posts. Plans, not timings: on a few hundred rows the planners could pick a full scan because
it is cheap, so PostgreSQL is told to avoid sequential scans and sorts wherever it can
(`enable_seqscan`/`enable_sort` off: what remains has no index to use), SQLite plans
without statistics, and MariaDB gets enough rows to prefer its indexes.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import pytest
import sqlalchemy as sa

from tests import backends
from wpcompat.storage import Storage, open_storage
from wpcompat.storage.bulk import insert_rows, refresh_statistics
from wpcompat.storage.changes import watcher
from wpcompat.storage.comments import CommentQuery, query_comments
from wpcompat.storage.dialect import compiler
from wpcompat.storage.posts import PostQuery, TaxClause, as_dicts, find_posts

POSTS = 400
COMMENTS_PER_POST = 4
CATEGORY_TT = 2


@pytest.fixture(params=backends.BACKENDS)
async def storage(request: pytest.FixtureRequest, tmp_path: Any) -> AsyncIterator[Storage]:
    kind = request.param
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'plans.db'}"
    else:
        backends.server(kind).require()
        url = backends.new_server_database(kind)
    store = await open_storage(url)
    try:
        async with store.db.transaction():
            await _fill(store)
        await _analyze(store)
        # The change log's look for its triggers, done once (list totals are remembered by
        # its clock: storage/count_memo.py), is not a list query.
        await watcher(store).sync()
        yield store
    finally:
        await store.db.disconnect()


async def _fill(storage: Storage) -> None:
    t = storage.tables
    date = "2020-01-{:02d} 10:{:02d}:00"
    posts = [
        {"ID": i, "post_author": 1, "post_date": date.format(1 + i % 28, i % 60),
         "post_date_gmt": date.format(1 + i % 28, i % 60), "post_content": f"contenu {i}",
         "post_title": f"titre {i}", "post_excerpt": "", "post_status": "publish" if i % 10 else "draft",
         "post_name": f"article-{i}", "to_ping": "", "pinged": "", "post_content_filtered": "",
         "post_modified": date.format(1 + i % 28, i % 60), "post_modified_gmt": date.format(1 + i % 28, i % 60),
         "post_type": "post" if i % 7 else "page", "guid": f"http://example.test/?p={i}"}
        for i in range(1, POSTS + 1)
    ]
    await insert_rows(storage, t.posts, posts)
    await insert_rows(storage, t.terms, [{"term_id": 2, "name": "Actus", "slug": "actus", "term_group": 0}])
    await insert_rows(storage, t.term_taxonomy, [
        {"term_taxonomy_id": CATEGORY_TT, "term_id": 2, "taxonomy": "category", "description": "",
         "parent": 0, "count": 0},
    ])
    await insert_rows(storage, t.term_relationships, [
        {"object_id": i, "term_taxonomy_id": CATEGORY_TT, "term_order": 0} for i in range(1, POSTS + 1, 3)
    ])
    comments = []
    for post in range(1, POSTS + 1):
        for n in range(COMMENTS_PER_POST):
            cid = (post - 1) * COMMENTS_PER_POST + n + 1
            comments.append({
                "comment_ID": cid, "comment_post_ID": post, "comment_author": "Lectrice",
                "comment_author_email": f"l{cid}@example.test", "comment_author_url": "",
                "comment_author_IP": "192.0.2.1", "comment_date": date.format(1 + cid % 28, cid % 60),
                "comment_date_gmt": date.format(1 + cid % 28, cid % 60), "comment_content": "bien",
                "comment_karma": 0, "comment_approved": "1" if cid % 5 else "0", "comment_agent": "",
                "comment_type": "comment", "comment_parent": 0, "user_id": 0,
            })
    await insert_rows(storage, t.comments, comments)


async def _analyze(storage: Storage) -> None:
    """Planner statistics, as an import leaves them (storage.bulk.refresh_statistics)."""
    async with storage.db.transaction():
        if not storage.is_mysql:
            await refresh_statistics(storage)
    if storage.is_mysql:
        await refresh_statistics(storage)


class Recorder:
    """Records the statements a storage function sends, with their values."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.statements: list[Any] = []

    async def __aenter__(self) -> Recorder:
        db = self.storage.db
        self._saved = {name: getattr(db, name) for name in ("fetch_all", "fetch_one", "fetch_val")}
        for name, method in self._saved.items():
            setattr(db, name, self._wrap(method))
        return self

    def _wrap(self, method: Any) -> Any:
        async def recorded(query: Any, *args: Any, **kwargs: Any) -> Any:
            self.statements.append(query)
            return await method(query, *args, **kwargs)

        return recorded

    async def __aexit__(self, *exc: object) -> None:
        for name in self._saved:
            delattr(self.storage.db, name)


def _sql(storage: Storage, statement: Any) -> str:
    dialect = compiler(storage)
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


async def _plan(storage: Storage, sql: str, *, no_incremental_sort: bool = False) -> list[str]:
    """The plan's lines, as text to match (`no_incremental_sort`: PostgreSQL is told to
    avoid sorting even the ties of an index's order, where an index gives the whole order)."""
    if storage.is_sqlite:
        rows = await storage.db.fetch_all("EXPLAIN QUERY PLAN " + sql)
        return [str(r._mapping["detail"]) for r in rows]
    if storage.dialect == "postgresql":
        async with storage.db.connection() as connection, connection.transaction(force_rollback=True):
            await connection.execute("SET LOCAL enable_seqscan = off")
            await connection.execute("SET LOCAL enable_sort = off")
            if no_incremental_sort:
                await connection.execute("SET LOCAL enable_incremental_sort = off")
            rows = await connection.fetch_all("EXPLAIN " + sql)
        return [str(next(iter(r.values()))) for r in as_dicts(rows)]
    rows = as_dicts(await storage.db.fetch_all("EXPLAIN " + sql))
    return [" | ".join(f"{k}={v}" for k, v in r.items()) for r in rows]


# What a plan must not contain, per backend: a full read of a big table, or a sort of the
# matching rows where an index gives the order.
FULL_SCAN = {
    "sqlite": re.compile(r"^SCAN (wp_posts|wp_comments)( |$)(?!.*COVERING INDEX)"),
    "postgresql": re.compile(r"Seq Scan on (wp_posts|wp_comments)\b"),
    "mysql": re.compile(r"table=(wp_posts|wp_comments) \| .*type=ALL\b"),
}
SORT = {
    "sqlite": re.compile(r"USE TEMP B-TREE FOR ORDER BY"),
    # An incremental sort walks an index (its presorted key) and sorts only the ties of each
    # key: PostgreSQL's indexes do not end with the primary key, as InnoDB's and SQLite's do.
    "postgresql": re.compile(r"(?<!Incremental )\bSort\b(?! Key)"),
    "mysql": re.compile(r"Using filesort|Using temporary"),
}


def _kind(storage: Storage) -> str:
    return "mysql" if storage.is_mysql else storage.dialect


async def _check(storage: Storage, statements: list[Any], *, sorted_by_index: bool = True) -> None:
    assert statements, "the function sent no query"
    kind = _kind(storage)
    for statement in statements:
        sql = _sql(storage, statement)
        plan = await _plan(storage, sql)
        text = "\n".join(plan)
        for line in plan:
            assert not FULL_SCAN[kind].search(line), f"full scan in\n{sql}\n{text}"
        # Only the paged IDs query sorts: counts and fetches by ID have no ORDER BY. A page
        # read as a derived table (storage/comments.py) sorts again its own few rows: its
        # IDs query is the one that must walk an index.
        page = _derived_page(sql)
        if page is not None:
            sql = page
            text = "\n".join(await _plan(storage, sql))
        if sorted_by_index and "ORDER BY" in sql:
            assert not SORT[kind].search(text), f"sort instead of an index walk in\n{sql}\n{text}"


def _derived_page(sql: str) -> str | None:
    """The SELECT of a derived table named `page` in `sql`, if any."""
    end = sql.find(") AS page ")
    if end < 0:
        return None
    depth, start = 0, end
    while start > 0:
        start -= 1
        if sql[start] == ")":
            depth += 1
        elif sql[start] == "(":
            if depth == 0:
                return sql[start + 1:end]
            depth -= 1
    return None


def _page_query(storage: Storage, statements: list[Any]) -> str:
    """The SQL of the first query that pages a list (not a count, not the change log's clock)."""
    for statement in statements:
        sql = _sql(storage, statement)
        if "ORDER BY" in sql and "wpc_change" not in sql:
            return sql
    raise AssertionError(f"no paged query among {len(statements)} statements")


@pytest.mark.parametrize("page", [1, 20])
async def test_posts_list_pages_through_the_type_status_date_index(storage: Storage, page: int) -> None:
    async with Recorder(storage) as rec:
        found = await find_posts(storage, PostQuery(per_page=10, page=page))
        # Asked again: its IDs as kept the first time, no query for them (posts._paged).
        again = await find_posts(storage, PostQuery(per_page=10, page=page))
        # The next page: a seek past the boundary kept from the first time.
        following = await find_posts(storage, PostQuery(per_page=10, page=page + 1))
    assert found.total == sum(1 for i in range(1, POSTS + 1) if i % 7 and i % 10)
    assert again == found
    async with storage.db.transaction():  # nothing is remembered inside a transaction
        assert following == await find_posts(storage, PostQuery(per_page=10, page=page + 1))
    await _check(storage, rec.statements)


@pytest.mark.parametrize("query", [
    PostQuery(per_page=7),
    PostQuery(per_page=7, order="ASC"),
    PostQuery(per_page=7, tax=[TaxClause("category", [2])]),
    PostQuery(per_page=7, post_types=["post", "page"], statuses=["publish", "draft"]),
])
async def test_pages_found_from_a_kept_boundary_are_the_offset_pages(storage: Storage, query: PostQuery) -> None:
    """Dates tie by the dozen here: a seek past a (date, ID) boundary must land exactly where
    OFFSET does, going on, going back, jumping, and past the end."""
    for page in (3, 4, 3, 2, 20, 21, 9, 1, 2, 60, 5):
        query.page = page
        seeking = await find_posts(storage, query)
        async with storage.db.transaction():  # nothing is remembered inside a transaction
            offset = await find_posts(storage, query)
        assert seeking == offset, page


async def test_posts_of_a_category_use_indexes(storage: Storage) -> None:
    query = PostQuery(per_page=10, tax=[TaxClause("category", [2])])
    async with Recorder(storage) as rec:
        found = await find_posts(storage, query)
    assert found.total == sum(1 for i in range(1, POSTS + 1, 3) if i % 7 and i % 10)
    # WordPress orders ties by ascending ID after a category filter (MySQL's scan order):
    # the (type, status, date, ID DESC) index walked backwards gives it, with no sort. On a
    # third of 400 posts MariaDB rather starts from the category's posts and sorts them (on
    # 100,000 it walks the index): only full scans are refused there.
    await _check(storage, rec.statements, sorted_by_index=not storage.is_mysql)


# No orderby: the IDs first, then their rows; the REST API's (a total order): the page as a
# derived table of the rows' statement.
@pytest.mark.parametrize("orderby", ["", "comment_date_gmt"])
async def test_comments_list_pages_through_an_index(storage: Storage, orderby: str) -> None:
    query = CommentQuery(status="approve", type="comment", number=100, offset=100, orderby=orderby)
    async with Recorder(storage) as rec:
        page = await query_comments(storage, query, with_extras=True, meta_keys=("_wp_trash_meta_status",))
    assert page.total == sum(1 for cid in range(1, POSTS * COMMENTS_PER_POST + 1) if cid % 5)
    assert len(page.rows) == 100
    await _check(storage, rec.statements)
    if storage.dialect == "postgresql":
        # Not even the ties of a date sorted: the (approved, date, ID) index gives the whole
        # order (an import gives thousands of comments one date).
        sql = _page_query(storage, rec.statements)
        page_sql = _derived_page(sql) or sql
        plan = "\n".join(await _plan(storage, page_sql, no_incremental_sort=True))
        assert "Sort" not in plan, plan


async def test_comments_of_a_post_use_the_post_index(storage: Storage) -> None:
    query = CommentQuery(status="approve", type="comment", post__in=[7], number=10,
                         orderby="comment_date_gmt", order="ASC")
    async with Recorder(storage) as rec:
        page = await query_comments(storage, query, with_extras=True)
    assert [int(r["comment_post_ID"]) for r in page.rows] == [7] * page.total
    await _check(storage, rec.statements, sorted_by_index=False)
    # The post's own index, not a walk through every approved comment in date order.
    plan = "\n".join(await _plan(storage, _page_query(storage, rec.statements)))
    assert "comment_post_ID" in plan, plan


async def test_search_takes_its_candidates_from_the_full_text_index(storage: Storage) -> None:
    if storage.is_mysql:
        await _mariadb_total_from_the_words(storage)
        return
    # "titre" is in every title (the exact test keeps all), "123" in one: the index gives that one.
    query = PostQuery(per_page=10, search="titre 123", statuses=["publish", "draft"], post_types=["post", "page"])
    async with Recorder(storage) as rec:
        found = await find_posts(storage, query)
    assert [int(r["ID"]) for r in found.rows] == [123] and found.total == 1
    # The IDs come sorted from the few candidates: only full scans are refused.
    await _check(storage, rec.statements, sorted_by_index=False)
    plan = "\n".join(await _plan(storage, _page_query(storage, rec.statements)))
    if storage.is_sqlite:
        assert "VIRTUAL TABLE INDEX" in plan and "wpc_post_search" in plan, plan
    else:
        assert "Bitmap Index Scan on wp_wpc_post_search_trgm" in plan, plan


async def _mariadb_total_from_the_words(storage: Storage) -> None:
    """MariaDB: a search's total (its matches) comes from the words index (storage/
    search_words.py): the postings of the words holding the term, then the exact test on those
    posts by primary key; no statement reads every post."""
    query = PostQuery(per_page=10, search="titre 123", statuses=["publish", "draft"], post_types=["post", "page"])
    async with Recorder(storage) as rec:
        found = await find_posts(storage, query)
    assert [int(r["ID"]) for r in found.rows] == [123] and found.total == 1
    await _check(storage, rec.statements, sorted_by_index=False)
    sqls = [_sql(storage, s) for s in rec.statements]
    words = next(sql for sql in sqls if "wpc_search_postings" in sql)
    plan = await _plan(storage, words)
    # The vocabulary read on its own index (small: the distinct words), the postings by word.
    assert any("table=wp_wpc_search_postings | type=ref" in line and "key=PRIMARY" in line for line in plan), plan


async def test_a_common_word_is_walked_in_date_order(storage: Storage) -> None:
    """A word in every post: the page walks the list's date index testing each row, and stops
    once full (the full-text index would hand over every post, to be sorted)."""
    query = PostQuery(per_page=10, search="titre", orderby="relevance")
    async with Recorder(storage) as rec:
        found = await find_posts(storage, query)
    listed = [i for i in range(POSTS, 0, -1) if i % 7 and i % 10]
    assert found.total == len(listed) and len(found.rows) == 10
    # Only the pages: the total is a count of every match (remembered, storage/count_memo.py).
    pages = [s for s in rec.statements if "ORDER BY" in _sql(storage, s)]
    assert pages
    # Ties of a date come by ascending ID after a search: the (…, ID DESC) index, backwards.
    await _check(storage, pages)


async def test_what_lists_remember_follows_every_write(storage: Storage) -> None:
    """Totals and row positions are remembered (storage/count_memo.py) only while nothing
    they depend on changed: a new post, a new comment are seen at once."""
    posts = PostQuery(per_page=10, page=2)
    first = await find_posts(storage, posts)
    assert await find_posts(storage, posts) == first  # from what was remembered
    newest = {"ID": POSTS + 1, "post_author": 1, "post_date": "2020-02-01 10:00:00",
              "post_date_gmt": "2020-02-01 10:00:00", "post_content": "", "post_title": "nouveau",
              "post_excerpt": "", "post_status": "publish", "post_name": "nouveau", "to_ping": "", "pinged": "",
              "post_content_filtered": "", "post_modified": "2020-02-01 10:00:00",
              "post_modified_gmt": "2020-02-01 10:00:00", "post_type": "post", "guid": ""}
    await storage.db.execute(sa.insert(storage.tables.posts).values(**newest))
    after = await find_posts(storage, posts)
    async with storage.db.transaction():  # nothing is remembered inside a transaction
        counted = await find_posts(storage, posts)
    assert after == counted and after.total == first.total + 1 and after.rows != first.rows
    comments = CommentQuery(status="approve", type="comment", number=10)
    before = await query_comments(storage, comments)
    await storage.db.execute(sa.insert(storage.tables.comments).values(
        comment_ID=POSTS * COMMENTS_PER_POST + 1, comment_post_ID=1, comment_author="", comment_author_email="",
        comment_author_url="", comment_author_IP="", comment_date="2021-01-01 00:00:00",
        comment_date_gmt="2021-01-01 00:00:00", comment_content="oui", comment_karma=0, comment_approved="1",
        comment_agent="", comment_type="comment", comment_parent=0, user_id=0))
    assert (await query_comments(storage, comments)).total == before.total + 1


def _post_row(post_id: int, title: str) -> dict[str, Any]:
    when = "2020-02-01 10:00:00"
    return {"ID": post_id, "post_author": 1, "post_date": when, "post_date_gmt": when, "post_content": "",
            "post_title": title, "post_excerpt": "", "post_status": "publish", "post_name": f"p{post_id}",
            "to_ping": "", "pinged": "", "post_content_filtered": "", "post_modified": when,
            "post_modified_gmt": when, "post_type": "post", "guid": ""}


@pytest.mark.parametrize("term", ["titre", "titre 123"])
async def test_a_search_total_tests_again_only_the_posts_changed(storage: Storage, term: str) -> None:
    """A search's total is kept with the IDs it counts (storage/count_memo.py): a comment or
    a term leaves it standing, a new or edited post is tested alone, by primary key, and the
    total moves by one; it is always what a new count gives."""
    t = storage.tables
    query = PostQuery(per_page=5, search=term)

    async def counted() -> int:
        async with storage.db.transaction():  # nothing is remembered inside a transaction
            return (await find_posts(storage, query)).total

    first = await find_posts(storage, query)
    await storage.db.execute(sa.insert(t.terms).values(term_id=9, name="Neuf", slug="neuf", term_group=0))
    await storage.db.execute(sa.update(t.posts).where(t.posts.c.ID == 1).values(comment_count=3))

    def searched_through(statements: list[Any]) -> list[str]:
        """The statements reading the IDs of matches without paging (what a total counts)."""
        ids = re.compile(r"^SELECT \S*ID\S* \s*FROM \S*wp_posts\S*\s+WHERE")
        return [sql for sql in map(partial(_sql, storage), statements)
                if ids.match(sql) and "LIMIT" not in sql and "ORDER BY" not in sql]

    async with Recorder(storage) as rec:
        assert (await find_posts(storage, query)).total == first.total
    assert not searched_through(rec.statements), "a total counted again"
    await storage.db.execute(sa.insert(t.posts).values(**_post_row(POSTS + 1, "titre 123 nouveau")))
    await storage.db.execute(sa.update(t.posts).where(t.posts.c.ID == 121).values(post_title="autre"))
    async with Recorder(storage) as rec:
        found = await find_posts(storage, query)
    assert found.total == await counted() == first.total + (0 if term == "titre" else 1)
    tests = searched_through(rec.statements)
    assert tests and all(f"{POSTS + 1}" in sql and "121" in sql for sql in tests), "not the changed posts alone"
    # Those tests, and the few matches put in order again (MariaDB), read posts by ID.
    await _check(storage, [s for s in rec.statements if f"{POSTS + 1}" in _sql(storage, s)], sorted_by_index=False)
    await storage.db.execute(sa.delete(t.posts).where(t.posts.c.ID == POSTS + 1))
    assert (await find_posts(storage, query)).total == await counted() == first.total - (1 if term == "titre" else 0)


def test_plan_patterns_catch_what_they_mean() -> None:
    """The patterns above do match the plans of the bad queries (else the tests prove nothing)."""
    assert FULL_SCAN["sqlite"].search("SCAN wp_posts")
    assert not FULL_SCAN["sqlite"].search("SCAN wp_posts USING COVERING INDEX wp_posts_type_status_date")
    assert FULL_SCAN["postgresql"].search("  ->  Seq Scan on wp_posts  (cost=0.00..10.00)")
    assert FULL_SCAN["mysql"].search("id=1 | select_type=SIMPLE | table=wp_comments | type=ALL | key=None")
    assert SORT["sqlite"].search("USE TEMP B-TREE FOR ORDER BY")
    assert SORT["postgresql"].search("  ->  Sort  (cost=1.0..2.0 rows=1)")
    assert SORT["mysql"].search("Extra=Using where; Using filesort")
    assert sa is not None
