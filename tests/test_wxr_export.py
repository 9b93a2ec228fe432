"""WXR export: WordPress's layout, streaming, and import → export → import giving the same site."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from lxml import etree

from tests.conftest import shared_path
from tests.test_wxr_support import FIXTURES, REPAIRED, WELL_FORMED, dump
from wpcompat.storage import open_storage
from wpcompat.wxr.exporter import cdata, export_wxr
from wpcompat.wxr.importer import import_files

WP = "{http://wordpress.org/export/1.2/}"


@pytest.mark.parametrize("name", sorted({**WELL_FORMED, **REPAIRED}))
async def test_import_export_import_gives_the_same_database(storage, tmp_path, name):
    await import_files(storage, [shared_path(*FIXTURES, name)], progress=False)
    exported = tmp_path / "export.xml"
    with exported.open("w", encoding="utf-8") as out:
        await export_wxr(storage, out, site_url="http://example.test")
    other = await open_storage(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        report = await import_files(other, [exported], progress=False)
        assert report.warning_count == 0
        assert await dump(other, skip_spam=True) == await dump(storage, skip_spam=True)
    finally:
        await other.db.disconnect()


def test_cdata_splits_its_terminator():
    assert cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>"
    text = f"<x>{cdata('a]]>b]]>')}</x>"
    assert etree.fromstring(text.encode()).text == "a]]>b]]>"


async def _export(storage) -> bytes:
    out = io.StringIO()
    await export_wxr(storage, out, site_url="http://example.test")
    return out.getvalue().encode("utf-8")


async def test_export_layout_spam_and_edit_lock(storage):
    await import_files(storage, [shared_path("oracle", "export.wxr.xml"),
                                 shared_path("oracle", "extras.wxr.xml")], progress=False)
    t = storage.tables
    await storage.db.execute(sa.insert(t.postmeta).values(post_id=15, meta_key="_edit_lock", meta_value="1:1"))
    await storage.db.execute(sa.update(t.posts).where(t.posts.c["ID"] == 15).values(
        post_content="x ]]> y"))
    data = await _export(storage)
    root = etree.fromstring(data)
    channel = root.find("channel")
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    assert channel.findtext("title") and channel.findtext("pubDate")
    assert channel.findtext(f"{WP}base_site_url") == "http://example.test"
    items = {int(i.findtext(f"{WP}post_id")): i for i in channel.iter("item")}
    assert 15 in items and 1 in items
    assert not any(i.findtext(f"{WP}post_type") == "revision" for i in items.values())
    post = items[15]
    assert post.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") == "x ]]> y"
    assert b"x ]]]]><![CDATA[> y" in data
    keys = [m.findtext(f"{WP}meta_key") for m in post.iter(f"{WP}postmeta")]
    assert "_edit_lock" not in keys
    comment_ids = [int(c.findtext(f"{WP}comment_id")) for i in items.values() for c in i.iter(f"{WP}comment")]
    assert 15 not in comment_ids  # spam stays out, as in WordPress
    assert 16 in comment_ids  # trash is exported
    cats = [(c.get("domain"), c.get("nicename"), c.text) for c in post.findall("category")]
    assert ("category", "cooperatives", "Coopératives") in cats
    assert ("post_tag", "scop", "SCOP") in cats
    coop = [c for c in channel.findall(f"{WP}category") if c.findtext(f"{WP}category_nicename") == "cooperatives"]
    assert coop[0].findtext(f"{WP}category_parent") == "economie-sociale-et-solidaire"
    media = items[24]
    assert media.findtext(f"{WP}attachment_url").endswith("cooperative-ouvriere.png")
    sticky = [i for i, item in items.items() if item.findtext(f"{WP}is_sticky") == "1"]
    assert sticky
    logins = {a.findtext(f"{WP}author_login") for a in channel.findall(f"{WP}author")}
    assert {"admin", "jdupont", "plefevre"} <= logins


async def test_export_streams_in_batches(storage, monkeypatch):
    from wpcompat.wxr import exporter

    await import_files(storage, [shared_path(*FIXTURES, "theme-test-data/themeunittestdata.wordpress.xml")],
                       progress=False)
    monkeypatch.setattr(exporter, "POSTS_PER_BATCH", 7)
    writes: list[int] = []

    class Sink(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(len(text))
            return super().write(text)

    out = Sink()
    await export_wxr(storage, out)
    root = etree.fromstring(out.getvalue().encode())
    assert len(root.find("channel").findall("item")) == 186
    assert max(writes) < 200_000  # written piece by piece, never as one document
