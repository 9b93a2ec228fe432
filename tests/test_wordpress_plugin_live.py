"""Opt-in: the WordPress plugin (integrations/wordpress/wpcompat-comments.php) on a real
WordPress, with wpcompat serving that WordPress's database in place.

Needs a live setup, so it runs only when WPCOMPAT_LIVE_WP_POST_URL is set (the setup is in
docs/login-and-moderation.md, "The WordPress plugin"):
  WPCOMPAT_LIVE_WP_POST_URL   a post page served by WordPress with the plugin active
  WPCOMPAT_LIVE_WP_POST_ID    that post's ID
  The wpcompat URL is the plugin's setting; wpcompat must list WordPress's origin in
  WPCOMPAT_FRONTEND_ORIGINS and offer Google sign-in (e.g. the fake providers of
  tests/fakes/oauth_providers.py).
A guest comment and a signed-in one are posted through the widget on WordPress's page; then
WordPress's own REST API must list both. Screenshot: test-artifacts/wordpress-plugin.png.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.browser import page_errors, screenshot

POST_URL = os.environ.get("WPCOMPAT_LIVE_WP_POST_URL", "")
pytestmark = pytest.mark.skipif(not POST_URL, reason="opt-in: set WPCOMPAT_LIVE_WP_POST_URL (a live WordPress)")


def _wordpress_comments(post_id: int) -> list[dict]:
    parts = urlsplit(POST_URL)
    url = f"{parts.scheme}://{parts.netloc}/?rest_route=/wp/v2/comments&post={post_id}&per_page=100"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_plugin_hands_comments_to_wpcompat(browser) -> None:
    post_id = int(os.environ.get("WPCOMPAT_LIVE_WP_POST_ID", "1"))
    stamp = str(int(time.time()))
    page = browser.new_page(viewport={"width": 1000, "height": 1000}, locale="en-US")
    errors = page_errors(page)
    page.goto(POST_URL)
    page.wait_for_selector(".wpcompat-comments-section .wpc-title")
    assert page.locator("#commentform, .wp-block-post-comments-form").count() == 0  # WordPress's own form is gone

    guest = f"Commentaire invité {stamp}"
    page.fill(".wpc-guest input[name=email]", f"guest{stamp}@example.org")
    page.fill(".wpc-guest input[name=author]", "Invitée")
    page.fill(".wpc-form textarea", guest)
    page.click(".wpc-submit")
    page.wait_for_selector(".wpc-notice--success, .wpc-notice--info")
    listed = [c["content"]["rendered"] for c in _wordpress_comments(post_id)]
    assert any(guest in text for text in listed), "WordPress's REST API does not list the guest comment"

    time.sleep(16)  # WordPress's flood rule: one comment per 15 s from one address
    with page.expect_popup() as popup_info:
        page.click(".wpc-provider.wpc-google")
    popup_info.value.wait_for_event("close", timeout=15000)
    page.wait_for_selector(".wpc-me")
    signed = f"Commentaire connecté {stamp}"
    page.fill(".wpc-form textarea", signed)
    page.click(".wpc-submit")
    page.wait_for_selector(f".wpc-comment >> text={signed}")
    by_wordpress = {c["author_name"]: c for c in _wordpress_comments(post_id)
                    if signed in c["content"]["rendered"]}
    assert "Ana Núñez" in by_wordpress, "WordPress's REST API does not list the signed-in comment"
    screenshot(page, "wordpress-plugin.png", full_page=True)
    assert errors == []
