"""wptexturize: input → output pairs that WordPress 6.1 produces (en_US strings)."""

from __future__ import annotations

import pytest

from wpcompat.render.texturize import wptexturize

NBSP = "\u00a0"

CASES: list[tuple[str, str]] = [
    # Dashes, ellipsis, (tm), ``''.
    ("Hey -- boo?", "Hey &#8212; boo?"),
    ('<a href="http://xx--xx">Hey -- boo?</a>', '<a href="http://xx--xx">Hey &#8212; boo?</a>'),
    ("word --- word", "word &#8212; word"),
    ("word---word", "word&#8212;word"),
    ("word--word", "word&#8211;word"),
    ("word - word", "word &#8211; word"),
    ("word-word", "word-word"),
    ("wordxn--word", "wordxn--word"),
    ("- -", "&#8211; &#8211;"),
    ("-- --", "&#8212; &#8212;"),
    (f"{NBSP}--{NBSP}", f"{NBSP}&#8212;{NBSP}"),
    ("&nbsp;-&nbsp;", "&nbsp;&#8211;&nbsp;"),
    ("word...word", "word&#8230;word"),
    ("word `` word", "word &#8220; word"),
    ("word '' word", "word &#8221; word"),
    ("word (tm)word", "word &#8482;word"),
    ("word(tm) word", "word(tm) word"),
    # Quotes and apostrophes.
    ('("test")', "(&#8220;test&#8221;)"),
    ("('twas)", "(&#8217;twas)"),
    (" 'test's quoted' ", " &#8216;test&#8217;s quoted&#8217; "),
    (' "test\'s quoted" ', " &#8220;test&#8217;s quoted&#8221; "),
    ("'test's'", "&#8216;test&#8217;s&#8217;"),
    ("Class of '99's", "Class of &#8217;99&#8217;s"),
    ("'Class of '99'", "&#8216;Class of &#8217;99&#8217;"),
    ("'Class of '99&#8217;s'", "&#8216;Class of &#8217;99&#8217;s&#8217;"),
    ('}"Class of \'99"{', "}&#8221;Class of &#8217;99&#8243;{"),
    ("WordPress 3.5's release date", "WordPress 3.5&#8217;s release date"),
    ("word '999 word", "word &#8216;999 word"),
    ("word '99% word", "word &#8216;99% word"),
    ("word '99.' word", "word &#8217;99.&#8217; word"),
    ("in '4 years, 3 months,' Obama", "in &#8216;4 years, 3 months,&#8217; Obama"),
    ("testing's '4' through 'quotes'", "testing&#8217;s &#8216;4&#8217; through &#8216;quotes&#8217;"),
    ("word <'word word", "word <'word word"),
    ("word &lt;'word word", "word &lt;&#8216;word word"),
    ("word\"'word word", "word&#8221;&#8216;word word"),
    ("word'< word", "word&#8217;< word"),
    ("word'[ word", "word'[ word"),
    ('word word"&gt; word', "word word&#8221;&gt; word"),
    ('word"word"word', "word&#8221;word&#8221;word"),
    ('word "99 word', "word &#8220;99 word"),
    ('&nbsp;"Testing"', "&nbsp;&#8220;Testing&#8221;"),
    (f'stop.{NBSP}{NBSP}"A quote."', f"stop.{NBSP}{NBSP}&#8220;A quote.&#8221;"),
    ("Contraction: \u03a0's", "Contraction: \u03a0&#8217;s"),
    ("word 'tain't word", "word &#8217;tain&#8217;t word"),
    ("word 'em word", "word &#8217;em word"),
    ('word---"quote"', "word&#8212;&#8220;quote&#8221;"),
    ("'quote'--word", "&#8216;quote&#8217;&#8211;word"),
    # Primes.
    ("9'", "9&#8242;"),
    ('a 9" b', "a 9&#8243; b"),
    ("word 99'word", "word 99&#8217;word"),
    (
        "according to our source, '33 students scored less than 50' on the test.",
        "according to our source, &#8217;33 students scored less than 50&#8242; on the test.",
    ),
    (
        "\"a 9' plus a '9', maybe a 9' '9'\"",
        "&#8220;a 9&#8242; plus a &#8216;9&#8217;, maybe a 9&#8242; &#8216;9&#8217;&#8221;",
    ),
    (
        "<p>'99<br />'123'<br />'tis<br />'s'</p>",
        "<p>&#8217;99<br />&#8216;123&#8217;<br />&#8217;tis<br />&#8216;s&#8217;</p>",
    ),
    # Multiplication.
    ("12x34", "12&#215;34"),
    ("-123x1=-123", "-123&#215;1=-123"),
    ("-123x-1", "-123x-1"),
    ("0.675x1=0.675", "0.675&#215;1=0.675"),
    ("0x70", "0x70"),
    ("9 x 9", "9 x 9"),
    ("3x2x1x0", "3x2x1x0"),
    # Ampersands.
    ("word & word", "word &#038; word"),
    ("word &nbsp; word", "word &nbsp; word"),
    ("word &#xabc; word", "word &#xabc; word"),
    ("word &# word", "word &#038;# word"),
    ("word &44; word", "word &44; word"),
    ("word &&amp; word", "word &#038;&amp; word"),
    ("word &", "word &#038;"),
    # No-texturize elements, comments, shortcodes.
    ("<pre>---&</pre>", "<pre>---&</pre>"),
    ('<code>href="baba"</code> "baba"', '<code>href="baba"</code> &#8220;baba&#8221;'),
    (
        '<pre>"baba"<code>"baba"<pre></pre></code>"baba"</pre>',
        '<pre>"baba"<code>"baba"<pre></pre></code>"baba"</pre>',
    ),
    ('<pre></code>"baba"</pre>', '<pre></code>"baba"</pre>'),
    ("& <script>&&</script>", "&#038; <script>&&</script>"),
    ("<PRE>--</PRE>", "<PRE>&#8212;</PRE>"),  # tag names are matched case-sensitively
    ("<!--[if !IE]>--><!--<![endif]-->", "<!--[if !IE]>--><!--<![endif]-->"),
    ("a<!-- <!-- c --> -->b<!-- close -->", "a<!-- <!-- c --> &#8211;>b<!-- close -->"),
    ("<!-- ...", "<!-- ..."),
    ("...<!-- ... -->...", "&#8230;<!-- ... -->&#8230;"),
    ("[ ... ]", "[ &#8230; ]"),
    (
        '[caption - is it wise to <a title="x ] y"> maybe </a> ]',
        '[caption &#8211; is it wise to <a title="x ] y"> maybe </a> ]',
    ),
    (
        '[photos by <a href="http://example.com/?a[]=1&a[]=2"> this guy & that guy </a>]',
        '[photos by <a href="http://example.com/?a[]=1&#038;a[]=2"> this guy &#038; that guy </a>]',
    ),
    ("[gallery ...]", "[gallery ...]"),
    ("[[gallery]]...[[/gallery]]", "[[gallery]]&#8230;[[/gallery]]"),
    ("[gallery ...", "[gallery &#8230;"),
    ("[gallery <br ... /> ...]", "[gallery <br ... /> ...]"),
    ("[gallery ...]...<!-- ... -->...<br ... />", "[gallery ...]&#8230;<!-- ... -->&#8230;<br ... />"),
    ('[ do texturize "[quote]" here ]', "[ do texturize &#8220;[quote]&#8221; here ]"),
    ("<> ... < ... > ... <>", "<> &#8230; < ... > &#8230; <>"),
    (
        'word <img src="http://example.com/image-300x216.gif" /> word',
        'word <img src="http://example.com/image-300x216.gif" /> word',
    ),
    ("[unknown 'x'] it's", "[unknown &#8216;x&#8217;] it&#8217;s"),
    # Unicode text passes through untouched.
    ("Les coopératives d’habitants… « L’union »", "Les coopératives d’habitants… « L’union »"),
    ("", ""),
    ("0", "0"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_wptexturize(raw: str, expected: str) -> None:
    assert wptexturize(raw) == expected
