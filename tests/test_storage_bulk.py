"""Bulk inserts (storage/bulk.py) store exactly the rows given, whichever way the driver is
handed them: on MariaDB the binary bulk command for rows with their ids, multi-row statements
for rows the auto-increment numbers, and for chunks the bulk command refuses (a column all
NULL). Run with `--backend mysql` / `--backend postgresql` too."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from wpcompat.storage import Storage, bulk

TRICKY = ["it's", 'say "hi"', "back\\slash", "line\nbreak\r\n", "ctrl-z \x1a", "émoji 😀", "%s %(x)s", ""]
# PostgreSQL's text holds no NUL.
NUL = "nul\x00byte"


def _comment(comment_id: int, content: str, author_url: str | None = "") -> dict[str, object]:
    return {
        "comment_ID": comment_id, "comment_post_ID": 7, "comment_author": "a", "comment_author_email": "",
        "comment_author_url": author_url, "comment_author_IP": "", "comment_date": "2024-01-02 03:04:05",
        "comment_date_gmt": "0000-00-00 00:00:00", "comment_content": content, "comment_karma": 0,
        "comment_approved": "1", "comment_agent": "", "comment_type": "comment", "comment_parent": 0, "user_id": 0,
    }


def _texts(storage: Storage) -> list[str]:
    return TRICKY if storage.dialect == "postgresql" else [*TRICKY, NUL]


async def _stored(storage: Storage, rows: list[dict[str, object]]) -> None:
    c = storage.tables.comments
    await storage.db.execute(sa.delete(c))
    async with storage.db.transaction():
        await bulk.insert_rows(storage, c, rows, raw=storage.db.connection().raw_connection)
    found = await storage.db.fetch_all(
        sa.select(c.c.comment_ID, c.c.comment_content, c.c.comment_date, c.c.comment_date_gmt).order_by(c.c.comment_ID))
    assert [(int(r[0]), r[1], bulk.wp_date(r[2]), bulk.wp_date(r[3])) for r in found] == [
        (row["comment_ID"], row["comment_content"], row["comment_date"], row["comment_date_gmt"]) for row in rows]


async def test_rows_with_their_ids_are_stored_exactly(storage: Storage) -> None:
    await _stored(storage, [_comment(i + 1, text) for i, text in enumerate(_texts(storage) * 3)])


async def test_a_chunk_the_bulk_command_refuses_is_stored_too(storage: Storage, monkeypatch: pytest.MonkeyPatch) -> None:
    # comment_author_url NULL in every row: no type for the bulk command's column. (NULL is
    # refused by the column on SQLite and PostgreSQL: MariaDB's path only.)
    if not storage.is_mysql:
        pytest.skip("MariaDB's bulk command")
    monkeypatch.setattr(bulk, "_BULK_CHARS", 10)  # several chunks
    rows = [_comment(i + 1, text) for i, text in enumerate(_texts(storage))]
    c = storage.tables.comments
    await storage.db.execute(f"ALTER TABLE `{c.name}` MODIFY comment_author_url VARCHAR(200) NULL")
    try:
        await _stored(storage, [{**row, "comment_author_url": None} for row in rows])
    finally:
        await storage.db.execute(sa.delete(c))
        await storage.db.execute(
            f"ALTER TABLE `{c.name}` MODIFY comment_author_url VARCHAR(200) NOT NULL DEFAULT ''")


async def test_auto_increment_ids_stay_consecutive(storage: Storage) -> None:
    pm = storage.tables.postmeta
    await storage.db.execute(sa.delete(pm))
    rows = [{"post_id": 1, "meta_key": f"k{i}", "meta_value": _texts(storage)[i % len(_texts(storage))]} for i in range(3000)]
    async with storage.db.transaction():
        await bulk.insert_rows(storage, pm, rows, raw=storage.db.connection().raw_connection)
    found = await storage.db.fetch_all(sa.select(pm.c.meta_id, pm.c.meta_key, pm.c.meta_value).order_by(pm.c.meta_id))
    first = int(found[0][0])
    assert [(int(r[0]) - first, r[1], r[2]) for r in found] == [
        (i, row["meta_key"], row["meta_value"]) for i, row in enumerate(rows)]
