"""Atom 1.0 documents laid out as WordPress's feed-atom.php and feed-atom-comments.php write them.

The same items as the RSS 2.0 feeds (wpcompat/feeds/rss2.py), in Atom's vocabulary: `<entry>`,
`<published>`/`<updated>` in RFC 3339, `thr:` (RFC 4685) for replies.
"""

from __future__ import annotations

from wpcompat.feeds.rss2 import Channel, CommentItem, PostItem

CONTENT_TYPE = "application/atom+xml; charset=UTF-8"


def _cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"


def _head(channel: Channel, lang: str, *, comments: bool, self_link: str, feed_id: str) -> str:
    if comments:
        return (
            '<?xml version="1.0" encoding="UTF-8" ?><feed\n\txmlns="http://www.w3.org/2005/Atom"\n'
            f'\txml:lang="{lang}"\n\txmlns:thr="http://purl.org/syndication/thread/1.0"\n\t>\n'
            f'\t<title type="text">\n\t{channel.title}\t</title>\n'
            f'\t<subtitle type="text">{channel.description}</subtitle>\n\n'
            f"\t<updated>{channel.updated}</updated>\n\n"
            f'\t<link rel="alternate" type="text/html" href="{channel.link}" />\n'
            f'\t<link rel="self" type="application/atom+xml" href="{self_link}" />\n'
            f"\t<id>{feed_id}</id>\n"
            '<generator uri="https://wordpress.org/" version="6.1.9">WordPress</generator>\n'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed\n\txmlns="http://www.w3.org/2005/Atom"\n'
        f'\txmlns:thr="http://purl.org/syndication/thread/1.0"\n\txml:lang="{lang}"\n\t>\n'
        f'\t<title type="text">{channel.title}</title>\n'
        f'\t<subtitle type="text">{channel.description}</subtitle>\n\n'
        f"\t<updated>{channel.updated}</updated>\n\n"
        f'\t<link rel="alternate" type="text/html" href="{channel.link}" />\n'
        f"\t<id>{feed_id}</id>\n"
        f'\t<link rel="self" type="application/atom+xml" href="{self_link}" />\n\n'
        '\t<generator uri="https://wordpress.org/" version="6.1.9">WordPress</generator>\n'
    )


def _post_entry(item: PostItem, scheme: str) -> str:
    out = [
        "\t<entry>\n\t\t<author>\n",
        f"\t\t\t<name>{item.creator}</name>\n",
        # feed-atom.php writes <uri> only for an author with a URL; its template's indentation.
        f"\t\t\t\t\t\t\t<uri>{item.author_url}</uri>\n\t\t\t\t\t\t</author>\n\n"
        if item.author_url
        else "\t\t\t\t\t</author>\n\n",
        f'\t\t<title type="html">{_cdata(item.title)}</title>\n',
        f'\t\t<link rel="alternate" type="text/html" href="{item.link}" />\n\n',
        f"\t\t<id>{item.guid}</id>\n",
        f"\t\t<updated>{item.updated}</updated>\n",
        f"\t\t<published>{item.published}</published>\n",
        "\t\t" + "".join(f'<category scheme="{scheme}" term="{name}" />' for name in item.atom_categories) + "\n",
        f'\t\t<summary type="html">{_cdata(item.description)}</summary>\n\n',
    ]
    # rss_use_excerpt: the summary alone, as in RSS 2.0.
    if item.content and not item.excerpt_only:
        out.append(f'\t\t\t\t\t<content type="html" xml:base="{item.link}">{_cdata(item.content)}</content>\n')
    out.append("\t\t\n")
    if item.comments_link is not None and item.comments_feed_atom is not None:
        # feed-atom.php links "#comments" whatever the count (RSS 2.0's <comments> says
        # "#respond" when there is none).
        out.append(f'\t\t\t\t\t<link rel="replies" type="text/html" href="{item.link}#comments" '
                   f'thr:count="{item.comment_count}" />\n')
        out.append(f'\t\t\t<link rel="replies" type="application/atom+xml" href="{item.comments_feed_atom}" '
                   f'thr:count="{item.comment_count}" />\n')
        out.append(f"\t\t\t<thr:total>{item.comment_count}</thr:total>\n")
    out.append("\t\t\t</entry>\n")
    return "".join(out)


def _comment_entry(item: CommentItem) -> str:
    content = (
        "Protected Comments: Please enter your password to view comments." if item.protected else item.content
    )
    return (
        "\t<entry>\n"
        f"\t\t<title>\n\t\t{item.title}\t\t</title>\n"
        f'\t\t<link rel="alternate" href="{item.link}" type="text/html" />\n\n'
        f"\t\t<author>\n\t\t\t<name>{item.creator}</name>\n\t\t</author>\n\n"
        f"\t\t<id>{item.guid}</id>\n"
        f"\t\t<updated>{item.published}</updated>\n"
        f"\t\t<published>{item.published}</published>\n\n"
        f'\t\t\t\t\t<content type="html" xml:base="{item.link}">{_cdata(content)}</content>\n\t\t\n'
        f'\t\t\t\t\t<thr:in-reply-to ref="{item.post_guid}" href="{item.post_link}" type="text/html" />\n'
        "\t\t\t\t</entry>\n"
    )


def posts_feed(channel: Channel, items: list[PostItem], *, lang: str, feed_id: str, scheme: str) -> str:
    # The templates' loop leaves a tab after each </entry>: every entry after the first starts
    # with two.
    body = "\t".join(_post_entry(i, scheme) for i in items)
    return _head(channel, lang, comments=False, self_link=channel.self_link, feed_id=feed_id) + body + "\t</feed>\n"


def comments_feed(channel: Channel, items: list[CommentItem], *, lang: str, feed_id: str) -> str:
    body = "\t".join(_comment_entry(i) for i in items)
    return _head(channel, lang, comments=True, self_link=channel.self_link, feed_id=feed_id) + body + "\t</feed>\n"
