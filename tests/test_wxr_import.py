"""Importing every WXR fixture: counts as SOURCES.md measured them, threads, idempotence."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from tests.conftest import shared_path
from tests.test_wxr_support import (
    FIXTURES,
    REPAIRED,
    WELL_FORMED,
    comments_by_status,
    counter,
    dump,
    posts_by_type,
    thread_depth,
)
from wpcompat.util.phpserial import loads
from wpcompat.wxr.importer import import_files
from wpcompat.wxr.reader import Author, Item, Term, read_wxr

CASES = {**WELL_FORMED, **REPAIRED}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_fixture_imports_with_the_measured_counts(storage, name):
    path = shared_path(*FIXTURES, name)
    items, comments, (cats, tags, terms, authors), depth = CASES[name]
    report = await import_files(storage, [path], progress=False)

    assert counter(await posts_by_type(storage)) == counter(items)
    assert counter(await comments_by_status(storage)) == counter(comments)
    assert await thread_depth(storage) == depth
    assert report.posts_total == sum(items.values())
    assert report.comments_total == sum(comments.values())

    records = list(read_wxr(path))
    by_element = Counter(r.element for r in records if isinstance(r, Term))
    assert (by_element["category"], by_element["tag"], by_element["term"]) == (cats, tags, terms)
    logins = [r.login for r in records if isinstance(r, Author)]
    assert len(logins) == authors
    t = storage.tables
    users = {r[0] for r in await storage.db.fetch_all(sa.select(t.users.c.user_login))}
    assert set(logins) <= users
    stored = {
        (r[0], r[1]) for r in await storage.db.fetch_all(
            sa.select(t.term_taxonomy.c.taxonomy, t.terms.c.slug).select_from(
                t.terms.join(t.term_taxonomy, t.terms.c.term_id == t.term_taxonomy.c.term_id)))
    }
    declared = {(r.taxonomy, r.slug) for r in records if isinstance(r, Term) and r.taxonomy and r.slug}
    assert declared <= stored


@pytest.mark.parametrize("name", sorted(CASES))
async def test_reimporting_a_fixture_changes_nothing(storage, name):
    path = shared_path(*FIXTURES, name)
    await import_files(storage, [path], progress=False)
    before = await dump(storage)
    report = await import_files(storage, [path], progress=False)
    assert await dump(storage) == before
    assert report.posts_total == report.comments_total == report.users_created == 0
    assert report.postmeta_created == report.commentmeta_created == 0
    assert sum(report.terms_created.values()) == 0


async def test_original_ids_dates_statuses_and_meta_are_kept(storage):
    path = shared_path(*FIXTURES, "wordpress-importer/phpunit-data/small-export.xml")
    await import_files(storage, [path], progress=False)
    t = storage.tables
    draft = await storage.db.fetch_one(sa.select(t.posts).where(t.posts.c.post_status == "draft"))
    assert draft["post_date_gmt"] == "0000-00-00 00:00:00"
    private = await storage.db.fetch_one(sa.select(t.posts).where(t.posts.c.post_status == "private"))
    assert private["ID"] == 13  # the id from the file
    comment = await storage.db.fetch_one(sa.select(t.comments))
    assert comment["comment_ID"] == 1 and comment["comment_post_ID"] == 1
    post = await storage.db.fetch_one(sa.select(t.posts).where(t.posts.c["ID"] == 1))
    assert post["comment_count"] == 1


async def test_serialized_meta_is_stored_exactly(storage):
    path = shared_path(*FIXTURES, "wordpress-importer/phpunit-data/test-serialized-postmeta-with-cdata.xml")
    await import_files(storage, [path], progress=False)
    pm = storage.tables.postmeta
    rows = {r[0]: r[1] for r in await storage.db.fetch_all(sa.select(pm.c.meta_key, pm.c.meta_value))}
    assert rows["post-options"] == (
        'a:2:{s:18:"special_post_title";s:15:"A special title";s:11:"is_calendar";s:0:"";}'
    )
    assert rows["evil"] == "<wp:meta_value>evil</wp:meta_value>"
    assert rows["array-nested"] == 'a:1:{s:3:"key";a:2:{s:3:"foo";s:13:"¯\\_(ツ)_/¯";s:3:"bar";s:3:"\\o/";}}'
    assert loads(rows["array-nested"]) == {"key": {"foo": "¯\\_(ツ)_/¯", "bar": "\\o/"}}
    assert rows["integer"] == "1"


async def test_term_hierarchy_meta_and_counts(storage):
    path = shared_path(*FIXTURES, "theme-test-data/themeunittestdata.wordpress.xml")
    await import_files(storage, [path], progress=False)
    t = storage.tables
    rows = await storage.db.fetch_all(
        sa.select(t.terms.c.term_id, t.terms.c.slug, t.term_taxonomy.c.parent, t.term_taxonomy.c.count,
                  t.term_taxonomy.c.taxonomy)
        .select_from(t.terms.join(t.term_taxonomy, t.terms.c.term_id == t.term_taxonomy.c.term_id))
    )
    by_slug = {(r["taxonomy"], r["slug"]): r for r in rows}
    child = by_slug[("category", "child-category-01")]
    parent = by_slug[("category", "parent-category")]
    assert child["parent"] == parent["term_id"]
    # Counts are published posts of type post, recomputed as WordPress does.
    for (taxonomy, _slug), row in by_slug.items():
        if taxonomy != "category":
            continue
        expected = await storage.db.fetch_val(
            sa.select(sa.func.count()).select_from(t.term_relationships.join(
                t.posts, t.posts.c["ID"] == t.term_relationships.c.object_id))
            .join(t.term_taxonomy, t.term_taxonomy.c.term_taxonomy_id == t.term_relationships.c.term_taxonomy_id)
            .where(t.term_taxonomy.c.term_id == row["term_id"], t.term_taxonomy.c.taxonomy == "category",
                   t.posts.c.post_status == "publish", t.posts.c.post_type == "post")
        )
        assert row["count"] == expected
    assert by_slug[("category", "uncategorized")]["count"] > 0


async def test_term_meta_is_imported(storage):
    await import_files(storage, [shared_path(*FIXTURES, "wordpress-importer/phpunit-data/term-meta.xml")],
                       progress=False)
    tm = storage.tables.termmeta
    row = await storage.db.fetch_one(sa.select(tm))
    assert (row["term_id"], row["meta_key"], row["meta_value"]) == (100, "legacy_id", "42")


async def test_sticky_posts_option_and_comment_counts(storage):
    path = shared_path(*FIXTURES, "theme-test-data/themeunittestdata.wordpress.xml")
    await import_files(storage, [path], progress=False)
    from wpcompat.storage.options import get_option, get_option_value

    raw = await get_option(storage, "sticky_posts")
    assert raw.startswith("a:1:{i:0;i:")
    sticky = await get_option_value(storage, "sticky_posts")
    t = storage.tables
    title = await storage.db.fetch_val(sa.select(t.posts.c.post_title).where(t.posts.c["ID"] == sticky[0]))
    assert "Sticky" in title
    # Core, not SQL text: PostgreSQL needs the mixed-case columns ("ID") quoted.
    p, c = t.posts, t.comments
    approved = (
        sa.select(sa.func.count()).where(c.c.comment_post_ID == p.c["ID"], c.c.comment_approved == "1")
        .scalar_subquery()
    )
    mismatched = await storage.db.fetch_all(sa.select(p.c["ID"]).where(p.c.comment_count != approved))
    assert mismatched == []


async def test_authors_become_users_like_wordpress_importer(storage):
    path = shared_path(*FIXTURES, "wordpress-importer/phpunit-data/valid-wxr-1.1.xml")
    await import_files(storage, [path], progress=False)
    t = storage.tables
    user = await storage.db.fetch_one(sa.select(t.users).where(t.users.c.user_login == "john"))
    assert user["user_pass"] == "" and user["user_nicename"] == "john"
    meta = {r[0]: r[1] for r in await storage.db.fetch_all(
        sa.select(t.usermeta.c.meta_key, t.usermeta.c.meta_value).where(t.usermeta.c.user_id == user["ID"]))}
    assert meta["wp_capabilities"] == 'a:1:{s:10:"subscriber";b:1;}'
    assert meta["wp_user_level"] == "0"
    assert meta["nickname"] == "john"


async def test_default_role_option_is_used(storage):
    from wpcompat.storage.options import set_option

    await set_option(storage, "default_role", "author")
    path = shared_path(*FIXTURES, "wordpress-importer/phpunit-data/valid-wxr-1.1.xml")
    await import_files(storage, [path], progress=False)
    um = storage.tables.usermeta
    caps = await storage.db.fetch_val(sa.select(um.c.meta_value).where(um.c.meta_key == "wp_capabilities"))
    level = await storage.db.fetch_val(sa.select(um.c.meta_value).where(um.c.meta_key == "wp_user_level"))
    assert (caps, level) == ('a:1:{s:6:"author";b:1;}', "2")


async def test_attachments_get_guid_and_attached_file(storage):
    path = shared_path(*FIXTURES, "nikola/wordpress_export_example.xml")
    await import_files(storage, [path], progress=False)
    t = storage.tables
    rows = await storage.db.fetch_all(sa.select(t.posts).where(t.posts.c.post_type == "attachment"))
    urls = {r.id: r.attachment_url for r in read_wxr(path) if isinstance(r, Item)}
    assert rows
    for row in rows:
        attached = await storage.db.fetch_val(sa.select(t.postmeta.c.meta_value).where(
            t.postmeta.c.post_id == row["ID"], t.postmeta.c.meta_key == "_wp_attached_file"))
        assert attached
        assert row["guid"] == urls[row["ID"]]  # wp:attachment_url
        assert row["post_mime_type"].startswith("image/")


async def test_duplicate_ids_and_cross_item_parents_are_reported(storage):
    warnings: list[str] = []
    path = shared_path(*FIXTURES, "pelican/wordpressexport.xml")
    report = await import_files(storage, [path], progress=False, warn=warnings.append)
    assert report.posts_total == 20  # items sharing an id are all kept, under new ids
    assert any("parent comment 121 is missing" in w for w in warnings)
    c = storage.tables.comments
    orphan = await storage.db.fetch_one(sa.select(c).where(c.c.comment_ID == 122))
    assert orphan["comment_parent"] == 0


async def test_comment_threads_are_rebuilt_across_the_file(storage, tmp_path):
    # The reply comes before its parent, in another item, and the parent's id is taken on the site.
    head = ('<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
            "<wp:wxr_version>1.2</wp:wxr_version>")

    def item(post_id: int, title: str, comments: str) -> str:
        return (f"<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id>"
                "<wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>{comments}</item>")

    def comment(cid: int, parent: int, text: str) -> str:
        return (f"<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>A</wp:comment_author>"
                f"<wp:comment_date>2020-01-02 10:00:0{cid % 10}</wp:comment_date>"
                f"<wp:comment_content>{text}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")

    first = tmp_path / "first.xml"
    first.write_text(head + item(1, "Other", comment(5, 0, "on the site")) + "</channel></rss>")
    await import_files(storage, [first], progress=False)
    second = tmp_path / "second.xml"
    second.write_text(head + item(2, "One", comment(7, 5, "reply") + comment(8, 99, "orphan"))
                      + item(3, "Two", comment(5, 0, "parent elsewhere")) + "</channel></rss>")
    warnings: list[str] = []
    await import_files(storage, [second], progress=False, warn=warnings.append)
    c = storage.tables.comments
    rows = {r["comment_content"]: r for r in await storage.db.fetch_all(sa.select(c))}
    moved = rows["parent elsewhere"]["comment_ID"]
    assert moved != 5  # id 5 was taken by another comment
    assert rows["reply"]["comment_parent"] == moved
    assert rows["orphan"]["comment_parent"] == 0
    assert any("parent comment 99 is missing" in w for w in warnings)


async def test_demo_blog_imports(storage, settings):
    from wpcompat.demo import import_demo_if_empty

    assert await import_demo_if_empty(storage, settings) is True
    assert (await posts_by_type(storage)).get("post", 0) >= 1
    assert await import_demo_if_empty(storage, settings) is False


@pytest.mark.parametrize(("url", "mime"), [
    ("http://x/wp-content/uploads/2026/12/a.wav", "audio/wav"),  # Python says audio/x-wav
    ("http://x/a.MP3", "audio/mpeg"),
    ("http://x/a.m4a?x=1", "audio/mpeg"),
    ("http://x/a.png", "image/png"),
    ("http://x/a.webm", "video/webm"),
    ("http://x/noext", ""),
])
def test_attachment_mime_types_follow_wordpress(url: str, mime: str) -> None:
    from wpcompat.wxr.importer import attachment_mime_type

    assert attachment_mime_type(url) == mime


@pytest.mark.parametrize("broken", [False, True])
async def test_a_bulk_import_ends_with_every_index_whatever_its_outcome(storage, monkeypatch, tmp_path, broken):
    """A big file into an empty site loads comments and meta without their secondary indexes
    (on the servers set aside before the transaction, built again after it, several at
    once): afterwards every index is there, and a file that fails halfway leaves no row."""
    import subprocess
    import sys
    from pathlib import Path

    from wpcompat.storage.dialect import existing_names
    from wpcompat.wxr import importer
    from wpcompat.wxr.reader import WXRError

    export = tmp_path / "site.wxr"
    gen = Path(__file__).resolve().parent.parent / "bench" / "gen_wxr.py"
    subprocess.run([sys.executable, str(gen), "--posts", "40", "--comments", "3", "-o", str(export)],
                   check=True, capture_output=True)
    if broken:
        text = export.read_text(encoding="utf-8")
        export.write_text(text.replace("</item>", "</itemx>", 30), encoding="utf-8")
    monkeypatch.setattr(importer, "BULK_BYTES", 0)
    t = storage.tables
    _tables, before = await existing_names(storage)
    if broken:
        with pytest.raises(WXRError):
            await import_files(storage, [str(export)], progress=False)
    else:
        report = await import_files(storage, [str(export)], progress=False)
        assert report.comments_total == 120
    _tables, after = await existing_names(storage)
    names = {index.name for table in (t.comments, t.commentmeta, t.postmeta) for index in table.indexes}
    assert names & before <= after
    assert names & before  # the tables have secondary indexes to set aside
    count = sa.select(sa.func.count()).select_from(t.comments)
    assert await storage.db.fetch_val(count) == (0 if broken else 120)
    if not broken:
        # The comments are found through the rebuilt index by post, counts as imported.
        p, c = t.posts, t.comments
        first = await storage.db.fetch_val(sa.select(sa.func.min(p.c.ID)).where(p.c.post_type == "post"))
        approved = await storage.db.fetch_val(
            sa.select(sa.func.count()).select_from(c).where(c.c.comment_post_ID == first, c.c.comment_approved == "1"))
        assert await storage.db.fetch_val(sa.select(p.c.comment_count).where(p.c["ID"] == first)) == approved
