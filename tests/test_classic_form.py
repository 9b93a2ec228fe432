"""POST /wp-comments-post.php: WordPress's redirects, cookies and error pages."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from wpcompat.web.wp_die import wp_die_page

from .conftest import shared_path
from .discussion_site import client, make_site

FORM_URL = "/wp-comments-post.php"


@pytest.fixture
def site(settings):
    return make_site(settings)


def form(site, post="open", **fields):
    return {"comment_post_ID": str(site.posts[post]), "author": "Yves Nouveau", "email": "yves@exemple.fr",
            "url": "", "comment": "Message du formulaire.", "comment_parent": "0", **fields}


def send(c, site, data, who=None):
    return c.post(FORM_URL, data=data, headers=site.auth(who), follow_redirects=False)


def test_get_is_405_plain_text(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = c.get(FORM_URL)
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert r.headers["content-type"] == "text/plain;charset=UTF-8"
    assert r.content == b""


def test_new_guest_is_held_with_moderation_link_and_expired_cookies(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = send(c, site, form(site))
    assert r.status_code == 302
    assert r.headers["x-redirect-by"] == "WordPress"
    row = site.comments()[0]
    location = r.headers["location"]
    assert location.startswith("http://example.test/2021/01/02/article-open/?unapproved=")
    assert f"?unapproved={row['comment_ID']}&moderation-hash=" in location
    assert location.endswith(f"#comment-{row['comment_ID']}")
    cookies = r.headers.get_list("set-cookie")
    assert len(cookies) == 3 and all("Max-Age=0" in c and "=%20;" in c for c in cookies)
    assert cookies[0].startswith("comment_author_")
    assert row["comment_approved"] == "0" and row["comment_agent"] == "wpcompat-tests/1.0"


def test_returning_guest_with_consent(site, monkeypatch):
    site.add_comment("open", comment_author="Hélène Garçon", comment_author_email="helene@exemple.fr")
    data = form(site, author="Hélène Garçon", email="helene@exemple.fr", url="https://helene.exemple.fr",
                comment="Avec cookies.")
    data["wp-comment-cookies-consent"] = "yes"
    with client(site, monkeypatch) as c:
        r = send(c, site, data)
    row = site.comments()[-1]
    assert r.headers["location"] == f"http://example.test/2021/01/02/article-open/#comment-{row['comment_ID']}"
    cookies = r.headers.get_list("set-cookie")
    assert any("H%C3%A9l%C3%A8ne%20Gar%C3%A7on" in c and "Max-Age=30000000" in c for c in cookies)
    assert any("https%3A%2F%2Fhelene.exemple.fr" in c for c in cookies)
    assert site.comment_count("open") == 2


def _page(message: str) -> str:
    return wp_die_page(f"<p>{message}</p>", title="Comment Submission Failure")


def test_error_pages(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = send(c, site, form(site, email=""))
        assert (r.status_code, r.text) == (200, _page("<strong>Error:</strong> Please fill the required fields."))
        r = send(c, site, form(site, email="pas-un-email"))
        assert (r.status_code, r.text) == (200, _page("<strong>Error:</strong> Please enter a valid email address."))
        r = send(c, site, form(site, comment="  "))
        assert (r.status_code, r.text) == (200, _page("<strong>Error:</strong> Please type your comment text."))
        r = send(c, site, form(site, author="x" * 300))
        assert (r.status_code, r.text) == (200, _page("<strong>Error:</strong> Your name is too long."))
        r = send(c, site, form(site, "closed"))
        assert (r.status_code, r.text) == (403, _page("Sorry, comments are closed for this item."))
        assert send(c, site, form(site)).status_code == 302
        r = send(c, site, form(site))
        assert r.status_code == 409
        assert r.text == _page("Duplicate comment detected; it looks as though you&#8217;ve already said that!")
        r = send(c, site, form(site, comment="Trop vite"))
        assert (r.status_code, r.text) == (429, _page("You are posting comments too quickly. Slow down."))
        assert r.headers["content-type"] == "text/html; charset=UTF-8"
    assert len(site.comments()) == 1


@pytest.mark.parametrize("post", ["draft", "trashed", "private", "protected"])
def test_blank_exits(site, monkeypatch, post):
    with client(site, monkeypatch) as c:
        r = send(c, site, form(site, post))
    assert (r.status_code, r.content) == (200, b"")
    assert site.comments() == []


def test_unknown_post_is_blank(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = c.post(FORM_URL, data={"comment_post_ID": "999999", "comment": "x"}, follow_redirects=False)
    assert (r.status_code, r.content) == (200, b"")


def test_draft_readable_by_its_author_is_403(site, monkeypatch):
    from auth.sessions import COOKIE_NAME, cookie_value, create_session

    session = site.run(lambda storage: create_session(storage, site.settings, user_id=site.users["admin"]))
    with client(site, monkeypatch) as c:
        c.cookies.set(COOKIE_NAME, cookie_value(site.settings, session))
        r = send(c, site, form(site, "draft"))
        assert (r.status_code, r.text) == (403, _page("Sorry, comments are not allowed for this item."))
        # A logged-in user comments under their own name, with no cookies set.
        r = send(c, site, form(site, author="Quelqu'un d'autre"))
        assert r.status_code == 302 and r.headers.get_list("set-cookie") == []
    row = site.comments()[0]
    assert row["user_id"] == site.users["admin"] and row["comment_author"] == "Camille Martin"


def test_registration_required(site, monkeypatch):
    site.set_options(comment_registration="1")
    with client(site, monkeypatch) as c:
        r = send(c, site, form(site))
    assert (r.status_code, r.text) == (403, _page("Sorry, you must be logged in to comment."))


def test_invalid_parent_is_dropped_in_61(site, monkeypatch):
    spam = site.add_comment("open", comment_approved="spam")
    with client(site, monkeypatch, trusted_proxy_header="X-Forwarded-For") as c:
        for n, parent in enumerate((str(spam), "999999")):
            data = form(site, comment_parent=parent, comment=f"Réponse {n}", email=f"z{n}@exemple.fr")
            headers = {**site.auth(None), "X-Forwarded-For": f"10.0.1.{n}"}
            assert c.post(FORM_URL, data=data, headers=headers, follow_redirects=False).status_code == 302
    assert [r["comment_parent"] for r in site.comments()[1:]] == [0, 0]
    assert [r["comment_author_IP"] for r in site.comments()[1:]] == ["10.0.1.0", "10.0.1.1"]


def test_reply_to_unapproved_refused_since_62(site, monkeypatch):
    held = site.add_comment("open", comment_approved="0")
    site.settings = replace(site.settings, wp_version="7.1")
    with client(site, monkeypatch) as c:
        r = send(c, site, form(site, comment_parent=str(held)))
    assert (r.status_code, r.text) == (403, _page("Sorry, replies to unapproved comments are not allowed."))


def test_redirect_to_is_kept_on_site_only(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = send(c, site, {**form(site), "redirect_to": "http://example.test/merci/",
                           "wp-comment-cookies-consent": "yes"})
        comment_id = site.comments()[-1]["comment_ID"]
        assert r.headers["location"] == f"http://example.test/merci/#comment-{comment_id}"
    with client(site, monkeypatch) as c:
        r = send(c, site, {**form(site, email="w@exemple.fr", author="W", comment="Ailleurs"),
                           "redirect_to": "https://evil.example/", "wp-comment-cookies-consent": "yes"})
        assert r.status_code == 429 or r.headers["location"].startswith("http://example.test/")


def test_french_pages(site, monkeypatch):
    site.set_options(WPLANG="fr_FR")
    with client(site, monkeypatch) as c:
        r = send(c, site, form(site, email=""))
    assert '<html lang="fr-FR">' in r.text
    assert "<strong>Erreur :</strong> veuillez remplir les champs obligatoires." in r.text
    assert "&laquo; Retour" in r.text


def test_golden_error_pages_are_byte_exact():
    golden = shared_path("oracle", "golden")
    for name, message in (
        ("classic_comment_post_duplicate",
         "Duplicate comment detected; it looks as though you&#8217;ve already said that!"),
        ("classic_comment_post_flood", "You are posting comments too quickly. Slow down."),
        ("classic_comment_post_missing_email", "<strong>Error:</strong> Please fill the required fields."),
        ("classic_comment_post_closed", "Sorry, comments are closed for this item."),
    ):
        body = json.loads((golden / f"{name}.json").read_text(encoding="utf-8"))["body"]
        assert _page(message) == body, name
