"""RSS feed texts recorded from WordPress 6.1 (golden feed_*.xml) versus our feed pipelines.

Each feed file is one request: its items are rendered in order with one RenderSession,
the description (excerpt) before ``content:encoded``, as WordPress's RSS2 template does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SHARED
from wpcompat.render import pipelines
from wpcompat.render.feed import category_rss, comment_text_rss, comment_title_rss

GOLDEN = SHARED / "oracle" / "golden"
SITE = "http://127.0.0.1:8080"
NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
}
_ITEM_RE = re.compile(r"<item>(.*?)</item>", re.S)
_FIELD_RES = {
    "title": re.compile(r"<title>(.*?)</title>", re.S),
    "link": re.compile(r"<link>(.*?)</link>", re.S),
    "description": re.compile(r"<description><!\[CDATA\[(.*?)\]\]></description>", re.S),
    "content": re.compile(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", re.S),
}


@dataclass
class Post:
    id: int
    title: str
    content: str
    excerpt: str
    password: str
    status: str


def _site() -> tuple[dict[str, Post], dict[int, tuple[str, str, Post]]]:
    if not (SHARED / "oracle" / "export.wxr.xml").exists():
        return {}, {}
    tree = etree.parse(str(SHARED / "oracle" / "export.wxr.xml"), etree.XMLParser(strip_cdata=False))
    posts: dict[str, Post] = {}
    comments: dict[int, tuple[str, str, Post]] = {}
    for item in tree.iter("item"):
        post = Post(
            int(item.findtext("wp:post_id", namespaces=NS)),
            item.findtext("title") or "",
            item.findtext("content:encoded", namespaces=NS) or "",
            item.findtext("excerpt:encoded", namespaces=NS) or "",
            item.findtext("wp:post_password", namespaces=NS) or "",
            item.findtext("wp:status", namespaces=NS) or "",
        )
        posts[(item.findtext("link") or "").replace("&amp;", "&")] = post
        for c in item.findall("wp:comment", NS):
            cid = int(c.findtext("wp:comment_id", namespaces=NS))
            author = c.findtext("wp:comment_author", namespaces=NS) or ""
            comments[cid] = (c.findtext("wp:comment_content", namespaces=NS) or "", author, post)
    return posts, comments


POSTS, COMMENTS = _site()


def _items(name: str) -> list[dict[str, str]]:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    items = []
    for body in _ITEM_RE.findall(text):
        item = {}
        for field, rx in _FIELD_RES.items():
            m = rx.search(body)
            if m:
                item[field] = m.group(1)
        items.append(item)
    return items


def _post_feed_cases(name: str) -> list[tuple[str, str, str]]:
    """(label, expected, got) for every title/description/content of a posts feed."""
    session = pipelines.RenderSession()
    cases = []
    for item in _items(name):
        post = POSTS[item["link"]]
        locked = bool(post.password)
        label = f"{name}-post{post.id}"
        cases.append((f"{label}-title", item["title"], session.feed_title(post.title, protected=locked)))
        got = session.feed_excerpt(post.excerpt, post.content, post.id, password_required=locked)
        cases.append((f"{label}-description", item["description"], got))
        got = session.feed_content(post.content, post.id, password_required=locked)
        cases.append((f"{label}-content", item["content"], got))
    return cases


def _comment_feed_cases(name: str, *, singular: bool) -> list[tuple[str, str, str]]:
    cases = []
    for item in _items(name):
        cid = int(item["link"].rsplit("#comment-", 1)[1])
        raw, author, post = COMMENTS[cid]
        label = f"{name}-comment{cid}"
        post_title = pipelines.RenderSession().feed_title(post.title, protected=bool(post.password))
        title = comment_title_rss(post_title, author, singular=singular)
        cases.append((f"{label}-title", item["title"].strip(" \t\n"), title))
        cases.append((f"{label}-description", item["description"], comment_text_rss(raw)))
        cases.append((f"{label}-content", item["content"], pipelines.comment_text(raw)))
    return cases


@pytest.fixture(scope="module")
def feed_cases() -> list[tuple[str, str, str]]:
    if not GOLDEN.exists() or not POSTS:
        pytest.skip("oracle files are missing")
    pipelines.configure(pipelines.SiteOptions(home_url=SITE, site_url=SITE))
    try:
        cases = _post_feed_cases("feed_rss.xml") + _post_feed_cases("feed_category.xml")
        cases += _comment_feed_cases("feed_comments.xml", singular=False)
        cases += _comment_feed_cases("feed_post_comments.xml", singular=True)
    finally:
        pipelines.configure(pipelines.SiteOptions())
    return cases


def test_feed_texts_match_wordpress(feed_cases: list[tuple[str, str, str]]) -> None:
    mismatches = [(label, want, got) for label, want, got in feed_cases if want != got]
    assert len(feed_cases) >= 90
    assert mismatches == []


def test_feed_golden_files_exist() -> None:
    if not GOLDEN.exists():
        pytest.skip("oracle files are missing")
    assert {p.name for p in Path(GOLDEN).glob("feed_*.xml")} >= {"feed_rss.xml", "feed_comments.xml"}


@pytest.mark.parametrize(("stored", "shown"), [
    ("News &amp; Views", "News & Views"),  # term names are stored escaped by kses
    ("Tea &#38; cakes", "Tea & cakes"),
    ("R&amp;D &lt;lab&gt;", "R&D <lab>"),
    ("It&#039;s", "It&#039;s"),  # ENT_COMPAT keeps the single quote encoded
    ("Caf&eacute; &unknown;", "Café &unknown;"),
    ("Économie", "Économie"),
])
def test_feed_category_names_are_decoded(stored: str, shown: str) -> None:
    assert category_rss(stored) == shown
