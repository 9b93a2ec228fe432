"""Social commenters post through REST and the classic form, as their provider identity."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from auth.identities import find_identity
from tests.fakes.oauth_providers import FakeProviders
from tests.social_helpers import SITE, login, running_fakes, site_client, site_settings


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeProviders]:
    with running_fakes() as providers:
        yield providers


@pytest.fixture
def client(fake: FakeProviders, tmp_path: Path) -> Iterator[TestClient]:
    with site_client(site_settings(fake, tmp_path)) as c:
        yield c


def run(client: TestClient, query):
    async def go():
        return await query(client.app.state.storage)

    return client.portal.call(go)


def new_post(client: TestClient) -> int:
    async def insert(storage):
        t = storage.tables.posts
        return await storage.db.execute(sa.insert(t).values(
            post_title="Hello", post_name="hello", post_status="publish", post_type="post",
            comment_status="open", post_date="2026-11-01 10:00:00", post_date_gmt="2026-11-01 09:00:00",
        ))

    return run(client, insert)


def meta_of(client: TestClient, comment_id: int) -> dict[str, str]:
    async def q(storage):
        m = storage.tables.commentmeta
        rows = await storage.db.fetch_all(sa.select(m.c.meta_key, m.c.meta_value).where(m.c.comment_id == comment_id))
        return {r["meta_key"]: r["meta_value"] for r in rows}

    return run(client, q)


def approve(client: TestClient, comment_id: int) -> None:
    """Approve, and move it back in time (out of the 15 s flood window)."""
    async def q(storage):
        c = storage.tables.comments
        await storage.db.execute(sa.update(c).where(c.c.comment_ID == comment_id).values(
            comment_approved="1", comment_date_gmt="2026-01-01 00:00:00", comment_date="2026-01-01 01:00:00"))

    run(client, q)


def rest_post(client: TestClient, post: int, text: str, nonce: str | None, **extra) -> object:
    headers = {"X-WP-Nonce": nonce} if nonce else {}
    return client.post("/wp-json/wp/v2/comments", json={"post": post, "content": text, **extra}, headers=headers)


def test_rest_comment_as_google_commenter(client: TestClient) -> None:
    post = new_post(client)
    login(client, "google")
    nonce = client.get("/auth/me").json()["nonce"]
    r = rest_post(client, post, "Bonjour depuis Google", nonce)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["author_name"] == "Ana Núñez" and body["author"] == 0
    # New commenter: held (comment_previously_approved), as for any first comment.
    assert body["status"] == "hold"
    assert meta_of(client, body["id"]) == {
        "hc_post_as": "google", "hc_foreign_user_id": "110248495921238986420",
        "hc_avatar": "https://lh3.googleusercontent.com/a/ana=s96-c",
    }
    approve(client, body["id"])
    # Once approved, the identity counts as previously approved.
    r = rest_post(client, post, "Encore moi", nonce)
    assert r.status_code == 201 and r.json()["status"] == "approved"


def test_commenter_without_email_skips_require_name_email(client: TestClient) -> None:
    post = new_post(client)
    login(client, "twitter")
    nonce = client.get("/auth/me").json()["nonce"]
    r = rest_post(client, post, "From X", nonce)
    assert r.status_code == 201, r.text
    assert r.json()["author_name"] == "Xavier Dev"
    assert r.json()["author_url"] == "https://x.com/XavierDev"


def test_cookie_without_nonce_is_a_guest_and_bad_nonce_is_refused(client: TestClient) -> None:
    post = new_post(client)
    login(client, "facebook")
    r = rest_post(client, post, "no nonce", None)
    assert r.status_code == 400 and r.json()["code"] == "rest_comment_author_data_required"
    r = rest_post(client, post, "bad nonce", "0123456789")
    assert r.status_code == 403 and r.json()["code"] == "rest_cookie_invalid_nonce"
    # Guests still post with their own details.
    r = rest_post(client, post, "as a guest", None, author_name="Guest", author_email="guest@example.org")
    assert r.status_code == 201 and meta_of(client, r.json()["id"]) == {}


def test_logged_out_nonce_is_worthless(client: TestClient) -> None:
    post = new_post(client)
    login(client, "wordpress")
    nonce = client.get("/auth/me").json()["nonce"]
    client.post("/auth/logout", headers={"Origin": SITE})
    r = rest_post(client, post, "after logout", nonce)
    # As WordPress: without a session the nonce is checked as the logged-out user's, and fails.
    assert r.status_code == 403 and r.json()["code"] == "rest_cookie_invalid_nonce"


def test_classic_form_as_commenter(client: TestClient) -> None:
    post = new_post(client)
    login(client, "wordpress")
    r = client.post("/wp-comments-post.php", data={"comment_post_ID": str(post), "comment": "Via the form"},
                    follow_redirects=False)
    assert r.status_code == 302, r.text

    async def q(storage):
        c = storage.tables.comments
        row = await storage.db.fetch_one(sa.select(c).where(c.c.comment_post_ID == post))
        return dict(row._mapping), await find_identity(storage, "wordpress", "40321")

    row, identity = run(client, q)
    assert row["comment_author"] == "Wendy Press" and row["comment_author_email"] == "wendy@example.org"
    assert row["comment_author_url"] == "https://gravatar.com/wendy"
    assert meta_of(client, row["comment_ID"])["hc_foreign_user_id"] == identity.subject


def test_author_avatar_urls_show_the_provider_picture(client: TestClient) -> None:
    post = new_post(client)
    login(client, "google")
    nonce = client.get("/auth/me").json()["nonce"]
    r = rest_post(client, post, "Avatar", nonce)
    assert r.json()["author_avatar_urls"] == {
        "24": "https://lh3.googleusercontent.com/a/ana=s24-c",
        "48": "https://lh3.googleusercontent.com/a/ana=s48-c",
        "96": "https://lh3.googleusercontent.com/a/ana=s96-c",
    }
    approve(client, r.json()["id"])
    listed = client.get("/wp-json/wp/v2/comments", params={"post": post}).json()
    assert listed[0]["author_avatar_urls"]["48"] == "https://lh3.googleusercontent.com/a/ana=s48-c"
    # A guest's comment keeps its Gravatar.
    guest = rest_post(client, post, "guest", None, author_name="G", author_email="g@example.org").json()
    assert "gravatar.com/avatar/" in guest["author_avatar_urls"]["48"]


def test_provider_avatar_sizes() -> None:
    from wpcompat.avatars import provider_avatar_url, social_avatar_urls

    assert provider_avatar_url("https://0.gravatar.com/avatar/abc?s=96&d=mm", 24) == "https://0.gravatar.com/avatar/abc?s=24&d=mm"
    assert provider_avatar_url("https://pbs.twimg.com/p/x_normal.jpg", 96) == "https://pbs.twimg.com/p/x_normal.jpg"
    assert social_avatar_urls("http://insecure.example/a.png") is None
    assert social_avatar_urls('https://a.example/"onerror=x') is None
    assert social_avatar_urls(None) is None


def test_a_site_users_session_is_shown_and_comments_as_the_user(client: TestClient) -> None:
    from auth.accounts import UserFields, create_user
    from auth.sessions import COOKIE_NAME, cookie_value, create_session

    post = new_post(client)

    async def make(storage):
        user_id = await create_user(storage, "camille", UserFields(email="camille@example.org", role="subscriber",
                                                                   display_name="Camille M."))
        return user_id, await create_session(storage, client.app.state.settings, user_id=user_id)

    user_id, session = run(client, make)
    client.cookies.set(COOKIE_NAME, cookie_value(client.app.state.settings, session))
    me = client.get("/auth/me").json()
    assert me["logged_in"] is True and me["commenter"]["provider"] == "site"
    assert me["commenter"]["name"] == "Camille M."
    r = rest_post(client, post, "as a user", me["nonce"])
    assert r.status_code == 201 and r.json()["author"] == user_id
    assert meta_of(client, r.json()["id"]) == {}
    # Export and erase are for social identities only.
    assert client.get("/auth/me/export").status_code == 401
