"""XSS corpus through the whole commenting path (REST and the classic form): what is stored and
what `content.rendered` shows must hold no executable HTML, for guests and other users without
unfiltered_html. Checked with a browser-like tokenizer and with nh3 (ammonia) set to the same
allow-list: nothing outside WordPress's comment tags, no event handler, no style, no
script-capable URL, whatever the encoding trick.
"""

from __future__ import annotations

from html.parser import HTMLParser

import nh3
import pytest

from wpcompat.render.protocols import ALLOWED_PROTOCOLS

from .discussion_site import client, make_site

TAGS = {"a", "abbr", "acronym", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s", "strike",
        "strong", "p", "br"}  # p and br: added by wpautop when rendering
ATTRS = {"a": {"href", "title", "rel"}, "abbr": {"title"}, "acronym": {"title"}, "blockquote": {"cite"},
         "del": {"datetime"}, "q": {"cite"}}
URL_ATTRS = {"href", "cite"}

CORPUS: list[str] = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<b onmouseover=alert(1)>survol</b>",
    "<a href=\"javascript:alert(1)\">clic</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">clic</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">tab</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">déc</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">hex</a>",
    "<a href=\"javascript&colon;alert(1)\">colon</a>",
    "<a href=\" javascript:alert(1)\">espace</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<a href=\"https://exemple.fr\" onclick=\"alert(1)\" style=\"color:red\" target=\"_blank\">ok</a>",
    "<a href='https://exemple.fr' title='\"><script>alert(1)</script>'>titre</a>",
    "<a title=\"x\" href=\"https://exemple.fr\"\"onmouseover=\"alert(1)\">guillemets</a>",
    "<a href=https://exemple.fr/ onmouseover=alert(1)>sans guillemets</a>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<div style=\"background-image:url(javascript:alert(1))\">div</div>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "<svg onload=alert(1)><circle r=10 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>Envoyer</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<b><i>non fermé",
    "<em><strong>croisé</em></strong>",
    "<<script>script>alert(1)<</script>/script>",
    "<a href=\"https://exemple.fr\"><a href=\"javascript:alert(1)\">imbriqué</a></a>",
    "<blockquote cite=\"javascript:alert(1)\">citation</blockquote>",
    "<q cite=\"data:text/html,x\">q</q>",
    "<abbr title=\"&quot; onmouseover=&quot;alert(1)\">abbr</abbr>",
    "<!--<script>alert(1)</script>-->commentaire",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<a href=\"https://exemple.fr/?q=<script>\">requête</a>",
    "https://exemple.fr/?x=\"><script>alert(1)</script>",
    "www.exemple.fr/\"onmouseover=\"alert(1)",
    "<a href=\"//evil.example/%0ajavascript:alert(1)\">protocole relatif</a>",
    "<x onclick=alert(1)>inconnu</x>",
    "<p onclick='x()'>Bravo</p> <a href='https://exemple.fr' target='_blank'>lien</a> <em>fin</em>",
]


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple((k, v or "") for k, v in attrs)))

    handle_startendtag = handle_starttag


def tokens(html: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tags


def scheme_is_safe(value: str) -> bool:
    compact = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
    head = compact.split("/")[0].split("?")[0].split("#")[0]
    return ":" not in head or head.split(":", 1)[0] in ALLOWED_PROTOCOLS


def assert_inert(html: str) -> None:
    for tag, attrs in tokens(html):
        assert tag in TAGS, (tag, html)
        for name, value in attrs:
            assert name in ATTRS.get(tag, set()), (tag, name, html)
            assert not name.startswith("on"), html
            if name in URL_ATTRS:
                assert scheme_is_safe(value), (value, html)
    cleaned = nh3.clean(html, tags=TAGS, attributes=ATTRS, url_schemes=set(ALLOWED_PROTOCOLS), link_rel=None,
                        strip_comments=False)
    assert tokens(cleaned) == tokens(html), (html, cleaned)


@pytest.fixture(scope="module")
def submitted(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, dict, dict]]:
    """Each corpus entry sent once through REST and once through the form, as guests."""
    from dataclasses import replace

    from settings import Settings
    from tests.conftest import site_db_url

    db = tmp_path_factory.mktemp("xss") / "site.db"
    site = make_site(Settings(database_url=site_db_url(db.parent, db.name), site_url="http://example.test", demo_import=False))
    mp = pytest.MonkeyPatch()
    out: list[tuple[str, dict, dict]] = []
    try:
        site.settings = replace(site.settings, trusted_proxy_header="X-Forwarded-For")
        with client(site, mp) as c:
            for n, raw in enumerate(CORPUS):
                headers = {**site.auth(None), "X-Forwarded-For": f"10.9.{n}.1"}
                r = c.post("/wp-json/wp/v2/comments", headers=headers, json={
                    "post": site.posts["open"], "author_name": f"<script>x</script>Auteur {n}",
                    "author_email": f"x{n}@exemple.fr", "author_url": "javascript:alert(1)", "content": raw,
                })
                assert r.status_code == 201, (raw, r.text)
                rendered = c.get(f"/wp-json/wp/v2/comments/{r.json()['id']}?context=edit",
                                 headers=site.auth("admin")).json()
                headers["X-Forwarded-For"] = f"10.8.{n}.1"
                f = c.post("/wp-comments-post.php", headers=headers, follow_redirects=False, data={
                    "comment_post_ID": str(site.posts["open"]), "author": f"<b onclick=x>Form {n}</b>",
                    "email": f"f{n}@exemple.fr", "url": "javascript:alert(1)", "comment": raw,
                })
                assert f.status_code == 302, (raw, f.text)
                form_id = int(f.headers["location"].rsplit("#comment-", 1)[1])
                form_rendered = c.get(f"/wp-json/wp/v2/comments/{form_id}?context=edit",
                                      headers=site.auth("admin")).json()
                out.append((raw, rendered, form_rendered))
    finally:
        mp.undo()
    return out


@pytest.mark.parametrize("index", range(len(CORPUS)))
def test_stored_and_rendered_comment_is_inert(submitted, index: int) -> None:
    _raw, via_rest, via_form = submitted[index]
    for body in (via_rest, via_form):
        assert_inert(body["content"]["raw"])
        assert_inert(body["content"]["rendered"])
        assert "<" not in body["author_name"].replace("&lt;", "")
        assert body["author_url"] == ""


def test_links_get_nofollow_ugc(submitted) -> None:
    _raw, via_rest, _via_form = submitted[-1]
    assert via_rest["content"]["raw"] == (
        "Bravo <a href='https://exemple.fr' rel=\"nofollow ugc\">lien</a> <em>fin</em>")


def test_admin_html_is_kept(settings, monkeypatch) -> None:
    site = make_site(settings)
    with client(site, monkeypatch) as c:
        r = c.post("/wp-json/wp/v2/comments", headers=site.auth("admin"),
                   json={"post": site.posts["open"], "content": "<p class=\"x\">ok</p><script>x()</script>"})
    assert r.json()["content"]["raw"] == "<p class=\"x\">ok</p><script>x()</script>"
