"""Social login end to end against local providers that speak each protocol for real."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from tests.fakes.oauth_providers import FakeProviders
from tests.social_helpers import (
    SITE,
    at_provider,
    local,
    login,
    query,
    running_fakes,
    site_client,
    site_settings,
    start_login,
)

PROVIDERS = ("wordpress", "google", "twitter", "facebook")
EXPECTED = {
    "wordpress": ("Wendy Press", "https://0.gravatar.com/avatar/abc?s=96", "https://gravatar.com/wendy"),
    "google": ("Ana Núñez", "https://lh3.googleusercontent.com/a/ana=s96-c", ""),
    "twitter": ("Xavier Dev", "https://pbs.twimg.com/profile_images/1/xavier_normal.jpg", "https://x.com/XavierDev"),
    "facebook": ("Fanny Book", "https://platform-lookaside.fbsbx.com/p/fanny.jpg", ""),
}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeProviders]:
    with running_fakes() as providers:
        yield providers


@pytest.fixture(autouse=True)
def _reset(fake: FakeProviders) -> None:
    fake.next_action = None
    fake.id_token_tamper = None
    fake.fail_next = None
    fake.calls.clear()


@pytest.fixture
def client(fake: FakeProviders, tmp_path: Path) -> Iterator[TestClient]:
    with site_client(site_settings(fake, tmp_path)) as c:
        yield c


def me(client: TestClient) -> dict:
    r = client.get("/auth/me")
    assert r.status_code == 200
    assert r.headers["cache-control"].startswith("no-store")
    return r.json()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_login_succeeds_and_comes_back(client: TestClient, fake: FakeProviders, provider: str) -> None:
    assert me(client)["logged_in"] is False
    r = login(client, provider, "/?p=1#respond")
    assert r.status_code == 302
    assert r.headers["location"] == f"{SITE}/?p=1&wpc_login=ok#respond"
    data = me(client)
    name, avatar, profile = EXPECTED[provider]
    assert data["logged_in"] is True
    assert data["commenter"]["provider"] == provider
    assert data["commenter"]["name"] == name
    assert data["commenter"]["avatar_url"] == avatar
    assert data["commenter"]["profile_url"] == profile
    assert data["nonce"]
    # The provider's profile endpoint was read once; nothing of its tokens is stored.
    assert sum(c.endswith((":me", "verify_credentials")) for c in fake.calls) == (0 if provider == "google" else 1)


def test_login_flow_protocol_details(client: TestClient, fake: FakeProviders) -> None:
    # Google: discovery, PKCE and a nonce in the authorize URL; the id_token checked with JWKS.
    url = start_login(client, "google")
    q = query(url)
    assert url.startswith(fake.base_url + "/google/authorize?")
    assert q["code_challenge_method"] == "S256" and q["nonce"] and len(q["state"]) >= 20
    assert q["redirect_uri"] == f"{SITE}/auth/google/callback"
    assert q["scope"] == "openid email profile" and q["prompt"] == "select_account"
    assert "code_verifier" not in url
    r = client.get(local(at_provider(url)), follow_redirects=False)
    assert query(r.headers["location"])["wpc_login"] == "ok"
    assert fake.calls[:3] == ["google:discovery", "google:authorize", "google:token"]
    assert "google:jwks" in fake.calls
    # X OAuth 2: PKCE; WordPress.com: scope auth.
    assert query(start_login(client, "twitter"))["code_challenge_method"] == "S256"
    assert query(start_login(client, "wordpress"))["scope"] == "auth"


def test_twitter_oauth1_fallback(fake: FakeProviders, tmp_path: Path) -> None:
    with site_client(site_settings(fake, tmp_path, twitter_oauth1=True)) as client:
        url = start_login(client, "twitter")
        assert url.startswith(fake.base_url + "/twitter1/oauth/authenticate?oauth_token=")
        r = client.get(local(at_provider(url)), follow_redirects=False)
        assert query(r.headers["location"])["wpc_login"] == "ok"
        assert me(client)["commenter"]["name"] == "Xavier Dev"
        assert "twitter1:verify_credentials" in fake.calls
        # Cancel: X sends ?denied=<request token>.
        fake.next_action = "deny"
        r = client.get(local(at_provider(start_login(client, "twitter"))), follow_redirects=False)
        assert query(r.headers["location"])["wpc_login"] == "cancelled"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_cancelled_login(client: TestClient, fake: FakeProviders, provider: str) -> None:
    fake.next_action = "deny"
    r = login(client, provider)
    assert r.status_code == 302
    assert r.headers["location"] == f"{SITE}/?p=1&wpc_login=cancelled"
    assert me(client)["logged_in"] is False
    assert not any(c.endswith(":token") for c in fake.calls)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_wrong_state_is_refused(client: TestClient, fake: FakeProviders, provider: str) -> None:
    callback = at_provider(start_login(client, provider))
    state = query(callback)["state"]
    r = client.get(local(callback.replace(state, "x" * len(state))), follow_redirects=False)
    assert r.status_code == 400
    assert "expired" in r.text
    assert me(client)["logged_in"] is False
    assert not any(c.endswith(":token") for c in fake.calls)


def test_callback_from_another_browser_is_refused(client: TestClient, fake: FakeProviders, tmp_path: Path) -> None:
    # An attacker's own code and state, fed to a victim's browser (login CSRF): no flow cookie.
    callback = at_provider(start_login(client, "google"))
    with TestClient(client.app, base_url=SITE) as victim:
        r = victim.get(local(callback), follow_redirects=False)
        assert r.status_code == 400
        assert victim.get("/auth/me").json()["logged_in"] is False


@pytest.mark.parametrize("provider", PROVIDERS)
def test_replayed_callback(client: TestClient, fake: FakeProviders, provider: str) -> None:
    callback = at_provider(start_login(client, provider))
    flow_cookie = client.cookies.get("wpc_oauth_flow")
    assert client.get(local(callback), follow_redirects=False).status_code == 302
    client.post("/auth/logout", headers={"Origin": SITE})
    # Same browser again: the state was used up and dropped from the flow cookie.
    r = client.get(local(callback), follow_redirects=False)
    assert r.status_code == 400
    # Even with the old flow cookie put back, the provider refuses the used code.
    client.cookies.set("wpc_oauth_flow", flow_cookie, domain="testserver.local", path="/auth/")
    r = client.get(local(callback), follow_redirects=False)
    assert r.status_code == 302 and query(r.headers["location"])["wpc_login"] == "failed"
    assert fake.calls.count(f"{provider}:token") == 2  # refused there: the code was used
    assert me(client)["logged_in"] is False


@pytest.mark.parametrize("tamper", ["nonce", "aud", "iss", "expired", "signature", "missing"])
def test_bad_id_token_is_refused(client: TestClient, fake: FakeProviders, tamper: str) -> None:
    fake.id_token_tamper = tamper
    r = login(client, "google")
    assert r.status_code == 302
    assert r.headers["location"] == f"{SITE}/?p=1&wpc_login=failed"
    assert me(client)["logged_in"] is False


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "http://testserver@evil.example/",
        "http://evil.example\\@testserver/",
        "/\t/evil.example",
        "https:evil.example",
        "data:text/html,hi",
    ],
)
def test_open_redirects_stay_on_the_site(client: TestClient, target: str) -> None:
    # WordPress strips backslashes (`/\\evil.example` is the site's /evil.example, a relative
    # `evil.example` a path under /auth/); everything else goes home.
    r = login(client, "google", target)
    location = r.headers["location"]
    assert location.startswith(f"{SITE}/") and location.endswith("?wpc_login=ok"), location
    assert location in (f"{SITE}/?wpc_login=ok", f"{SITE}/evil.example?wpc_login=ok",
                        f"{SITE}/auth/evil.example?wpc_login=ok"), location


def test_redirect_to_allowed_origins(fake: FakeProviders, tmp_path: Path) -> None:
    settings = site_settings(fake, tmp_path, WPCOMPAT_ALLOWED_REDIRECT_ORIGINS="https://blog.example")
    with site_client(settings) as client:
        r = login(client, "wordpress", "https://blog.example/2024/05/hello/#comments")
        assert r.headers["location"] == "https://blog.example/2024/05/hello/?wpc_login=ok#comments"
        r = login(client, "wordpress", f"{SITE}/2024/05/hello/")
        assert r.headers["location"] == f"{SITE}/2024/05/hello/?wpc_login=ok"
        # The destination is never taken from the callback's query string.
        callback = at_provider(start_login(client, "wordpress", "/ok"))
        r = client.get(local(callback) + "&redirect_to=https://evil.example/", follow_redirects=False)
        assert r.headers["location"] == f"{SITE}/ok?wpc_login=ok"


def test_logout(client: TestClient) -> None:
    login(client, "facebook")
    assert me(client)["logged_in"] is True
    r = client.post("/auth/logout", headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    assert me(client)["logged_in"] is True
    r = client.post("/auth/logout", headers={"Origin": SITE})
    assert r.status_code == 200 and r.json() == {"logged_in": False}
    assert me(client)["logged_in"] is False


def test_unknown_and_unconfigured_providers(fake: FakeProviders, tmp_path: Path) -> None:
    settings = site_settings(fake, tmp_path, FACEBOOK_CLIENT_ID="", FACEBOOK_CLIENT_SECRET="")
    with site_client(settings) as client:
        assert client.get("/auth/facebook/login").status_code == 404
        assert client.get("/auth/github/login").status_code == 404
        assert client.get("/auth/facebook/callback?code=a&state=b").status_code == 404
        assert [p["name"] for p in me(client)["providers"]] == ["wordpress", "google", "twitter"]


def test_provider_unreachable(fake: FakeProviders, tmp_path: Path) -> None:
    settings = site_settings(
        fake, tmp_path, GOOGLE_SERVER_METADATA_URL="http://127.0.0.1:9/.well-known/openid-configuration",
        GOOGLE_CLIENT_KWARGS='{"timeout": 2}',
    )
    with site_client(settings) as client:
        r = client.get("/auth/google/login", params={"redirect_to": "/?p=1"}, follow_redirects=False)
        assert r.headers["location"] == f"{SITE}/?p=1&wpc_login=failed"


def test_me_lists_login_buttons_for_the_page(client: TestClient) -> None:
    data = client.get("/auth/me", params={"redirect_to": f"{SITE}/?p=7"}).json()
    assert [p["label"] for p in data["providers"]] == ["WordPress.com", "Google", "X (Twitter)", "Facebook"]
    assert data["providers"][1]["login_url"] == f"{SITE}/auth/google/login?redirect_to=http%3A%2F%2Ftestserver%2F%3Fp%3D7"
    assert data["nonce"] is None and data["commenter"] is None


def _signed_request(payload: dict, secret: str) -> str:
    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    body = b64(json.dumps(payload).encode())
    sig = b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())
    return f"{sig}.{body}"


def test_facebook_data_deletion_callback(client: TestClient) -> None:
    login(client, "facebook")
    storage = client.app.state.storage
    table = storage.tables.oauth_identities
    count = sa.select(sa.func.count()).select_from(table).where(table.c.provider == "facebook")

    async def n() -> int:
        return int(await storage.db.fetch_val(count))

    assert client.portal.call(n) == 1
    forged = _signed_request({"algorithm": "HMAC-SHA256", "user_id": "10158812345678901"}, "not-the-secret")
    assert client.post("/auth/facebook/deletion", data={"signed_request": forged}).status_code == 400
    assert client.post("/auth/facebook/deletion", data={"signed_request": "garbage"}).status_code == 400
    good = _signed_request(
        {"algorithm": "HMAC-SHA256", "user_id": "10158812345678901", "issued_at": 1}, "fb-secret"
    )
    r = client.post("/auth/facebook/deletion", data={"signed_request": good})
    assert r.status_code == 200
    body = r.json()
    assert body["url"].startswith(f"{SITE}/auth/facebook/deletion?code=")
    assert client.portal.call(n) == 0
    status = client.get(local(body["url"]))
    assert status.status_code == 200 and "deleted" in status.text
    assert client.get("/auth/facebook/deletion?code=forged").status_code == 404


def test_back_channel_is_real_http(fake: FakeProviders) -> None:
    # The fakes are a real server on loopback: what Authlib talks to is what a browser sees.
    assert httpx.get(fake.base_url + "/google/.well-known/openid-configuration").json()["issuer"] == fake.issuer


def test_session_cookie_and_change_of_account(client: TestClient) -> None:
    from auth.nonces import REST_ACTION, verify_nonce
    from auth.sessions import COOKIE_NAME, load_session

    r = login(client, "google")
    cookies = r.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith(COOKIE_NAME + "="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie and "Path=/" in session_cookie
    flow_cookie = next(c for c in cookies if c.startswith("wpc_oauth_flow="))
    assert "Max-Age=0" in flow_cookie or 'wpc_oauth_flow=""' in flow_cookie  # the login's state is gone
    first = client.cookies.get(COOKIE_NAME)
    nonce = me(client)["nonce"]
    storage, settings = client.app.state.storage, client.app.state.settings
    session = client.portal.call(load_session, storage, settings, first)
    assert session is not None and session.user_id == 0
    assert verify_nonce(settings.secret_key, nonce, REST_ACTION, 0, session.token) == 1
    # "change": signing in with another account replaces the session.
    login(client, "wordpress")
    assert me(client)["commenter"]["provider"] == "wordpress"
    assert client.portal.call(load_session, storage, settings, first) is None


def test_export_and_erase_my_data(client: TestClient) -> None:
    assert client.get("/auth/me/export").status_code == 401
    login(client, "twitter")
    r = client.get("/auth/me/export")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.json()["identity"]["subject"] == "2244994945" and r.json()["comments"] == []
    assert client.post("/auth/me/erase", headers={"Origin": "https://evil.example"}).status_code == 403
    r = client.post("/auth/me/erase", headers={"Origin": SITE})
    assert r.status_code == 200 and r.json()["erased"] is True and r.json()["mode"] == "anonymize"
    assert me(client)["logged_in"] is False
    assert client.get("/auth/me/export").status_code == 401


def test_expired_page_speaks_the_readers_language(client: TestClient) -> None:
    r = client.get("/auth/google/callback?code=a&state=b", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert r.status_code == 400 and "Connexion expirée" in r.text and 'lang="fr"' in r.text
    r = client.get("/auth/google/callback?code=a&state=b")
    assert "Sign-in expired" in r.text


@pytest.mark.parametrize("provider", ["wordpress", "twitter", "facebook"])
@pytest.mark.parametrize("failure", ["token", "profile"])
def test_provider_errors_fail_cleanly(client: TestClient, fake: FakeProviders, provider: str, failure: str) -> None:
    fake.fail_next = failure
    r = login(client, provider)
    assert r.status_code == 302 and r.headers["location"] == f"{SITE}/?p=1&wpc_login=failed"
    assert me(client)["logged_in"] is False


def test_google_token_endpoint_error(client: TestClient, fake: FakeProviders) -> None:
    fake.fail_next = "token"
    assert login(client, "google").headers["location"] == f"{SITE}/?p=1&wpc_login=failed"


def test_google_key_rotation_refetches_the_jwks(client: TestClient, fake: FakeProviders) -> None:
    from joserfc.jwk import RSAKey

    old_key = fake.key
    try:
        assert query(login(client, "google").headers["location"])["wpc_login"] == "ok"
        fake.key = RSAKey.generate_key(2048, parameters={"kid": "test-2", "use": "sig", "alg": "RS256"})
        fake.calls.clear()
        assert query(login(client, "google").headers["location"])["wpc_login"] == "ok"
        assert "google:jwks" in fake.calls  # the unknown kid made Authlib fetch the new keys
    finally:
        fake.key = old_key


def test_every_redirect_vector_stays_on_the_site(client: TestClient) -> None:
    from tests.test_redirects import VECTORS, lands_on_site

    for target, _ in VECTORS:
        target = target.replace("example.test", "testserver").replace("EXAMPLE.test", "TESTSERVER")
        location = login(client, "google", target).headers["location"]
        assert lands_on_site(location, "testserver"), (target, location)


@pytest.mark.parametrize("provider", ["google", "wordpress", "facebook", "twitter"])
@pytest.mark.parametrize("drop", ["code", "everything but state"])
def test_callback_with_a_valid_state_and_no_code_is_a_clean_failure(client: TestClient, provider: str, drop: str) -> None:
    callback = at_provider(start_login(client, provider, "/?p=1"))
    parts = urlsplit(callback)
    params = dict(parse_qsl(parts.query))
    kept = {k: v for k, v in params.items() if k != "code"} if drop == "code" else {
        k: v for k, v in params.items() if k in ("state", "oauth_token")}
    r = client.get(parts.path, params=kept, follow_redirects=False)
    assert r.status_code in (302, 400), r.text
    if r.status_code == 302:
        assert r.headers["location"].startswith(f"{SITE}/")
        assert query(r.headers["location"]).get("wpc_login") in ("failed", "cancelled"), r.headers["location"]
