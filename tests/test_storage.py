import sqlalchemy as sa

from wpcompat.storage import open_storage
from wpcompat.storage.options import get_option, get_option_value, set_option
from wpcompat.storage.schema import ensure_schema, existing_names


async def test_schema_has_every_wordpress_table(storage):
    tables, indexes = await existing_names(storage)
    for name in ("posts", "postmeta", "comments", "commentmeta", "terms", "termmeta",
                 "term_taxonomy", "term_relationships", "users", "usermeta", "options"):
        assert f"wp_{name}" in tables
    assert "wp_wpc_oauth_identities" in tables
    assert "wp_posts_type_status_date" in indexes


async def test_schema_upgrade_is_idempotent_and_keeps_data(storage):
    await set_option(storage, "blogname", "Secteur ESS")
    assert await ensure_schema(storage) == []
    assert await get_option(storage, "blogname") == "Secteur ESS"


async def test_missing_index_is_added_back(storage):
    on = " ON wp_posts" if storage.is_mysql else ""  # MySQL names the table of an index
    await storage.db.execute(f"DROP INDEX wp_posts_post_name{on}")
    assert await ensure_schema(storage) == ["wp_posts_post_name"]


async def test_an_index_added_to_an_analyzed_sqlite_site_gets_statistics(storage):
    """Without them SQLite's planner takes a new index for a very selective one (a search's
    few candidates were dropped for a walk of every post)."""
    if not storage.is_sqlite:
        return
    for title in ("un", "deux"):
        await storage.db.execute(sa.insert(storage.tables.posts).values(post_title=title))
    await storage.db.execute("ANALYZE")
    await storage.db.execute("DROP INDEX wp_posts_type_status_date_id_desc")
    await storage.db.execute("DELETE FROM sqlite_stat1 WHERE idx = 'wp_posts_type_status_date_id_desc'")
    assert await ensure_schema(storage) == ["wp_posts_type_status_date_id_desc"]
    stats = await storage.db.fetch_all("SELECT idx FROM sqlite_stat1 WHERE tbl = 'wp_posts'")
    assert "wp_posts_type_status_date_id_desc" in {r[0] for r in stats}


async def test_default_discussion_options(storage):
    assert await get_option(storage, "comment_previously_approved") == "1"
    assert await get_option(storage, "comment_max_links") == "2"
    assert await get_option(storage, "thread_comments_depth") == "5"
    assert await get_option_value(storage, "sticky_posts") == []
    roles = await get_option_value(storage, "wp_user_roles")
    assert roles["editor"]["capabilities"]["moderate_comments"] is True


async def test_array_options_are_stored_serialized(storage):
    await set_option(storage, "sticky_posts", [3, 8])
    assert await get_option(storage, "sticky_posts") == "a:2:{i:0;i:3;i:1;i:8;}"
    assert await get_option_value(storage, "sticky_posts") == [3, 8]


async def test_table_prefix(tmp_path):
    store = await open_storage(f"sqlite:///{tmp_path / 'p.db'}", "blog2_")
    try:
        tables, _ = await existing_names(store)
        assert "blog2_posts" in tables and "wp_posts" not in tables
    finally:
        await store.db.disconnect()


async def test_dates_round_trip_as_wordpress_strings(storage):
    posts = storage.tables.posts
    await storage.db.execute(sa.insert(posts).values(ID=42, post_title="x", post_date="2020-10-02 20:00:00"))
    row = await storage.db.fetch_one(sa.select(posts).where(posts.c.ID == 42))
    assert row["post_date"] == "2020-10-02 20:00:00"
    assert row["post_date_gmt"] == "0000-00-00 00:00:00"


async def test_ids_are_never_handed_out_twice(storage):
    # WordPress's tables (AUTO_INCREMENT) never reuse an id, not even the highest after a delete.
    posts = storage.tables.posts
    first = await storage.db.execute(sa.insert(posts).values(post_title="a"))
    second = await storage.db.execute(sa.insert(posts).values(post_title="b"))
    await storage.db.execute(sa.delete(posts).where(posts.c.ID.in_([second])))
    third = await storage.db.execute(sa.insert(posts).values(post_title="c"))
    assert first < second < third
