"""The change log (storage/changes.py): what each write to the tables logs, on every backend.

Run with `--backend postgresql` and `--backend mysql` too: the triggers are each backend's own
SQL. Rows are written with plain SQL, as WordPress (or any other program) writes them.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from settings import Settings
from wpcompat.storage import Storage, changes, open_storage
from wpcompat.storage.changes import ANY_COMMENTS, GLOBAL, POSTS, SITE, TERMS, TRANSIENT, comments_of, post_of
from wpcompat.storage.dialect import existing_triggers, row_trigger_ddl
from wpcompat.wxr import importer

ROOT = Path(__file__).resolve().parent.parent

_POST = {
    "post_status": "publish", "post_type": "post", "post_content": "", "post_excerpt": "",
    "to_ping": "", "pinged": "", "post_content_filtered": "",
}  # fmt: skip


async def _id(storage: Storage, table: sa.Table, column: str) -> int:
    return int(await storage.db.fetch_val(sa.select(sa.func.max(table.c[column]))))

async def _watched_post(storage: Storage) -> tuple[changes.ChangeWatcher, int, int]:
    """A watcher, a new post, and the watcher's mark taken after the post was written."""
    watcher = changes.watcher(storage)
    await storage.db.execute(sa.insert(storage.tables.posts).values(post_title="A", post_name="a", **_POST))
    post = await _id(storage, storage.tables.posts, "ID")
    mark = await watcher.sync()
    assert mark is not None
    return watcher, post, mark



async def _logged(storage: Storage, watcher: changes.ChangeWatcher, before: int) -> list[str]:
    """The tags logged since tick `before`, in order (and the watcher caught up)."""
    seq = await watcher.sync()
    assert seq is not None
    return [tag for _, tag in await changes.logged_between(storage, before, seq)]


async def test_each_write_logs_what_it_can_change(storage: Storage) -> None:
    t = storage.tables
    watcher = changes.watcher(storage)
    start = await watcher.sync()
    assert start is not None
    await storage.db.execute(sa.insert(t.posts).values(post_title="A", post_name="a", **_POST))
    post = await _id(storage, t.posts, "ID")
    assert await _logged(storage, watcher, start) == [post_of(post)]

    mark = watcher.seq
    await storage.db.execute(sa.insert(t.comments).values(
        comment_post_ID=post, comment_content="x", comment_author="a", comment_type="comment"))  # fmt: skip
    comment = await _id(storage, t.comments, "comment_ID")
    await storage.db.execute(sa.insert(t.commentmeta).values(comment_id=comment, meta_key="k", meta_value="v"))
    # wp_update_comment_count: only comment_count changes, which only the post's comments show.
    await storage.db.execute(sa.update(t.posts).where(t.posts.c["ID"] == post).values(comment_count=1))
    assert await _logged(storage, watcher, mark) == [comments_of(post)] * 3

    mark = watcher.seq
    await storage.db.execute(sa.update(t.posts).where(t.posts.c["ID"] == post).values(post_title="B", comment_count=2))
    await storage.db.execute(sa.update(t.options).where(t.options.c.option_name == "blogname").values(option_value="X"))
    await storage.db.execute(sa.insert(t.options).values(option_name="_transient_doing_cron", option_value="1"))
    await storage.db.execute(sa.delete(t.commentmeta))  # meta of a comment...
    await storage.db.execute(sa.delete(t.comments))
    assert await _logged(storage, watcher, mark) == [post_of(post), GLOBAL, TRANSIENT, comments_of(post), comments_of(post)]

    # The watcher's view: the last tick of each tag, and of "any comment".
    assert watcher.last_change([comments_of(post)]) == watcher.seq
    assert watcher.last_change([ANY_COMMENTS]) == watcher.seq
    assert watcher.last_change([comments_of(post + 1)]) < watcher.last_change([GLOBAL]) < watcher.seq


async def test_posts_are_logged_one_by_one_and_terms_apart(storage: Storage) -> None:
    """A post's row or meta names the post (totals test only the posts changed again:
    count_memo.remembered_members); the terms are a tag of their own, which GLOBAL includes
    and SITE (what a list not filtered by a term depends on) does not."""
    t = storage.tables
    watcher, post, mark = await _watched_post(storage)
    await storage.db.execute(sa.insert(t.postmeta).values(post_id=post, meta_key="k", meta_value="v"))
    await storage.db.execute(sa.update(t.posts).where(t.posts.c["ID"] == post).values(post_status="draft"))
    await storage.db.execute(sa.insert(t.terms).values(name="T", slug="t"))
    assert await _logged(storage, watcher, mark) == [post_of(post), post_of(post), TERMS]
    assert watcher.posts_changed_since(mark, 10) == {post}
    assert watcher.posts_changed_since(watcher.seq, 10) == set()
    assert watcher.last_change([SITE]) < watcher.last_change([GLOBAL]) == watcher.last_change([TERMS]) == watcher.seq
    # A post whose ID changes: "some post", and no list of the posts changed one by one.
    mark = watcher.seq
    await storage.db.execute(sa.update(t.posts).where(t.posts.c["ID"] == post).values(ID=post + 100))
    assert await _logged(storage, watcher, mark) == [POSTS]
    assert watcher.posts_changed_since(mark - 1, 10) is None
    assert watcher.posts_changed_since(watcher.seq, 10) == set()


async def test_an_older_installation_s_triggers_are_replaced(storage: Storage) -> None:
    """Triggers of an older installation logged `posts` for any post and `global` for the
    terms: `install` (run at start) replaces them by those logging post by post."""
    dropped = await changes.uninstall(storage)
    legacy = [name for name in await existing_triggers(storage) if "wpc_chg" in name]
    assert not legacy and dropped
    await _replaced(storage, storage.tables.posts, "INSERT", "wp_wpc_chg_posts_ins", "wp_wpc_chg2_posts_ins")


async def _replaced(storage: Storage, table: sa.Table, event: str, older: str, newer: str) -> None:
    """An older installation's trigger `older` is replaced by `newer` at install."""
    for statement in row_trigger_ddl(storage, older, table.name, event, ["SELECT 1" if not storage.is_mysql else "SET @x = 1"]):
        await storage.db.execute(statement)
    await changes.install(storage)
    present = await existing_triggers(storage)
    assert older not in present and newer in present


async def test_comment_triggers_of_the_second_version_are_replaced(storage: Storage) -> None:
    """Version 2's comment triggers read other comments with locks on MariaDB (storage/changes.py,
    `_unlocked_rows`): `install` replaces them on every backend."""
    await changes.uninstall(storage)
    await _replaced(storage, storage.tables.comments, "UPDATE", "wp_wpc_chg2_comments_upd", "wp_wpc_chg3_comments_upd")
    assert await changes.installed(storage)


async def test_a_comment_no_anonymous_answer_shows_is_logged_apart(storage: Storage) -> None:
    """A comment held (spam, trash) before and after, neither a reply nor a parent, and its
    meta, log `unapproved:<post>`: a change of the post's comments, not of what anonymous
    readers see of them (`approved_comments_of`)."""
    t = storage.tables
    watcher, post, mark = await _watched_post(storage)

    def comment(**values: object) -> sa.Insert:
        return sa.insert(t.comments).values(
            comment_post_ID=post, comment_content="x", comment_author="a", comment_type="comment", **values)

    await storage.db.execute(comment(comment_approved="0"))
    held = await _id(storage, t.comments, "comment_ID")
    await storage.db.execute(sa.insert(t.commentmeta).values(comment_id=held, meta_key="k", meta_value="v"))
    await storage.db.execute(sa.update(t.comments).where(t.comments.c.comment_ID == held).values(comment_approved="spam"))
    unseen = f"{changes.UNAPPROVED}:{post}"
    assert await _logged(storage, watcher, mark) == [unseen] * 3
    assert watcher.last_change([comments_of(post)]) == watcher.last_change([ANY_COMMENTS]) == watcher.seq
    assert watcher.last_change([changes.approved_comments_of(post)]) <= mark
    assert watcher.last_change([changes.ANY_APPROVED_COMMENTS]) <= mark

    mark = watcher.seq
    await storage.db.execute(comment(comment_approved="0", comment_parent=held))  # a held reply
    reply = await _id(storage, t.comments, "comment_ID")
    await storage.db.execute(sa.update(t.comments).where(t.comments.c.comment_ID == held).values(comment_content="y"))
    await storage.db.execute(sa.delete(t.comments).where(t.comments.c.comment_ID == reply))
    await storage.db.execute(sa.update(t.comments).where(t.comments.c.comment_ID == held).values(comment_approved="1"))
    # The reply (its parent's `children` link), the parent of a reply, the approval.
    assert await _logged(storage, watcher, mark) == [comments_of(post), comments_of(post), comments_of(post), comments_of(post)]
    assert watcher.last_change([changes.approved_comments_of(post)]) == watcher.seq
    assert watcher.last_change([changes.ANY_APPROVED_COMMENTS]) == watcher.seq


async def test_a_comment_moved_or_meta_of_an_unknown_comment_is_any_comment(storage: Storage) -> None:
    t = storage.tables
    watcher = changes.watcher(storage)
    for name in ("a", "b"):
        await storage.db.execute(sa.insert(t.posts).values(post_title=name, post_name=name, **_POST))
    b = await _id(storage, t.posts, "ID")
    await storage.db.execute(sa.insert(t.comments).values(
        comment_post_ID=b - 1, comment_content="x", comment_author="a", comment_type="comment"))  # fmt: skip
    mark = await watcher.sync()
    assert mark is not None
    await storage.db.execute(sa.update(t.comments).values(comment_post_ID=b))
    await storage.db.execute(sa.insert(t.commentmeta).values(comment_id=999_999, meta_key="k", meta_value="v"))
    assert await _logged(storage, watcher, mark) == [changes.COMMENTS, changes.COMMENTS]
    # "Some comment" is newer than anything cached for any post's comments.
    assert watcher.last_change([comments_of(12345)]) == watcher.seq


async def test_pruned_rows_make_a_late_watcher_forget_everything(storage: Storage) -> None:
    t = storage.tables
    late = changes.ChangeWatcher(storage)
    start = await late.sync()
    assert start is not None
    for value in ("1", "2", "3"):
        await storage.db.execute(sa.update(t.options).where(t.options.c.option_name == "blogname")
                                 .values(option_value=value))  # fmt: skip
    seq, _ = await changes.read_clock(storage)
    await changes.prune(storage, seq - 1)
    assert await late.sync() == seq
    # It cannot tell what changed: everything counts as changed at the current tick.
    assert late.last_change([comments_of(1)]) == late.floor == seq


async def test_one_read_of_the_clock_serves_a_burst_of_requests(storage: Storage) -> None:
    watcher = changes.ChangeWatcher(storage)
    await watcher.sync()
    before = watcher.reads
    ticks = await asyncio.gather(*(watcher.sync() for _ in range(50)))
    assert len(set(ticks)) == 1
    # They all arrived before the first caller's read was sent: that one read serves them all.
    assert watcher.reads - before == 1


async def test_a_caller_arriving_after_the_read_was_sent_waits_for_the_next_one(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read of the clock already sent may predate a write committed before a later caller
    arrived: that caller is answered from a read sent after it arrived, which sees the write."""
    watcher = changes.ChangeWatcher(storage)
    start = await watcher.sync()
    assert start is not None
    read_clock_since = changes.read_clock_since
    read_done, resume = asyncio.Event(), asyncio.Event()

    async def paused_after_first_read(storage: Storage, after: int) -> object:
        found = await read_clock_since(storage, after)
        if not read_done.is_set():
            read_done.set()
            await resume.wait()
        return found

    monkeypatch.setattr(changes, "read_clock_since", paused_after_first_read)
    early = asyncio.ensure_future(watcher.sync())
    await read_done.wait()  # the first read has read the clock, and is held
    t = storage.tables
    await storage.db.execute(sa.update(t.options).where(t.options.c.option_name == "blogname").values(option_value="après"))
    late = asyncio.ensure_future(watcher.sync())
    await asyncio.sleep(0)
    resume.set()
    assert await early == start  # read before the write
    seen = await late
    assert seen is not None and seen > start
    assert watcher.last_change([GLOBAL]) > start


async def test_wordpress_s_database_in_place_gets_the_log_only_on_request(storage: Storage, settings: Settings) -> None:
    running = changes.ChangeWatcher(storage)
    assert await running.sync() is not None
    # As WordPress leaves its database: no triggers of ours, no change log. Starting on it
    # (the schema's check at start) adds none.
    await changes.uninstall(storage)
    assert await running.sync() is None  # an instance running meanwhile stops caching
    again = await open_storage(settings.database_url, settings.table_prefix)
    await again.db.disconnect()
    watcher = changes.ChangeWatcher(storage)
    assert await watcher.sync() is None  # then nothing is cached
    assert not await changes.installed(storage)
    created = await changes.install(storage)  # `wpcompat cache install`
    # A trigger per event on each of WordPress's 11 tables and 2 of ours, and the sign-in
    # failures' inserts and updates.
    assert len(created) == 3 * 13 + 2
    assert await changes.installed(storage)
    assert await changes.ChangeWatcher(storage).sync() == 0


async def test_a_bulk_import_runs_without_the_triggers_and_logs_one_global_change(
    storage: Storage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A big file into an empty site is loaded without the row triggers (two log rows per
    imported row otherwise); they are back afterwards and one global change tells every
    instance to forget what it cached. MariaDB keeps them (its DDL would commit the import),
    silenced for the import's connection only."""
    export = tmp_path / "site.wxr"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_wxr.py"), "--posts", "30", "--comments", "3",
                    "-o", str(export)], check=True, capture_output=True)  # fmt: skip
    watcher = changes.watcher(storage)
    start = await watcher.sync()
    assert start is not None
    monkeypatch.setattr(importer, "BULK_BYTES", 0)
    report = await importer.import_files(storage, [str(export)], progress=False)
    assert sum(report.posts_created.values()) == 30
    assert await changes.installed(storage)
    # What the import settles after the load (parents, counts) included: one change.
    assert await _logged(storage, watcher, start) == [GLOBAL]
    assert watcher.last_change([POSTS, GLOBAL]) == watcher.seq
    # The triggers are back: the next write is logged again.
    mark = watcher.seq
    await storage.db.execute(sa.insert(storage.tables.posts).values(post_title="après", post_name="apres", **_POST))
    assert await _logged(storage, watcher, mark) == [post_of(await _id(storage, storage.tables.posts, "ID"))]


async def test_a_failed_bulk_import_leaves_the_change_log_on(
    storage: Storage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A bulk load that fails halfway rolls back, and the writes after it are logged again
    (on MariaDB the session variable silencing the triggers is unset on that connection)."""
    export = tmp_path / "site.wxr"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_wxr.py"), "--posts", "30", "--comments", "3",
                    "-o", str(export)], check=True, capture_output=True)  # fmt: skip
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace("</item>", "</itemx>", 20), encoding="utf-8")
    watcher = changes.watcher(storage)
    start = await watcher.sync()
    assert start is not None
    monkeypatch.setattr(importer, "BULK_BYTES", 0)
    with pytest.raises(importer.WXRError):
        await importer.import_files(storage, [str(export)], progress=False)
    assert await storage.db.fetch_val(sa.select(sa.func.count()).select_from(storage.tables.posts)) == 0
    assert await changes.installed(storage)
    async with storage.db.transaction():  # the connection the import ran on, from the pool
        await storage.db.execute(
            sa.insert(storage.tables.posts).values(post_title="après", post_name="apres", **_POST)
        )
    assert await _logged(storage, watcher, start) == [post_of(await _id(storage, storage.tables.posts, "ID"))]


async def test_totals_of_approved_comments_outlive_held_ones(storage: Storage) -> None:
    """count_memo.comment_totals(..., approved_only=True): a total of what anonymous readers
    see of a post's comments is counted again after an approved comment, not a held one."""
    from wpcompat.storage import count_memo

    t = storage.tables
    await storage.db.execute(sa.insert(t.posts).values(post_title="A", post_name="a", **_POST))
    post = await _id(storage, t.posts, "ID")
    approved_only = count_memo.comment_totals([post], approved_only=True)
    counts = {"approved": 0, "any": 0}

    async def total(which: str, dependencies: tuple[str, ...]) -> int:
        async def counted() -> int:
            counts[which] += 1
            c = t.comments.c
            where = [c.comment_post_ID == post] + ([c.comment_approved == "1"] if which == "approved" else [])
            return int(await storage.db.fetch_val(sa.select(sa.func.count()).select_from(t.comments).where(*where)))
        await changes.watcher(storage).sync()
        return await count_memo.remembered_total(storage, ("test", which), dependencies, counted)

    def comment(approved: str) -> sa.Insert:
        return sa.insert(t.comments).values(comment_post_ID=post, comment_content="x", comment_author="a",
                                            comment_type="comment", comment_approved=approved)

    assert (await total("approved", approved_only), await total("any", count_memo.COMMENT_TOTALS)) == (0, 0)
    await storage.db.execute(comment("0"))
    assert (await total("approved", approved_only), await total("any", count_memo.COMMENT_TOTALS)) == (0, 1)
    assert counts == {"approved": 1, "any": 2}  # the held comment: only the total of any status counted again
    await storage.db.execute(comment("1"))
    assert (await total("approved", approved_only), await total("any", count_memo.COMMENT_TOTALS)) == (1, 2)
    assert counts == {"approved": 2, "any": 3}
    assert count_memo.comment_totals() == count_memo.COMMENT_TOTALS
