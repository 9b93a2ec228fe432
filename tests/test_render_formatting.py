"""Escaping and sanitizing helpers, with the slugs WordPress really generated as a check."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.conftest import shared_path
from wpcompat.render import pipelines
from wpcompat.render.formatting import (
    esc_attr,
    esc_html,
    esc_url,
    esc_url_raw,
    is_email,
    remove_accents,
    sanitize_email,
    sanitize_text_field,
    sanitize_title,
    sanitize_title_with_dashes,
    sanitize_user,
    strip_tags,
    utf8_uri_encode,
    wp_strip_all_tags,
)

NS = {"wp": "http://wordpress.org/export/1.2/"}


def test_slugs_match_the_ones_wordpress_generated() -> None:
    tree = etree.parse(str(shared_path("oracle", "export.wxr.xml")))
    pairs = []
    for item in tree.iter("item"):
        name = item.findtext("wp:post_name", namespaces=NS)
        if name:  # drafts have no slug yet
            pairs.append((item.findtext("title"), name))
    for term in tree.getroot().iter(f"{{{NS['wp']}}}category", f"{{{NS['wp']}}}tag"):
        label = term.findtext("wp:cat_name", namespaces=NS) or term.findtext("wp:tag_name", namespaces=NS)
        slug = term.findtext("wp:category_nicename", namespaces=NS) or term.findtext(
            "wp:tag_slug", namespaces=NS
        )
        pairs.append((label, slug))
    assert len(pairs) > 25
    assert [(title, sanitize_title(title)) for title, _ in pairs] == pairs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Things to do", "things-to-do"),
        ("penn & teller bull", "penn-teller-bull"),
        ("a &amp; b", "a-b"),
        ("this%20is%20a%20test", "this%20is%20a%20test"),
        ("100% pure", "100-pure"),
        ("Hello World!!!", "hello-world"),
        ("  --leading and trailing--  ", "leading-and-trailing"),
        ("version 1.2.3", "version-1-2-3"),
        ("<b>bold</b> text", "bold-text"),
        ("über", "%c3%bcber"),  # display context: no transliteration, percent-encoded
        ("日本語", "%e6%97%a5%e6%9c%ac%e8%aa%9e"),
    ],
)
def test_sanitize_title_with_dashes(raw: str, expected: str) -> None:
    assert sanitize_title_with_dashes(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("L’économie — sociale", "leconomie-sociale"),  # curly quote removed, em dash → hyphen
        ("«\u00a0100\u00a0% santé\u00a0»", "100-sante"),
        ("a/b", "a-b"),
        ("3×4", "3x4"),
        ("Œuvre & Cœur", "oeuvre-coeur"),
        ("", ""),
    ],
)
def test_sanitize_title_save_context(raw: str, expected: str) -> None:
    assert sanitize_title(raw) == expected


def test_sanitize_title_drops_combining_accents() -> None:
    assert sanitize_title("e\u0301te\u0301") == "ete"


def test_sanitize_title_fallback() -> None:
    assert sanitize_title("!!!", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("éèêë àâä îï ôö ùûü ÿ ç", "eeee aaa ii oo uuu y c"),
        ("ÉÈÊË ÀÂÄ ÎÏ ÔÖ ÙÛÜ Ÿ Ç", "EEEE AAA II OO UUU Y C"),
        ("œ Œ æ Æ ß ø Ø ð þ", "oe OE ae AE s o O d th"),
        ("Łódź Đ đ ı", "Lodz D d i"),
        ("Tiếng Việt", "Tieng Viet"),
        ("e\u0301", "e\u0301"),  # no NFC step: the reference PHP has no intl extension
        ("Ελληνικά Кириллица", "Ελληνικά Кириллица"),  # other scripts are left alone
        ("plain ascii", "plain ascii"),
    ],
)
def test_remove_accents(raw: str, expected: str) -> None:
    assert remove_accents(raw) == expected


def test_utf8_uri_encode_respects_length() -> None:
    assert utf8_uri_encode("aé", 3) == "a"
    assert utf8_uri_encode("aé", 7) == "a%c3%a9"


@pytest.mark.parametrize(
    ("raw", "strict", "expected"),
    [
        ("Hélène <b>G</b>", False, "Helene G"),
        ("a  b\t c", False, "a b c"),
        ("user%20name&amp;x", False, "usernamex"),
        ("Jöhn Dœ!", True, "John Doe"),
        ("name@host.fr", True, "name@host.fr"),
    ],
)
def test_sanitize_user(raw: str, strict: bool, expected: str) -> None:
    assert sanitize_user(raw, strict) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zoé <b>Test</b>", "Zoé Test"),
        ("  many   spaces\n\tand lines ", "many spaces and lines"),
        ("<script>alert(1)</script>name", "name"),
        ("a < b", "a &lt; b"),
        ("100%20off %zz", "100off %zz"),
        ("<", "&lt;"),
        ("x <y", "x &lt;y"),
    ],
)
def test_sanitize_text_field(raw: str, expected: str) -> None:
    assert sanitize_text_field(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zoe.test@exemple.fr", "zoe.test@exemple.fr"),
        ("a b@ex..ample.fr", "ab@example.fr"),
        ("x@y", ""),
        ("@exemple.fr", ""),
        ("name@-sub-.exemple.fr", "name@sub.exemple.fr"),
        ("é@ex.fr", ""),
    ],
)
def test_sanitize_email(raw: str, expected: str) -> None:
    assert sanitize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ("foo@example.com", True),
        ("Foo.Bar@a.b.c.d.example.com", True),
        ("pas-un-email", False),
        ("foo@example", False),
        ("foo@ex..ample.com", False),
        ("foo@-example.com", False),
        ("a@b.c", False),  # too short
    ],
)
def test_is_email(raw: str, valid: bool) -> None:
    assert bool(is_email(raw)) is valid


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>\"x\" & 'y'</b>", "&lt;b&gt;&quot;x&quot; &amp; &#039;y&#039;&lt;/b&gt;"),
        ("&amp; &eacute; &#8217; &bogus; &apos;", "&amp; &eacute; &#8217; &amp;bogus; &amp;apos;"),
        ("plain", "plain"),
    ],
)
def test_esc_html_and_attr(raw: str, expected: str) -> None:
    assert esc_html(raw) == expected
    assert esc_attr(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://example.com/?a=1&b=2", "http://example.com/?a=1&#038;b=2"),
        ("example.com/path", "http://example.com/path"),
        ("/relative/path", "/relative/path"),
        ("#anchor", "#anchor"),
        ("javascript:alert(1)", ""),
        ("http://ex.com/it's", "http://ex.com/it&#039;s"),
        ("http://ex.com/a b<c>", "http://ex.com/a%20bc"),
        ("mailto:a@b.fr", "mailto:a@b.fr"),
        ("http://ex.com/%0d%0aSet-Cookie", "http://ex.com/Set-Cookie"),
        ("http://[::1]/a[b]", "http://[::1]/a%5Bb%5D"),
        ("", ""),
    ],
)
def test_esc_url(raw: str, expected: str) -> None:
    assert esc_url(raw) == expected


def test_esc_url_raw_keeps_ampersands() -> None:
    assert esc_url_raw("http://example.com/?a=1&b=2") == "http://example.com/?a=1&b=2"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("<script>alert(1)</script>text<style>x{}</style>", "text"),
        ("a < b and c > d", "a < b and c > d"),
        ('<a title="1 > 0">x</a>', "x"),
        ("<!-- comment -->text", "text"),
        ("  padded  ", "padded"),
    ],
)
def test_wp_strip_all_tags(raw: str, expected: str) -> None:
    assert wp_strip_all_tags(raw) == expected


def test_strip_tags_keeps_a_lone_angle() -> None:
    assert strip_tags("1 < 2") == "1 < 2"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("javascript:alert(1)", ""),
        ("https://gaelle.exemple.fr", "https://gaelle.exemple.fr"),
        ("<b>http://x.fr</b>", "http://x.fr"),
        ("exemple.fr", "http://exemple.fr"),
        ("", ""),
    ],
)
def test_pre_comment_author_url(raw: str, expected: str) -> None:
    assert pipelines.pre_comment_author_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zoé <b>Test</b>", "Zoé Test"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("Tom &amp; Jerry", "Tom &amp; Jerry"),
        ("<script>x</script>Bob", "Bob"),
    ],
)
def test_pre_comment_author_name(raw: str, expected: str) -> None:
    assert pipelines.pre_comment_author_name(raw) == expected


def test_pre_comment_author_email() -> None:
    assert pipelines.pre_comment_author_email("  zoe.test@exemple.fr ") == "zoe.test@exemple.fr"
