"""Browser sessions (signed cookie + wpc_sessions row) and `wp_rest` nonces through REST."""

from __future__ import annotations

import time

from auth.nonces import REST_ACTION, create_nonce, nonce_tick, verify_nonce
from auth.sessions import (
    COOKIE_NAME,
    cookie_value,
    create_session,
    destroy_session,
    load_session,
    purge_expired,
    set_cookie_header,
)

from .discussion_site import client, make_site

SECRET = "s3cret"


def test_nonce_lives_12_to_24_hours_and_is_bound():
    now = 1_700_000_000.0
    nonce = create_nonce(SECRET, REST_ACTION, 7, "tok", now)
    assert len(nonce) == 10
    assert verify_nonce(SECRET, nonce, REST_ACTION, 7, "tok", now) == 1
    next_tick = (nonce_tick(now)) * 43200 + 1
    assert verify_nonce(SECRET, nonce, REST_ACTION, 7, "tok", next_tick) == 2
    assert verify_nonce(SECRET, nonce, REST_ACTION, 7, "tok", next_tick + 43200) == 0
    assert verify_nonce(SECRET, nonce, REST_ACTION, 8, "tok", now) == 0
    assert verify_nonce(SECRET, nonce, REST_ACTION, 7, "other", now) == 0
    assert verify_nonce(SECRET, nonce, "other_action", 7, "tok", now) == 0
    assert verify_nonce("other", nonce, REST_ACTION, 7, "tok", now) == 0
    assert verify_nonce(SECRET, "", REST_ACTION, 7, "tok", now) == 0


def test_sessions_store_a_hash_and_expire(settings):
    site = make_site(settings)

    async def scenario(storage):
        session = await create_session(storage, settings, user_id=3, data={"commenter": {"name": "Zoé"}})
        value = cookie_value(settings, session)
        loaded = await load_session(storage, settings, value)
        assert loaded is not None and loaded.user_id == 3 and loaded.data == {"commenter": {"name": "Zoé"}}
        stored = [r.session_id for r in await storage.db.fetch_all(storage.tables.sessions.select())]
        assert session.token not in stored and len(stored[0]) == 64
        assert await load_session(storage, settings, value[:-2] + "xx") is None
        assert await load_session(storage, settings, "nonsense") is None
        header = set_cookie_header(settings, session)
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
        await destroy_session(storage, session)
        assert await load_session(storage, settings, value) is None
        old = await create_session(storage, settings, user_id=3, lifetime=-1)
        assert await load_session(storage, settings, cookie_value(settings, old)) is None
        assert await purge_expired(storage, time.time()) == 1

    site.run(scenario)


def test_cookie_and_nonce_through_rest(settings, monkeypatch):
    site = make_site(settings)
    session = site.run(lambda storage: create_session(storage, site.settings, user_id=site.users["subscriber"]))
    nonce = create_nonce(site.settings.secret_key, REST_ACTION, site.users["subscriber"], session.token)
    body = {"post": site.posts["open"], "content": "Par le navigateur"}
    with client(site, monkeypatch, allow_anonymous_comments=False) as c:
        c.cookies.set(COOKIE_NAME, cookie_value(site.settings, session))
        # Without a nonce the cookie is ignored: an anonymous request.
        r = c.post("/wp-json/wp/v2/comments", json=body)
        assert r.status_code == 401 and r.json()["code"] == "rest_comment_login_required"
        r = c.post("/wp-json/wp/v2/comments", json=body, headers={"X-WP-Nonce": "0123456789"})
        assert r.status_code == 403
        assert r.json() == {"code": "rest_cookie_invalid_nonce", "message": "Cookie check failed",
                            "data": {"status": 403}}
        r = c.post("/wp-json/wp/v2/comments", json=body, headers={"X-WP-Nonce": nonce})
        assert r.status_code == 201 and r.json()["author"] == site.users["subscriber"]
        r = c.post(f"/wp-json/wp/v2/comments?_wpnonce={nonce}", json={**body, "content": "Encore"})
        assert r.status_code in (201, 400)  # 400: the flood check, which proves who was asking
    assert all(row["user_id"] == site.users["subscriber"] for row in site.comments())
