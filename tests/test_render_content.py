"""Shortcodes, blocks, balanceTags, excerpts and the per-field pipelines."""

from __future__ import annotations

import pytest

from wpcompat.render import pipelines
from wpcompat.render.balance import force_balance_tags
from wpcompat.render.blocks import do_blocks, excerpt_remove_blocks, parse_blocks
from wpcompat.render.content_tags import wp_filter_content_tags, wp_targeted_link_rel
from wpcompat.render.excerpt import get_the_content_teaser, wp_trim_words
from wpcompat.render.shortcodes import (
    add_shortcode,
    do_shortcode,
    remove_shortcode,
    shortcode_parse_atts,
    strip_shortcodes,
)

# --- shortcodes ----------------------------------------------------------------------------


def test_parse_atts() -> None:
    assert shortcode_parse_atts(' id="1" Size=\'large\' columns=3 "pos" flag') == {
        "id": "1", "size": "large", "columns": "3", 0: "pos", 1: "flag",
    }  # fmt: skip
    assert shortcode_parse_atts(' title="a <b open"') == {"title": ""}  # an unclosed tag is rejected
    assert shortcode_parse_atts(' title="<b>ok"') == {"title": "<b>ok"}
    assert shortcode_parse_atts("") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('before [gallery ids="1,2"] after', "before  after"),
        ("[caption]inner[/caption]", ""),
        ("[[gallery]] is how you write it", "[gallery] is how you write it"),
        ("[unknown]text[/unknown]", "[unknown]text[/unknown]"),
        ("<!-- [gallery] -->", "<!-- [gallery] -->"),
        ('<a title="[gallery]">x</a>', '<a title="[gallery]">x</a>'),
        ("no brackets", "no brackets"),
    ],
)
def test_strip_shortcodes(raw: str, expected: str) -> None:
    assert strip_shortcodes(raw) == expected


def test_caption_shortcode_renders_html5_figure() -> None:
    raw = '[caption id="attachment_24" align="aligncenter" width="300"]<img src="x.png" width="300" /> Légende[/caption]'
    assert do_shortcode(raw) == (
        '<figure id="attachment_24" aria-describedby="caption-attachment-24" style="width: 300px" '
        'class="wp-caption aligncenter"><img src="x.png" width="300" />'
        '<figcaption id="caption-attachment-24" class="wp-caption-text">Légende</figcaption></figure>'
    )


def test_caption_without_width_returns_the_content() -> None:
    assert do_shortcode('[caption]<img src="x" /> text[/caption]') == '<img src="x" />'


def test_registered_handler_and_escaping() -> None:
    add_shortcode("hello", lambda atts, content, tag: f"<b>{content or 'hi'}</b>")
    try:
        assert do_shortcode("[hello /] [hello]you[/hello] [[hello]]") == "<b>hi</b> <b>you</b> [hello]"
        # An opening tag takes everything up to the next closing tag, nested openers included.
        assert do_shortcode("[hello] [hello]you[/hello]") == "<b> [hello]you</b>"
        assert do_shortcode("&#91;hello&#93; [hello]") == "&#091;hello&#093; <b>hi</b>"
    finally:
        remove_shortcode("hello")
    assert do_shortcode("[hello]") == "[hello]"


def test_media_shortcodes_stay_as_text() -> None:
    assert do_shortcode('[video src="x.mp4"]') == '[video src="x.mp4"]'
    assert do_shortcode('[gallery ids="1"]') == ""


# --- blocks ---------------------------------------------------------------------------------


def test_parse_blocks_tree() -> None:
    raw = (
        '<!-- wp:group {"layout":{"type":"constrained"}} --><div class="g">'
        "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->"
        "<!-- wp:separator /--></div><!-- /wp:group -->\n\nfree"
    )
    blocks = parse_blocks(raw)
    assert [b.name for b in blocks] == ["core/group", None]
    group = blocks[0]
    assert group.attrs == {"layout": {"type": "constrained"}}
    assert [b.name for b in group.inner_blocks] == ["core/paragraph", "core/separator"]
    assert group.inner_content == ['<div class="g">', None, None, "</div>"]
    assert blocks[1].inner_html == "\n\nfree"


def test_do_blocks_removes_delimiters_only() -> None:
    raw = '<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:my-plugin/thing {"a":1} /-->'
    assert do_blocks(raw) == "\n<p>x</p>\n\n\n"
    assert do_blocks("<p>classic</p>") == "<p>classic</p>"


def test_excerpt_remove_blocks_keeps_text_blocks() -> None:
    raw = (
        "<!-- wp:paragraph --><p>kept</p><!-- /wp:paragraph -->"
        '<!-- wp:image --><figure><img src="x"/></figure><!-- /wp:image -->'
        "<!-- wp:columns --><div><!-- wp:column --><div><!-- wp:heading --><h2>deep</h2>"
        "<!-- /wp:heading --></div><!-- /wp:column --></div><!-- /wp:columns -->"
    )
    assert excerpt_remove_blocks(raw) == "<p>kept</p><h2>deep</h2>"


# --- balance --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>open", "<b>open</b>"),
        ("</b>stray", "stray"),
        ("<b><i>x</b>", "<b><i>x</i></b>"),
        ("<p>a<p>b", "<p>a</p><p>b</p>"),
        ("<div><div>nested", "<div><div>nested</div></div>"),
        ("<br><hr/><img src='x'>", "<br /><hr /><img src='x'/>"),  # no space added before the slash
        ("<span/>", "<span></span>"),
        ("I <3 WP", "I &lt;3 WP"),
        ("< !-- not a comment", "< !-- not a comment"),
        ("<B>Up</B>", "<b>Up</b>"),
        ("<my-element>x", "<my-element>x</my-element>"),
        ("no tags", "no tags"),
    ],
)
def test_force_balance_tags(raw: str, expected: str) -> None:
    assert force_balance_tags(raw) == expected


# --- content tags ---------------------------------------------------------------------------


def test_content_tags_lazy_and_async() -> None:
    html = '<img src="a.png" width="10" height="10" /><img src="b.png" /><iframe src="v" width="1" height="1"></iframe>'
    assert wp_filter_content_tags(html) == (
        '<img decoding="async" loading="lazy" src="a.png" width="10" height="10" />'
        '<img decoding="async" src="b.png" />'
        '<iframe loading="lazy" src="v" width="1" height="1"></iframe>'
    )
    assert wp_filter_content_tags('<img loading="eager" decoding="sync" src="a" />') == (
        '<img loading="eager" decoding="sync" src="a" />'
    )


def test_targeted_link_rel() -> None:
    assert wp_targeted_link_rel('<a href="x" target="_blank">y</a>') == (
        '<a href="x" target="_blank" rel="noopener">y</a>'
    )
    assert wp_targeted_link_rel('<a href="x" target="_blank" rel="me">y</a>') == (
        '<a href="x" target="_blank" rel="me noopener">y</a>'
    )
    assert wp_targeted_link_rel('<a href="x">y</a>') == '<a href="x">y</a>'


# --- excerpts -------------------------------------------------------------------------------


def test_wp_trim_words() -> None:
    text = " ".join(f"w{i}" for i in range(60))
    assert wp_trim_words(text, 55, " [&hellip;]") == " ".join(f"w{i}" for i in range(55)) + " [&hellip;]"
    assert wp_trim_words("<p>a\n\nb</p>  c", 55) == "a b c"
    assert wp_trim_words("one two", 2) == "one two"


def test_teaser_stops_at_more_and_balances() -> None:
    assert get_the_content_teaser("<p><b>intro<!--more-->rest</b></p>") == "<p><b>intro</b></p>"
    assert get_the_content_teaser("no more tag") == "no more tag"
    assert get_the_content_teaser("a<!--more Read on-->b") == "a"


def test_generated_excerpt() -> None:
    content = "<p>" + " ".join(["mot"] * 60) + "</p>"
    assert pipelines.the_excerpt("", content) == "<p>" + " ".join(["mot"] * 55) + " [&hellip;]</p>\n"
    assert pipelines.the_excerpt("", '[gallery ids="1"]<p>Court & bref.</p>') == "<p>Court &#038; bref.</p>\n"
    assert pipelines.the_excerpt("Manuel :)", "ignored") == "<p>Manuel \U0001f642</p>\n"
    assert pipelines.the_excerpt("  ", "<p>From content</p>") == "<p>From content</p>\n"


# --- pipelines ------------------------------------------------------------------------------


def test_the_content_classic_post() -> None:
    raw = 'Premier paragraphe -- avec "guillemets"...\n\nSecond :-)\n<!--more-->\n[embed]https://video.example/v[/embed]'
    assert pipelines.the_content(raw) == (
        "<p>Premier paragraphe &#8212; avec &#8220;guillemets&#8221;&#8230;</p>\n"
        "<p>Second \U0001f642<br />\n<!--more--><br />\n"
        '<a href="https://video.example/v">https://video.example/v</a></p>\n'
    )


def test_the_content_block_post_is_not_autop() -> None:
    raw = "<!-- wp:paragraph -->\n<p>It's done</p>\n<!-- /wp:paragraph -->\n\nloose line"
    assert pipelines.the_content(raw) == "\n<p>It&#8217;s done</p>\n\n\nloose line"


def test_the_content_caption_after_autop() -> None:
    raw = '[caption width="100"]<img src="x" width="100" height="50" /> Hi[/caption]\n\nText'
    assert pipelines.the_content(raw) == (
        '<figure style="width: 100px" class="wp-caption alignnone">'
        '<img decoding="async" loading="lazy" src="x" width="100" height="50" />'
        '<figcaption class="wp-caption-text">Hi</figcaption></figure>\n<p>Text</p>\n'
    )


def test_the_content_legacy_switch_moves_content_tags_after_shortcodes() -> None:
    raw = '[caption width="100"]<img src="x" width="100" height="50" /> Hi[/caption]'
    assert 'decoding="async" loading="lazy"' in pipelines.the_content(raw, legacy_61=True)
    assert 'decoding="async" loading="lazy"' in pipelines.the_content(raw, legacy_61=False)


def test_the_title() -> None:
    assert pipelines.the_title("  Wordpress & co's  ") == "WordPress &#038; co&#8217;s"
    assert pipelines.the_title("Notes", private=True) == "Private: Notes"
    assert pipelines.the_title("Notes", private=True, legacy_61=False) == "Notes"


def test_comment_text_full_chain() -> None:
    raw = "Voir http://x.example et <b>gras\n\nWordpress c'est :)"
    assert pipelines.comment_text(raw) == (
        '<p>Voir <a href="http://x.example" rel="nofollow ugc">http://x.example</a> et <b>gras</p>\n'
        "<p>WordPress c&#8217;est \U0001f642</b></p>\n"
    )


def test_pre_comment_content_for_admins_keeps_html() -> None:
    raw = "<script>x()</script> <a href='http://e.example' target='_blank'>l</a> &#150;"
    # noopener (priority 10) comes first; wp_rel_ugc (15) then rewrites the attributes it merges.
    assert pipelines.pre_comment_content(raw, unfiltered_html=True) == (
        '<script>x()</script> <a href="http://e.example" target="_blank" rel="noopener nofollow ugc">l</a> &#8211;'
    )


def test_pre_comment_content_for_others() -> None:
    raw = "<p onclick='x()'>Bravo</p> <a href=\"javascript:alert(1)\">lien</a> &#150;"
    assert pipelines.pre_comment_content(raw, unfiltered_html=False) == (
        'Bravo <a href="alert(1)" rel="nofollow ugc">lien</a> &#8211;'
    )


def test_pipelines_are_cached() -> None:
    pipelines.the_content.cache_clear()
    pipelines.the_content("cached text")
    pipelines.the_content("cached text")
    info = pipelines.the_content.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_configure_site_options() -> None:
    try:
        pipelines.configure(
            pipelines.SiteOptions(
                home_url="http://blog.example", site_url="http://blog.example/wp", use_smilies=True
            )
        )
        assert pipelines.comment_text(":mrgreen:") == (
            '<p><img src="http://blog.example/wp/wp-includes/images/smilies/mrgreen.png" alt=":mrgreen:" '
            'class="wp-smiley" style="height: 1em; max-height: 1em;" /></p>\n'
        )
        stored = pipelines.pre_comment_content(
            '<a href="http://blog.example/p/">in</a>', unfiltered_html=False
        )
        assert stored == '<a href="http://blog.example/p/">in</a>'
        pipelines.configure(pipelines.SiteOptions(use_smilies=False))
        assert pipelines.the_content("Hi :)") == "<p>Hi :)</p>\n"
    finally:
        pipelines.configure(pipelines.SiteOptions())
    assert pipelines.the_content("Hi :)") == "<p>Hi \U0001f642</p>\n"


def test_balance_tags_follows_the_option() -> None:
    from wpcompat.render.balance import balance_tags

    assert balance_tags("<b>x") == "<b>x"
    assert balance_tags("<b>x", use_balance_tags=True) == "<b>x</b>"
    assert balance_tags("<b>x", force=True) == "<b>x</b>"


def test_render_session_moves_wpautop_after_a_block_post() -> None:
    """Recorded from WordPress 6.1: the same classic post renders differently after a block post."""
    classic = '[caption width="100"]<img src="x" width="100" height="5" /> cap[/caption]\n\nText'
    figure = (
        '<figure style="width: 100px" class="wp-caption alignnone"><img decoding="async" loading="lazy" src="x" '
        'width="100" height="5" /><figcaption class="wp-caption-text">cap</figcaption></figure>'
    )
    session = pipelines.RenderSession()
    assert session.content(classic) == f"{figure}\n<p>Text</p>\n"
    assert session.content("<!-- wp:paragraph --><p>b</p><!-- /wp:paragraph -->") == "<p>b</p>"
    assert session.content(classic) == f"<p>{figure}</p>\n<p>Text</p>\n"
    assert pipelines.RenderSession().content(classic) == f"{figure}\n<p>Text</p>\n"


def test_caption_takes_the_first_image_anywhere_in_its_content() -> None:
    """Recorded from WordPress 6.1: text before the image is dropped."""
    assert do_shortcode('[caption width="100"]Text <img src="x" /> cap[/caption]') == (
        '<figure style="width: 100px" class="wp-caption alignnone"><img src="x" />'
        '<figcaption class="wp-caption-text">cap</figcaption></figure>'
    )


def test_layout_support_classes_on_blocks_that_declare_a_layout() -> None:
    from wpcompat.render.blocks import do_blocks

    buttons = ('<!-- wp:buttons -->\n<div class="wp-block-buttons"><!-- wp:button -->\n<div class="wp-block-button">'
               '<a class="wp-block-button__link">Go</a></div>\n<!-- /wp:button --></div>\n<!-- /wp:buttons -->')
    assert do_blocks(buttons) == ('\n<div class="is-layout-flex wp-block-buttons">\n<div class="wp-block-button">'
                                  '<a class="wp-block-button__link">Go</a></div>\n</div>\n')
    group = ('<!-- wp:group {"layout":{"type":"flex","orientation":"vertical"}} -->\n<div class="wp-block-group">'
             '</div>\n<!-- /wp:group -->')
    assert '<div class="is-vertical is-layout-flex wp-block-group">' in do_blocks(group)
    flow = '<!-- wp:group -->\n<div class="wp-block-group"><p>x</p></div>\n<!-- /wp:group -->'
    assert '<div class="is-layout-flow wp-block-group">' in do_blocks(flow)
    legacy = '<!-- wp:group {"layout":{"inherit":true}} -->\n<div class="wp-block-group"></div>\n<!-- /wp:group -->'
    assert '<div class="is-layout-constrained wp-block-group">' in do_blocks(legacy)
    # blocks without layout support are left alone
    quote = '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>q</p></blockquote>\n<!-- /wp:quote -->'
    assert do_blocks(quote) == '\n<blockquote class="wp-block-quote"><p>q</p></blockquote>\n'
