"""The public pages in real headless Chromium: home page, an archive, a post by its permalink,
previous/next, and the comment widget under the post (the oracle's site, in French, with
date-based permalinks). Screenshots go to test-artifacts/public-*.png: look at them when
changing the theme. Under CI the test must run; elsewhere it is skipped without Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from settings import Settings, load_settings
from tests.browser import in_thread, page_errors, screenshot
from tests.conftest import shared_path
from tests.fakes.oauth_providers import loopback_socket, serve
from tests.public_site import build_public_site
from wpcompat.app import create_app
from wpcompat.storage import open_storage
from wpcompat.storage.options import set_option


async def _french(settings: Settings) -> None:
    storage = await open_storage(settings.database_url, settings.table_prefix)
    try:
        await set_option(storage, "WPLANG", "fr_FR")
    finally:
        await storage.db.disconnect()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    sock = loopback_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    db = tmp_path_factory.mktemp("public-browser") / "site.db"
    base = load_settings(None, {"WPCOMPAT_SITE_URL": url, "WPCOMPAT_SECRET_KEY": "browser-test-secret-0123456789"})
    oracle = shared_path("oracle")

    # In a thread of its own: Playwright's sync API may own this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        settings = pool.submit(build_public_site, base, oracle, "date", db).result()
    in_thread(_french, settings)
    with serve(create_app(settings), sock):
        yield url


def test_home_archive_post_navigation_and_widget(browser, site: str) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 1100}, locale="fr-FR")
    errors = page_errors(page)
    page.goto(site + "/")
    assert page.title() == "Secteur ESS – Actualités de l’économie sociale et solidaire"
    assert page.locator("article.entry").count() == 10
    screenshot(page, "public-home.png", full_page=False)

    # An archive, reached the way a reader reaches it: a category link under a post.
    page.click("article.entry .categories a >> nth=0")
    assert re.search(r"/category/[^?]+/$", page.url)
    assert (page.text_content("h1.archive-title") or "").startswith("Catégorie : ")
    screenshot(page, "public-archive.png", full_page=False)

    # A post by its permalink (a plain ?p= link lands there through a 301).
    page.goto(site + "/?p=8")
    assert page.url == site + "/2019/06/21/la-vie-du-secteur-ess-du-pcf/"
    assert page.inner_text("h1.entry-title") == "La vie du secteur ESS du PCF"
    assert "21 juin 2019" in page.inner_text(".entry-meta")
    page.wait_for_selector(".wpc-comment")
    assert page.locator(".wpc-comment").count() >= 1
    screenshot(page, "public-post.png", full_page=True)

    page.click("a.nav-previous")
    assert page.url == site + "/2019/03/04/les-scop-en-2019-un-bilan-encourageant/"
    page.click("a.nav-next")
    assert page.url == site + "/2019/06/21/la-vie-du-secteur-ess-du-pcf/"
    page.click("a.nav-next")
    assert page.url == site + "/2019/09/10/finance-solidaire-ou-placer-son-epargne/"
    screenshot(page, "public-next.png", full_page=False)

    missing = page.goto(site + "/nulle-part/")
    assert missing is not None and missing.status == 404
    assert page.inner_text("h1.entry-title") == "Page introuvable"
    screenshot(page, "public-404.png", full_page=False)
    assert errors == []
