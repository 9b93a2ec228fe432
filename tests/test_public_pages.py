"""The public pages beyond what the recordings cover: the default theme (FR/EN, dates, author,
terms, previous/next, widget), a site's own theme, a headless front end, the favicon,
admin-ajax's rest-nonce for a signed-in session, and the site URL following the port."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from auth.nonces import REST_ACTION, verify_nonce
from auth.sessions import COOKIE_NAME, cookie_value, create_session
from settings import Settings
from tests.conftest import shared_path
from tests.public_site import build_public_site
from wpcompat.app import create_app
from wpcompat.storage import open_storage
from wpcompat.storage.options import set_option

HOME = "http://testserver"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    db = tmp_path_factory.mktemp("public") / "site.db"
    return build_public_site(Settings(site_url=HOME), shared_path("oracle"), "date", db)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=HOME, follow_redirects=False) as c:
        yield c


def _set_option(settings: Settings, name: str, value: str) -> None:
    async def main() -> None:
        storage = await open_storage(settings.database_url, settings.table_prefix)
        try:
            await set_option(storage, name, value)
        finally:
            await storage.db.disconnect()

    asyncio.run(main())


def test_post_page_shows_author_terms_dates_navigation_and_widget(client: TestClient) -> None:
    r = client.get("/2020/10/01/insertion-par-lactivite-economique-les-chiffres/")
    assert r.status_code == 200
    html = r.text
    assert '<h1 class="entry-title">' in html
    assert '<time datetime="2020-10-01T10:00:00+00:00">October 1, 2020</time>' in html
    assert 'href="http://testserver/author/jdupont/" rel="author">Jeanne Dupont</a>' in html
    assert re.search(r'<a href="http://testserver/category/[^"]+" rel="tag">', html)
    assert 'href="http://testserver/tag/insertion/" rel="tag">Insertion</a>' in html
    prev = re.search(r'<a class="nav-previous" href="([^"]+)"', html).group(1)
    nxt = re.search(r'<a class="nav-next" href="([^"]+)"', html).group(1)
    assert prev == "http://testserver/2020/06/18/mutuelles-ce-que-change-la-reforme/"
    assert nxt == "http://testserver/2021/01/20/appel-a-temoignages-vos-projets-cooperatifs/"
    assert client.get(prev).status_code == 200 and client.get(nxt).status_code == 200
    assert '<script src="http://testserver/embed/comments.js" data-post="14"' in html


def test_archives_list_posts_with_pagination(client: TestClient) -> None:
    first = client.get("/")
    assert first.status_code == 200
    assert first.text.count('class="entry type-post"') == 10
    assert 'href="http://testserver/page/2/"' in first.text
    second = client.get("/page/2/")
    assert second.status_code == 200 and 'href="http://testserver/"' in second.text
    tag = client.get("/tag/scop/")
    assert '<h1 class="archive-title">Tag: SCOP</h1>' in tag.text
    month = client.get("/2020/10/")
    assert '<h1 class="archive-title">Month: October 2020</h1>' in month.text
    search = client.get("/?s=zzzqqq")
    assert search.status_code == 200 and "nothing matched your search" in search.text


def test_french_site_has_french_words_and_dates(settings: Settings, tmp_path: Path) -> None:
    db = tmp_path / "fr.db"
    fr = build_public_site(Settings(site_url=HOME), shared_path("oracle"), "date", db)
    _set_option(fr, "WPLANG", "fr_FR")
    with TestClient(create_app(fr), base_url=HOME) as c:
        html = c.get("/2020/10/01/insertion-par-lactivite-economique-les-chiffres/").text
        assert '<html lang="fr-FR">' in html
        assert ">1 octobre 2020</time>" in html and "Publié le" in html and "Article précédent" in html
        assert "Mois : octobre 2020" in c.get("/2020/10/").text
        missing = c.get("/nothing-here/")
        assert missing.status_code == 404 and "Page introuvable" in missing.text


def test_a_site_replaces_the_theme(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "layout.html").write_text("<!doctype html><title>$title</title><main>$content</main>$head")
    (tmp_path / "style.css").write_text("body{color:red}")
    with TestClient(create_app(replace(settings, theme_dir=str(tmp_path))), base_url=HOME) as c:
        page = c.get("/tag/scop/")
        assert page.text.startswith("<!doctype html><title>SCOP &#8211; Secteur ESS</title><main>")
        assert 'rel="https://api.w.org/"' in page.text  # discovery still printed by $head
        assert c.get("/theme/style.css").text == "body{color:red}"


def test_headless_front_end_receives_the_public_addresses(settings: Settings) -> None:
    front = replace(settings, front_url="https://front.example")
    with TestClient(create_app(front), base_url=HOME, follow_redirects=False) as c:
        r = c.get("/2020/10/?x=1")
        assert r.status_code == 301 and r.headers["location"] == "https://front.example/2020/10/?x=1"
        # The API, the feeds' REST twin and the widget stay here.
        assert c.get("/wp-json/wp/v2/posts/6").status_code == 200
        assert c.get("/embed/comments.js").status_code == 200


def test_favicon_is_an_icon(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00" and b"PNG" in r.content[:40]
    assert '<link rel="icon" href="http://testserver/favicon.ico"' in client.get("/").text


def test_rest_nonce_for_a_signed_in_session(settings: Settings, client: TestClient) -> None:
    async def session_cookie() -> tuple[str, str]:
        storage = await open_storage(settings.database_url, settings.table_prefix)
        try:
            session = await create_session(storage, settings, user_id=1)
            return cookie_value(settings, session), session.token
        finally:
            await storage.db.disconnect()

    value, token = asyncio.run(session_cookie())
    anonymous = client.get("/wp-admin/admin-ajax.php", params={"action": "rest-nonce"})
    assert (anonymous.status_code, anonymous.text) == (400, "0")
    cookie = {"Cookie": f"{COOKIE_NAME}={value}"}
    r = client.get("/wp-admin/admin-ajax.php", params={"action": "rest-nonce"}, headers=cookie)
    assert r.status_code == 200 and re.fullmatch(r"[0-9a-f]{10}", r.text)
    assert verify_nonce(settings.secret_key, r.text, REST_ACTION, 1, token) == 1
    me = client.get("/wp-json/wp/v2/users/me", headers={**cookie, "X-WP-Nonce": r.text})
    assert me.status_code == 200 and me.json()["id"] == 1
    assert client.get("/wp-admin/admin-ajax.php", params={"action": "other"}).status_code == 400
