"""make_clickable, smilies and the small character filters."""

from __future__ import annotations

import pytest

from wpcompat.render.chars import capital_P_dangit, convert_chars, convert_invalid_entities
from wpcompat.render.clickable import make_clickable
from wpcompat.render.smilies import convert_smilies


def _link(url: str, rel: str = "nofollow") -> str:
    return f'<a href="{url}" rel="{rel}">{url}</a>'


WP = "http://wordpress.org"
WIKI = "http://en.wikipedia.org/wiki/PC_Tools_(Central_Point_Software)"

CLICKABLE: list[tuple[str, str]] = [
    ("foo.bar@example.com", '<a href="mailto:foo.bar@example.com">foo.bar@example.com</a>'),
    ("0@example.com", '<a href="mailto:0@example.com">0@example.com</a>'),
    ("foo@example", "foo@example"),
    ("foo @example.com", "foo @example.com"),
    (
        'testzzz@"STYLE="behavior:url(\'#default#time2\')"onBegin="alert(\'refresh-XSS\')"',
        'testzzz@"STYLE="behavior:url(\'#default#time2\')"onBegin="alert(\'refresh-XSS\')"',
    ),
    (f"{WP}/hello.html", _link(f"{WP}/hello.html")),
    (f"There was a spoon named {WP}. Alice!", f"There was a spoon named {_link(WP)}. Alice!"),
    (f"There was a spoon named {WP}:", f"There was a spoon named {_link(WP)}:"),
    (f"There was a spoon named ({WP})x", f"There was a spoon named ({_link(WP)})x"),
    ("www.wordpress.org", _link("http://www.wordpress.org")),
    ("named www.wordpress.org) said", f"named {_link('http://www.wordpress.org')}) said"),
    ("http://bg.wikipedia.org/Баба", _link("http://bg.wikipedia.org/Баба")),
    ("http://example.com/?a=баба&b=дядо", _link("http://example.com/?a=баба&#038;b=дядо")),
    (f"({WIKI})", f"({_link(WIKI)})"),
    (f"blah {WIKI}) blah", f"blah {_link(WIKI)}) blah"),
    (f"blah {WIKI}.)moreurl blah", f"blah {_link(WIKI)}.)moreurl blah"),
    (
        "tweet http://twitter.com/#!/wordpress/status/1!",
        f"tweet {_link('http://twitter.com/#!/wordpress/status/1')}!",
    ),
    ("URL wrapped <http://example.com/>", f"URL wrapped <{_link('http://example.com/')}>"),
    ("mailto wrapped <foo@example.com>", "mailto wrapped <foo@example.com>"),
    ("Comma then URL,http://example.com/", f"Comma then URL,{_link('http://example.com/')}"),
    ("<img src='http://x/smile.gif' alt=':)'>", "<img src='http://x/smile.gif' alt=':)'>"),
    (
        '<a href="http://example.com/x.gif" title="Image from http://example.com">Look</a>',
        '<a href="http://example.com/x.gif" title="Image from http://example.com">Look</a>',
    ),
    (
        "<code>http://example.com/</code> http://b.example/",
        f"<code>http://example.com/</code> {_link('http://b.example/')}",
    ),
    ("javascript://%0aalert(1)", "javascript://%0aalert(1)"),
    ("Voir https://www.finansol.org pour", f"Voir {_link('https://www.finansol.org')} pour"),
]


@pytest.mark.parametrize(("raw", "expected"), CLICKABLE)
def test_make_clickable_61(raw: str, expected: str) -> None:
    assert make_clickable(raw) == expected


def test_make_clickable_in_comments_adds_ugc() -> None:
    assert make_clickable("see http://x.example/", in_comment=True) == (
        'see <a href="http://x.example/" rel="nofollow ugc">http://x.example/</a>'
    )


def test_make_clickable_current_wordpress_skips_nofollow_on_internal_links() -> None:
    text = "http://127.0.0.1:8080/a/ and https://ext.example/"
    assert make_clickable(text, legacy_61=False, home_url="http://127.0.0.1:8080") == (
        '<a href="http://127.0.0.1:8080/a/">http://127.0.0.1:8080/a/</a> and '
        '<a href="https://ext.example/" rel="nofollow">https://ext.example/</a>'
    )
    assert make_clickable("ftp://files.example/x", legacy_61=False, in_comment=True) == (
        '<a href="ftp://files.example/x" rel="ugc">ftp://files.example/x</a>'
    )


SMILIES: list[tuple[str, str]] = [
    (":)", "\U0001f642"),
    (":-)", "\U0001f642"),
    ("Bonne synthèse :-)\nVoir", "Bonne synthèse \U0001f642\nVoir"),
    (
        "a :) b ;-) c :D d :P e 8-) f :cry:",
        "a \U0001f642 b \U0001f609 c \U0001f600 d \U0001f61b e \U0001f60e f \U0001f625",
    ),
    (":???: :?: :?", "\U0001f615 \u2753 \U0001f615"),
    (":!: :arrow:", "\u2757 \u27a1"),
    ("&nbsp;:)&nbsp;", "&nbsp;\U0001f642&nbsp;"),
    ("\u00a0:)", "\u00a0\U0001f642"),
    ("x:) :)x (:)", "x:) :)x (:)"),  # a smiley must stand alone
    ("8)", "8)"),  # deliberately not in the table
    ("<p>:)</p>", "<p>\U0001f642</p>"),  # each text piece is matched alone: a tag is a boundary
    ("<p> :) </p>", "<p> \U0001f642 </p>"),
    ("<code> :) </code> :)", "<code> :) </code> \U0001f642"),
    ("<pre> :) </pre><textarea> :) </textarea> :)", "<pre> :) </pre><textarea> :) </textarea> \U0001f642"),
    ('<img alt=" :) ">', '<img alt=" :) ">'),
    (
        ":mrgreen:",
        '<img src="/wp-includes/images/smilies/mrgreen.png" alt=":mrgreen:" class="wp-smiley" '
        'style="height: 1em; max-height: 1em;" />',
    ),
]


@pytest.mark.parametrize(("raw", "expected"), SMILIES)
def test_convert_smilies(raw: str, expected: str) -> None:
    assert convert_smilies(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a & b", "a &#038; b"),
        ("&amp; &nbsp; &#8217; &#x41;", "&amp; &nbsp; &#8217; &#x41;"),
        ("AT&T", "AT&#038;T"),
        ("&", "&"),  # needs a following character
        ("Questions &amp; réponses", "Questions &amp; réponses"),
    ],
)
def test_convert_chars(raw: str, expected: str) -> None:
    assert convert_chars(raw) == expected


def test_capital_p_dangit() -> None:
    assert capital_P_dangit("I love Wordpress and (Wordpress) >Wordpress") == (
        "I love WordPress and (WordPress) >WordPress"
    )
    assert capital_P_dangit("Wordpress at start") == "Wordpress at start"
    assert capital_P_dangit("Wordpress at start", title=True) == "WordPress at start"
    assert capital_P_dangit("&#8220;Wordpress&#8221;") == "&#8220;WordPress&#8221;"


def test_convert_invalid_entities() -> None:
    assert (
        convert_invalid_entities("&#128; &#133; &#151; &#129; &#159; &#160;")
        == "&#8364; &#8230; &#8212;  &#376; &#160;"
    )
