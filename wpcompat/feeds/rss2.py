"""RSS 2.0 documents laid out byte for byte as WordPress's feed templates write them.

Feed readers and aggregators have parsed WordPress's feeds for twenty years; keeping the very
same layout (whitespace included) means nothing that watched the old site notices the move.
"""

from __future__ import annotations

from dataclasses import dataclass, field

POSTS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
    '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
    '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n'
    "\t>\n\n<channel>\n"
)
COMMENTS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
    '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
    "\t\n\t>\n<channel>\n"
)
SYNDICATION = (
    "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
    "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
)
FOOT = "\t</channel>\n</rss>\n"
GENERATOR_61 = "https://wordpress.org/?v=6.1.9"


@dataclass(frozen=True)
class Channel:
    title: str  # already escaped for XML
    self_link: str
    link: str
    description: str
    last_build: str  # RFC 2822
    language: str | None  # posts feeds only
    generator: str
    updated: str = ""  # RFC 3339 (Atom)


@dataclass(frozen=True)
class PostItem:
    title: str
    link: str
    comments_link: str | None  # None when comments are closed and there are none
    creator: str
    pub_date: str
    categories: list[str]
    guid: str
    description: str
    content: str
    comments_feed: str | None
    comment_count: int
    excerpt_only: bool = False  # rss_use_excerpt: a summary, no content:encoded
    published: str = ""  # RFC 3339 (Atom)
    updated: str = ""
    comments_feed_atom: str | None = None
    author_url: str = ""  # the author's user_url: Atom's <uri>, when not empty
    atom_categories: list[str] = field(default_factory=list)  # names as Atom's term="" attributes


@dataclass(frozen=True)
class CommentItem:
    title: str
    link: str
    creator: str
    pub_date: str
    guid: str
    description: str
    content: str
    protected: bool
    published: str = ""  # RFC 3339 (Atom)
    post_guid: str = ""  # the commented post's guid and link (Atom thr:in-reply-to)
    post_link: str = ""


def _channel(channel: Channel, comments: bool) -> str:
    title = f"\t<title>\n\t{channel.title}\t</title>\n" if comments else f"\t<title>{channel.title}</title>\n"
    parts = [
        title,
        f'\t<atom:link href="{channel.self_link}" rel="self" type="application/rss+xml" />\n',
        f"\t<link>{channel.link}</link>\n",
        f"\t<description>{channel.description}</description>\n",
        f"\t<lastBuildDate>{channel.last_build}</lastBuildDate>\n",
    ]
    if channel.language is not None:
        parts.append(f"\t<language>{channel.language}</language>\n")
    parts.append(SYNDICATION)
    parts.append(f"\t<generator>{channel.generator}</generator>\n\t")
    return "".join(parts)


def _cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"


def _post_item(item: PostItem) -> str:
    out = ["<item>\n", f"\t\t<title>{item.title}</title>\n", f"\t\t<link>{item.link}</link>\n"]
    if item.comments_link is not None:
        out.append(f"\t\t\t\t\t<comments>{item.comments_link}</comments>\n")
    out.append("\t\t\n")
    out.append(f"\t\t<dc:creator>{_cdata(item.creator)}</dc:creator>\n")
    out.append(f"\t\t<pubDate>{item.pub_date}</pubDate>\n")
    out.append("\t\t" + "".join(f"\t\t<category>{_cdata(name)}</category>\n" for name in item.categories))
    out.append(f'\t\t<guid isPermaLink="false">{item.guid}</guid>\n\n')
    out.append(f"\t\t\t\t\t<description>{_cdata(item.description)}</description>\n")
    if item.excerpt_only:
        out.append("\t\t\n")
    else:
        if item.content:
            out.append(f"\t\t\t\t\t\t\t\t\t\t<content:encoded>{_cdata(item.content)}</content:encoded>\n")
        out.append("\t\t\t\t\t\n")
    if item.comments_feed is not None:
        out.append(f"\t\t\t\t\t<wfw:commentRss>{item.comments_feed}</wfw:commentRss>\n")
        out.append(f"\t\t\t<slash:comments>{item.comment_count}</slash:comments>\n")
    out.append("\t\t\n\t\t\n\t\t\t</item>\n")
    return "".join(out)


def _comment_item(item: CommentItem) -> str:
    out = [
        "<item>\n",
        f"\t\t<title>\n\t\t{item.title}\t\t</title>\n",
        f"\t\t<link>{item.link}</link>\n\n",
        f"\t\t<dc:creator>{_cdata(item.creator)}</dc:creator>\n",
        f"\t\t<pubDate>{item.pub_date}</pubDate>\n",
        f'\t\t<guid isPermaLink="false">{item.guid}</guid>\n\n',
    ]
    if item.protected:
        out.append("\t\t\t<description>Protected Comments: Please enter your password to view comments.</description>\n")
        out.append(f"\t\t\t<content:encoded>{_cdata(item.content)}</content:encoded>\n")
    else:
        out.append(f"\t\t\t\t\t<description>{_cdata(item.description)}</description>\n")
        out.append(f"\t\t\t<content:encoded>{_cdata(item.content)}</content:encoded>\n")
    out.append("\t\t\n\t\t\t</item>\n")
    return "".join(out)


def posts_feed(channel: Channel, items: list[PostItem]) -> str:
    return POSTS_HEAD + _channel(channel, comments=False) + "\t\t".join(_post_item(i) for i in items) + FOOT


def comments_feed(channel: Channel, items: list[CommentItem]) -> str:
    head = COMMENTS_HEAD + _channel(channel, comments=True)
    if not items:
        # The template's indentation lives inside its comment loop: none without comments.
        return head.removesuffix("\t") + FOOT.lstrip("\t")
    return head + "\t\t".join(_comment_item(i) for i in items) + FOOT
