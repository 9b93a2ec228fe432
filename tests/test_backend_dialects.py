"""Dialect corners on whichever backend runs the suite (`pytest --backend …`): what WordPress's
MySQL does, every backend must do too."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from settings import SettingsError, load_settings
from wpcompat.cli import main
from wpcompat.storage import Storage, check_database_url, open_storage
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
    # counter (the response cache reads the change log of storage/changes.py on every backend).
    version = await storage.data_version()
    assert (version is not None) == storage.is_sqlite


async def test_limit_offset_and_id_ties(storage: Storage) -> None:
    p = storage.tables.posts
    ids = [await _post(storage, post_title="same", post_date="2024-01-01 00:00:00") for _ in range(5)]
    query = sa.select(p.c["ID"]).order_by(p.c.post_date.desc(), p.c["ID"].desc()).limit(2).offset(1)
    assert [r[0] for r in await storage.db.fetch_all(query)] == sorted(ids, reverse=True)[1:3]


@pytest.mark.parametrize("url", ["sqlite:///x.db", "postgresql://u@h/db", "postgres://u@h/db", "mysql://u@h/db",
                                 "mysql+aiomysql://u@h/db"])
def test_the_backends_schemes_are_database_urls(url: str) -> None:
    assert check_database_url(url) == url


@pytest.mark.parametrize("url", ["oracle://x", "", "nothing"])
async def test_another_scheme_is_refused_at_open_in_one_line(url: str) -> None:
    # settings.py does not know the backends (storage/dialect.py `SCHEMES` does): it keeps the
    # URL, and opening it names DATABASE_URL and the schemes there are.
    assert load_settings(env_file=None, environ={"DATABASE_URL": url}).database_url == url
    with pytest.raises(SettingsError, match=r"^DATABASE_URL must look like sqlite:///.*postgresql://.*mysql://"):
        await open_storage(url)


def test_the_cli_says_a_bad_database_url_before_any_command(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "oracle://x")
    assert main(["option", "get", "blogname"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("wpcompat: configuration error: DATABASE_URL must look like") and "\n" not in err
