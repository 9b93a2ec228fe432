"""The demo's post page (`/?p=ID`) and the widget's files under /embed/."""

from __future__ import annotations

from dataclasses import replace

from starlette.testclient import TestClient

from wpcompat.app import create_app


def test_post_page_has_the_post_and_the_widget(settings) -> None:
    with TestClient(create_app(replace(settings, demo_import=True)), follow_redirects=False) as client:
        link = client.get("/wp-json/wp/v2/posts/42").json()["link"]
        home = client.get("/")
        assert f'<a href="{link}" rel="bookmark">La vie du secteur ESS du PCF</a>' in home.text
        plain = client.get("/?p=42")
        if link != "http://example.test/?p=42":  # pretty permalinks: the plain form redirects
            assert plain.status_code == 301 and plain.headers["location"] == link
        r = client.get(link)
        assert r.status_code == 200
        assert '<h1 class="entry-title">La vie du secteur ESS du PCF</h1>' in r.text
        assert "<p>Le secteur ESS du PCF est" in r.text  # rendered by the_content (wpautop)
        assert '<script src="http://example.test/embed/comments.js" data-post="42"' in r.text
        assert 'rel="author"' in r.text and 'rel="tag"' in r.text
        missing = client.get("/?p=999")
        assert missing.status_code == 404 and 'class="not-found"' in missing.text


def test_widget_files_are_served(settings) -> None:
    with TestClient(create_app(settings)) as client:
        js = client.get("/embed/comments.js")
        assert js.status_code == 200 and "javascript" in js.headers["content-type"]
        assert "wpc-comments" in js.text
        css = client.get("/embed/comments.css")
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        assert client.get("/embed/../settings.py").status_code == 404


def test_me_describes_the_site_and_post_for_the_widget(settings) -> None:
    with TestClient(create_app(replace(settings, demo_import=True))) as client:
        site = client.get("/auth/me", params={"post": "42"}).json()["site"]
        assert site["open"] is True and site["require_name_email"] is True and site["thread_depth"] == 5
        assert site["rest_url"].startswith("http://example.test/")
        assert client.get("/auth/me", params={"post": "999"}).json()["site"]["open"] is False
        assert client.get("/auth/me").json()["providers"] == []
