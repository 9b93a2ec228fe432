"""@wordpress/api-fetch (tests/js/apifetch_nonce.mjs), unchanged, against wpcompat: a page left
open past its nonce's life makes a request, is refused (403 rest_cookie_invalid_nonce), renews
the nonce at /wp-admin/admin-ajax.php?action=rest-nonce and succeeds, then writes a draft."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from auth.nonces import NONCE_LIFE, REST_ACTION, create_nonce
from auth.sessions import COOKIE_NAME, cookie_value, create_session
from settings import load_settings
from tests.conftest import ROOT, shared_path
from tests.fakes.oauth_providers import loopback_socket, serve
from tests.public_site import build_public_site
from wpcompat.app import create_app
from wpcompat.storage import open_storage

JS_DIR = ROOT / "tests" / "js"


def test_api_fetch_renews_an_expired_nonce(tmp_path) -> None:
    node = shutil.which("node")
    if not node or not (JS_DIR / "node_modules" / "@wordpress" / "api-fetch").is_dir():
        pytest.fail("node or tests/js/node_modules missing: run scripts/install-test-deps.sh")
    sock = loopback_socket()
    site = f"http://127.0.0.1:{sock.getsockname()[1]}"
    base = load_settings(None, {"WPCOMPAT_SITE_URL": site, "WPCOMPAT_SECRET_KEY": "api-fetch-test-secret-0123456789"})
    settings = build_public_site(base, shared_path("oracle"), "date", tmp_path / "site.db")

    async def sign_in() -> tuple[str, str]:
        storage = await open_storage(settings.database_url, settings.table_prefix)
        try:
            session = await create_session(storage, settings, user_id=1)  # the oracle's administrator
        finally:
            await storage.db.disconnect()
        # The nonce the page got when it was loaded, two days ago: expired since.
        stale = create_nonce(settings.secret_key, REST_ACTION, 1, session.token, now=time.time() - 2 * NONCE_LIFE)
        return f"{COOKIE_NAME}={cookie_value(settings, session)}", stale

    with ThreadPoolExecutor(1) as pool:
        cookie, stale = pool.submit(asyncio.run, sign_in()).result()
    with serve(create_app(settings), sock):
        proc = subprocess.run([node, str(JS_DIR / "apifetch_nonce.mjs"), site, cookie, stale], cwd=JS_DIR,
                              capture_output=True, text=True, timeout=120, check=False)
    report = json.loads(proc.stdout or "{}")
    assert proc.returncode == 0 and "error" not in report, (proc.stderr, report)
    assert report["me"] == {"id": 1, "roles": ["administrator"]}
    fresh = report["nonce"]
    assert fresh != stale
    calls = [(r["method"], r["url"].split("?")[0], r["nonce"]) for r in report["requests"]]
    assert calls == [
        ("GET", "/wp-json/wp/v2/users/me", stale),  # refused: the nonce expired
        ("GET", "/wp-admin/admin-ajax.php", None),  # api-fetch renews it
        ("GET", "/wp-json/wp/v2/users/me", fresh),
        ("POST", "/wp-json/wp/v2/posts", fresh),
    ]
    assert report["post"]["status"] == "draft" and report["post"]["title"] == "Via api-fetch"
