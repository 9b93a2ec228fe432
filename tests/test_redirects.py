"""Redirect targets: wp_sanitize_redirect() + wp_validate_redirect() (wpcompat.util.redirects),
on the classic comment form and the social login. Vectors from the OWASP open-redirect cheat
sheet and PayloadsAllTheThings' list, plus backslash, control-character and encoded forms.
"""

from __future__ import annotations

import pytest

from wpcompat.util.redirects import sanitize_redirect, validate_redirect
from wpcompat.util.urls import split_url

HOST = "example.test"
F = "FALLBACK"

# (target, what wp_validate_redirect gives from /wp-comments-post.php: F for the fallback)
VECTORS: list[tuple[str, str]] = [
    ("http://example.test/ok/", "http://example.test/ok/"),
    ("https://example.test/ok", "https://example.test/ok"),
    ("/local/path?x=1", "/local/path?x=1"),
    ("http://example.test:8080/x", "http://example.test:8080/x"),
    ("//example.test/x", "http://example.test/x"),
    ("http://example.test?x=http://evil.example", "http://example.test?x=http://evil.example"),
    ("http://example.test#@evil.example", "http://example.test#@evil.example"),
    ("//evil.example", F),
    ("///evil.example", F),
    ("////evil.example", F),
    ("https://evil.example", F),
    ("http://evil.example/", F),
    ("/\\evil.example", "/evil.example"),
    ("\\\\evil.example", "/evil.example"),
    ("\\/evil.example", "/evil.example"),
    ("/\\/evil.example", F),
    ("http:\\\\evil.example", F),
    ("https:evil.example", F),
    ("http:/evil.example", F),
    ("http:///evil.example", F),
    ("javascript:alert(1)", F),
    ("JavaScript:alert(1)", F),
    ("java\tscript:alert(1)", F),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", F),
    ("vbscript:msgbox(1)", F),
    ("HTTP://example.test/", F),
    ("http://example.test@evil.example", F),
    ("http://evil.example@example.test/", F),
    ("http://user:pass@example.test/", F),
    ("http://evil.example\\@example.test", F),
    ("http://;@evil.example", F),
    ("http://example.test.evil.example/", F),
    ("http://example.test\\.evil.example", F),
    ("http://evil.example/example.test", F),
    ("http://evil.example?x=http://example.test", F),
    ("http://evil.example#@example.test", F),
    ("https://example.test%40evil.example", F),
    ("http://evil%2Eexample", F),
    ("/%09/evil.example", "/%09/evil.example"),
    ("/\t/evil.example", F),
    ("/\n/evil.example", F),
    ("/\r\n/evil.example", F),
    ("/%0d%0aSet-Cookie:x=1", "/Set-Cookie:x=1"),
    ("/%0%0dd%0aa", "/a"),
    ("http://[::1]/", F),
    ("http://[::1", F),
    ("http://example.test:99999/", F),
    ("http://example.test:abc/", F),
    ("http://0x7f000001/", F),
    ("http://2130706433/", F),
    ("http://127.0.0.1/", F),
    ("http://EXAMPLE.test/", F),
    ("http://évil.example/", F),
    ("http://example.test/ünï", "http://example.test/%C3%BCn%C3%AF"),
    ("evil.example", "/evil.example"),
    ("  http://evil.example  ", F),
    ("\x00http://evil.example", F),
    ("http://example.test/<script>", "http://example.test/script"),
    ("http://example.test/a b", "http://example.test/a%20b"),
    ("/.evil.example", "/.evil.example"),
    ("〱evil.example", "/%E3%80%B1evil.example"),
]


def test_there_are_at_least_40_vectors() -> None:
    assert len(VECTORS) >= 40


@pytest.mark.parametrize(("target", "expected"), VECTORS)
def test_validate_redirect(target: str, expected: str) -> None:
    assert validate_redirect(target, F, [HOST], "/wp-comments-post.php") == expected


def test_sanitize_redirect() -> None:
    assert sanitize_redirect("/a b\\c\"d'e<f>g\x7fh") == "/a%20bcdefgh"
    assert sanitize_redirect("/%0D%0A%0d%0a") == "/"


def test_relative_targets_are_read_from_the_request_directory() -> None:
    assert validate_redirect("next", F, [HOST], "/auth/google/login") == "/auth/google/next"


def lands_on_site(location: str, site_host: str) -> bool:
    """A browser given this Location stays on the site: a path (not `//`) or our host, no
    userinfo, and nothing a browser would strip or reinterpret."""
    if any(c in location for c in "\\\t\r\n \x00"):
        return False
    if location.startswith("/"):
        return not location.startswith("//")
    parts = split_url(location)
    return (parts is not None and parts.scheme in ("http", "https") and parts.hostname == site_host
            and parts.username is None and "@" not in parts.netloc)


# ---------------------------------------------------------------- the classic form


def test_classic_form_redirects_stay_on_the_site(settings, monkeypatch) -> None:
    from auth.sessions import COOKIE_NAME, cookie_value, create_session

    from .discussion_site import client, make_site

    site = make_site(settings)
    # Signed in as the administrator: no flood limit between the posts.
    session = site.run(lambda storage: create_session(storage, settings, user_id=site.users["admin"]))
    with client(site, monkeypatch) as c:
        c.cookies.set(COOKIE_NAME, cookie_value(settings, session))
        for n, (target, _) in enumerate(VECTORS):
            data = {"comment_post_ID": str(site.posts["open"]), "comment": f"Redirect vector {n}.",
                    "comment_parent": "0", "redirect_to": target}
            r = c.post("/wp-comments-post.php", data=data, follow_redirects=False)
            assert r.status_code == 302, (target, r.status_code, r.text[:300])
            location = r.headers["location"]
            assert lands_on_site(location, HOST), (target, location)
            assert "moderation-hash" not in location or lands_on_site(location, HOST)
