"""The widget on a front end at another origin, in headless Chromium with third-party cookies
blocked: wpcompat answers on 127.0.0.1 (origin A), the front end's page is on localhost
(origin B, listed in WPCOMPAT_FRONTEND_ORIGINS), a third page on another localhost port is not
listed (origin C). On B the reader signs in with the fake Google in a popup, comments, edits
within the window, fails after it, and logs out; C gets nothing.

Screenshots: test-artifacts/cross-origin-*.png.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from settings import Settings, load_settings
from tests.browser import CHROMIUM, CHROMIUM_ARGS, in_thread, page_errors, screenshot
from tests.fakes.oauth_providers import FakeProviders, loopback_socket, serve
from tests.test_comment_widget_browser import DEMO_POST, _prepare
from wpcompat.app import create_app
from wpcompat.storage import open_storage


def front_end(site: str, title: str) -> Starlette:
    """A static front end (a Next.js or Hugo site would do the same): one page embedding the widget."""
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>{title}</title></head>'
        f'<body style="font:16px system-ui;max-width:46em;margin:2em auto"><h1>{title}</h1>'
        "<p>An article served by another front end.</p>"
        f'<div id="comments"></div><script src="{site}/embed/comments.js" data-post="{DEMO_POST}" '
        'data-target="comments" data-lang="en" async></script></body></html>'
    )

    async def home(request):
        return HTMLResponse(page)

    return Starlette(routes=[Route("/", home)])


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    fake = FakeProviders()
    with serve(fake.app()) as provider_base:
        fake.base_url = provider_base
        site_sock, front_sock, other_sock = loopback_socket(), loopback_socket(), loopback_socket()
        site = f"http://127.0.0.1:{site_sock.getsockname()[1]}"
        front = f"http://localhost:{front_sock.getsockname()[1]}"
        other = f"http://localhost:{other_sock.getsockname()[1]}"
        db = tmp_path_factory.mktemp("cross") / "site.db"
        settings = load_settings(None, {
            "DATABASE_URL": f"sqlite:///{db}", "WPCOMPAT_SITE_URL": site, "WPCOMPAT_FRONTEND_ORIGINS": front,
            "WPCOMPAT_SECRET_KEY": "cross-origin-test-secret-0123456789", **fake.environ(),
        })
        in_thread(_prepare, settings, "")
        with serve(create_app(settings), site_sock), serve(front_end(site, "Front end B"), front_sock), \
                serve(front_end(site, "Front end C"), other_sock):
            yield {"site": site, "front": front, "other": other, "settings": settings, "fake": fake}


def _comment(settings: Settings, author: str) -> dict:
    async def q() -> dict:
        storage = await open_storage(settings.database_url, settings.table_prefix, create=False)
        try:
            c = storage.tables.comments
            row = await storage.db.fetch_one(sa.select(c).where(c.c.comment_author == author))
            return dict(row._mapping)
        finally:
            await storage.db.disconnect()

    return in_thread(q)


def _age(settings: Settings, comment_id: int, minutes: int) -> None:
    async def q() -> None:
        storage = await open_storage(settings.database_url, settings.table_prefix, create=False)
        try:
            c = storage.tables.comments
            when = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")
            await storage.db.execute(sa.update(c).where(c.c.comment_ID == comment_id).values(comment_date_gmt=when))
        finally:
            await storage.db.disconnect()

    in_thread(q)


def _browser(api, profile: Path):
    # Chromium's own setting "Block third-party cookies", in a profile of the test's own.
    (profile / "Default").mkdir(parents=True, exist_ok=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(
        {"profile": {"block_third_party_cookies": True, "cookie_controls_mode": 1}}))
    return api.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 900, "height": 1000}, locale="en-US")


def test_widget_on_another_origin(playwright_api, servers, tmp_path: Path) -> None:
    site, front, other, settings = servers["site"], servers["front"], servers["other"], servers["settings"]
    context = _browser(playwright_api, tmp_path / "profile")
    try:
        page = context.new_page()
        errors = page_errors(page)
        page.goto(front + "/")
        page.wait_for_selector(".wpc-comment")
        assert page.inner_text(".wpc-title") == "One comment"

        # Sign in: the provider's icon opens a popup on wpcompat's origin, which hands back a
        # credential for this origin and closes.
        with page.expect_popup() as popup_info:
            page.click(".wpc-provider.wpc-google")
        popup = popup_info.value
        popup.wait_for_event("close", timeout=15000)
        page.wait_for_selector(".wpc-me")
        assert "Ana Núñez" in page.inner_text(".wpc-me")
        assert page.url == front + "/"  # the page itself never left
        token = page.evaluate(f"sessionStorage.getItem('wpc-token-{site}')")
        assert token
        # Third-party cookies are blocked: from B, wpcompat's own session cookie is not sent.
        cookie_me = page.evaluate(f"fetch('{site}/auth/me', {{credentials: 'include'}}).then(r => r.json())")
        assert cookie_me["logged_in"] is False
        # The credential from another origin (C) is refused by REST.
        page_c = context.new_page()
        page_c.goto(other + "/")
        stolen = page_c.evaluate(
            f"fetch('{site}/wp-json/wp/v2/comments', {{method: 'POST', headers: {{'Content-Type': 'application/json',"
            f" Authorization: 'Bearer {token}'}}, body: JSON.stringify({{post: {DEMO_POST}, content: 'volé'}})}})"
            ".then(r => r.status, () => 'blocked')")
        assert stolen in (401, "blocked")
        # …and the widget on C gets nothing: no sign-in, no widget (its origin is not listed).
        page_c.wait_for_selector(".wpc-error")
        assert page_c.locator(".wpc-comments").count() == 0
        screenshot(page_c, "cross-origin-not-listed.png")
        refused = page_c.evaluate(
            f"fetch('{site}/auth/popup?origin=' + encodeURIComponent(location.origin)).then(r => r.status, () => 'blocked')")
        assert refused in (403, "blocked")
        page_c.close()

        # Comment.
        page.fill(".wpc-form textarea", "Bonjour depuis le front end.")
        page.click(".wpc-submit")
        page.wait_for_selector(".wpc-comment--held")
        row = _comment(settings, "Ana Núñez")
        assert row["comment_content"] == "Bonjour depuis le front end." and row["comment_approved"] == "0"
        screenshot(page, "cross-origin-commented.png", full_page=True)

        # Edit within the window.
        page.click(f"#comment-{row['comment_ID']} .wpc-edit")
        page.fill(".wpc-edit-text", "Bonjour depuis le front end (corrigé).")
        screenshot(page, "cross-origin-editing.png", full_page=True)
        page.click(".wpc-save")
        page.wait_for_selector(f"#comment-{row['comment_ID']} .wpc-content >> text=corrigé")
        assert _comment(settings, "Ana Núñez")["comment_content"] == "Bonjour depuis le front end (corrigé)."

        # After the window: refused, and the widget says so.
        _age(settings, row["comment_ID"], 6)
        page.click(f"#comment-{row['comment_ID']} .wpc-edit")
        page.fill(".wpc-edit-text", "Trop tard.")
        page.click(".wpc-save")
        page.wait_for_selector(".wpc-notice--error")
        assert "time to edit this comment is over" in page.inner_text(".wpc-notice")
        assert _comment(settings, "Ana Núñez")["comment_content"] == "Bonjour depuis le front end (corrigé)."
        assert page.locator(f"#comment-{row['comment_ID']} .wpc-edit").count() == 0

        # Log out: the credential ends on the server too.
        page.click(".wpc-me-actions button >> nth=0")
        page.wait_for_selector(".wpc-providers")
        status = page.evaluate(
            f"fetch('{site}/wp-json/wp/v2/users/me', {{headers: {{Authorization: 'Bearer {token}'}}}}).then(r => r.status)")
        assert status == 401
        assert page.evaluate(f"sessionStorage.getItem('wpc-token-{site}')") is None
        screenshot(page, "cross-origin-logged-out.png", full_page=True)
        assert errors == []
    finally:
        context.close()
