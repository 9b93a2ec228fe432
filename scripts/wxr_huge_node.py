"""Write a WXR file whose one post holds a text node of N megabytes (for memory measurements:
tests/test_wxr_huge_node.py, or by hand with /usr/bin/time -v wpcompat import FILE).

    python scripts/wxr_huge_node.py OUT.xml --mb 200 [--posts 50]

The big node is written in chunks, so making the file costs no memory.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Huge node</title><link>http://huge.example</link><description></description>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>http://huge.example</wp:base_site_url><wp:base_blog_url>http://huge.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login>
<wp:author_email><![CDATA[admin@huge.example]]></wp:author_email></wp:author>
"""

ITEM_HEAD = """<item><title>{title}</title><link>http://huge.example/?p={id}</link>
<dc:creator><![CDATA[admin]]></dc:creator><guid isPermaLink="false">http://huge.example/?p={id}</guid>
<description></description><content:encoded><![CDATA["""
ITEM_TAIL = """]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date><![CDATA[2024-01-01 10:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2024-01-01 09:00:00]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status><wp:ping_status><![CDATA[open]]></wp:ping_status>
<wp:post_name><![CDATA[post-{id}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type><![CDATA[post]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password><wp:is_sticky>0</wp:is_sticky></item>
"""
PARAGRAPH = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n"


def write(path: Path, megabytes: float, posts: int = 20) -> int:
    """Write the file; returns the size in bytes of the big text node."""
    size = int(megabytes * 1024 * 1024)
    chunk = PARAGRAPH * (65536 // len(PARAGRAPH))
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        out.write(ITEM_HEAD.format(title="The huge one", id=1))
        while written < size:
            piece = chunk[: size - written]
            out.write(piece)
            written += len(piece)
        out.write(ITEM_TAIL.format(id=1))
        for n in range(2, posts + 2):
            out.write(ITEM_HEAD.format(title=f"Post {n}", id=n) + PARAGRAPH * 5 + ITEM_TAIL.format(id=n))
        out.write("</channel>\n</rss>\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--posts", type=int, default=20)
    args = parser.parse_args()
    print(write(args.out, args.mb, args.posts))


if __name__ == "__main__":
    main()
