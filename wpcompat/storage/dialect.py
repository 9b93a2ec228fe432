"""What differs between the database backends, in one place: SQLite, PostgreSQL, MariaDB/MySQL.

Every branch on the backend that a query needs lives here, behind a named function; the query
modules of storage/ call these and stay the same on every backend. A new backend is its URL
scheme in `SCHEMES`, a driver in `DRIVERS`, its branches here (including how it compares text
as MySQL's collation does: `text_like`), its driver as an extra in pyproject.toml and its test
server in tests/backends.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateTable
from sqlalchemy.sql.functions import FunctionElement

from settings import SettingsError
from wpcompat.storage.collation import (
    FOLD_FROM,
    FOLD_TO,
    LONGEST_CLASS_PATTERN,
    SQLITE_FUNCTION,
    fold,
    like_glob,
    like_regex,
)

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

# The `databases` backend class of each URL scheme this project connects with (over the
# `databases` defaults). SQLite keeps long-lived connections in a pool of its own; plain
# `mysql://` is asyncmy: measured against aiomysql on the same MariaDB, it spends about half the
# CPU per row read (0.4 ms against 0.9 ms for the ~130 rows of the options) and the same on
# one-row reads. `mysql+aiomysql://` still picks aiomysql.
# The URL schemes (before any `+driver`) of the backends: `open_storage` refuses any other,
# and DATABASE_URL's error message lists these.
SCHEMES: dict[str, str] = {
    "sqlite": "sqlite:///path/site.db",
    "postgresql": "postgresql://user@host/db",
    "postgres": "postgresql://user@host/db",
    "mysql": "mysql://user@host/db",
}

# The server backends compile each statement shape once (storage/compiled.py).
DRIVERS: dict[str, str] = {
    "sqlite": "wpcompat.storage.sqlite_pool:PooledSQLiteBackend",
    "postgresql": "wpcompat.storage.compiled:CachedPostgresBackend",
    "postgres": "wpcompat.storage.compiled:CachedPostgresBackend",
    "mysql": "wpcompat.storage.compiled:CachedAsyncMyBackend",
    "mysql+asyncmy": "wpcompat.storage.compiled:CachedAsyncMyBackend",
    "mysql+aiomysql": "databases.backends.mysql:MySQLBackend",
}

# wpdb::set_sql_mode(): WordPress drops these modes from every connection's sql_mode. Without
# it, MySQL 8's NO_ZERO_DATE refuses WordPress's 0000-00-00 dates, and strict modes refuse what
# WordPress silently truncates: a site shared with WordPress must behave as WordPress does.
_WP_INCOMPATIBLE_MODES = (
    "NO_ZERO_DATE", "ONLY_FULL_GROUP_BY", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "TRADITIONAL", "ANSI",
)


def _wordpress_sql_mode() -> str:
    modes = "CONCAT(',', @@SESSION.sql_mode, ',')"
    for mode in _WP_INCOMPATIBLE_MODES:
        modes = f"REPLACE({modes}, ',{mode},', ',')"
    return f"SET SESSION sql_mode = TRIM(BOTH ',' FROM {modes})"


def connection_options(url: str) -> dict[str, Any]:
    """Options of the connection pool for a database URL."""
    if url.startswith("mysql"):
        # utf8mb4 like WordPress, so emoji survive; WordPress's sql_mode on every connection.
        return {"charset": "utf8mb4", "init_command": _wordpress_sql_mode()}
    return {}


def compiler(storage: Storage) -> Any:
    """The SQLAlchemy dialect of the connection, to compile statements and DDL by hand."""
    return storage.db._backend._dialect  # type: ignore[attr-defined]


def has_row_locks(storage: Storage) -> bool:
    """Whether the backend locks rows (SELECT … FOR UPDATE). SQLite has none: its BEGIN
    IMMEDIATE lets one writer in at a time, which already serialises writers."""
    return not storage.is_sqlite


def for_update(storage: Storage, query: sa.Select[Any]) -> sa.Select[Any]:
    """`query` locking the rows it reads for the rest of the transaction, where rows lock."""
    return query.with_for_update() if has_row_locks(storage) else query


async def insert_returning_id(storage: Storage, statement: sa.Insert, id_column: sa.Column[Any]) -> int:
    """Run an INSERT of one row and return the id the database gave it (or the one given)."""
    if storage.dialect == "postgresql":
        return int(await storage.db.fetch_val(statement.returning(id_column)))
    return int(await storage.db.execute(statement))


def insert_ignore(storage: Storage, table: sa.Table, values: dict[str, Any]) -> Any:
    """An INSERT of one row that does nothing when a unique key is taken, in each backend's
    words (ON CONFLICT DO NOTHING; on MariaDB a no-op ON DUPLICATE KEY UPDATE)."""
    if storage.dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).values(**values).on_conflict_do_nothing()
    if storage.is_mysql:
        from sqlalchemy.dialects.mysql import insert as mysql_insert

        # A no-op update rather than INSERT IGNORE, whose skipped duplicate is a warning the
        # driver fetches with one more round trip and logs.
        kept = next(iter(values))
        return mysql_insert(table).values(**values).on_duplicate_key_update({kept: table.c[kept]})
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).values(**values).on_conflict_do_nothing()


async def bump_sequence(storage: Storage, table: sa.Table, column: str) -> None:
    """After ids were inserted explicitly: move the column's id generator past the largest id.
    Only PostgreSQL needs it (its serial's sequence does not follow explicit ids)."""
    if storage.dialect != "postgresql":
        return
    await storage.db.execute(
        sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
            f'COALESCE((SELECT MAX("{column}") FROM "{table.name}"), 0) + 1, false)'
        )
    )


async def existing_names(storage: Storage) -> tuple[set[str], set[str]]:
    """Names of the tables and of the indexes already in the database."""
    db = storage.db
    if storage.is_sqlite:
        rows = await db.fetch_all("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index')")
        tables = {r["name"] for r in rows if r["type"] == "table"}
        indexes = {r["name"] for r in rows if r["type"] == "index"}
    elif storage.is_mysql:
        rows = await db.fetch_all(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()"
        )
        tables = {r["name"] for r in rows}
        rows = await db.fetch_all(
            "SELECT DISTINCT index_name AS name FROM information_schema.statistics "
            "WHERE table_schema = DATABASE()"
        )
        indexes = {r["name"] for r in rows}
    else:
        rows = await db.fetch_all(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        )
        tables = {r["name"] for r in rows}
        rows = await db.fetch_all(
            "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()"
        )
        indexes = {r["name"] for r in rows}
    return tables, indexes


def ddl(storage: Storage, element: sa.schema.ExecutableDDLElement) -> str:
    """A CREATE TABLE/INDEX statement as this backend runs it."""
    sql = str(element.compile(dialect=compiler(storage))).strip()
    if storage.is_mysql and isinstance(element, CreateTable):
        sql += " DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
    return sql


def check_url(url: str) -> str:
    """`url` when its scheme is one of a backend's, else a one-line SettingsError saying which."""
    scheme = url.split(":", 1)[0]
    if ":" not in url or scheme.split("+", 1)[0] not in SCHEMES:
        examples = list(dict.fromkeys(SCHEMES.values()))
        raise SettingsError(
            f"DATABASE_URL must look like {', '.join(examples[:-1])} or {examples[-1]}, not {url!r}"
        )
    return url


# ----- Text compared as MySQL's utf8mb4_unicode_520_ci does (storage/collation.py folds it)


def folded(storage_dialect: str, expression: Any) -> Any:
    """A SQL expression that folds `expression` on this backend (MySQL: left as it is)."""
    if storage_dialect in ("mysql", "mariadb"):
        return sa.func.lower(expression)
    if storage_dialect == "sqlite":
        return getattr(sa.func, SQLITE_FUNCTION)(expression)
    return sa.func.lower(sa.func.translate(expression, sa.literal_column(_quote(FOLD_FROM)),
                                           sa.literal_column(_quote(FOLD_TO))))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _folded_text(storage_dialect: str, text: str) -> Any:
    if storage_dialect in ("mysql", "mariadb"):
        return sa.func.lower(sa.literal(text))
    return sa.literal(fold(text))


def text_like(storage_dialect: str, column: Any, pattern: str, *, negate: bool = False, escape: str = "\\") -> Any:
    """`column LIKE pattern ESCAPE escape`, blind to case and accents on every backend."""
    if storage_dialect == "postgresql" and "\x00" in pattern:
        # PostgreSQL's text holds no NUL (nor may a bound value): no row contains one.
        return sa.true() if negate else sa.false()
    if storage_dialect == "postgresql":
        # A regular expression whose letters are classes of every letter folding to them:
        # translate() with the whole table costs its length for each character of each row.
        regex = like_regex(pattern, escape)
        if len(regex) <= LONGEST_CLASS_PATTERN:
            return column.op("!~")(sa.literal(regex)) if negate else column.op("~")(sa.literal(regex))
        # Hundreds of letters (a hostile search): blind to case only, never a slow scan.
        right = sa.literal(fold(pattern))
        return column.notilike(right, escape=escape) if negate else column.ilike(right, escape=escape)
    if storage_dialect == "sqlite":
        glob = like_glob(pattern, escape)
        if len(glob.encode()) <= LONGEST_CLASS_PATTERN:
            # GLOB runs in C; wp_fold is a Python call for every row.
            matched = column.op("GLOB")(sa.literal(glob))
            return sa.not_(matched) if negate else matched
    left = folded(storage_dialect, column)
    right = _folded_text(storage_dialect, pattern)
    return left.notlike(right, escape=escape) if negate else left.like(right, escape=escape)


class _Position(FunctionElement[int]):
    """1-based position of the second argument in the first, 0 when absent."""

    type = sa.Integer()
    inherit_cache = True
    name = "instr"


@compiles(_Position)
def _instr(element: _Position, compiler: Any, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(_Position, "postgresql")
def _strpos(element: _Position, compiler: Any, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


def text_contains(storage_dialect: str, column: Any, text: str) -> Any:
    """`column LIKE '%text%'` under the collation, without LIKE (for texts
    `collation.is_long()` says are too long for a pattern)."""
    if storage_dialect == "postgresql" and "\x00" in text:
        return sa.false()  # PostgreSQL's text holds no NUL
    return _Position(folded(storage_dialect, column), _folded_text(storage_dialect, text)) > 0


def text_equals(storage_dialect: str, column: Any, text: str) -> Any:
    """`column = text` under the collation."""
    if storage_dialect == "postgresql" and "\x00" in text:
        return sa.false()  # PostgreSQL's text holds no NUL
    return folded(storage_dialect, column) == _folded_text(storage_dialect, text)


def selective(storage: Storage, condition: Any) -> Any:
    """`condition`, told to the planner to be true for few rows. SQLite's statistics hold only
    an average number of rows per value: where every post has parent 0, `post_parent IN
    (ids)` looks like it matches them all and a full ANALYZE makes the planner read the whole
    table instead of the index. unlikely() keeps the term indexable and fixes its estimate;
    the other planners see the values (histograms) and get the condition as it is."""
    return sa.func.unlikely(condition) if storage.is_sqlite else condition


def walked(storage: Storage, column: Any) -> Any:
    """`column` in a condition that should filter an index walk, never drive the query. SQLite
    (unary +, its way to say so): from `ID IN (a category's posts)` or a common word's
    candidates it read tens of thousands of posts by rowid, each row with its content, where
    walking the (type, status, date, ID) index and testing membership reads no row (a 33,000-post
    category on 100k posts: 550 ms against ~30). The other planners weigh it themselves."""
    if storage.is_sqlite:
        return sa.literal_column(f'+"{column.table.name}"."{column.name}"', column.type)
    return column


# ---------------------------------------------------------------- row triggers (storage/changes.py)


def quote(storage: Storage, name: str) -> str:
    """An identifier as this backend reads it (PostgreSQL folds unquoted `ID` to `id`)."""
    return str(compiler(storage).identifier_preparer.quote(name))


def concat_sql(storage: Storage, *parts: str) -> str:
    """SQL text joining SQL expressions as text (MySQL's `||` is OR unless PIPES_AS_CONCAT)."""
    if storage.is_mysql:
        return f"CONCAT({', '.join(parts)})"
    return "(" + " || ".join(parts) + ")"


def same_sql(storage: Storage, left: str, right: str) -> str:
    """SQL text: the two expressions are equal, NULL equal to NULL."""
    if storage.is_mysql:
        return f"({left} <=> {right})"
    if storage.is_sqlite:
        return f"({left} IS {right})"
    return f"({left} IS NOT DISTINCT FROM {right})"


def row_trigger_ddl(storage: Storage, name: str, table: str, event: str, statements: list[str]) -> list[str]:
    """The statements creating an AFTER `event` (INSERT, UPDATE, DELETE) trigger running
    `statements` once per changed row, which may use NEW and OLD. PostgreSQL runs a trigger
    through a function of the same name."""
    body = "; ".join(statements)
    if storage.dialect == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {quote(storage, name)}() RETURNS trigger LANGUAGE plpgsql AS $wpc$ "
            f"BEGIN {body}; RETURN NULL; END $wpc$",
            f"CREATE TRIGGER {quote(storage, name)} AFTER {event} ON {quote(storage, table)} "
            f"FOR EACH ROW EXECUTE FUNCTION {quote(storage, name)}()",
        ]
    return [
        f"CREATE TRIGGER {quote(storage, name)} AFTER {event} ON {quote(storage, table)} "
        f"FOR EACH ROW BEGIN {body}; END"
    ]


def drop_trigger_ddl(storage: Storage, name: str, table: str) -> list[str]:
    if storage.dialect == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {quote(storage, name)} ON {quote(storage, table)}",
            f"DROP FUNCTION IF EXISTS {quote(storage, name)}()",
        ]
    return [f"DROP TRIGGER IF EXISTS {quote(storage, name)}"]


async def existing_triggers(storage: Storage) -> set[str]:
    """Names of the triggers in the database."""
    db = storage.db
    if storage.is_sqlite:
        rows = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    elif storage.is_mysql:
        rows = await db.fetch_all(
            "SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
        )
    else:
        rows = await db.fetch_all(
            "SELECT tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT t.tgisinternal"
        )
    return {r["name"] for r in rows}
