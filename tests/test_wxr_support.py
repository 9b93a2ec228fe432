"""Helpers for the WXR tests (no tests here): fixture expectations from SOURCES.md, table dumps."""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa

from wpcompat.storage import Storage

FIXTURES = ("fixtures", "wxr")

# From /work/shared/fixtures/wxr/SOURCES.md: items by post type ("(none)" are imported as posts),
# comments by comment_approved (a missing status is approved), channel cat/tag/term/author
# counts, and the deepest reply chain.
WELL_FORMED: dict[str, tuple[dict[str, int], dict[str, int], tuple[int, int, int, int], int]] = {
    "contentful-wordpress-exporter/wordpress.xml": ({"post": 4, "attachment": 2, "page": 1}, {"1": 5}, (4, 2, 0, 2), 1),
    "contentful-wordpress-exporter/wordpress_empty_dates.xml": ({"page": 2}, {}, (4, 2, 0, 2), 0),
    "ghost-migrate/co-authors-plus.xml": ({"post": 4}, {}, (0, 0, 0, 3), 0),
    "ghost-migrate/feature-image-captions.xml": ({"post": 3, "attachment": 2}, {}, (0, 0, 0, 0), 0),
    "ghost-migrate/has-audio-enclosure-with-libsyn-embed.xml": ({"post": 1}, {}, (0, 0, 0, 1), 0),
    "ghost-migrate/has-audio-enclosure.xml": ({"post": 1}, {}, (0, 0, 0, 1), 0),
    "ghost-migrate/has-meta.xml": ({"enmse_message": 1}, {}, (1, 0, 0, 2), 0),
    "ghost-migrate/has-yoast-meta.xml": ({"post": 2}, {}, (0, 0, 0, 1), 0),
    "ghost-migrate/multiple/pages-only.xml": ({"page": 1}, {}, (0, 0, 0, 1), 0),
    "ghost-migrate/multiple/posts-only.xml": ({"post": 3, "customcpt": 1}, {}, (1, 0, 0, 2), 0),
    "ghost-migrate/sample-with-alt.xml": ({"post": 1, "attachment": 1}, {}, (1, 0, 0, 1), 0),
    "hexo-migrator-wordpress/wordpress.xml": ({"post": 17, "page": 2}, {"1": 1}, (1, 2, 3, 1), 1),
    "isso/wordpress.xml": ({"post": 3}, {"1": 8}, (0, 0, 0, 0), 3),
    "jekyll-import/sitetitle.wordpress.2025-01-19.000.xml": (
        {"post": 7, "attachment": 6, "page": 1, "wp_global_styles": 1, "wp_navigation": 1}, {}, (2, 4, 0, 1), 0),
    "nikola/wordpress_export_example.xml": ({"post": 4, "attachment": 3, "page": 1}, {}, (1, 1, 0, 1), 0),
    "pelican/wordpressexport.xml": (
        {"post": 11, "attachment": 4, "page": 2, "custom1": 2, "custom2": 1}, {"1": 3, "trash": 1}, (4, 3, 0, 2), 2),
    "setucocms/wordpress.xml": ({"post": 2}, {"1": 1}, (3, 2, 0, 2), 1),
    "theme-test-data/64-block-test-data.xml": (
        {"post": 61, "attachment": 9, "page": 1, "wp_navigation": 1}, {"1": 2}, (7, 4, 13, 2), 2),
    "theme-test-data/theme-preview.xml": ({"post": 7}, {"1": 2}, (0, 0, 0, 0), 1),
    "theme-test-data/themeunittestdata.wordpress.xml": (
        {"nav_menu_item": 70, "post": 58, "attachment": 37, "page": 21}, {"1": 30, "0": 3}, (68, 110, 7, 2), 10),
    "wagtail-wordpress-import/post_meta.xml": ({"post": 5}, {}, (0, 0, 0, 2), 0),
    "wagtail-wordpress-import/raw_xml.xml": (
        {"post": 1, "page": 1, "testpostmeta": 1, "postmetachanged": 1, "hasnocategories": 1}, {}, (0, 0, 0, 2), 0),
    "wordpress-importer/e2e-fixtures/wxr-base-url-rewriting.xml": ({"post": 1}, {}, (0, 0, 0, 1), 0),
    "wordpress-importer/e2e-fixtures/wxr-comprehensive.xml": ({"post": 1, "page": 1}, {"1": 1}, (2, 2, 0, 2), 1),
    "wordpress-importer/e2e-fixtures/wxr-css-urls.xml": ({"post": 1}, {}, (1, 0, 0, 1), 0),
    "wordpress-importer/e2e-fixtures/wxr-simple.xml": ({"post": 1}, {}, (0, 0, 0, 1), 0),
    "wordpress-importer/phpunit-data/a11y-unit-test-data.xml": (
        {"nav_menu_item": 50, "post": 48, "attachment": 39, "page": 17}, {"1": 29}, (27, 61, 5, 0), 10),
    "wordpress-importer/phpunit-data/authors-multiline.xml": ({"post": 1}, {}, (0, 0, 0, 3), 0),
    "wordpress-importer/phpunit-data/backslashes.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/blank-lines.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/cdata-edge.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/chunked-meta.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/crazy-cdata-escaped.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/invalid-version-tag.xml": ({}, {}, (21, 18, 14, 1), 0),
    "wordpress-importer/phpunit-data/large-authors.xml": ({}, {}, (0, 0, 0, 300), 0),
    "wordpress-importer/phpunit-data/missing-tags.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/missing-version-tag.xml": ({}, {}, (21, 18, 14, 1), 0),
    "wordpress-importer/phpunit-data/multiple-cdata.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/namespace-edge-cases.xml": ({"post": 6}, {}, (0, 0, 2, 2), 0),
    "wordpress-importer/phpunit-data/post-content-blank-lines.xml": ({"post": 1}, {}, (0, 0, 0, 1), 0),
    "wordpress-importer/phpunit-data/slashes.xml": ({"post": 1}, {"1": 1}, (1, 1, 0, 1), 1),
    "wordpress-importer/phpunit-data/small-export.xml": ({"post": 6, "page": 5}, {"1": 1}, (30, 3, 0, 3), 1),
    "wordpress-importer/phpunit-data/term-formats.xml": ({}, {}, (2, 3, 2, 0), 0),
    "wordpress-importer/phpunit-data/term-meta.xml": ({}, {}, (0, 0, 1, 0), 0),
    "wordpress-importer/phpunit-data/test-serialized-comment-meta.xml": ({"post": 1}, {"1": 1}, (0, 0, 0, 0), 1),
    "wordpress-importer/phpunit-data/test-serialized-postmeta-no-cdata.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/test-serialized-postmeta-with-cdata.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/test-serialized-term-meta.xml": ({"post": 1}, {}, (1, 1, 1, 0), 0),
    "wordpress-importer/phpunit-data/test-utw-post-meta-import.xml": ({"post": 1}, {}, (0, 0, 0, 0), 0),
    "wordpress-importer/phpunit-data/valid-wxr-1.0.xml": ({"post": 3, "page": 3}, {"1": 1}, (5, 4, 0, 0), 1),
    "wordpress-importer/phpunit-data/valid-wxr-1.1.xml": ({"post": 1, "page": 1}, {"1": 1}, (1, 1, 1, 1), 1),
    "wordpress-importer/phpunit-data/wxr-flat-attachment-different-site.xml": (
        {"attachment": 1, "post": 1}, {}, (0, 0, 0, 1), 0),
    "wordpress-importer/phpunit-data/wxr-flat-attachment-same-site.xml": (
        {"attachment": 1, "post": 1}, {}, (0, 0, 0, 1), 0),
    "wordpress-importer/phpunit-data/wxr-simple.xml": ({"post": 1}, {}, (0, 0, 0, 1), 0),
    "wordpress-importer/phpunit-data/wxr-utf-8-challenges.xml": ({"post": 1}, {}, (0, 0, 0, 1), 0),
    "wordpress-importer/phpunit-data/wxr-with-sub-data.xml": ({"post": 1}, {"1": 1}, (0, 0, 1, 0), 1),
}

# Not well-formed, as SOURCES.md measured them: file -> (line, column) of the error we report.
MALFORMED: dict[str, tuple[int, int]] = {
    "ghost-migrate/multiple/attachments-only.xml": (11, 106),
    "ghost-migrate/sample-no-slug.xml": (109, 106),
    "ghost-migrate/sample.xml": (109, 106),
    "nikola/wordpress_qtranslate_item_modernized.xml": (5, 14),
    "nikola/wordpress_qtranslate_item_raw_export.xml": (5, 14),
    "wordpress-importer/phpunit-data/crazy-cdata.xml": (18, 70),
    "wordpress-importer/phpunit-data/malformed-simple.xml": (14, 1),
    "wordpress-importer/phpunit-data/malformed.xml": (90, 11),
}

# A WordPress.com export whose only fault (an undeclared atom: prefix) is repaired on reading.
REPAIRED = {"nikola/wordpress_unicode_export.xml": ({"page": 1, "post": 1}, {}, (1, 2, 0, 1), 0)}

SKIP_COLUMNS = {"meta_id", "umeta_id", "user_registered"}


async def dump(storage: Storage, skip_spam: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every WordPress table but options, as sorted rows (auto-numbered meta ids left out)."""
    t = storage.tables
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in t.wordpress_tables:
        if table is t.options:
            continue
        columns = [c for c in table.c if c.name not in SKIP_COLUMNS]
        query = sa.select(*columns)
        if skip_spam and table is t.comments:
            query = query.where(t.comments.c.comment_approved != "spam")
        rows = await storage.db.fetch_all(query)
        out[table.name] = sorted(tuple(str(v) for v in r._mapping.values()) for r in rows)
    return out


async def posts_by_type(storage: Storage) -> dict[str, int]:
    p = storage.tables.posts
    rows = await storage.db.fetch_all(sa.select(p.c.post_type, sa.func.count()).group_by(p.c.post_type))
    return {r[0]: r[1] for r in rows}


async def comments_by_status(storage: Storage) -> dict[str, int]:
    c = storage.tables.comments
    rows = await storage.db.fetch_all(
        sa.select(c.c.comment_approved, sa.func.count()).group_by(c.c.comment_approved)
    )
    return {r[0]: r[1] for r in rows}


async def thread_depth(storage: Storage) -> int:
    c = storage.tables.comments
    parent = {r[0]: r[1] for r in await storage.db.fetch_all(sa.select(c.c.comment_ID, c.c.comment_parent))}
    deepest = 0
    for comment_id in parent:
        depth, current, seen = 1, comment_id, {comment_id}
        while parent.get(current) and parent[current] in parent and parent[current] not in seen:
            current = parent[current]
            seen.add(current)
            depth += 1
        deepest = max(deepest, depth)
    return deepest


def counter(values: dict[str, int]) -> Counter[str]:
    return Counter({k: v for k, v in values.items() if v})
