"""The comment widget in real headless Chromium: the demo post, Google sign-in, a comment, logout.

wpcompat and the fake providers both run on 127.0.0.1. Under CI the test must run (a missing
Chromium or Playwright fails it); elsewhere it is skipped with the reason. The screenshots go
to test-artifacts/ (gitignored): look at them when changing the widget.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from settings import Settings, load_settings
from tests.browser import in_thread, page_errors, screenshot
from tests.fakes.oauth_providers import FakeProviders, loopback_socket, serve
from wpcompat.app import create_app
from wpcompat.demo import import_demo_if_empty
from wpcompat.storage import open_storage
from wpcompat.storage.options import set_option

DEMO_POST = 42


async def _prepare(settings: Settings, language: str) -> None:
    storage = await open_storage(settings.database_url, settings.table_prefix)
    try:
        await import_demo_if_empty(storage, settings)
        await set_option(storage, "WPLANG", language)
    finally:
        await storage.db.disconnect()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FakeProviders, Settings]]:
    fake = FakeProviders()
    with serve(fake.app()) as provider_base:
        fake.base_url = provider_base
        sock = loopback_socket()
        site = f"http://127.0.0.1:{sock.getsockname()[1]}"
        db = tmp_path_factory.mktemp("widget") / "site.db"
        settings = load_settings(None, {
            "DATABASE_URL": f"sqlite:///{db}", "WPCOMPAT_SITE_URL": site,
            "WPCOMPAT_SECRET_KEY": "browser-test-secret-0123456789", **fake.environ(),
        })
        # The demo blog is French, and so is its site language.
        in_thread(_prepare, settings, "fr_FR")
        with serve(create_app(settings), sock):
            yield site, fake, settings


def _comment_rows(settings: Settings) -> list[dict]:
    async def q() -> list[dict]:
        storage = await open_storage(settings.database_url, settings.table_prefix, create=False)
        try:
            c = storage.tables.comments
            rows = await storage.db.fetch_all(sa.select(c).where(c.c.comment_post_ID == DEMO_POST))
            return [dict(r._mapping) for r in rows]
        finally:
            await storage.db.disconnect()

    return in_thread(q)


def test_sign_in_with_google_comment_and_log_out(browser, servers) -> None:
    site, fake, settings = servers
    page = browser.new_page(viewport={"width": 900, "height": 1000}, locale="en-US")
    errors = page_errors(page)
    page.goto(f"{site}/?p={DEMO_POST}")
    post_url = page.url  # the post's permalink (the plain form redirects there)
    page.wait_for_selector(".wpc-comment")
    # The site language (fr_FR) wins over the browser's.
    assert page.inner_text(".wpc-title") == "Un commentaire"
    assert "Un ébéniste coopérateur" in page.inner_text(".wpc-list")
    labels = page.eval_on_selector_all(".wpc-provider", "els => els.map(e => e.getAttribute('aria-label'))")
    assert labels == [
        "Se connecter avec WordPress.com", "Se connecter avec Google",
        "Se connecter avec X (Twitter)", "Se connecter avec Facebook",
    ]
    screenshot(page, "comment-widget-guest.png", full_page=True)
    screenshot(page.locator(".wpc-respond"), "comment-form-guest.png")

    # Sign in through the fake Google: our login route, the provider, our callback, back here.
    page.click(".wpc-provider.wpc-google")
    page.wait_for_selector(".wpc-me")
    assert page.url == post_url  # wpc_login=ok was read and removed
    assert "Ana Núñez" in page.inner_text(".wpc-me")
    assert "Google" in page.inner_text(".wpc-me")
    assert page.is_hidden(".wpc-guest")
    assert "google:token" in fake.calls

    # A reply: the reply link moves the form under the comment it answers.
    page.click("#comment-7 .wpc-reply")
    assert page.inner_text(".wpc-respond-title") == "Répondre à Un ébéniste coopérateur"
    assert page.locator("#comment-7 .wpc-respond").count() == 1
    page.fill(".wpc-form textarea", "Merci pour ce témoignage, je viendrai à la permanence mardi.")
    page.click(".wpc-submit")
    # New commenter: held for moderation (comment_previously_approved), shown to them only.
    page.wait_for_selector("#comment-7 .wpc-children .wpc-comment--held")
    assert "en attente de modération" in page.inner_text(".wpc-notice")
    held = page.inner_text(".wpc-comment--held")
    assert "Ana Núñez" in held and "permanence mardi" in held
    assert page.inner_text(".wpc-respond-title") == "Laisser un commentaire"  # back under the list
    rows = [r for r in _comment_rows(settings) if r["comment_author"] == "Ana Núñez"]
    assert len(rows) == 1 and rows[0]["comment_approved"] == "0" and rows[0]["comment_parent"] == 7
    screenshot(page, "comment-widget.png", full_page=True)
    screenshot(page.locator(".wpc-comments"), "comment-widget-thread.png")

    # The commenter's own data: a download of everything stored about them.
    page.click(".wpc-data summary")
    assert page.is_visible(".wpc-data a")
    screenshot(page.locator(".wpc-respond"), "comment-form-logged-in.png")
    export = page.evaluate("fetch(document.querySelector('.wpc-data a').href).then(r => r.json())")
    assert [c["content"] for c in export["comments"]] == [rows[0]["comment_content"]]

    # Log out: the providers' icons and the guest fields come back.
    page.click(".wpc-me-actions button >> nth=0")
    page.wait_for_selector(".wpc-providers")
    assert page.is_visible(".wpc-guest")
    me = page.evaluate("fetch('/auth/me', {credentials: 'include'}).then(r => r.json())")
    assert me["logged_in"] is False

    # As a guest, straight away: WordPress's flood check (same IP within 15 s) answers,
    # and the widget says so in the reader's language.
    page.fill(".wpc-guest input[name=email]", "paul@example.org")
    page.fill(".wpc-guest input[name=author]", "Paul")
    page.fill(".wpc-form textarea", "Et moi aussi !")
    page.click(".wpc-submit")
    page.wait_for_selector(".wpc-notice--error")
    assert "trop vite" in page.inner_text(".wpc-notice")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page.locator(".wpc-respond"), "comment-form-mobile.png")
    assert errors == []
