"""wpautop and shortcode_unautop: WordPress 6.1's paragraphs and line breaks."""

from __future__ import annotations

import pytest

from wpcompat.render.autop import wpautop
from wpcompat.render.shortcodes import shortcode_unautop

CASES: list[tuple[str, str]] = [
    ("", ""),
    ("   \n\t", ""),
    ("Hello", "<p>Hello</p>\n"),
    ("Line 1\nLine 2", "<p>Line 1<br />\nLine 2</p>\n"),
    ("Para 1\n\nPara 2", "<p>Para 1</p>\n<p>Para 2</p>\n"),
    ("Para 1\r\n\r\nPara 2\r\nLine", "<p>Para 1</p>\n<p>Para 2<br />\nLine</p>\n"),
    ("a<br>b<br/>c", "<p>a<br />b<br />c</p>\n"),
    ("a<br /><br />b", "<p>a</p>\n<p>b</p>\n"),
    ("<p>Texte</p><!--more--><p>Suite</p>", "<p>Texte</p>\n<p><!--more--></p>\n<p>Suite</p>\n"),
    ("Intro\n<!--more-->\nSuite", "<p>Intro<br />\n<!--more--><br />\nSuite</p>\n"),
    ("<div>text</div>", "<div>text</div>\n"),
    ("<div>\ntext\n</div>", "<div>\ntext\n</div>\n"),
    ("<blockquote>Quote</blockquote>", "<blockquote><p>Quote</p></blockquote>\n"),
    ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
    ("<h2>Title</h2>\ntext", "<h2>Title</h2>\n<p>text</p>\n"),
    ("text<hr>more", "<p>text</p>\n<hr>\n<p>more</p>\n"),
    # Newlines inside tags and comments are kept, not turned into <br />.
    ('<a\nhref="x">y</a>', '<p><a\nhref="x">y</a></p>\n'),
    ("<!-- a\nb -->", "<p><!-- a\nb --></p>\n"),
    # script/style keep their newlines.
    ("<script>a\nb</script>", "<p><script>a\nb</script></p>\n"),
    ("<style>a\nb</style>", "<style>a\nb</style>\n"),
    # <pre> is set aside untouched.
    (
        "Look\n\n<pre>Line1<br />Line2\nLine 3</pre>\n\nCool",
        "<p>Look</p>\n<pre>Line1<br />Line2\nLine 3</pre>\n<p>Cool</p>\n",
    ),
    ("<pre>\n\na\n</pre>", "<pre>\n\na\n</pre>\n"),
    # A no-break space is not whitespace (PHP's \s has no /u flag).
    ("a\u00a0\n\u00a0\nb", "<p>a\u00a0<br />\n\u00a0<br />\nb</p>\n"),
    (
        'Username: <input type="text" /><br />Password: <input type="password" />',
        '<p>Username: <input type="text" /><br />Password: <input type="password" /></p>\n',
    ),
    (
        'Country: <select id="s"><option value="1">A</option>\n<option value="2">B</option></select>',
        '<p>Country: <select id="s"><option value="1">A</option><option value="2">B</option></select></p>\n',
    ),
    (
        '<figure><img src="x" />\n<figcaption>C</figcaption></figure>',
        '<figure><img src="x" /><figcaption>C</figcaption></figure>\n',
    ),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_wpautop(raw: str, expected: str) -> None:
    assert wpautop(raw) == expected


def test_wpautop_without_br() -> None:
    assert wpautop("a\nb", br=False) == "<p>a\nb</p>\n"


def test_source_and_track_are_not_wrapped() -> None:
    raw = (
        "Paragraph one.\n\n"
        '<video class="v" controls="controls">\n\t<source type="video/mp4" src="x.mp4" />\n'
        '\t<!-- note -->\n\t<track kind="subtitles" src="s.srt" />\n\t<a href="x.mp4">x.mp4</a>\n</video>'
        "\n\nParagraph two."
    )
    expected = (
        "<p>Paragraph one.</p>\n"
        '<p><video class="v" controls="controls"><source type="video/mp4" src="x.mp4" />'
        '<!-- note --><track kind="subtitles" src="s.srt" /><a href="x.mp4">x.mp4</a></video></p>\n'
        "<p>Paragraph two.</p>\n"
    )
    assert wpautop(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('<p>[gallery ids="1,2"]</p>\n', '[gallery ids="1,2"]\n'),
        (
            '<p>[caption width="300"]<img src="x" /> Text[/caption]</p>\n',
            '[caption width="300"]<img src="x" /> Text[/caption]\n',
        ),
        ("<p>&nbsp;[embed]http://x[/embed] </p>", "[embed]http://x[/embed]"),
        ("<p>[unknown]</p>", "<p>[unknown]</p>"),
        ("<p>[gallery] and text</p>", "<p>[gallery] and text</p>"),
    ],
)
def test_shortcode_unautop(raw: str, expected: str) -> None:
    assert shortcode_unautop(raw) == expected


BLOCKS = [
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "address",
    "math",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "details",
    "menu",
    "summary",
]
INLINES = "a em strong small s cite q dfn abbr data time code var samp kbd sub sup i b u mark span del ins noscript select"


def test_block_elements_are_not_wrapped() -> None:
    content = [f"<{b}>foo</{b}>" for b in BLOCKS]
    expected = "\n".join(content)
    assert wpautop("\n\n".join(content)).strip() == expected
    assert wpautop("".join(content)).strip() == expected
    assert wpautop("".join(f"<{b}/>" for b in BLOCKS)).strip() == "\n".join(f"<{b}/>" for b in BLOCKS)
    with_attr = [f"<{b} attr='value'>foo</{b}>" for b in BLOCKS]
    assert wpautop("".join(with_attr)).strip() == "\n".join(with_attr)


def test_inline_elements_are_wrapped() -> None:
    names = INLINES.split()
    content = "\n\n".join(f"<{n}>foo</{n}>" for n in names)
    assert wpautop(content).strip() == "\n".join(f"<p><{n}>foo</{n}></p>" for n in names)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hello <a\nhref='world'>", "<p>Hello <a\nhref='world'></p>\n"),
        (
            "Hello <!-- <object>\n<param>\n<embed>\n</embed>\n</object>\n -->",
            "<p>Hello <!-- <object>\n<param>\n<embed>\n</embed>\n</object>\n --></p>\n",
        ),
        (
            "Hello <![CDATA[ a\nhttps://youtu.be/x\n ]]>",
            "<p>Hello <![CDATA[ a\nhttps://youtu.be/x\n ]]></p>\n",
        ),
        ("Hello <![CDATA[ <!-- a\nb\n9 --> a\n9 ]]>", "<p>Hello <![CDATA[ <!-- a\nb\n9 --> a\n9 ]]></p>\n"),
        (
            "\nline 1<br>\nline 2<br/>\nline 3<br />\nline 4\nline 5\n",
            "<p>line 1<br />\nline 2<br />\nline 3<br />\nline 4<br />\nline 5</p>\n",
        ),
        ("\nline 1<br>\n<br/>\nline 2<br/>\n<br />\n", "<p>line 1</p>\n<p>line 2</p>\n"),
        ("a<div>b</div>", "<p>a</p>\n<div>b</div>\n"),
        (
            '<figure>\n<img src="example.jpg" />\n<figcaption>Caption</figcaption>\n</figure>',
            '<figure>\n<img src="example.jpg" /><figcaption>Caption</figcaption></figure>\n',
        ),
        ("paragraph1<hr>paragraph2", "<p>paragraph1</p>\n<hr>\n<p>paragraph2</p>\n"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg">\n\t<circle cx="5"/>\n</svg>',
            '<p><svg xmlns="http://www.w3.org/2000/svg">\n\t<circle cx="5"/>\n</svg></p>\n',
        ),
        (
            '<script type="text/javascript">\n\tvar dummy = 1;\n</script>',
            '<p><script type="text/javascript">\n\tvar dummy = 1;\n</script></p>\n',
        ),
    ],
)
def test_element_sanity(raw: str, expected: str) -> None:
    assert wpautop(raw) == expected
