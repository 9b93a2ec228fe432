"""Dialect corners on whichever backend runs the suite (`pytest --backend …`): what WordPress's
MySQL does, every backend must do too."""

from __future__ import annotations

import sqlalchemy as sa

from wpcompat.storage import Storage
from wpcompat.storage.tables import ZERO_DATE


async def _post(storage: Storage, **values: object) -> int:
    row = {"post_content": "", "post_excerpt": "", "to_ping": "", "pinged": "", "post_content_filtered": "",
           "post_type": "post", "post_status": "publish", **values}  # fmt: skip
    return await storage.db.execute(sa.insert(storage.tables.posts).values(**row))


async def test_four_byte_characters_and_zero_dates_round_trip(storage: Storage) -> None:
    p = storage.tables.posts
    post = await _post(storage, post_title="Fête 🎉 du 🙂", post_date="2024-02-29 23:59:59")
    row = await storage.db.fetch_one(sa.select(p.c.post_title, p.c.post_date, p.c.post_date_gmt).where(p.c["ID"] == post))
    assert row is not None
    assert (row[0], row[1], row[2]) == ("Fête 🎉 du 🙂", "2024-02-29 23:59:59", ZERO_DATE)
    # The zero date is a value like any other: WordPress selects drafts by it.
    found = await storage.db.fetch_all(sa.select(p.c["ID"]).where(p.c.post_date_gmt == ZERO_DATE))
    assert [r[0] for r in found] == [post]


async def test_sql_mode_is_wordpress_s_on_mysql(storage: Storage) -> None:
    if not storage.is_mysql:
        return
    mode = str(await storage.db.fetch_val("SELECT @@SESSION.sql_mode"))
    assert not {"NO_ZERO_DATE", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "ONLY_FULL_GROUP_BY"} & set(mode.split(","))


async def test_response_cache_version_only_where_every_commit_is_seen(storage: Storage) -> None:
    # SQLite's PRAGMA data_version sees other processes' commits; the servers have no such
    # counter that also sees WordPress's own writes, so nothing is cached there.
    version = await storage.data_version()
    assert (version is not None) == storage.is_sqlite


async def test_limit_offset_and_id_ties(storage: Storage) -> None:
    p = storage.tables.posts
    ids = [await _post(storage, post_title="same", post_date="2024-01-01 00:00:00") for _ in range(5)]
    query = sa.select(p.c["ID"]).order_by(p.c.post_date.desc(), p.c["ID"].desc()).limit(2).offset(1)
    assert [r[0] for r in await storage.db.fetch_all(query)] == sorted(ids, reverse=True)[1:3]
