"""MariaDB/MySQL's candidate index of post searches: the words of each post, as LIKE compares them.

WordPress's `LIKE '%term%'` reads every post's text (4 to 12 s for a rare word on 100,000
posts, on a loaded machine). InnoDB has no trigram index and its FULLTEXT finds words, not
substrings. So the posts' texts are cut into words kept in two side tables: the distinct
words (`wpc_search_words`, binary collation) and which post holds which (`wpc_search_postings`).
A term's candidates are the posts of every word holding it (a scan of the vocabulary, which is
small, then the postings by word), and the posts not (yet) cut into words; the exact LIKE then
runs on those candidates only, so the answer is the same whatever the index holds.

For that the words must be written as the column's collation compares characters. LIKE on
MariaDB compares one character with one character (ß is not "ss" there, unlike `=`), by their
weights: two characters match when their WEIGHT_STRING is the same. The weights of the Basic
Multilingual Plane are read from the server once per process (one query), and each character
is written as the first character of its weight group (`Letters`). Characters that can never be
inside a term cut the words: those weighing nothing (no character of a term can match them),
and the space with every character weighing as it does (WordPress cuts terms at spaces and
tabs; a term holding one of them is not looked up). A post holding a character outside the
plane, or a word too long for the table, is not cut: it stays among the `unsure` posts, which
are always candidates.

Who writes a post (our writers, the importer, WordPress itself): triggers put a post whose
texts are new or changed among the `unsure` ones (compared as bytes: `=` would find "ß" and
"ss" equal), and our writers cut it into words at once (`record_posts`). The others (written by
WordPress, or there before the index) are cut by a pass in the background once the server has
started (`cut_unsure_posts`), not at start: cutting a big site's posts would delay its first
answer, and until cut they are candidates of every search, so answers are the same meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import sqlalchemy as sa

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

_COLUMNS = ("post_title", "post_excerpt", "post_content")
_LONGEST_WORD = 191
# What a character outside the weights read from the server is written as: the text is unsure.
# A noncharacter that is no weight group's first (those are read for the plane but U+FFFE and
# U+FFFF), so the table is a string of two bytes a character.
_UNKNOWN = "\uffff"
# Posts cut into words per round of writes.
_BATCH = 2000
_PRESENT: WeakKeyDictionary[Any, bool] = WeakKeyDictionary()
_LETTERS: WeakKeyDictionary[Any, Letters] = WeakKeyDictionary()
# Word -> its id, per database, for the bulk load under way: the words it added are
# uncommitted until it ends, and a load that fails (or a dry run) rolls them back; so it is
# forgotten when the load ends (`forget_word_ids`), whatever the outcome, and other writers,
# whose transactions may also roll back, look their few words up each time.
_WORD_IDS: WeakKeyDictionary[Any, dict[str, int]] = WeakKeyDictionary()
# Databases whose bulk load under way began with no posting at all (`set_aside_post_key`):
# the posts it cuts are new, so no posting of theirs is there to delete first.
_FRESH: WeakKeyDictionary[Any, bool] = WeakKeyDictionary()
# The postings' key by post (a post's words, to delete them when it is cut again).
_POST_KEY = "post"


def words_table(storage: Storage) -> str:
    return f"{storage.tables.prefix}wpc_search_words"


def postings_table(storage: Storage) -> str:
    return f"{storage.tables.prefix}wpc_search_postings"


def unsure_table(storage: Storage) -> str:
    return f"{storage.tables.prefix}wpc_post_search_unsure"


@dataclass(frozen=True)
class Letters:
    """`table`: str.translate()'s, a string indexed by code point (2 MB): each character to
    its weight group's first character, a separator to a space, any other character (outside
    the plane included) to `_UNKNOWN`."""

    table: str

    def text(self, text: str) -> str:
        return text.translate(self.table)

    def words(self, *texts: str | None) -> set[str] | None:
        """The distinct words of the texts, or None when they cannot be cut (unsure)."""
        # The space, tab and line breaks are separators whatever the collation (see `letters`),
        # and each character is written as one character: so the distinct pieces between them
        # are written instead of the whole text (a post repeats its words: a fraction of its
        # characters, the most of an import's CPU spent here).
        pieces = set(" ".join(t or "" for t in texts).replace("\n", " ").replace("\t", " ").replace("\r", " ")
                     .split(" "))
        written = self.text(" ".join(pieces))
        if _UNKNOWN in written:
            return None
        words = set(written.split(" "))
        words.discard("")
        if words and max(map(len, words)) > _LONGEST_WORD:
            return None
        return words

    def term(self, term: str) -> str | None:
        """The term as the words are written, or None when the words cannot answer for it
        (a separator inside, a wildcard or escape of LIKE, a character of unknown weight)."""
        written = self.text(term)
        if not written or _UNKNOWN in written or " " in written or any(c in "%_\\" for c in written):
            return None
        return written


async def _column_collation(storage: Storage) -> str:
    found = await storage.db.fetch_val(sa.text(
        "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = :t AND COLUMN_NAME = 'post_content'").bindparams(t=storage.tables.posts.name))
    name = str(found or "utf8mb4_unicode_520_ci")
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected collation {name!r}")
    return name


# The characters whose weights are read: the plane's, but the control characters other than
# tab and line breaks, the surrogates, and U+FFFE/U+FFFF; in code point order.
_RANGES = ((9, 11), (13, 14), (0x20, 0xD800), (0xE000, 0xFFFE))


async def letters(storage: Storage) -> Letters:
    """The weight groups of the column's collation, read once per process.

    The server gives the written form of each character (its group's first character in code
    point order, or a space for a separator) as one string in code point order: 63,000 rows
    read as Python objects left 20 MB of a fragmented heap to the process (an import's peak)."""
    found = _LETTERS.get(storage.db)
    if found is not None:
        return found
    collation = await _column_collation(storage)
    chars = "".join(chr(c) for low, high in _RANGES for c in range(low, high))

    def weight(expression: str) -> str:
        return f"WEIGHT_STRING(CONVERT({expression} USING utf8mb4) COLLATE {collation})"

    cut = ", ".join(weight(f"CHAR({code} USING utf8mb4)") for code in (32, 9, 10, 13))
    written = await storage.db.fetch_val(sa.text(
        "SET STATEMENT group_concat_max_len = 4194304 FOR "
        "SELECT GROUP_CONCAT(m ORDER BY i SEPARATOR '') FROM ("
        f"SELECT i, CASE WHEN w = '' OR w IN ({cut}) THEN ' ' "
        "ELSE FIRST_VALUE(c) OVER (PARTITION BY w ORDER BY i) END AS m FROM ("
        f"SELECT j.i, j.c, {weight('j.c')} AS w FROM JSON_TABLE(:chars, '$[*]' COLUMNS "
        "(i FOR ORDINALITY, c VARCHAR(1) CHARACTER SET utf8mb4 PATH '$')) j) weighed) groups"
    ).bindparams(chars=json.dumps(list(chars))))
    written = str(written or "")
    if len(written) != len(chars) or written[0] != " " or written[chars.index(" ")] != " ":
        raise ValueError(f"the weights of {collation} read from the server are incomplete")
    # The table: the written characters at their code points, `_UNKNOWN` elsewhere.
    pieces, done, last = [], 0, 0
    for low, high in _RANGES:
        pieces += [_UNKNOWN * (low - last), written[done:done + high - low]]
        done, last = done + high - low, high
    pieces.append(_UNKNOWN * (sys.maxunicode + 1 - last))
    found = _LETTERS[storage.db] = Letters("".join(pieces))
    return found


async def ensure(storage: Storage, tables: set[str]) -> list[str]:
    """Create the tables and triggers where missing (the posts already there are `unsure`
    until the background pass cuts them: `cut_unsure_posts`)."""
    words, postings, unsure = words_table(storage), postings_table(storage), unsure_table(storage)
    if {words, postings, unsure} <= tables:
        _PRESENT[storage.db] = True
        await restore_post_key(storage)  # set aside by a bulk load that never ended (a crash)
        await letters(storage)  # read once at start (half a second), not by the first search
        return []
    posts = storage.tables.posts.name
    statements = [
        f"CREATE TABLE IF NOT EXISTS `{words}` (word_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        f"word VARCHAR({_LONGEST_WORD}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY word (word))",
        f"CREATE TABLE IF NOT EXISTS `{postings}` (word_id INT UNSIGNED NOT NULL, `ID` BIGINT UNSIGNED NOT NULL, "
        "PRIMARY KEY (word_id, `ID`), KEY post (`ID`))",
        f"CREATE TABLE IF NOT EXISTS `{unsure}` (`ID` BIGINT UNSIGNED NOT NULL PRIMARY KEY)",
    ]
    changed = " OR ".join(f"NOT (BINARY OLD.`{c}` <=> BINARY NEW.`{c}`)" for c in ("ID", *_COLUMNS))
    quiet = "@wpcompat_bulk_load IS NULL"  # changes.BULK_LOAD_VARIABLE: a bulk load records its posts itself
    triggers = {
        "insert": f"AFTER INSERT ON `{posts}` FOR EACH ROW IF {quiet} THEN "
                  f"INSERT IGNORE INTO `{unsure}` (`ID`) VALUES (NEW.`ID`); END IF",
        "update": f"AFTER UPDATE ON `{posts}` FOR EACH ROW IF {quiet} AND ({changed}) THEN "
                  f"INSERT IGNORE INTO `{unsure}` (`ID`) VALUES (NEW.`ID`); END IF",
        "delete": f"AFTER DELETE ON `{posts}` FOR EACH ROW DELETE FROM `{unsure}` WHERE `ID` = OLD.`ID`",
    }
    for statement in statements:
        await storage.db.execute(statement)
    for event, body in triggers.items():
        # IF NOT EXISTS: two workers starting on a new database may both get here.
        await storage.db.execute(f"CREATE TRIGGER IF NOT EXISTS `{words}_{event}` {body}")
    # Posts already there: unsure until the background pass cuts them.
    await storage.db.execute(f"INSERT INTO `{unsure}` (`ID`) SELECT `ID` FROM `{posts}` "
                             f"ON DUPLICATE KEY UPDATE `{unsure}`.`ID` = `{unsure}`.`ID`")
    _PRESENT[storage.db] = True
    return [words, postings, unsure]


async def present(storage: Storage) -> bool:
    found = _PRESENT.get(storage.db)
    if found is None:
        found = _PRESENT[storage.db] = bool(storage.is_mysql and await storage.db.fetch_val(sa.text(
            "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t"
        ).bindparams(t=postings_table(storage))))
    return found


async def unsure_posts(storage: Storage, batch: int) -> AsyncIterator[list[tuple[Any, ...]]]:
    """The (ID, title, excerpt, content) of the `unsure` posts, `batch` at a time (the
    candidate indexes of every backend share the table's name)."""
    t = storage.tables
    unsure = sa.table(unsure_table(storage), sa.column("ID"))
    last = 0
    while True:
        ids = [int(r[0]) for r in await storage.db.fetch_all(
            sa.select(unsure.c.ID).where(last < unsure.c.ID).order_by(unsure.c.ID).limit(batch))]
        if not ids:
            return
        last = ids[-1]
        rows = await storage.db.fetch_all(
            sa.select(t.posts.c.ID, t.posts.c.post_title, t.posts.c.post_excerpt, t.posts.c.post_content)
            .where(t.posts.c.ID.in_(ids)))
        yield [tuple(r._mapping.values()) for r in rows]


async def cut_unsure_posts(storage: Storage, batch: int = _BATCH, stop: asyncio.Event | None = None) -> int:
    """Cut the `unsure` posts into words (those that can be), `batch` at a time; return how
    many posts were read. Each batch is one transaction holding shared locks on its posts'
    rows from the read of their texts to the commit of their words: a post edited meanwhile
    is either read as edited, or its edit waits for the commit and then marks it `unsure`
    again (its writer cuts it anew), so words read before an edit never overwrite it.
    `stop` set: no further batch is started (the server is shutting down). A batch is never
    cancelled midway: a driver connection interrupted inside a statement is left waiting
    for an answer it will not read, and the pool's close waits for it."""
    if not storage.is_mysql or not await present(storage):
        return 0
    unsure = sa.table(unsure_table(storage), sa.column("ID"))
    last = read = 0
    while stop is None or not stop.is_set():
        # Outside the batch's transaction: under repeatable read its first plain read would
        # fix its view before the words it inserts (record_posts reads their ids back).
        ids = [int(r[0]) for r in await storage.db.fetch_all(
            sa.select(unsure.c.ID).where(last < unsure.c.ID).order_by(unsure.c.ID).limit(batch))]
        if not ids:
            return read
        last = ids[-1]
        read += await _cut_locked(storage, ids)
    return read


# A batch that lost a deadlock (an edit of several of its posts in another order, another
# instance's pass) is tried again, this many times in all.
_ATTEMPTS = 5


async def _cut_locked(storage: Storage, ids: list[int]) -> int:
    posts = storage.tables.posts
    query = (sa.select(posts.c.ID, posts.c.post_title, posts.c.post_excerpt, posts.c.post_content)
             .where(posts.c.ID.in_(ids)).order_by(posts.c.ID).with_for_update(read=True))
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            async with storage.db.transaction():
                rows = [tuple(r._mapping.values()) for r in await storage.db.fetch_all(query)]
                await record_posts(storage, rows)
            return len(rows)
        except Exception as error:  # the driver's OperationalError
            if attempt == _ATTEMPTS or not _lost_a_deadlock(error):
                raise
    return 0


def _lost_a_deadlock(error: Exception) -> bool:
    """MariaDB chose this transaction to end a deadlock, or a lock wait timed out."""
    code = error.args[0] if error.args else None
    return code in (1213, 1205)


def _values(row: Any) -> tuple[Any, ...]:
    """A row's values, whether the driver gives a mapping (its iteration is the keys) or a tuple."""
    return tuple(row.values()) if hasattr(row, "values") else tuple(row)


# Rows already there are kept as they are. Not INSERT IGNORE: each duplicate it skips is a
# warning, which the driver fetches with one more round trip (SHOW WARNINGS) and logs.
_KEEP_ID = " ON DUPLICATE KEY UPDATE `ID` = `ID`"

async def _run(storage: Storage, raw: Any, sql: str, params: Sequence[Any] = (), *, fetch: bool = False) -> Any:
    """A statement (`%s` marks) on the driver connection `raw` of a bulk load (whose
    transaction holds the locks: another connection would wait for it), else through
    storage.db."""
    if raw is not None:
        async with raw.cursor() as cursor:
            await cursor.execute(sql, list(params) if params else None)
            return [_values(r) for r in await cursor.fetchall()] if fetch else None
    parts = sql.split("%s")
    text = "".join(part + (f":p{i}" if i < len(parts) - 1 else "") for i, part in enumerate(parts))
    statement = sa.text(text).bindparams(**{f"p{i}": v for i, v in enumerate(params)})
    if fetch:
        return [_values(r._mapping) for r in await storage.db.fetch_all(statement)]
    await storage.db.execute(statement)
    return None


def forget_word_ids(storage: Storage) -> None:
    """A bulk load ended (committed or rolled back): its word ids are no longer kept."""
    _WORD_IDS.pop(storage.db, None)
    _FRESH.pop(storage.db, None)


async def _has_post_key(storage: Storage) -> bool:
    return bool(await storage.db.fetch_val(sa.text(
        "SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = :t AND INDEX_NAME = :i").bindparams(t=postings_table(storage), i=_POST_KEY)))


async def set_aside_post_key(storage: Storage) -> bool:
    """Before the transaction of a bulk load into a site with no posting: the postings' key
    by post is dropped (a second B-tree written per posting: half the server's work of the
    words of 100,000 posts), and the load's posts are cut without first deleting postings
    they cannot have. DDL commits on MariaDB: hence before the load's transaction, on an
    empty table; `restore_post_key` builds the key again once the load has ended, one sorted
    pass, whatever the outcome (and `ensure`, at the next start, after a crash meanwhile).
    True when set aside."""
    if not storage.is_mysql or not await present(storage):
        return False
    if await storage.db.fetch_val(sa.text(f"SELECT 1 FROM `{postings_table(storage)}` LIMIT 1")):
        return False
    if await _has_post_key(storage):
        await storage.db.execute(f"ALTER TABLE `{postings_table(storage)}` DROP KEY `{_POST_KEY}`")
    return True


def begin_fresh_load(storage: Storage) -> None:
    """Inside the bulk load's transaction, the postings' key set aside: see set_aside_post_key."""
    _FRESH[storage.db] = True


async def restore_post_key(storage: Storage) -> None:
    if storage.is_mysql and not await _has_post_key(storage):
        await storage.db.execute(f"ALTER TABLE `{postings_table(storage)}` ADD KEY `{_POST_KEY}` (`ID`)")


async def _word_ids(storage: Storage, words: set[str], raw: Any) -> dict[str, int]:
    known = _WORD_IDS.setdefault(storage.db, {}) if raw is not None else {}
    missing = sorted(w for w in words if w not in known)
    name = words_table(storage)
    for start in range(0, len(missing), 1000):
        chunk = missing[start:start + 1000]
        marks = ", ".join(["%s"] * len(chunk))
        await _run(storage, raw, f"INSERT INTO `{name}` (word) VALUES {', '.join(['(%s)'] * len(chunk))} ON DUPLICATE KEY UPDATE word = word", chunk)
        rows = await _run(storage, raw, f"SELECT word_id, word FROM `{name}` WHERE word IN ({marks})", chunk, fetch=True)
        known.update({str(r[1]): int(r[0]) for r in rows})
    return known


async def _insert_postings(storage: Storage, raw: Any, postings: str, values: list[str]) -> None:
    await _run(storage, raw, f"INSERT INTO `{postings}` (word_id, `ID`) VALUES " + ",".join(values) + _KEEP_ID)


async def record_posts(storage: Storage, rows: list[tuple[Any, ...]], raw: Any = None) -> None:
    """After a write of these posts ((ID, title, excerpt, content) tuples): their words in the
    postings, out of `unsure`; those that cannot be cut into `unsure`. `raw`: the driver
    connection of a bulk load."""
    if not storage.is_mysql or not rows or not await present(storage):
        return
    cutter = await letters(storage)
    cut: dict[int, set[str]] = {}
    unsure: list[int] = []
    for pid, *texts in rows:
        words = cutter.words(*texts)
        if words is None:
            unsure.append(int(pid))
        else:
            cut[int(pid)] = words
    postings, unsure_name = postings_table(storage), unsure_table(storage)
    ids = sorted(cut)
    # IDs and word ids are integers of ours: written into the statements.
    fresh = raw is not None and _FRESH.get(storage.db, False)
    for start in range(0, 0 if fresh else len(rows), _BATCH):
        every = sorted(int(r[0]) for r in rows[start:start + _BATCH])
        await _run(storage, raw, f"DELETE FROM `{postings}` WHERE `ID` IN ({', '.join(map(str, every))})")
    if ids:
        word_ids = await _word_ids(storage, set().union(*cut.values()), raw)
        # A post's postings "(w1,ID),(w2,ID),…" in one join: each word's "(w," joined by "ID),".
        heads = {w: f"({word_ids[w]}," for w in set().union(*cut.values())}
        statement, size = [], 0
        for pid in ids:
            words = cut[pid]
            if not words:
                continue
            statement.append(f"{pid}),".join([heads[w] for w in words]) + f"{pid})")
            size += len(words)
            if size >= 20_000:
                await _insert_postings(storage, raw, postings, statement)
                statement, size = [], 0
        if statement:
            await _insert_postings(storage, raw, postings, statement)
        for start in range(0, len(ids), _BATCH):
            chunk = ", ".join(map(str, ids[start:start + _BATCH]))
            await _run(storage, raw, f"DELETE FROM `{unsure_name}` WHERE `ID` IN ({chunk})")
    for start in range(0, len(unsure), _BATCH):
        chunk = ", ".join(f"({pid})" for pid in unsure[start:start + _BATCH])
        await _run(storage, raw, f"INSERT INTO `{unsure_name}` (`ID`) VALUES {chunk}{_KEEP_ID}")


async def candidates(storage: Storage, term: str, most: int) -> list[int] | None:
    """The posts whose texts may hold `term` as LIKE '%term%' finds it (a superset: the
    exact test must still run on them), or None when the index cannot tell or they are more
    than `most` (a common word: testing them one by one costs more than reading every post)."""
    if not storage.is_mysql or not await present(storage):
        return None
    written = (await letters(storage)).term(term)
    if written is None:
        return None
    words = sa.table(words_table(storage), sa.column("word_id"), sa.column("word"))
    postings = sa.table(postings_table(storage), sa.column("word_id"), sa.column("ID"))
    unsure = sa.table(unsure_table(storage), sa.column("ID"))
    found = (sa.select(postings.c.ID).select_from(postings.join(words, words.c.word_id == postings.c.word_id))
             .where(words.c.word.like(f"%{written}%")))
    rows = await storage.db.fetch_all(sa.union(found, sa.select(unsure.c.ID)).limit(most + 1))
    return None if len(rows) > most else sorted(int(r[0]) for r in rows)
