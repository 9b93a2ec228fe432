"""Comment HTML filtering (kses) against WordPress's expected outputs, plus a safety check.

The first corpus holds classic XSS vectors with the exact output WordPress's own kses gives
for the comment allow-list (``wp_kses_data``). The safety test then parses every output of
the full comment path (stored with ``pre_comment_content``, shown with ``comment_text``) like
a browser tokenizer would, and checks it against nh3 (ammonia) configured with the same
allow-list: nothing outside the allow-list, no event handler, no script-capable URL.
"""

from __future__ import annotations

from html.parser import HTMLParser

import nh3
import pytest

from wpcompat.render import pipelines
from wpcompat.render.entities import normalize_entities
from wpcompat.render.kses import ALLOWED_TAGS, kses_hair, wp_kses, wp_kses_data, wp_rel_ugc
from wpcompat.render.protocols import ALLOWED_PROTOCOLS, kses_bad_protocol

# (input, WordPress's trimmed wp_kses_data() output)
WORDPRESS_XSS: list[tuple[str, str]] = [
    ("<SCRIPT>alert('XSS')</SCRIPT>", "alert('XSS')"),
    ("<SCRIPT>alert(String.fromCharCode(88,83,83))</SCRIPT>", "alert(String.fromCharCode(88,83,83))"),
    ("<SCRIPT SRC=http://ha.ckers.org/xss.js></SCRIPT>", ""),
    ("<BASE HREF=\"javascript:alert('XSS');//\">", ""),
    ("<BODY ONLOAD=alert('XSS')>", ""),
    ("<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">", ""),
    ("<IMG SRC='vbscript:msgbox(\"XSS\")'>", ""),
    ("'';!--\"<XSS>=&{()}", "'';!--\"=&amp;{()}"),
    (
        'exp/*<XSS STYLE=\'no\\xss:noxss("*//*");\nxss:&#101;x&#x2F;*XSS*//*/*/pression(alert("XSS"))\'>',
        "exp/*",
    ),
    (
        "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS",
        "li {list-style-image: url(\"javascript:alert('XSS')\");}XSS",
    ),
    (
        '<META HTTP-EQUIV="Link" Content="<http://ha.ckers.org/xss.css>; REL=stylesheet">',
        '&lt;META HTTP-EQUIV=&quot;Link&quot; Content=&quot;; REL=stylesheet"&gt;',
    ),
    ("<? echo('<SCR)';echo('IPT>alert(\"XSS\")</SCRIPT>'); ?>", '&lt;? echo(&#039;alert("XSS")\'); ?&gt;'),
    ("<SCRIPT SRC=http://ha.ckers.org/xss.js", "&lt;SCRIPT SRC=http://ha.ckers.org/xss.js"),
    ("<IMG SRC=\"javascript:alert('XSS')\"", "&lt;IMG SRC=&quot;javascript:alert(&#039;XSS&#039;)&quot;"),
    (
        "<IFRAME SRC=http://ha.ckers.org/scriptlet.html <",
        "&lt;IFRAME SRC=http://ha.ckers.org/scriptlet.html &lt;",
    ),
    ('<<SCRIPT>alert("XSS");//<</SCRIPT>', '&lt;alert("XSS");//&lt;'),
    ('<IMG """><SCRIPT>alert("XSS")</SCRIPT>">', 'alert("XSS")"&gt;'),
    ('<SCRIPT a=">" SRC="http://ha.ckers.org/xss.js"></SCRIPT>', '" SRC="http://ha.ckers.org/xss.js"&gt;'),
    (
        '<SCRIPT "a=\'>\'" SRC="http://ha.ckers.org/xss.js"></SCRIPT>',
        '\'" SRC="http://ha.ckers.org/xss.js"&gt;',
    ),
    ('<SCRIPT a=`>` SRC="http://ha.ckers.org/xss.js"></SCRIPT>', '` SRC="http://ha.ckers.org/xss.js"&gt;'),
    (
        '<SCRIPT a=">\'>" SRC="http://ha.ckers.org/xss.js"></SCRIPT>',
        '\'&gt;" SRC="http://ha.ckers.org/xss.js"&gt;',
    ),
    (
        '<SCRIPT>document.write("<SCRI");</SCRIPT>PT SRC="http://ha.ckers.org/xss.js"></SCRIPT>',
        'document.write("&lt;SCRI&quot;);PT SRC="http://ha.ckers.org/xss.js"&gt;',
    ),
    ('&<SCR\0IPT>alert("XSS")</SCR\0IPT>', '&amp;alert("XSS")'),
    (
        '<HEAD><META HTTP-EQUIV="CONTENT-TYPE" CONTENT="text/html; charset=UTF-7"> </HEAD>'
        "+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-",
        "+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-",
    ),
    ("<STYLE>@import'http://ha.ckers.org/xss.css';</STYLE>", "@import'http://ha.ckers.org/xss.css';"),
    (
        '<META HTTP-EQUIV="Set-Cookie" Content="USERID=<SCRIPT>alert(\'XSS\')</SCRIPT>">',
        "&lt;META HTTP-EQUIV=&quot;Set-Cookie&quot; Content=&quot;USERID=alert('XSS')\"&gt;",
    ),
    (
        "<!--#exec cmd=\"/bin/echo '<SCRIPT SRC'\"--><!--#exec cmd=\"/bin/echo '=http://ha.ckers.org/xss.js></SCRIPT>'\"-->",
        "&lt;!--#exec cmd=&quot;/bin/echo &#039;<!--#exec cmd=\"/bin/echo '=http://ha.ckers.org/xss.js&gt;'\"-->",
    ),
    ("<SCRIPT>a=/XSS/\nalert(a.source)</SCRIPT>", "a=/XSS/\nalert(a.source)"),
    (
        "<STYLE>@im\\port'\\ja\\vasc\\ript:alert(\"XSS\")';</STYLE>",
        "@im\\port'\\ja\\vasc\\ript:alert(\"XSS\")';",
    ),
    (
        '<STYLE type="text/css">BODY{background:url("javascript:alert(\'XSS\')")}</STYLE>',
        "BODY{background:url(\"javascript:alert('XSS')\")}",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), WORDPRESS_XSS)
def test_kses_matches_wordpress_on_xss_vectors(raw: str, expected: str) -> None:
    assert wp_kses_data(raw).strip(" \t\n\r\0\x0b") == expected


BAD_URLS = [
    "dummy:alert(1)", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "javascript:alert(1);",
    "javascript&#58;alert(1);", "javascript&#0058;alert(1);", "javascript&#x3A;alert(1);",
    "javascript&#X3a;alert(1);", "javascript&#x003a;alert(1);", "jav\tascript:alert(1);",
    "jav&#x09;ascript:alert(1);", "jav&#x0A;ascript:alert(1);", " &#14;  javascript:alert(1);",
    "javascript:javascript:alert(1);", "javascript&#58;javascript:alert(1);",
    "javascript:javascript&#58;alert(1);", "feed:javascript:feed:javascript:feed:javascript:alert(1)",
]  # fmt: skip


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_protocols_are_removed(url: str) -> None:
    result = kses_bad_protocol(normalize_entities(url))
    assert result in ("", "alert(1)", "alert(1);")


@pytest.mark.parametrize(
    "url", ["javascript&colon;alert(1)", "javascript&CoLon;alert(1)", "jav\tascript&COLON;alert(1);"]
)
def test_named_colon_entity_is_a_colon(url: str) -> None:
    assert kses_bad_protocol(url) in ("alert(1)", "alert(1);")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("javascript&#0000058alert(1);", "javascript&amp;#0000058alert(1);"),  # not a colon: harmless text
        ("feed:javascript:alert(1)", "feed:alert(1)"),
        ("javascript&#58alert(1)", "javascript&amp;#58alert(1)"),
    ],
)
def test_bad_protocol_edge_cases_like_wordpress(url: str, expected: str) -> None:
    assert kses_bad_protocol(normalize_entities(url)) == expected


@pytest.mark.parametrize(
    "url",
    ["http://example.org/", "https://example.org",
     "http://example.org/wp-admin/post.php?post=2&amp;action=edit", "mailto:a@b.fr", "/relative", "#frag"],
)  # fmt: skip
def test_safe_urls_are_kept(url: str) -> None:
    assert kses_bad_protocol(normalize_entities(url)) == url


def test_allowed_scheme_is_lower_cased() -> None:
    assert kses_bad_protocol("HTTP://example.org/") == "http://example.org/"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Attribute quoting is preserved; unquoted values get double quotes.
        ("<a href='https://x.fr' title='t'>x</a>", "<a href='https://x.fr' title='t'>x</a>"),
        ("<a href=https://x.fr>x</a>", '<a href="https://x.fr">x</a>'),
        # Disallowed attributes go, allowed stay; names keep their case.
        (
            '<a HREF="https://x.fr" onclick="evil()" style="x" target="_blank">x</a>',
            '<a HREF="https://x.fr">x</a>',
        ),
        ('<b class="c" id="i">x</b>', "<b>x</b>"),
        (
            '<blockquote cite="javascript:alert(1)">q</blockquote>',
            '<blockquote cite="alert(1)">q</blockquote>',
        ),
        ('<q cite="http://ok">q</q>', '<q cite="http://ok">q</q>'),
        ('<del datetime="2020-01-01">d</del>', '<del datetime="2020-01-01">d</del>'),
        # First occurrence of a duplicated attribute wins.
        ('<a href="http://a" href="javascript:x">y</a>', '<a href="http://a">y</a>'),
        # Elements outside the list disappear, their text stays.
        ("<p>para</p><div>div</div><span>s</span>", "paradivs"),
        ('<iframe src="http://x"></iframe>frame', "frame"),
        ("<svg onload=alert(1)><circle/></svg>", ""),
        ("<img src=x onerror=alert(1)>", ""),
        ('<object data="javascript:x"></object>', ""),
        # A "<" that runs into another "<" is text: the pieces left spell inert, escaped markup.
        ("<scr<script>ipt>alert(1)</scr</script>ipt>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        # Self-closing markers and nesting are kept as typed (kses never balances).
        ("<b>bold <i>both</b> italic</i>", "<b>bold <i>both</b> italic</i>"),
        ("<em>unclosed", "<em>unclosed"),
        ("<br/>", ""),
        ("<strong />", "<strong />"),
        # Text: a stray > is escaped, entities normalised, a lone < escaped.
        ("1 > 0 & 2 < 3", "1 &gt; 0 &amp; 2 &lt; 3"),
        ("&nbsp;&bogus;&#39;&#x41;&#0;", "&nbsp;&amp;bogus;&#039;&#x41;&amp;#0;"),
        # Comments survive, double dashes squeezed; one holding a tag is cut at that "<".
        ("<!-- hi -->", "<!-- hi -->"),
        ("<!-- a -- b -->", "<!-- a - b -->"),
        ("<!-- hi <script>x</script> -->", "&lt;!-- hi x --&gt;"),
        # Control characters are dropped.
        ("a\x00b\x07c", "abc"),
        ("", ""),
    ],
)
def test_wp_kses_comment_allow_list(raw: str, expected: str) -> None:
    assert wp_kses(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('<a href="http://x.fr">x</a>', '<a href="http://x.fr" rel="nofollow ugc">x</a>'),
        ("<a href='http://x.fr'>x</a>", "<a href='http://x.fr' rel=\"nofollow ugc\">x</a>"),
        ('<a href="http://x.fr" rel="me">x</a>', '<a href="http://x.fr" rel="me nofollow ugc">x</a>'),
        ('<a href="http://x.fr" rel="nofollow">x</a>', '<a href="http://x.fr" rel="nofollow ugc">x</a>'),
        ("no link", "no link"),
    ],
)
def test_wp_rel_ugc(raw: str, expected: str) -> None:
    assert wp_rel_ugc(raw) == expected


def test_wp_rel_ugc_skips_links_to_the_site_itself() -> None:
    text = '<a href="http://127.0.0.1:8080/page/">x</a> <a href="https://other.example/">y</a>'
    assert wp_rel_ugc(text, "http://127.0.0.1:8080") == (
        '<a href="http://127.0.0.1:8080/page/">x</a> <a href="https://other.example/" rel="nofollow ugc">y</a>'
    )


def test_kses_hair_keeps_quotes_and_filters_uri_attributes() -> None:
    attrs = kses_hair("href='javascript:x' title=\"t\" disabled data=1")
    assert attrs["href"].whole == "href='x'"
    assert attrs["title"].whole == 'title="t"'
    assert attrs["disabled"].vless
    assert attrs["data"].whole == 'data="1"'


# --- Safety: what the comment path outputs is inert HTML --------------------------------

XSS_CORPUS = [item[0] for item in WORDPRESS_XSS] + [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    '<a href="http://ok" onmouseover="alert(1)">x</a>',
    '<a href="http://ok"onmouseover="alert(1)">x</a>',
    "<a href='http://ok' title='x' onclick='y'>x</a>",
    '<a title="x" style="background:url(javascript:alert(1))">x</a>',
    '<abbr title="x"onmouseover=alert(1)>y</abbr>',
    "<b/onmouseover=alert(1)>x</b>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<<b>script>alert(1)<</b>/script>",
    "<scr<b>ipt>alert(1)</script>",
    '<a href="http://x">unclosed <b>tags <i>here',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    "<q cite='data:text/html,x'>q</q>",
    "<!--><script>alert(1)</script>-->",
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "javascript://%0aalert(1) and http://ok.example/path and www.example.com",
    '<a href="http://x" title="&quot;><script>alert(1)</script>">t</a>',
    "<code><script>alert(1)</script></code>",
    "<style>*{x:expression(alert(1))}</style>",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="feed:javascript:alert(1)">x</a>',
]

_TAGS = set(ALLOWED_TAGS) | {"p", "br"}  # wpautop adds paragraphs and line breaks for display
_ATTRS = {tag: set(attrs) for tag, attrs in ALLOWED_TAGS.items()}
_ATTRS["a"] = _ATTRS["a"] | {"rel"}
_URL_ATTRS = {"href", "cite"}


class _Tokens(HTMLParser):
    """Start tags with their (entity-decoded) attributes, as a browser tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted((k, v or "") for k, v in attrs))))

    handle_startendtag = handle_starttag


def _tokens(html: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tags


def _scheme_is_safe(value: str) -> bool:
    compact = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
    if ":" not in compact.split("/")[0].split("?")[0].split("#")[0]:
        return True  # relative URL, e.g. href="alert(1)" (what WordPress leaves)
    return compact.split(":", 1)[0] in ALLOWED_PROTOCOLS


@pytest.mark.parametrize("raw", XSS_CORPUS)
def test_comment_path_output_is_inert(raw: str) -> None:
    stored = pipelines.pre_comment_content(raw, unfiltered_html=False)
    shown = pipelines.comment_text(stored)
    for html in (stored, shown):
        for tag, attrs in _tokens(html):
            assert tag in _TAGS, (tag, html)
            for name, value in attrs:
                assert name in _ATTRS.get(tag, set()), (tag, name, html)
                if name in _URL_ATTRS:
                    assert _scheme_is_safe(value), (value, html)
        # nh3 with the same allow-list must not find any element or attribute to remove.
        cleaned = nh3.clean(
            html,
            tags=_TAGS,
            attributes=_ATTRS,
            url_schemes=set(ALLOWED_PROTOCOLS),
            link_rel=None,
            strip_comments=False,
        )
        assert _tokens(cleaned) == _tokens(html), (html, cleaned)
