"""Totals shared by the workers of one server (storage/shared_memo.py), on every backend.

Two handles on one database stand for two worker processes: what one counted, the other
gives without counting, and only while the change log says it still holds.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from settings import WORKERS_FOLDER, Settings
from wpcompat.storage import Storage, changes, count_memo, open_storage, shared_memo
from wpcompat.storage.count_memo import POST_TOTALS, IdSet

ROOT = Path(__file__).resolve().parent.parent
_POST = {
    "post_status": "publish", "post_type": "post", "post_content": "", "post_excerpt": "",
    "to_ping": "", "pinged": "", "post_content_filtered": "", "post_name": "p",
}  # fmt: skip


@pytest.fixture
async def workers(settings: Settings, tmp_path: Path) -> AsyncIterator[tuple[Storage, Storage]]:
    """Two handles on the site, sharing one workers' folder, with the change log on."""
    first = await open_storage(settings.database_url, settings.table_prefix)
    second = await open_storage(settings.database_url, settings.table_prefix)
    for handle in (first, second):
        shared_memo.use_folder(handle.memo, str(tmp_path))
    await changes.install(first)
    try:
        yield first, second
    finally:
        await first.db.disconnect()
        await second.db.disconnect()


def _posts_total(storage: Storage, counts: list[str], who: str) -> object:
    posts = storage.tables.posts

    async def counted() -> int:
        counts.append(who)
        return int(await storage.db.fetch_val(
            sa.select(sa.func.count()).select_from(posts).where(posts.c.post_type == "post")))

    return counted


async def _total(storage: Storage, counts: list[str], who: str) -> int:
    await changes.watcher(storage).sync()
    key = ("test total", "posts")
    return await count_memo.remembered_total(storage, key, POST_TOTALS, _posts_total(storage, counts, who))  # type: ignore[arg-type]


async def test_a_total_one_worker_counted_is_the_other_s_until_a_post_changes(
    workers: tuple[Storage, Storage],
) -> None:
    first, second = workers
    await first.db.execute(sa.insert(first.tables.posts).values(post_title="A", **_POST))
    counts: list[str] = []
    assert await _total(first, counts, "first") == 1
    assert await _total(second, counts, "second") == 1
    assert counts == ["first"]  # the second worker read the first one's count
    # A post written by anyone: the shared total no longer holds, for either worker.
    await second.db.execute(sa.insert(first.tables.posts).values(post_title="B", **_POST))
    assert await _total(second, counts, "second") == 2
    assert await _total(first, counts, "first") == 2
    assert counts == ["first", "second"]  # counted again once, by the first to ask


async def test_without_a_folder_each_worker_counts(workers: tuple[Storage, Storage]) -> None:
    first, second = workers
    shared_memo.use_folder(second.memo, None)
    counts: list[str] = []
    assert (await _total(first, counts, "first"), await _total(second, counts, "second")) == (0, 0)
    assert counts == ["first", "second"]


async def test_search_members_are_shared_and_adjusted_post_by_post(workers: tuple[Storage, Storage]) -> None:
    """remembered_members: the IDs one worker found, the other reuses; after a post changes
    only that post is tested again, whichever worker asks."""
    first, second = workers
    posts = first.tables.posts
    for title in ("pomme", "poire", "pomme verte"):
        await first.db.execute(sa.insert(posts).values(post_title=title, **_POST))
    calls: list[str] = []

    async def members_of(storage: Storage, who: str) -> IdSet:
        await changes.watcher(storage).sync()

        async def members() -> list[int]:
            calls.append(f"{who}: all")
            rows = await storage.db.fetch_all(sa.select(posts.c.ID).where(posts.c.post_title.like("pomme%")))
            return [int(r[0]) for r in rows]

        async def matching(ids: list[int]) -> list[int]:
            calls.append(f"{who}: {len(ids)}")
            rows = await storage.db.fetch_all(
                sa.select(posts.c.ID).where(posts.c.ID.in_(ids), posts.c.post_title.like("pomme%")))
            return [int(r[0]) for r in rows]

        return await count_memo.remembered_members(storage, ("test", "pomme"), ("site",), members, matching)

    assert len(await members_of(first, "first")) == 2
    assert len(await members_of(second, "second")) == 2
    assert calls == ["first: all"]
    await first.db.execute(sa.insert(posts).values(post_title="pomme cuite", **_POST))
    assert len(await members_of(second, "second")) == 3
    assert calls == ["first: all", "second: 1"]


def test_keys_are_the_same_text_in_every_process_or_not_shared() -> None:
    program = (
        "import sqlalchemy as sa\n"
        "from wpcompat.storage import count_memo, shared_memo\n"
        "from wpcompat.storage.tables import make_tables\n"
        "t = make_tables('wp_').posts\n"
        "q = sa.select(sa.func.count()).select_from(t).where(t.c.post_type == 'post', t.c.post_title.like('%a%'),\n"
        "                                                    t.c.post_content.op('GLOB')('*a*'))\n"
        "print(shared_memo.stable_text(count_memo.statement_key(q)))\n"
    )
    texts = {subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout for _ in range(2)}
    assert len(texts) == 1
    text = texts.pop()
    assert "0x" not in text and "GLOB" in text  # a custom operator is named, not an address
    assert shared_memo.stable_text(("key", lambda: 1)) is None
    assert shared_memo.stable_text(("key", object())) is None
    assert shared_memo.stable_text(("key", 1)) != shared_memo.stable_text(("key", "1"))


def test_a_file_that_is_not_plain_data_is_not_read(tmp_path: Path) -> None:
    memo: dict[str, object] = {}
    shared_memo.use_folder(memo, str(tmp_path))
    shared_memo.write(memo, ("k",), "epoch", 3, (1, 2))
    assert shared_memo.read(memo, ("k",), "epoch") == (3, (1, 2))
    assert shared_memo.read(memo, ("k",), "another epoch") is None
    (written,) = [p for p in (tmp_path / "totals").iterdir() if not p.name.endswith(".part")]
    text = pickle.loads(written.read_bytes())[0]
    written.write_bytes(pickle.dumps((text, 3, Path("/"))))  # a class outside plain data
    assert shared_memo.read(memo, ("k",), "epoch") is None
    written.write_bytes(b"cut sh")
    assert shared_memo.read(memo, ("k",), "epoch") is None


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_gives_several_workers_a_folder_for_as_long_as_it_runs(
    workers: int, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import argparse

    import uvicorn

    from wpcompat.cli import serve

    monkeypatch.setenv(WORKERS_FOLDER, "")
    monkeypatch.delenv(WORKERS_FOLDER)  # absent, and absent again after the test
    seen: list[str | None] = []

    def run(*args: object, **kwargs: object) -> None:
        folder = os.environ.get(WORKERS_FOLDER)
        seen.append(folder if folder is None or Path(folder).is_dir() else "missing")

    monkeypatch.setattr(uvicorn, "run", run)
    settings = Settings(database_url="sqlite:///unused.db", demo_import=False)
    assert serve.run(settings, argparse.Namespace(host=None, port=None, workers=workers)) == 0
    (folder,) = seen
    if workers == 1:
        assert folder is None
    else:
        assert folder is not None and folder != "missing" and not Path(folder).exists()
    assert WORKERS_FOLDER not in os.environ  # serve leaves no trace of a folder it removed
