"""Search totals from the candidate indexes are the exact test's (storage/search_words.py on
MariaDB, storage/search_index.py elsewhere), on texts where the collation and a naive folding
disagree. Run with `--backend mysql` for the words index."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa

from settings import Settings
from wpcompat.storage import Storage, open_storage, search_words
from wpcompat.storage.post_writes import insert_post, update_post
from wpcompat.storage.posts import PostQuery, build_where, find_posts

TEXTS = [
    "Ørsted énergie", "straße", "a\u00adb soft", "x\u200by zero width", "emoji 😀 fin", "NBSP a\u00a0b",
    "long " + "w" * 300, "Đuro Łódź", "ﬁn ligature", "tab\tsep", "ŒUVRE « Scop »", "n°4242", "50% _x_ a\\b",
]
TERMS = [
    "orsted", "ørsted", "ORSTED", "strasse", "straße", "ab", "a\u00adb", "xy", "😀", "fin", "ﬁn", "duro", "đuro",
    "lodz", "sep", "tabsep", "œuvre", "oeuvre", "scop", "n°4242", "no4242", "4242", "50%", "_x_", "a\\b",
    "a\u00a0b", "www", "énergie", "ENERGIE", "absent",
]


async def _exact_total(storage: Storage, q: PostQuery) -> int:
    where, _ = build_where(storage, q)  # no candidate index: the exact test on every post
    count = sa.select(sa.func.count()).select_from(storage.tables.posts).where(*where)
    return int(await storage.db.fetch_val(count) or 0)


def _post(title: str, content: str = "") -> dict[str, str]:
    return {"post_title": title, "post_content": content, "post_excerpt": "", "post_status": "publish",
            "post_type": "post", "post_name": "", "to_ping": "", "pinged": "", "post_content_filtered": "",
            "guid": ""}


@pytest.mark.parametrize("term", TERMS)
async def test_totals_from_the_index_are_the_exact_test_s(storage: Storage, term: str) -> None:
    for i, text in enumerate(TEXTS):
        await insert_post(storage, _post(f"p{i}", text))
    q = PostQuery(per_page=5, search=term)
    assert (await find_posts(storage, q)).total == await _exact_total(storage, q)


async def test_posts_written_by_others_are_candidates_until_cut(storage: Storage) -> None:
    """A post inserted or changed by another writer (plain SQL, as WordPress) is `unsure`,
    so always a candidate; our writes cut it into words at once."""
    if not storage.is_mysql:
        pytest.skip("MariaDB's words index")
    t = storage.tables
    await storage.db.execute(sa.insert(t.posts).values(**_post("Ørsted")))
    pid = int(await storage.db.fetch_val(sa.select(sa.func.max(t.posts.c.ID))))
    assert pid in (await search_words.candidates(storage, "nothing-like-it", 100) or [])
    await update_post(storage, pid, {"post_title": "autre"})
    assert pid not in (await search_words.candidates(storage, "orsted", 100) or [])
    assert pid in (await search_words.candidates(storage, "autre", 100) or [])
    await storage.db.execute(sa.update(t.posts).where(t.posts.c["ID"] == pid).values(post_title="straße"))
    assert pid in (await search_words.candidates(storage, "nothing-like-it", 100) or [])
    q = PostQuery(per_page=5, search="straße")
    assert (await find_posts(storage, q)).total == await _exact_total(storage, q) == 1


async def _until_a_lock_wait(storage: Storage, done: asyncio.Future[Any]) -> None:
    """Return once `done` ended or some transaction of this database waits for a lock (polled:
    the order of the steps is the test's, only how soon the server gets there varies)."""
    query = sa.text("SELECT COUNT(*) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p "
                    "ON p.ID = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.DB = DATABASE()")
    for _ in range(2000):
        if done.done() or int(await storage.db.fetch_val(query)):
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the edit neither ended nor waited")


async def test_the_background_pass_never_writes_words_read_before_an_edit(
    storage: Storage, settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pass after start-up (`cut_unsure_posts`) reads a batch of unsure posts; another
    writer (plain SQL through its own handle, as WordPress) edits one of them before the pass
    writes its words: the edit waits for the batch's commit, then leaves the post unsure, so
    the edited text is found (were the old words written over it, out of `unsure`, the post
    would be lost)."""
    if not storage.is_mysql:
        pytest.skip("MariaDB's words index")
    t = storage.tables
    for title in ("premier", "deuxième"):
        await storage.db.execute(sa.insert(t.posts).values(**_post(title)))
    pid = int(await storage.db.fetch_val(sa.select(sa.func.max(t.posts.c.ID))))
    read, go = asyncio.Event(), asyncio.Event()
    record = search_words.record_posts

    async def paused(storage: Storage, rows: list[tuple[Any, ...]], raw: Any = None) -> None:
        read.set()  # the texts are read (and locked): the edit comes now
        await go.wait()
        await record(storage, rows, raw)

    monkeypatch.setattr(search_words, "record_posts", paused)
    other = await open_storage(settings.database_url, settings.table_prefix)
    cutting = asyncio.ensure_future(search_words.cut_unsure_posts(storage))
    editing: asyncio.Future[Any] | None = None
    try:
        await asyncio.wait_for(read.wait(), 30)
        editing = asyncio.ensure_future(other.db.execute(
            sa.update(t.posts).where(t.posts.c["ID"] == pid).values(post_title="troisième")))
        await _until_a_lock_wait(storage, editing)
        go.set()
        assert await asyncio.wait_for(cutting, 30) == 2
        await asyncio.wait_for(editing, 30)
    finally:
        go.set()  # never leave the batch's transaction open
        for task in (cutting, editing):
            if task is not None and not task.done():
                task.cancel()
        await other.db.disconnect()
    assert pid in (await search_words.candidates(storage, "troisieme", 100) or [])
    q = PostQuery(per_page=5, search="troisième")
    assert [int(r["ID"]) for r in (await find_posts(storage, q)).rows] == [pid]
    # A pass later cuts the edited post too: its new words, and out of `unsure`.
    monkeypatch.setattr(search_words, "record_posts", record)
    assert await search_words.cut_unsure_posts(storage) == 1
    assert pid not in (await search_words.candidates(storage, "deuxieme", 100) or [])
    assert await search_words.candidates(storage, "troisieme", 100) == [pid]


async def test_a_rolled_back_bulk_load_leaves_no_word_taken_as_known(
    storage: Storage, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """A dry run (its transaction rolled back) adds words that are then gone: the real import
    after it, in the same process, must not write postings of their ids."""
    if not storage.is_mysql:
        pytest.skip("MariaDB's words index")
    from tests.test_search_index import _wxr
    from wpcompat.wxr import importer

    export = tmp_path / "words.wxr"
    export.write_text(_wxr([("zébrure unique", "", "motrare ailleurs"), ("autre", "", "rien")]), encoding="utf-8")
    monkeypatch.setattr(importer, "BULK_BYTES", 0)
    await importer.import_files(storage, [str(export)], progress=False, dry_run=True)
    await importer.import_files(storage, [str(export)], progress=False)
    for term in ("motrare", "zebrure", "rien"):
        q = PostQuery(per_page=5, search=term)
        assert (await find_posts(storage, q)).total == await _exact_total(storage, q) == 1


async def _missing_indexes(storage: Storage) -> set[str]:
    from wpcompat.storage.dialect import existing_names

    t = storage.tables
    _tables, present = await existing_names(storage)
    wanted = {str(i.name) for table in (t.comments, t.commentmeta, t.postmeta) for i in table.indexes}
    postings_keys = {str(r[0]) for r in await storage.db.fetch_all(sa.text(
        "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = :t").bindparams(t=search_words.postings_table(storage)))}
    return (wanted - present) | ({"post"} - postings_keys)


async def test_a_bulk_load_sets_indexes_aside_and_brings_them_back_whatever_its_outcome(
    storage: Storage, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """MariaDB's bulk load into an empty site drops the comments', meta's and postings' secondary
    indexes before its transaction (DDL commits there) and builds them again after it: a file
    failing halfway leaves no row and every index; a load that commits, every index, and words
    that a later edit of a post replaces (its postings found again by post)."""
    if not storage.is_mysql:
        pytest.skip("MariaDB's set-aside indexes")
    from tests.test_search_index import _wxr
    from wpcompat.wxr import importer

    monkeypatch.setattr(importer, "BULK_BYTES", 0)
    text = _wxr([("zébrure unique", "", "motrare ailleurs"), ("autre", "", "rien")])
    broken = tmp_path / "broken.wxr"
    broken.write_text(text[: text.rindex("<item>") + 30], encoding="utf-8")
    with pytest.raises(importer.WXRError):
        await importer.import_files(storage, [str(broken)], progress=False)
    t = storage.tables
    assert await storage.db.fetch_val(sa.select(sa.func.count()).select_from(t.posts)) == 0
    assert await _missing_indexes(storage) == set()
    export = tmp_path / "words.wxr"
    export.write_text(text, encoding="utf-8")
    await importer.import_files(storage, [str(export)], progress=False)
    assert await _missing_indexes(storage) == set()
    pid = int(await storage.db.fetch_val(sa.select(t.posts.c.ID).where(t.posts.c.post_title == "autre")))
    await update_post(storage, pid, {"post_content": "neuf"})
    for term, total in (("rien", 0), ("neuf", 1), ("motrare", 1)):
        q = PostQuery(per_page=5, search=term)
        assert (await find_posts(storage, q)).total == await _exact_total(storage, q) == total
    assert pid not in (await search_words.candidates(storage, "rien", 100) or [])


@pytest.mark.parametrize("text", [*TEXTS, "répété répété\tmot\r\nmot  «Scop» Ørsted ORSTED", "", " \t"])
async def test_a_post_s_words_are_those_of_its_whole_text_written(storage: Storage, text: str) -> None:
    """Words are cut from the distinct pieces between spaces: the same words as the whole
    text written and cut, and the same verdict on texts that cannot be cut."""
    if not storage.is_mysql:
        pytest.skip("MariaDB's words index")
    letters = await search_words.letters(storage)
    texts = (text, "titre " + text[:5], None)
    written = letters.text("\n".join(t or "" for t in texts))
    whole = set(written.split(" ")) - {""}
    expected = None if search_words._UNKNOWN in written or any(len(w) > 191 for w in whole) else whole
    assert letters.words(*texts) == expected


async def test_the_written_characters_are_each_one_s_first_of_its_weight_group(storage: Storage) -> None:
    """The table read in one string is the one the weights of each character give: its
    group's first character in code point order, a space for a separator (weighing nothing,
    or as a space, tab or line break weighs), and `_UNKNOWN` outside the characters read."""
    if not storage.is_mysql:
        pytest.skip("MariaDB's words index")
    search_words._LETTERS.pop(storage.db, None)
    table = (await search_words.letters(storage)).table
    collation = await search_words._column_collation(storage)
    codes = [c for low, high in search_words._RANGES for c in range(low, high)]
    rows = await storage.db.fetch_all(sa.text(
        "SELECT j.i, HEX(WEIGHT_STRING(CONVERT(j.c USING utf8mb4) COLLATE " + collation + ")) "
        "FROM JSON_TABLE(:chars, '$[*]' COLUMNS (i FOR ORDINALITY, c VARCHAR(1) CHARACTER SET utf8mb4 PATH '$')) j"
    ).bindparams(chars=__import__("json").dumps([chr(c) for c in codes])))
    weights = {codes[int(r[0]) - 1]: str(r[1] or "") for r in rows}
    first: dict[str, int] = {}
    for code in codes:
        first.setdefault(weights[code], code)
    cut = {weights[ord(c)] for c in " \t\n\r"} | {""}
    expected = {code: " " if w in cut else chr(first[w]) for code, w in weights.items()}
    assert len(table) == 0x110000
    assert {code: table[code] for code in codes} == expected
    assert {table[c] for c in (0, 8, 11, 0xD800, 0xFFFE, 0xFFFF, 0x10000, 0x1F600)} == {search_words._UNKNOWN}
    assert table[ord("É")] == table[ord("e")] and table[0xA0] == " "


async def test_words_already_known_are_written_without_driver_warnings(
    storage: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    """A post's words already in the index (another post's, or its own written again) are
    kept as they are without a skipped-duplicate warning: the driver would fetch each warning
    with one more round trip and log it."""
    if not storage.is_mysql:
        pytest.skip("MariaDB's words index")
    import warnings

    caplog.set_level("WARNING")
    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        first = await insert_post(storage, _post("coopérative énergie", "scop"))
        await insert_post(storage, _post("énergie coopérative", "scop"))
        await update_post(storage, first, {"post_content": "scop scop"})
        # A post written by another program is unsure; creating what is missing marks every
        # post unsure again (that one already is), and the pass after start-up cuts them.
        await storage.db.execute(sa.insert(storage.tables.posts).values(**_post("scop énergie")))
        await search_words.ensure(storage, set())
        assert await search_words.cut_unsure_posts(storage) == 3
    noisy = [r.getMessage() for r in caplog.records] + [str(w.message) for w in raised]
    assert not [m for m in noisy if "Duplicate" in m], noisy
    assert first in (await search_words.candidates(storage, "energie", 100) or [])
