"""Bulk inserts, set-wise recounts and small query helpers shared by the importer and the exporter.

`databases` runs `execute_many` one statement at a time, which caps an import at a few
thousand rows per second, and SQLAlchemy compiles a multi-row INSERT in Python each time. So
the rows go straight to the driver, through an INSERT text built once per column set: SQLite's
executemany (one prepared statement, a single hop to the database thread), PostgreSQL's binary
COPY (asyncpg), MariaDB's binary bulk command (COM_STMT_BULK_EXECUTE) or, where it cannot
serve, the driver's executemany (which packs them into multi-row statements); other
drivers get multi-row INSERT … VALUES statements, which every backend accepts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Awaitable, Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex

from wpcompat.storage.dialect import bump_sequence, compiler, ddl, existing_names

# The importer's, beside suspend_indexes/restore_indexes (re-exported).
from wpcompat.storage.search_index import record_posts, search_tables, search_texts
from wpcompat.storage.search_index import restore_search_index as restore_search_index
from wpcompat.storage.search_index import suspend_search_index as suspend_search_index
from wpcompat.storage.search_words import record_posts as record_mysql_posts
from wpcompat.storage.search_words import restore_post_key
from wpcompat.storage.tables import ZERO_DATE, WPDateTime

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

# PostgreSQL allows 32767 bind parameters per statement, MySQL 65535.
_MAX_PARAMS = 30000
# Portable size for IN (...) lists.
IN_CHUNK = 500


_SQL_CACHE: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]] = {}


def _sqlite_insert(
    storage: Storage, table: sa.Table, columns: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    key = (table.name, columns)
    cached = _SQL_CACHE.get(key)
    if cached is None:
        compiled = sa.insert(table).compile(dialect=compiler(storage), column_keys=list(columns))
        order = tuple(compiled.positiontup or ())
        cached = (str(compiled), order)
        _SQL_CACHE[key] = cached
    return cached


async def insert_rows(
    storage: Storage, table: sa.Table, rows: Sequence[dict[str, Any]], raw: Any = None,
    index_search: bool = True,
) -> None:
    """Insert rows (dicts with the same keys). Values must already be plain strings/ints.

    `raw` is the SQLite driver connection of the caller's transaction, for writes run from
    another task (a `databases` connection belongs to the task that opened it).
    `index_search=False`: the caller puts new posts into PostgreSQL's search index itself
    (search_index.index_folded_posts)."""
    if not rows:
        return
    columns = tuple(rows[0])
    if storage.is_sqlite:
        sql, order = _sqlite_insert(storage, table, columns)
        if raw is None:
            raw = storage.db.connection().raw_connection
        getter = itemgetter(*order)
        values = [getter(row) for row in rows] if len(order) > 1 else [(getter(row),) for row in rows]
        await raw.executemany(sql, values)
        return
    connection = _raw_connection(storage, raw)
    if storage.dialect == "postgresql" and hasattr(connection, "copy_records_to_table"):  # asyncpg
        await _copy_rows(table, columns, rows, connection)
        if table is storage.tables.posts and index_search:
            await record_posts(storage, search_texts(rows), raw=connection)
        return
    if storage.is_mysql and hasattr(connection, "cursor"):  # asyncmy, aiomysql
        await _mysql_executemany(table, columns, rows, connection)
        if table is storage.tables.posts:
            await record_mysql_posts(storage, search_texts(rows), raw=connection)
        return
    per_statement = max(1, _MAX_PARAMS // len(columns))
    for start in range(0, len(rows), per_statement):
        await storage.db.execute(sa.insert(table).values(list(rows[start : start + per_statement])))


_COLUMN_PLANS: dict[tuple[str, tuple[str, ...]], tuple[list[Any], list[frozenset[type]]]] = {}


def _column_plans(table: sa.Table, columns: tuple[str, ...]) -> tuple[list[Any], list[frozenset[type]]]:
    """Per column: what makes a row's value the exact Python type the driver sends (COPY's
    binary format takes no implicit casts, and our date type turns None into the zero date), and
    the Python types that conversion gives back unchanged."""
    key = (table.name, columns)
    found = _COLUMN_PLANS.get(key)
    if found is None:
        converters: list[Any] = []
        plain: list[frozenset[type]] = []
        for name in columns:
            kind = table.c[name].type
            if isinstance(kind, sa.types.TypeDecorator):
                converters.append(lambda v, _t=kind: _t.process_bind_param(v, None))  # type: ignore[arg-type]
                # A date's None becomes the zero date; other decorators always bind through it.
                plain.append(frozenset({str}) if isinstance(kind, WPDateTime) else frozenset())
            elif isinstance(kind, sa.Integer):
                converters.append(lambda v: None if v is None else int(v))
                plain.append(frozenset({int, type(None)}))
            else:
                converters.append(lambda v: None if v is None else str(v))
                plain.append(frozenset({str, type(None)}))
        found = _COLUMN_PLANS[key] = (converters, plain)
    return found


def _driver_values(table: sa.Table, columns: tuple[str, ...], rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The rows as tuples of the exact types the driver is sent (`_column_plans`). The importer's
    rows already hold them: checked a column at a time (the types of a column as a set, in C),
    so that a value needs no Python call each (a tenth of an import's CPU on PostgreSQL)."""
    getter = itemgetter(*columns)
    values = [getter(row) for row in rows] if len(columns) > 1 else [(getter(row),) for row in rows]
    converters, plain = _column_plans(table, columns)
    if all(set(map(type, column)) <= kinds for column, kinds in zip(zip(*values, strict=True), plain, strict=True)):
        return values
    return [tuple(f(value) for f, value in zip(converters, row, strict=True)) for row in values]


def _raw_connection(storage: Storage, raw: Any) -> Any:
    return raw if raw is not None else storage.db.connection().raw_connection


async def _copy_rows(table: sa.Table, columns: tuple[str, ...], rows: Sequence[dict[str, Any]],
                     connection: Any) -> None:
    """PostgreSQL: the rows through COPY (binary), tens of times cheaper than INSERTs built
    and compiled in Python."""
    records = _driver_values(table, columns, rows)
    await connection.copy_records_to_table(table.name, records=records, columns=list(columns))


_MYSQL_INSERTS: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
# Characters of values sent in one binary bulk command (at most 4 bytes each in utf8mb4): a
# quarter of MariaDB's default max_allowed_packet (16 MB) at most.
_BULK_CHARS = 1 << 20


async def _mysql_executemany(table: sa.Table, columns: tuple[str, ...], rows: Sequence[dict[str, Any]],
                             connection: Any) -> None:
    """MariaDB/MySQL: the rows bound in binary form, a few thousand per round trip, through
    one prepared INSERT (COM_STMT_BULK_EXECUTE, asyncmy's `prepare` / `execute_bulk`): no
    escaping of every value into a statement's text here (encoding the rows was most of the
    importer's own CPU on MariaDB), no parsing of megabytes of statement there. Where the
    server or the driver has no bulk command, or a column of a chunk is all NULL or mixes
    types (refused before anything is sent), the chunk goes through the driver's
    executemany, which packs the rows into multi-row statements.

    Rows whose ids the server's auto-increment gives (the metas') always take the
    statements: InnoDB hands out ids to a bulk command's rows in growing blocks, leaving gaps
    (30,000 post metas numbered up to 40,393), where a multi-row INSERT's ids are
    consecutive."""
    key = (table.name, columns)
    found = _MYSQL_INSERTS.get(key)
    if found is None:
        names = ", ".join(f"`{name}`" for name in columns)
        head = f"INSERT INTO `{table.name}` ({names}) VALUES "
        found = _MYSQL_INSERTS[key] = (
            head + "(" + ", ".join(["%s"] * len(columns)) + ")",
            head + "(" + ", ".join(["?"] * len(columns)) + ")",
        )
    text_sql, bulk_sql = found
    values = _driver_values(table, columns, rows)
    numbered = table.autoincrement_column is None or table.autoincrement_column.name in columns
    prepare = getattr(connection, "prepare", None) if numbered else None
    for chunk in _by_size(values) if prepare is not None else [values]:
        if prepare is not None and await _bulk_execute(prepare, bulk_sql, chunk):
            continue
        async with connection.cursor() as cursor:
            await cursor.executemany(text_sql, chunk)


def _by_size(values: list[tuple[Any, ...]]) -> Iterable[list[tuple[Any, ...]]]:
    """The rows in runs of at most _BULK_CHARS characters of text (a row longer alone is a run)."""
    texts = [i for i, value in enumerate(values[0]) if isinstance(value, str)] if values else []
    if not texts:
        yield values
        return
    sizes = [sum(map(len, (row[i] or "" for i in texts))) for row in values]
    start, total = 0, 0
    for end, size in enumerate(sizes):
        if total + size > _BULK_CHARS and end > start:
            yield values[start:end]
            start, total = end, 0
        total += size
    yield values[start:]


async def _bulk_execute(prepare: Any, sql: str, rows: list[tuple[Any, ...]]) -> bool:
    """One binary bulk INSERT of these rows; False (nothing sent) where the server or the
    rows do not allow it."""
    statement = await prepare(sql)
    try:
        bulk = getattr(statement, "execute_bulk", None)
        if bulk is None:
            return False
        from asyncmy.errors import NotSupportedError  # the driver that has execute_bulk

        try:
            await bulk(rows)
        except (ValueError, NotSupportedError):
            # Both raised before anything is sent: a column all NULL or of mixed types, a
            # server without the bulk command.
            return False
        return True
    finally:
        await statement.close()


def chunks(values: Iterable[Any], size: int = IN_CHUNK) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


async def recount_comment_counts(storage: Storage, post_ids: Iterable[int]) -> None:
    """comment_count = the approved comments of each of these posts (which have comments), as
    wp_update_comment_count() keeps it: per chunk of posts, one grouped count of their
    comments joined to the posts in one UPDATE (UPDATE … FROM on PostgreSQL and SQLite, a
    multi-table UPDATE on MariaDB), not a count and an UPDATE per post.

    The approval is summed, not filtered: a condition on comment_approved lets a planner
    without statistics (a fresh import) walk every approved comment in the (approved, date)
    index instead of the comment_post_ID one."""
    p, c = storage.tables.posts, storage.tables.comments
    one, zero = sa.literal_column("1", sa.Integer), sa.literal_column("0", sa.Integer)
    approved = sa.func.sum(sa.case((c.c.comment_approved == "1", one), else_=zero)).label("n")
    counted = sa.select(c.c.comment_post_ID.label("post_id"), approved).group_by(c.c.comment_post_ID)
    for batch in chunks(sorted(set(post_ids))):
        sub = counted.where(c.c.comment_post_ID.in_(batch)).subquery("counted")
        await storage.db.execute(sa.update(p).where(p.c["ID"] == sub.c.post_id).values(comment_count=sub.c.n))


async def max_id(storage: Storage, column: sa.Column[Any]) -> int:
    value = await storage.db.fetch_val(sa.select(sa.func.max(column)))
    return int(value or 0)


async def bump_sequences(storage: Storage) -> None:
    """Move every id generator past the ids inserted explicitly (PostgreSQL's serials)."""
    t = storage.tables
    for table, column in (
        (t.posts, "ID"),
        (t.comments, "comment_ID"),
        (t.terms, "term_id"),
        (t.term_taxonomy, "term_taxonomy_id"),
        (t.users, "ID"),
    ):
        await bump_sequence(storage, table, column)


async def fetch_tuples(storage: Storage, query: Any) -> list[tuple[Any, ...]]:
    """Rows as plain tuples (iterating a `databases` Record gives its keys, not its values)."""
    return [tuple(row._mapping.values()) for row in await storage.db.fetch_all(query)]


def wp_date(value: Any) -> str:
    """A date read back from any backend as WordPress's string (MySQL drivers give datetimes,
    and None for the zero date)."""
    if value is None:
        return ZERO_DATE
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


async def suspend_indexes(storage: Storage, tables: Sequence[sa.Table]) -> list[sa.Index]:
    """Drop the secondary indexes of empty tables before a bulk load (the rows are then
    appended instead of updating nine B-trees per comment); `restore_indexes` builds them
    again, one sorted pass each. Both run inside the import's transaction, so a failed import
    gets its indexes back with the rollback: SQLite and PostgreSQL only, whose DDL is
    transactional (MariaDB's would commit the import halfway). On PostgreSQL the dropped
    indexes lock their tables until the import commits (readers of the empty site wait)."""
    if storage.is_mysql:
        return []
    _tables, present = await existing_names(storage)
    dropped: list[sa.Index] = []
    for table in tables:
        if await storage.db.fetch_val(sa.select(sa.func.count()).select_from(table)):
            continue
        for index in table.indexes:
            if index.name in present:
                await storage.db.execute(f'DROP INDEX "{index.name}"')
                dropped.append(index)
    return dropped


async def set_aside_indexes(storage: Storage, tables: Sequence[sa.Table]) -> list[sa.Index]:
    """`suspend_indexes` before the bulk load's transaction, committed (MariaDB's DDL commits
    anyway; PostgreSQL's could roll back, but its index builds would then run one after
    another at the end of the transaction, the longest serial part of a big import: ~35 s of
    server CPU per million comments): the secondary indexes of the tables given, when they
    and the site's posts and comments are empty, dropped in one statement per table (InnoDB
    has no DISABLE KEYS; nine B-trees written per comment were most of the server's work of
    an import), with (MariaDB, the caller) the postings' key by post of the search words. `bring_back_indexes` builds them again once the load has ended,
    committed or rolled back (the rows being gone then, at once); a crash meanwhile leaves
    them to the next start's schema check, which creates the missing ones. Meanwhile a site
    with no rows is read without them."""
    if storage.is_sqlite:
        return []
    t = storage.tables
    for table in {t.posts, t.comments, *tables}:
        if await storage.db.fetch_val(sa.select(sa.literal_column("1")).select_from(table).limit(1)):
            return []
    _tables, present = await existing_names(storage)
    dropped: list[sa.Index] = []
    for table in tables:
        names = [index for index in table.indexes if index.name in present]
        if not names:
            continue
        if storage.is_mysql:
            await storage.db.execute(
                f"ALTER TABLE `{table.name}` " + ", ".join(f"DROP INDEX `{index.name}`" for index in names))
        else:
            await storage.db.execute("DROP INDEX " + ", ".join(f'"{index.name}"' for index in names))
        dropped += names
    return dropped


_CREATE_INDEX = re.compile(r"CREATE (UNIQUE )?INDEX (\S+) ON \S+ (\(.*\))$", re.S)


async def bring_back_indexes(storage: Storage, indexes: Sequence[sa.Index], postings: bool = False) -> None:
    """The indexes `set_aside_indexes` dropped that are still missing (a server started
    meanwhile may have made some), each table's in one ALTER TABLE: one pass over its rows;
    with `postings`, the search postings' key by post too (search_words.set_aside_post_key).

    The tables' ALTERs run at once, each on its own connection: each builds its indexes on
    one core, and the comments' alone (~2.3 s per 100,000 comments) took as long as the
    others together (the postings' key, the metas'), all after the load, when nothing else
    runs."""
    _tables, present = await existing_names(storage) if indexes else (set(), set())
    missing = [index for index in indexes if index.name not in present and index.table is not None]
    if storage.dialect == "postgresql":
        await _build_indexes(storage, missing)
        return
    by_table: dict[str, list[str]] = {}
    for index in missing:
        assert index.table is not None
        found = _CREATE_INDEX.match(ddl(storage, CreateIndex(index)))
        assert found is not None, index.name
        unique, name, columns = found.groups()
        by_table.setdefault(index.table.name, []).append(f"ADD {unique or ''}INDEX {name} {columns}")
    jobs = [storage.db.execute(f"ALTER TABLE `{table_name}` " + ", ".join(clauses))
            for table_name, clauses in by_table.items()]
    if postings:
        jobs.append(restore_post_key(storage))
    await concurrently(jobs)


# PostgreSQL index builds running at once after a bulk load (each with _BUILD_MEMORY).
_BUILD_WORKERS = 3


async def _build_indexes(storage: Storage, indexes: Sequence[sa.Index]) -> None:
    """PostgreSQL: these indexes built after a bulk load, a few at once, each on its own pooled
    connection in its own short transaction (CREATE INDEX takes a SHARE lock: builds on one
    table do not wait for each other), the biggest tables' first."""
    order = {name: rank for rank, name in enumerate(("wp_comments", "wp_commentmeta", "wp_postmeta"))}
    pending = sorted(indexes, key=lambda index: order.get(getattr(index.table, "name", ""), len(order)))
    pending.reverse()

    async def worker() -> None:
        while pending:
            index = pending.pop()
            async with storage.db.transaction():
                await storage.db.execute(f"SET LOCAL maintenance_work_mem = '{_BUILD_MEMORY}'")
                await storage.db.execute(ddl(storage, CreateIndex(index)))

    await concurrently([worker() for _ in range(min(_BUILD_WORKERS, len(pending)))])


async def concurrently(jobs: Sequence[Awaitable[Any]]) -> None:
    """Run these statements at once, each in its own task (and so on its own pooled
    connection), and wait for all of them, failed or not, before raising the first failure:
    a caller that runs them again (bring_back_indexes after a failure) finds none in flight."""
    if len(jobs) <= 1:
        for job in jobs:
            await job
        return
    outcomes = await asyncio.gather(*jobs, return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome


# PostgreSQL's memory for building an index in one sort (the default 64 MB spills a million
# comments' keys to disk), for the import's transaction only.
_BUILD_MEMORY = "256MB"


async def restore_indexes(storage: Storage, indexes: Sequence[sa.Index]) -> None:
    if indexes and storage.dialect == "postgresql":
        await storage.db.execute(f"SET LOCAL maintenance_work_mem = '{_BUILD_MEMORY}'")
    for index in indexes:
        await storage.db.execute(ddl(storage, CreateIndex(index)))


# Rows worth planner statistics: below this, any plan is fast.
_BIG_ENOUGH = 5000


async def refresh_statistics(storage: Storage, *, if_big: bool = False) -> None:
    """Give the query planner statistics on the data (ANALYZE), e.g. after a bulk import.

    Without them SQLite plans by rule, and walks a (status, date) index through every
    approved comment to find one post's comments instead of taking its comment_post_ID
    index. On SQLite the statistics are sampled (analysis_limit), so this stays under a
    second at a million rows. `if_big`: only when the comments or posts are numerous enough
    for the plan to matter (a new empty site would get statistics that say "empty")."""
    t = storage.tables
    if if_big:
        comments = await storage.db.fetch_val(sa.select(sa.func.max(t.comments.c.comment_ID)))
        posts = await storage.db.fetch_val(sa.select(sa.func.max(t.posts.c.ID)))
        if max(int(comments or 0), int(posts or 0)) < _BIG_ENOUGH:
            return
    if storage.is_sqlite:
        await storage.db.execute("PRAGMA analysis_limit=1000")
        await storage.db.execute("ANALYZE")
        return
    for table in t.wordpress_tables:
        await storage.db.execute(f"ANALYZE TABLE {table.name}" if storage.is_mysql else f"ANALYZE {table.name}")


async def settle_after_bulk_load(storage: Storage) -> None:
    """After a bulk import has committed: what the server backends cannot do inside its
    transaction. MariaDB's ANALYZE TABLE (its statistics after a million rows inserted in one
    transaction said one relationship per term: a page's terms were read through every
    relationship of its categories, 130 ms); PostgreSQL's VACUUM ANALYZE (the visibility map
    that lets a count of 100,000 posts read the index alone: 880 -> 160 ms on a loaded machine)."""
    if storage.is_mysql:
        statements = [f"ANALYZE TABLE `{table.name}`" for table in _biggest_first(storage)]
    elif storage.dialect == "postgresql":
        names = [table.name for table in _biggest_first(storage)] + await search_tables(storage)
        statements = [f'VACUUM ANALYZE "{name}"' for name in names]
    else:
        return
    # A few at once, each worker on its own pooled connection: each pass runs on one core, and
    # one after another they were the longest serial part of a big import's end on
    # PostgreSQL (the comments' alone as long as all the others).
    pending = list(reversed(statements))

    async def worker() -> None:
        while pending:
            await storage.db.execute(pending.pop())

    await concurrently([worker() for _ in range(min(_SETTLE_WORKERS, len(pending)))])


# Statements of settle_after_bulk_load running at once.
_SETTLE_WORKERS = 3


def _biggest_first(storage: Storage) -> list[sa.Table]:
    """The WordPress tables, those a big import fills most first (they take the longest)."""
    t = storage.tables
    first = [t.comments, t.commentmeta, t.postmeta, t.posts]
    return first + [table for table in t.wordpress_tables if table not in first]
