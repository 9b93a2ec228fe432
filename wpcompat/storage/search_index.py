"""The full-text candidate index of post searches (SQLite: an FTS5 trigram table).

WordPress searches with `LIKE '%term%'` on the title, excerpt and content, which no B-tree
serves: every search reads every post's text. On SQLite an FTS5 table with the trigram
tokenizer holds each post's three texts folded as the collation folds them
(`collation.fold`, the `wp_fold` function of every connection), kept by triggers on the posts
table, so any writer keeps it (the REST writes, the importer, a user deletion, …).

A term is looked up in the index only when its answer is sure to hold every post the exact
accent- and case-blind test finds (`collation.indexable`: three characters at least, each of
whose accepted letters folds to it); other terms, and the other backends, read every post as
before. The index's answer is then exact for every post whose texts fold letter for letter as
the exact test reads them; the few others (a ß, a ligature, a fullwidth sign: the `unsure`
table, kept by the same triggers) still go through the exact test, so the results stay exactly
what reading every post gives. A search walks a (type, status, date, ID, password) index in
date order, reading no post's text.

PostgreSQL: folding in SQL (translate() with the whole table, normalize()) costs tens of
microseconds per row, too much for an expression index to build and recheck, and pg_trgm cannot
take trigrams from the exact test's letter classes. So the posts' folded texts live in a side
table with a pg_trgm GIN index, written by our own writers (the storage write functions and
bulk inserts, `record_posts`). Whoever writes, triggers keep the rule that every post is
either in that table (folded, sure) or in the `unsure` table: a post inserted or whose texts
change goes to `unsure` until a writer of ours folds it, and posts there go through the exact
test. MariaDB/MySQL (no trigram index in InnoDB; its FULLTEXT finds words, not substrings):
the words of each post in side tables (storage/search_words.py), which give the candidates of
a search's total (`search_words.candidates`); `has_search_index` stays false there, the pages
being walked or kept as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import sqlalchemy as sa

from wpcompat.storage import search_words
from wpcompat.storage.collation import (
    SQLITE_FUNCTION,
    SQLITE_UNSURE_FUNCTION,
    Folded,
    fold,
    indexable,
    unsure,
)

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

_COLUMNS = ("post_title", "post_excerpt", "post_content")
# Whether a database has the index, learnt once per connection pool.
_PRESENT: WeakKeyDictionary[Any, bool] = WeakKeyDictionary()


def table_name(storage: Storage) -> str:
    return f"{storage.tables.prefix}wpc_post_search"


# The posts the index may be wrong about: one table name on every backend.
unsure_table_name = search_words.unsure_table


def _order_index_name(storage: Storage) -> str:
    return f"{storage.tables.prefix}wpc_posts_type_status_date_password"


def _trigger_names(storage: Storage) -> list[str]:
    return [f"{table_name(storage)}_{event}" for event in ("insert", "delete", "update")]


def _folded(prefix: str) -> str:
    return ", ".join(f"{SQLITE_FUNCTION}({prefix}.{column})" for column in _COLUMNS)


def _unsure(prefix: str) -> str:
    return f"{SQLITE_UNSURE_FUNCTION}({', '.join(f'{prefix}.{column}' for column in _COLUMNS)})"


def _trigger_ddl(storage: Storage) -> list[str]:
    index, posts, unsure = table_name(storage), storage.tables.posts.name, unsure_table_name(storage)
    names = ", ".join(_COLUMNS)
    add = (f'INSERT INTO "{index}"(rowid, {names}) VALUES (new."ID", {_folded("new")}); '
           f'INSERT OR IGNORE INTO "{unsure}"("ID") SELECT new."ID" WHERE {_unsure("new")};')
    # A contentless FTS5 table forgets a row when given the very values it indexed.
    remove = (f'INSERT INTO "{index}"("{index}", rowid, {names}) VALUES (\'delete\', old."ID", {_folded("old")}); '
              f'DELETE FROM "{unsure}" WHERE "ID" = old."ID";')
    insert_name, delete_name, update_name = _trigger_names(storage)
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{insert_name}" AFTER INSERT ON "{posts}" BEGIN {add} END',
        f'CREATE TRIGGER IF NOT EXISTS "{delete_name}" AFTER DELETE ON "{posts}" BEGIN {remove} END',
        # Only a change of the searched texts (or the ID) touches the index: the comment
        # count of a post changes on every comment.
        f'CREATE TRIGGER IF NOT EXISTS "{update_name}" AFTER UPDATE OF "ID", {names} ON "{posts}" '
        f"BEGIN {remove} {add} END",
    ]


async def ensure_search_index(storage: Storage, tables: set[str], indexes: set[str],
                              may_touch_wordpress: bool) -> list[str]:
    """Create the index (and fill it from the posts already there) where it is missing.

    Not on a WordPress database served in place that wpcompat did not create: its posts
    table gets no trigger of ours, and its searches read every post as WordPress does."""
    if storage.dialect == "postgresql" and may_touch_wordpress:
        return await _ensure_postgresql(storage, tables)
    if storage.is_mysql and may_touch_wordpress:
        _PRESENT[storage.db] = False
        return await search_words.ensure(storage, tables)
    if not storage.is_sqlite or not may_touch_wordpress:
        _PRESENT[storage.db] = False
        return []
    created: list[str] = []
    name, posts, unsure = table_name(storage), storage.tables.posts.name, unsure_table_name(storage)
    if name not in tables or unsure not in tables:
        await storage.db.execute(
            f'CREATE VIRTUAL TABLE IF NOT EXISTS "{name}" USING fts5({", ".join(_COLUMNS)}, '
            "content='', tokenize='trigram case_sensitive 1')"
        )
        await storage.db.execute(f'CREATE TABLE IF NOT EXISTS "{unsure}" ("ID" INTEGER NOT NULL PRIMARY KEY)')
        await _refill(storage)
        created += [name, unsure]
    if _order_index_name(storage) not in indexes:
        # A search's page in date order without reading the posts (their password is the last
        # test left once the index has answered): WordPress's (type, status, date, ID) with the
        # password after them, so either index walks a plain list in the same order.
        await storage.db.execute(
            f'CREATE INDEX "{_order_index_name(storage)}" ON "{posts}" '
            '(post_type, post_status, post_date, "ID", post_password)'
        )
        created.append(_order_index_name(storage))
    for statement in _trigger_ddl(storage):
        await storage.db.execute(statement)
    _PRESENT[storage.db] = True
    return created


async def _refill(storage: Storage) -> None:
    name, posts = table_name(storage), storage.tables.posts.name
    await storage.db.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'delete-all\')')
    await storage.db.execute(f'DELETE FROM "{unsure_table_name(storage)}"')
    await storage.db.execute(
        f'INSERT INTO "{name}"(rowid, {", ".join(_COLUMNS)}) SELECT "ID", {_folded(posts)} FROM "{posts}"'
    )
    await storage.db.execute(
        f'INSERT OR IGNORE INTO "{unsure_table_name(storage)}"("ID") SELECT "ID" FROM "{posts}" '
        f'WHERE {_unsure(posts)}'
    )


async def search_tables(storage: Storage) -> list[str]:
    """The index's own tables, where it has some."""
    return [table_name(storage), unsure_table_name(storage)] if await has_search_index(storage) else []


async def has_search_index(storage: Storage) -> bool:
    found = _PRESENT.get(storage.db)
    if found is None:
        found = False
        if storage.is_sqlite:
            row = await storage.db.fetch_val(
                sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name").bindparams(
                    name=table_name(storage)
                )
            )
            found = bool(row)
        elif storage.dialect == "postgresql":
            row = await storage.db.fetch_val(
                sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = :name")
                .bindparams(name=table_name(storage))
            )
            found = bool(row)
        _PRESENT[storage.db] = found
    return found


def term_condition(storage: Storage, term: str, columns: list[str], exact_test: Any, post_id: Any) -> Any | None:
    """The condition that `term` is in one of `columns` (the `%term%` search), given its
    exact test: the index's answer, with the exact test only for the posts it may be wrong
    about. None when the index cannot answer for this term."""
    # FTS5's query parser ends a string at a NUL ("unterminated string"): such a term is
    # answered by the exact test over every post.
    if not indexable(term) or "\x00" in term or not set(columns) <= set(_COLUMNS):
        return None
    name = table_name(storage)
    unsure = sa.table(unsure_table_name(storage), sa.column("ID"))
    if storage.dialect == "postgresql":
        if set(columns) != set(_COLUMNS):
            return None  # the side table holds the three texts as one
        side = sa.table(name, sa.column("ID"), sa.column("folded"))
        like = "%" + _escape_like(fold(term) or "") + "%"
        found = sa.select(side.c.ID).where(side.c.folded.like(like, escape="\\"))
        # The candidates as one set PostgreSQL can drive the query from (a semi-join: a rare
        # word reads a few posts by ID), then the exact test for the unsure ones only.
        candidates = sa.union_all(found, sa.select(unsure.c.ID))
        return sa.and_(post_id.in_(candidates), sa.or_(post_id.in_(found), exact_test))
    index = sa.table(name, sa.column("rowid"))
    phrase = '"' + (fold(term) or "").replace('"', '""') + '"'
    if set(columns) != set(_COLUMNS):
        phrase = "{" + " ".join(columns) + "} : " + phrase
    found = sa.select(index.c.rowid).where(sa.literal_column(f'"{name}"').op("MATCH")(phrase))
    return sa.and_(post_id.in_(found), sa.or_(post_id.notin_(sa.select(unsure.c.ID)), exact_test))


async def suspend_search_index(storage: Storage) -> bool:
    """Before a bulk load into an empty posts table, inside the import's transaction: SQLite
    drops the triggers (the index is filled in one pass at the end). `restore_search_index`
    undoes it.

    PostgreSQL keeps its trigram index: GIN takes new rows into its pending list and merges
    them a few megabytes at a time, which costs the server about what one build at the end
    does (4.3-5.1 s against 4.4-6.5 s per 10,000 posts measured), but while the importer
    reads the next batch, instead of a single-threaded build (PostgreSQL 15 builds GIN
    indexes without parallel workers) after the whole load: ~50 s of a 100,000-post import."""
    if not storage.is_sqlite or not await has_search_index(storage):
        return False
    if await storage.db.fetch_val(sa.select(sa.func.count()).select_from(storage.tables.posts)):
        return False
    for name in _trigger_names(storage):
        await storage.db.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    # No post: nothing may stay indexed (the loader may index its posts as it goes).
    name = table_name(storage)
    await storage.db.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'delete-all\')')
    await storage.db.execute(f'DELETE FROM "{unsure_table_name(storage)}"')
    return True


async def restore_search_index(storage: Storage, suspended: bool, unindexed: Sequence[int] | None = None) -> None:
    """After a bulk load: the index whole again. `unindexed`: the loader gave the index the
    folded texts of its posts itself (`index_folded_posts`) except these (SQLite folds them
    here); None: every post is indexed here, in one pass."""
    if not suspended:
        return
    if unindexed is None:
        await _refill(storage)
    else:
        await _fill(storage, unindexed)
    for statement in _trigger_ddl(storage):
        await storage.db.execute(statement)


async def _fill(storage: Storage, ids: Sequence[int], chunk: int = 500) -> None:
    """SQLite: index these posts, folded by `wp_fold` (the triggers' own statements)."""
    name, posts, unsure_name = table_name(storage), storage.tables.posts.name, unsure_table_name(storage)
    for start in range(0, len(ids), chunk):
        listed = ", ".join(str(int(post_id)) for post_id in ids[start : start + chunk])
        await storage.db.execute(
            f'INSERT INTO "{name}"(rowid, {", ".join(_COLUMNS)}) SELECT "ID", {_folded(posts)} FROM "{posts}" '
            f'WHERE "ID" IN ({listed})'
        )
        await storage.db.execute(
            f'INSERT OR IGNORE INTO "{unsure_name}"("ID") SELECT "ID" FROM "{posts}" '
            f'WHERE "ID" IN ({listed}) AND {_unsure(posts)}'
        )


async def index_folded_posts(storage: Storage, rows: Sequence[tuple[int, Folded]], raw: Any) -> None:
    """On a loader's raw driver connection: these new posts into the index, their texts
    folded already (`fold_texts`), as `record_posts` does on PostgreSQL and the triggers on
    SQLite (there only while they are suspended by `suspend_search_index`)."""
    if not rows:
        return
    name, unsure_name = table_name(storage), unsure_table_name(storage)
    if storage.is_sqlite:
        await raw.executemany(
            f'INSERT INTO "{name}"(rowid, {", ".join(_COLUMNS)}) VALUES (?, ?, ?, ?)',
            [(post_id, title, excerpt, content) for post_id, (_u, title, excerpt, content) in rows],
        )
        doubtful = [(post_id,) for post_id, folded in rows if folded[0]]
        if doubtful:
            await raw.executemany(f'INSERT OR IGNORE INTO "{unsure_name}"("ID") VALUES (?)', doubtful)
        return
    if storage.dialect == "postgresql":
        sure = [(int(post_id), _JOIN.join(folded[1:])) for post_id, folded in rows if not folded[0]]
        await _copy_folded(raw, name, unsure_name, sure)


# ---------------------------------------------------------------- PostgreSQL


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# The three texts in one folded value: a search term never holds a line break (WP_Query drops
# them), so it cannot match across two of them.
_JOIN = "\n"


def folded_row(title: str | None, excerpt: str | None, content: str | None) -> str | None:
    """The side table's text of a post, or None when the post must stay `unsure`."""
    if unsure(title, excerpt, content):
        return None
    return _JOIN.join(fold(text or "") or "" for text in (title, excerpt, content))


async def _copy_folded(raw: Any, name: str, unsure_name: str, sure: list[tuple[int, str]]) -> None:
    """PostgreSQL, on an asyncpg connection: these folded texts into the side table, their
    posts out of `unsure`."""
    if not sure:
        return
    ids = [pid for pid, _ in sure]
    # The trigger has already removed any older row of these posts.
    await raw.execute(f'DELETE FROM "{name}" WHERE "ID" = ANY($1::bigint[])', ids)
    await raw.copy_records_to_table(name, records=sure, columns=["ID", "folded"])
    await raw.execute(f'DELETE FROM "{unsure_name}" WHERE "ID" = ANY($1::bigint[])', ids)


def _trigram_index_ddl(storage: Storage) -> str:
    name = table_name(storage)
    return f'CREATE INDEX IF NOT EXISTS "{name}_trgm" ON "{name}" USING gin (folded gin_trgm_ops)'


async def _ensure_postgresql(storage: Storage, tables: set[str]) -> list[str]:
    name, unsure_name, posts = table_name(storage), unsure_table_name(storage), storage.tables.posts.name
    if name in tables and unsure_name in tables:
        _PRESENT[storage.db] = True
        # Posts another writer (WordPress itself) inserted or changed since: folded now.
        await fold_unsure_posts(storage)
        await _keep_unsure_estimate(storage)
        return []
    try:
        await storage.db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:
        _PRESENT[storage.db] = False
        return []
    forget = f"{storage.tables.prefix}wpc_post_search_forget"
    statements = [
        f'CREATE TABLE IF NOT EXISTS "{name}" ("ID" BIGINT PRIMARY KEY, folded TEXT NOT NULL)',
        f'CREATE TABLE IF NOT EXISTS "{unsure_name}" ("ID" BIGINT PRIMARY KEY)',
        _trigram_index_ddl(storage),
        # Whoever inserts a post or changes its texts, it is `unsure` until folded by us.
        f'''CREATE OR REPLACE FUNCTION "{forget}"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                DELETE FROM "{name}" WHERE "ID" = OLD."ID";
                DELETE FROM "{unsure_name}" WHERE "ID" = OLD."ID";
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO "{unsure_name}"("ID") VALUES (NEW."ID") ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$''',
        f'CREATE OR REPLACE TRIGGER "{forget}" AFTER INSERT OR DELETE OR UPDATE OF "ID", {", ".join(_COLUMNS)} '
        f'ON "{posts}" FOR EACH ROW EXECUTE FUNCTION "{forget}"()',
        # Posts already there: unsure until folded just below.
        f'INSERT INTO "{unsure_name}"("ID") SELECT "ID" FROM "{posts}" ON CONFLICT DO NOTHING',
    ]
    for statement in statements:
        await storage.db.execute(statement)
    await fold_unsure_posts(storage)
    await _keep_unsure_estimate(storage)
    _PRESENT[storage.db] = True
    return [name, unsure_name]


async def _keep_unsure_estimate(storage: Storage) -> None:
    """A row that is no post (ID 0) stays in `unsure`, and its statistics are taken: an
    empty table never analysed is estimated at a page full of rows as soon as one post passes
    through it (any write), and a rare word's search then read every post (hash semi-join
    over a sequential scan: 0.2 -> 2-5 s on 100,000 posts); one row on one page, analysed,
    keeps the estimate at about one row."""
    unsure_name = unsure_table_name(storage)
    await storage.db.execute(f'INSERT INTO "{unsure_name}"("ID") VALUES (0) ON CONFLICT DO NOTHING')
    await storage.db.execute(f'ANALYZE "{unsure_name}"')


async def fold_unsure_posts(storage: Storage, batch: int = 500) -> None:
    """Fold the `unsure` posts into the side table (those without an unsure character)."""
    async for rows in search_words.unsure_posts(storage, batch):
        await record_posts(storage, rows)


def search_texts(rows: Any) -> list[tuple[Any, ...]]:
    """(ID, title, excerpt, content) of post rows (mappings) for `record_posts`."""
    return [(row["ID"], *(row.get(column) or "" for column in _COLUMNS)) for row in rows]


async def record_posts(storage: Storage, rows: list[tuple[Any, ...]], raw: Any = None) -> None:
    """After our own insert or text update of these posts ((ID, title, excerpt, content)
    tuples): their folded texts into the side table, out of `unsure` (PostgreSQL), or their
    words into MariaDB's (storage/search_words.py)."""
    if storage.is_mysql:
        await search_words.record_posts(storage, rows)
        return
    if storage.dialect != "postgresql" or not rows or not await has_search_index(storage):
        return
    sure = [(int(pid), text) for pid, *texts in rows if (text := folded_row(*texts)) is not None]
    if not sure:
        return
    ids = [pid for pid, _ in sure]
    name, unsure_name = table_name(storage), unsure_table_name(storage)
    if raw is not None:  # a bulk load on its own connection: COPY
        await _copy_folded(raw, name, unsure_name, sure)
        return
    side = sa.table(name, sa.column("ID"), sa.column("folded"))
    unsure_table = sa.table(unsure_name, sa.column("ID"))
    await storage.db.execute(sa.delete(side).where(side.c.ID.in_(ids)))
    await storage.db.execute(sa.insert(side).values([{"ID": pid, "folded": text} for pid, text in sure]))
    await storage.db.execute(sa.delete(unsure_table).where(unsure_table.c.ID.in_(ids)))
