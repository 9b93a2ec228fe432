"""The post allow-list (wp_kses_post), inline-style filtering and what an author's post saves as.

Vectors recorded from WordPress 6.1.9 itself (the oracle's install; the "author" is jdupont,
who has no unfiltered_html).
"""

from __future__ import annotations

import pytest

from wpcompat.render import pipelines
from wpcompat.render.css import safecss_filter_attr
from wpcompat.render.kses import wp_kses_post

FUNCTIONS = {
    "wp_kses_post": wp_kses_post,
    "safecss_filter_attr": safecss_filter_attr,
    "content_save_pre_author": lambda s: pipelines.content_save_pre(s, unfiltered_html=False),
    "title_save_pre_author": lambda s: pipelines.title_save_pre(s, unfiltered_html=False),
}

RECORDED: list[tuple[str, str, str]] = [
    (
        "wp_kses_post",
        "<q  class=\"\"x:y = 'é'/cite/>text</Q> <style  data-x='javascript:alert(1)' style = 'javascript:alert(1)'  data=\"vbscript:x\"1bad='background:url(javascript:x)' />text</STYLE> > ",
        "<q />text</Q> text &gt; ",
    ),
    (
        "wp_kses_post",
        "<table\ntarget/style  src='\"'>text</TABLE><!-- c --><td />'q'\n",
        "<table>text</TABLE><!-- c --><td />'q'\n",
    ),
    ("wp_kses_post", "<h2 /> <</h2> > ", "<h2 /> &lt;</h2> &gt; "),
    ("wp_kses_post", "<A/>'q'</A>", "<A />'q'</A>"),
    (
        "wp_kses_post",
        "<img</IMG><!-- c --><del style=\"javascript:alert(1)\"\ncolspan='JaVaScRiPt:x' /></del>\n<abbr\n_a=&#106;avascript:x href='http://127.0.0.1:8080/wp-content/uploads/f.pdf' />text > <b/></B> > <del\naria-label=\"a b\"  type = --v:3px data-x=jav&#x09;ascript:x/>'q'\n",
        '&lt;img</IMG><!-- c --><del /></del>\n<abbr />text &gt; <b /></B> &gt; <del aria-label="a b" data-x="jav&#x9;ascript:x/" />\'q\'\n',
    ),
    (
        "wp_kses_post",
        "<h2  x:y = 'jav&#x09;ascript:x'\nHREF='feed:javascript:x'\naria-label = \"/rel\">'q' <img align=\"&quot;><script>\">'q' > ",
        "<h2 aria-label=\"/rel\">'q' <img>\"&gt;'q' &gt; ",
    ),
    (
        "wp_kses_post",
        '<img/aria-label = \'mailto:a@b.fr\'/data-X="mailto:a@b.fr"> <</IMG><!-- c --><table /> < > <script/> <</script> <style rel="t"x" />\'q\'</STYLE> > <font/aria-label=\'--v:3px\'href="java\nscript:x"\ndata=\'--v:3px\'cite = "JaVaScRiPt:x"/>text</FONT><!-- c -->',
        "<img> &lt;</IMG><!-- c --><table />   &lt; 'q' &gt; <font />text</FONT><!-- c -->",
    ),
    ("wp_kses_post", "<b'q' ", "&lt;b&#039;q&#039; "),
    (
        "wp_kses_post",
        '<ol onclick="JaVaScRiPt:x"/> <</OL>\n<h2  loading = "background:url(javascript:x)" aria-label=\'\' src = feed:javascript:x>\'q\'</H2> > <video/href = "/rel" HREF = \'mailto:a@b.fr\' />text<!-- c --><p loading = "java\nscript:x"title="width:calc(100% - 2px)"> <</p>\n',
        "<ol /> &lt;</OL>\n<h2 aria-label=''>'q'</H2> &gt; <video />text<!-- c --><p> &lt;</p>\n",
    ),
    ("wp_kses_post", '<font\ndatetime = "mailto:a@b.fr"></FONT> > ', "<font></FONT> &gt; "),
    (
        "wp_kses_post",
        '<div> <</div><iframeloading=javascript:alert(1)\n1bad="#f">text</iframe> > ',
        "<div> &lt;</div>text &gt; ",
    ),
    (
        "wp_kses_post",
        "<fontonclick=\"\"\n1bad='x>y''q'</font><button</button>\n<strongwidth='java\nscript:x' onclick/>x & y</strong>\n<emdata-a_b = 'data:text/html,x'/title=\"width:calc(100% - 2px)\"></EM><!-- c --><A 1bad='http://ok.example/p?a=1&b=2'  id>'q'</A>\n",
        "y''q'</font>&lt;button</button>\nx &amp; y</strong>\n</EM><!-- c --><A id>'q'</A>\n",
    ),
    (
        "wp_kses_post",
        "<iframedownload='feed:javascript:x'>'q' > <img cite = \"--v:3px\">'q'</img> <blockquote/aria-label='http://127.0.0.1:8080/wp-content/uploads/f.pdf'  data-a_b=feed:javascript:x />x & y</BLOCKQUOTE>\n<video  _a='background:url(javascript:x)'text > ",
        "'q' &gt; <img>'q'</img> <blockquote data-a_b=\"feed:javascript:x\" />x &amp; y</BLOCKQUOTE>\n<video> ",
    ),
    (
        "wp_kses_post",
        '<blockquote>\'q\'</BLOCKQUOTE>\n<ol  title="java\nscript:x"\nalign = "jav&#x09;ascript:x">x & y</OL><q width="application/pdf"\nloading="a b">text</Q> > <x-y style = \'color:red\'rel = """ style = """/> <</x-y> ',
        "<blockquote>'q'</BLOCKQUOTE>\n<ol title=\"java\nscript:x\">x &amp; y</OL><q>text</Q> &gt;  &lt; ",
    ),
    ("wp_kses_post", '<ol  download = "é"> <</ol>\n', "<ol> &lt;</ol>\n"),
    ("safecss_filter_attr", "text-align: center;height:expression(1)", "text-align: center"),
    ("safecss_filter_attr", "color;--my-var:1px", "color;--my-var:1px"),
    ("safecss_filter_attr", 'font-family:"A";color', 'font-family:"A";color'),
    (
        "safecss_filter_attr",
        "a/*c*/b:1;text-align: center;text-align: center;background:url('http://x/y.png')\n",
        "text-align: center;text-align: center;background:url('http://x/y.png')",
    ),
    ("safecss_filter_attr", "--my-var:1px;float:left", "--my-var:1px;float:left"),
    (
        "safecss_filter_attr",
        "color:red;border: 1px solid rgba(0,0,0,.5);color:red;background-image:linear-gradient(red,blue)",
        "color:red;color:red;background-image:linear-gradient(red,blue)",
    ),
    ("safecss_filter_attr", 'x:y;behavior:url(x);font-family:"A";height:expression(1)\n', 'font-family:"A"'),
    (
        "safecss_filter_attr",
        "a/*c*/b:1;background-image:linear-gradient(red,blue)",
        "background-image:linear-gradient(red,blue)",
    ),
    ("safecss_filter_attr", "float:left", "float:left"),
    (
        "safecss_filter_attr",
        "background-image:linear-gradient(red,blue);margin:0 auto;color:red;color:red",
        "background-image:linear-gradient(red,blue);margin:0 auto;color:red;color:red",
    ),
    (
        "safecss_filter_attr",
        "width:calc(100% - var(--x));height:expression(1);width:calc(100% - var(--x))",
        "width:calc(100% - var(--x));width:calc(100% - var(--x))",
    ),
    (
        "safecss_filter_attr",
        "height:expression(1);width:calc(100% - var(--x));background-image:linear-gradient(red,blue)\t",
        "width:calc(100% - var(--x));background-image:linear-gradient(red,blue)",
    ),
    (
        "safecss_filter_attr",
        "color:red;--my-var:1px;background-image:linear-gradient(red,blue);margin:0 auto;",
        "color:red;--my-var:1px;background-image:linear-gradient(red,blue);margin:0 auto",
    ),
    ("safecss_filter_attr", 'font-family:"A"\t', 'font-family:"A"'),
    ("safecss_filter_attr", "color:red;text-align: center;x:y;color\n", "color:red;text-align: center;color"),
    (
        "content_save_pre_author",
        "<style cite = 'http://ok.example/p?a=1&b=2'</STYLE>\n",
        "&lt;style cite = &#039;http://ok.example/p?a=1&amp;b=2&#039;\n",
    ),
    (
        "content_save_pre_author",
        "<em cite=''datetime=\"a b\"'q' > <iframe/cite='feed:javascript:x'loading=\"color:red\"/_a/> <",
        "<em>  &lt;",
    ),
    ("content_save_pre_author", "<object/> <</object> > ", " &lt;</object> &gt; "),
    ("content_save_pre_author", "<video>x & y</video> > ", "<video>x &amp; y</video> &gt; "),
    (
        "content_save_pre_author",
        "<strong /> <</STRONG> <blockquotestyle=javascript:alert(1)id = 'width:calc(100% - 2px)'style='vbscript:x' cite='http&#58;//ok' /></blockquote>\n",
        "<strong /> &lt;</STRONG> </blockquote>\n",
    ),
    (
        "content_save_pre_author",
        "<strong_a=&quot;><script>  class></STRONG><tablerel='&#106;avascript:x' <</table><!-- c -->",
        "<strong>  class&gt;</STRONG>&lt;tablerel=&#039;&#106;avascript:x&#039; &lt;</table><!-- c -->",
    ),
    (
        "content_save_pre_author",
        "<video x:y='it's'  onclick/></VIDEO> <font  loading=\"a b\"/>text</FONT><!-- c --><x-y/>x & y</X-Y>",
        "<video /></VIDEO> <font />text</FONT><!-- c -->x &amp; y",
    ),
    (
        "content_save_pre_author",
        "<A  loading = it's/style=\" cite = '--v:3px'aria-label='color:red'> <</A> <x-y onclick=feed:javascript:x />text</x-y><!-- c -->",
        "<A> &lt;</A> text<!-- c -->",
    ),
    (
        "content_save_pre_author",
        '<style> <</style> > <q  title = \'jav&#x09;ascript:x\'  style=--v:3px><img\nwidth=\' javascript:x\'/onclick = "/rel"/>\n<del  onclick="JaVaScRiPt:x"1bad = "it\'s"x & y</del>',
        " &lt; &gt; <q title='jav&#x9;ascript:x' style=\"--v:3px\"><img />\n&lt;del  onclick=&quot;JaVaScRiPt:x&quot;1bad = &quot;it&#039;s&quot;x &amp; y</del>",
    ),
    ("content_save_pre_author", "<img></IMG>", "<img></IMG>"),
    (
        "content_save_pre_author",
        '<img>text\n<style  style=\'t"x\'/data-a_b = ""\ntype=http&#58;//ok\nrel=""" />\'q\'</STYLE> <td>x & y\n',
        "<img>text\n'q' <td>x &amp; y\n",
    ),
    (
        "content_save_pre_author",
        "<object/cite=\"javascript:alert(1)\"\ndata-X/class=x>y>'q'</object> ",
        "<object>y&gt;'q'</object> ",
    ),
    (
        "content_save_pre_author",
        "<object target='http://ok.example/p?a=1&b=2' <\n<font/data-X='&quot;><script>'>x & y</font><!-- c --><del></DEL>\n",
        "&lt;object target=&#039;http://ok.example/p?a=1&amp;b=2&#039; &lt;\n<font>'&gt;x &amp; y</font><!-- c --><del></DEL>\n",
    ),
    (
        "content_save_pre_author",
        '<b/target="javascript:alert(1)" _a/></B> <ol>x & y</ol><!-- c --><svgtext</svg><!-- c -->',
        "<b /></B> <ol>x &amp; y</ol><!-- c -->&lt;svgtext<!-- c -->",
    ),
    (
        "content_save_pre_author",
        "<font /> < > <A></A>\n<div'q'</div><img data-x = 'it's'\ndatetime='é'/data='&quot;><script>' />x & y</img><!-- c -->",
        "<font />  <A></A>\n&lt;div&#039;q&#039;</div><img>' /&gt;x &amp; y</img><!-- c -->",
    ),
    ("title_save_pre_author", "« ", "«"),
    (
        "title_save_pre_author",
        "it'swww.example.org . »\n\nWordPress https://www.finansol.org/path?x=1&y=2 wordrock'n'roll :D   ",
        "it'swww.example.org . »\n\nWordPress https://www.finansol.org/path?x=1&amp;y=2 wordrock'n'roll :D",
    ),
    (
        "title_save_pre_author",
        'sœur   \'9 sœur«  \n\n\n \'99 WordPress Wordpress ”[caption width="100"]<img src="x" width="100" height="5" /> cap[/caption] café Élodie   WordPress ',
        "sœur   '9 sœur«  \n\n\n '99 WordPress Wordpress ”[caption width=\"100\"] cap[/caption] café Élodie   WordPress",
    ),
    (
        "title_save_pre_author",
        '[/caption]\n   ” don\'t … https://ex.com/é?q=ü\n(http://en.wikipedia.org/wiki/A_(B))\n \n  [unknown a=1] :D [/caption];) l\'eau l\'eau :)\n   1999 9\'\n[caption id="attachment_1" align="alignleft" width="50" caption="Hi"]<img src="y" />[/caption] 0x12 ',
        '[/caption]\n   ” don\'t … https://ex.com/é?q=ü\n(http://en.wikipedia.org/wiki/A_(B))\n \n  [unknown a=1] :D [/caption];) l\'eau l\'eau :)\n   1999 9\'\n[caption id="attachment_1" align="alignleft" width="50" caption="Hi"][/caption] 0x12',
    ),
    (
        "title_save_pre_author",
        '”\nword — <b/> 3x4\n[caption]no width[/caption] :?:8O [caption id="attachment_1" align="alignleft" width="50" caption="Hi"]<img src="y" />[/caption]--\n',
        '”\nword — <b /> 3x4\n[caption]no width[/caption] :?:8O [caption id="attachment_1" align="alignleft" width="50" caption="Hi"][/caption]--',
    ),
    ("title_save_pre_author", "[caption]no width[/caption] » ", "[caption]no width[/caption] »"),
    (
        "title_save_pre_author",
        '? Wordpress « \n\t [caption]no width[/caption] 12":-)\'twas 12" ',
        '? Wordpress « \n\t [caption]no width[/caption] 12":-)\'twas 12"',
    ),
    (
        "title_save_pre_author",
        "https://ex.com/é?q=ü <hr>   </script>\nword--\n\r\n <figure>\n3x4 :P ",
        "https://ex.com/é?q=ü    \nword--\n\r\n \n3x4 :P",
    ),
    ("title_save_pre_author", " \ndon’t ", "don’t"),
    (
        "title_save_pre_author",
        "<!-- c --> …?\nftp.example.org\n  x\n— :-| \r\n [caption]no width[/caption]\nit's—\n</a>(http://en.wikipedia.org/wiki/A_(B))\n\n\n   [/caption]'twas ",
        "<!-- c --> …?\nftp.example.org\n  x\n— :-| \r\n [caption]no width[/caption]\nit's—\n</a>(http://en.wikipedia.org/wiki/A_(B))\n\n\n   [/caption]'twas",
    ),
    (
        "title_save_pre_author",
        "\t [caption]no width[/caption]   0x12 :P\n \n  \n[[caption]] word\n1999'99  \ndon't 1999 ",
        "[caption]no width[/caption]   0x12 :P\n \n  \n[[caption]] word\n1999'99  \ndon't 1999",
    ),
    (
        "title_save_pre_author",
        "[/caption] ”\nhttps://www.finansol.org/path?x=1&y=2 word\n",
        "[/caption] ”\nhttps://www.finansol.org/path?x=1&amp;y=2 word",
    ),
    (
        "title_save_pre_author",
        'https://www.finansol.org/path?x=1&y=2[caption width="100"]<img src="x" width="100" height="5" /> cap[/caption]\r\n <!-- c -->   don’t <!--more--> http://example.com \xa0\n;) [/caption] https://ex.com/é?q=ü ',
        'https://www.finansol.org/path?x=1&amp;y=2[caption width="100"] cap[/caption]\r\n <!-- c -->   don’t <!--more--> http://example.com \xa0\n;) [/caption] https://ex.com/é?q=ü',
    ),
    (
        "title_save_pre_author",
        "'\nx ;) &#39;\n</svg> <q cite=\"javascript:alert(1)\">   </em> [unknown a=1] 3x4 xn--abc\n<tr> word  \n9' ' \\\" </script>\nftp.example.org\n[[caption]] rock'n'roll (http://en.wikipedia.org/wiki/A_(B))” :mrgreen: » :D`` <hr> https://www.finansol.org/path?x=1&y=2 \r\n",
        "'\nx ;) &#039;\n <q cite=\"alert(1)\">   </em> [unknown a=1] 3x4 xn--abc\n word  \n9' ' \\\" \nftp.example.org\n[[caption]] rock'n'roll (http://en.wikipedia.org/wiki/A_(B))” :mrgreen: » :D``  https://www.finansol.org/path?x=1&amp;y=2",
    ),
    ("title_save_pre_author", "[[caption]]\n«  3x4 ", "[[caption]]\n«  3x4"),
]


@pytest.mark.parametrize(
    ("function", "raw", "expected"), RECORDED, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(RECORDED)]
)
def test_matches_wordpress_61(function: str, raw: str, expected: str) -> None:
    assert FUNCTIONS[function](raw) == expected


def test_pdf_objects_only_from_the_site() -> None:
    try:
        pipelines.configure(pipelines.SiteOptions(site_url="http://127.0.0.1:8080"))
        ok = '<object data="http://127.0.0.1:8080/wp-content/uploads/f.pdf" type="application/pdf"></object>'
        assert wp_kses_post(ok) == ok
        assert (
            wp_kses_post('<object data="http://evil.example/f.pdf" type="application/pdf">x</object>')
            == "<object>x</object>"
        )
    finally:
        pipelines.configure(pipelines.SiteOptions())


def test_caption_attribute_goes_through_the_post_allow_list() -> None:
    from wpcompat.render.shortcodes import do_shortcode

    raw = '[caption width="10" caption="<b>Hi</b><script>x</script>"]<img src="a" />[/caption]'
    assert do_shortcode(raw) == (
        '<figure style="width: 10px" class="wp-caption alignnone"><img src="a" />'
        '<figcaption class="wp-caption-text"><b>Hi</b>x</figcaption></figure>'
    )
