"""Merging exports of one site, the oracle's export + extras, dry runs, crashes, URL rewriting."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.conftest import shared_path
from tests.test_wxr_support import FIXTURES, dump
from wpcompat.storage import open_storage
from wpcompat.util.phpserial import loads
from wpcompat.wxr import importer
from wpcompat.wxr.importer import import_files


async def test_oracle_export_then_extras_keeps_every_id(storage):
    export, extras = shared_path("oracle", "export.wxr.xml"), shared_path("oracle", "extras.wxr.xml")
    first = await import_files(storage, [export], progress=False)
    assert first.warning_count == 0
    before = await dump(storage)
    second = await import_files(storage, [extras], progress=False)
    after = await dump(storage)

    # Extras only add: nothing that was there changes.
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), table
    assert second.users_created == 1 and second.posts_existing == 1
    assert dict(second.comments_created) == {"spam": 1}
    assert dict(second.posts_created) == {("revision", "inherit"): 3}
    assert second.postmeta_created == 0

    t = storage.tables
    ids = json.loads(shared_path("oracle", "ids.json").read_text())
    for name, value in ids.items():
        if name.startswith(("post_", "page_", "media_")):
            kind = await storage.db.fetch_val(sa.select(t.posts.c.post_type).where(t.posts.c["ID"] == value))
            expected = {"post": "post", "page": "page", "media": "attachment"}[name.split("_")[0]]
            assert kind == expected, name
        elif name.startswith("comment_"):
            assert await storage.db.fetch_val(
                sa.select(t.comments.c.comment_ID).where(t.comments.c.comment_ID == value)) == value, name
        elif name.startswith(("cat_", "tag_")):
            taxonomy = await storage.db.fetch_val(
                sa.select(t.term_taxonomy.c.taxonomy).where(t.term_taxonomy.c.term_id == value))
            assert taxonomy == ("category" if name.startswith("cat_") else "post_tag"), name
        elif name.startswith("user_"):
            assert await storage.db.fetch_val(sa.select(t.users.c["ID"]).where(t.users.c["ID"] == value)), name
    c = t.comments
    spam = await storage.db.fetch_one(sa.select(c).where(c.c.comment_ID == ids["comment_spam"]))
    assert (spam["comment_approved"], spam["comment_post_ID"], spam["comment_author"]) == ("spam", 15, "Cheap Pills")
    thread = await storage.db.fetch_val(sa.select(c.c.comment_parent).where(c.c.comment_ID == ids["comment_thread_4"]))
    assert thread == ids["comment_thread_3"]
    subscriber_comment = await storage.db.fetch_one(
        sa.select(c).where(c.c.comment_ID == ids["comment_subscriber_pending"]))
    assert subscriber_comment["user_id"] == ids["user_subscriber"]
    user = await storage.db.fetch_one(sa.select(t.users).where(t.users.c["ID"] == ids["user_subscriber"]))
    assert (user["user_login"], user["display_name"], user["user_email"]) == (
        "plefevre", "Paul Lefèvre", "paul.lefevre@exemple.fr")
    revision = await storage.db.fetch_one(sa.select(t.posts).where(t.posts.c["ID"] == 4))
    assert (revision["post_type"], revision["post_parent"]) == ("revision", 1)
    # Both again: nothing new.
    again = await import_files(storage, [export, extras], progress=False)
    assert again.posts_total == again.comments_total == again.users_created == 0
    assert await dump(storage) == after


async def test_later_export_of_the_same_site_adds_only_what_is_new(storage, tmp_path):
    source = shared_path(*FIXTURES, "wordpress-importer/phpunit-data/valid-wxr-1.1.xml").read_text(encoding="utf-8")
    await import_files(storage, [shared_path(*FIXTURES, "wordpress-importer/phpunit-data/valid-wxr-1.1.xml")],
                       progress=False)
    before = await dump(storage)
    later = source.replace(
        "</wp:comment>",
        "</wp:comment><wp:comment><wp:comment_id>77</wp:comment_id><wp:comment_author>New</wp:comment_author>"
        "<wp:comment_date>2021-05-05 10:00:00</wp:comment_date><wp:comment_content>a new one</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>",
        1,
    )
    path = tmp_path / "later.xml"
    path.write_text(later, encoding="utf-8")
    report = await import_files(storage, [path], progress=False)
    assert report.comments_total == 1 and report.posts_total == 0
    after = await dump(storage)
    for table, rows in before.items():
        if table == "wp_posts":
            continue  # comment_count of that post goes up by one
        assert set(rows) <= set(after[table])
    p = storage.tables.posts
    post_id = await storage.db.fetch_val(
        sa.select(storage.tables.comments.c.comment_post_ID).where(storage.tables.comments.c.comment_ID == 77))
    assert await storage.db.fetch_val(sa.select(p.c.comment_count).where(p.c["ID"] == post_id)) == 2


async def test_dry_run_reports_the_same_and_writes_nothing(storage, tmp_path):
    path = shared_path(*FIXTURES, "theme-test-data/themeunittestdata.wordpress.xml")
    before = await dump(storage)
    dry = await import_files(storage, [path], progress=False, dry_run=True)
    assert await dump(storage) == before
    assert dry.dry_run and "Dry run" in dry.summary()
    real = await import_files(storage, [path], progress=False)
    assert (dry.posts_created, dry.comments_created, dry.terms_created, dry.users_created) == (
        real.posts_created, real.comments_created, real.terms_created, real.users_created)


async def test_an_interrupted_import_leaves_nothing_and_a_rerun_completes(storage, tmp_path, monkeypatch):
    path = shared_path(*FIXTURES, "theme-test-data/themeunittestdata.wordpress.xml")
    original = importer.FileImport.item
    seen = {"n": 0}

    async def crashing(self, item):
        seen["n"] += 1
        if seen["n"] == 150:
            await self.flush()  # rows are written, then the process "dies"
            raise KeyboardInterrupt
        await original(self, item)

    monkeypatch.setattr(importer.FileImport, "item", crashing)
    before = await dump(storage)
    with pytest.raises(KeyboardInterrupt):
        await import_files(storage, [path], progress=False)
    assert await dump(storage) == before
    monkeypatch.setattr(importer.FileImport, "item", original)
    await import_files(storage, [path], progress=False)
    clean = await open_storage(f"sqlite:///{tmp_path / 'clean.db'}")
    try:
        await import_files(clean, [path], progress=False)
        assert await dump(storage) == await dump(clean)
    finally:
        await clean.db.disconnect()


REWRITE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Post</title><guid isPermaLink="false">http://old.example/?p=10</guid>
<content:encoded><![CDATA[<a href="http://old.example/about/">about</a> <img src="http://old.example/i.png">]]></content:encoded>
<excerpt:encoded><![CDATA[see http://old.example/]]></excerpt:encoded>
<wp:post_id>10</wp:post_id><wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<wp:postmeta><wp:meta_key>links</wp:meta_key>
<wp:meta_value><![CDATA[a:2:{s:4:"home";s:19:"http://old.example/";s:4:"list";a:1:{i:0;s:25:"http://old.example/é.png";}}]]></wp:meta_value>
</wp:postmeta>
<wp:postmeta><wp:meta_key>plain</wp:meta_key><wp:meta_value>http://old.example/x</wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Ann</wp:comment_author>
<wp:comment_author_url>http://old.example/ann</wp:comment_author_url><wp:comment_date>2020-01-02 10:00:00</wp:comment_date>
<wp:comment_content>hi</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>
</item>
<item><title>pic</title><guid isPermaLink="false">http://old.example/wp-content/uploads/2020/01/p.jpg</guid>
<wp:post_id>11</wp:post_id><wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:status>inherit</wp:status>
<wp:post_parent>10</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>http://old.example/wp-content/uploads/2020/01/p.jpg</wp:attachment_url></item>
</channel></rss>
"""


async def test_rewrite_urls_everywhere_and_inside_serialized_meta(storage, tmp_path):
    path = tmp_path / "old.xml"
    path.write_text(REWRITE, encoding="utf-8")
    new = "https://new.example.org"
    await import_files(storage, [path], progress=False, rewrite_urls=("http://old.example", new))
    t = storage.tables
    post = await storage.db.fetch_one(sa.select(t.posts).where(t.posts.c["ID"] == 10))
    assert "old.example" not in post["post_content"] + post["post_excerpt"] + post["guid"]
    assert f'href="{new}/about/"' in post["post_content"]
    meta = {r[0]: r[1] for r in await storage.db.fetch_all(
        sa.select(t.postmeta.c.meta_key, t.postmeta.c.meta_value).where(t.postmeta.c.post_id == 10))}
    assert loads(meta["links"]) == {"home": f"{new}/", "list": [f"{new}/é.png"]}
    assert meta["plain"] == f"{new}/x"
    comment = await storage.db.fetch_one(sa.select(t.comments))
    assert comment["comment_author_url"] == f"{new}/ann"
    media = await storage.db.fetch_one(sa.select(t.posts).where(t.posts.c["ID"] == 11))
    assert media["guid"] == f"{new}/wp-content/uploads/2020/01/p.jpg"
    assert media["post_parent"] == 10 and media["post_mime_type"] == "image/jpeg"
    attached = await storage.db.fetch_val(sa.select(t.postmeta.c.meta_value).where(
        t.postmeta.c.post_id == 11, t.postmeta.c.meta_key == "_wp_attached_file"))
    assert attached == "2020/01/p.jpg"


async def test_featured_image_follows_an_attachment_that_moved(storage, tmp_path):
    head = ('<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
            "<wp:wxr_version>1.2</wp:wxr_version>")

    def item(post_id: int, title: str, post_type: str, extra: str = "") -> str:
        return (f"<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id>"
                "<wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:status>publish</wp:status>"
                f"<wp:post_type>{post_type}</wp:post_type>{extra}</item>")

    first = tmp_path / "first.xml"
    first.write_text(head + item(11, "Someone else", "page") + "</channel></rss>")
    await import_files(storage, [first], progress=False)
    thumb = "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>11</wp:meta_value></wp:postmeta>"
    second = tmp_path / "second.xml"
    second.write_text(head + item(10, "Post", "post", thumb)
                      + item(11, "Photo", "attachment", "<wp:attachment_url>http://x.test/p.jpg</wp:attachment_url>")
                      + "</channel></rss>")
    await import_files(storage, [second], progress=False)
    t = storage.tables
    photo = await storage.db.fetch_val(sa.select(t.posts.c["ID"]).where(t.posts.c.post_title == "Photo"))
    assert photo != 11
    value = await storage.db.fetch_val(sa.select(t.postmeta.c.meta_value).where(
        t.postmeta.c.post_id == 10, t.postmeta.c.meta_key == "_thumbnail_id"))
    assert value == str(photo)
