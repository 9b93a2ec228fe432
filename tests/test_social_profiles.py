"""Provider profiles mapped to one shape; identities stored, exported and erased."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from auth.identities import (
    ANONYMOUS,
    add_comment_meta,
    erase_identity,
    export_identity,
    previously_approved,
    save_identity,
)
from auth.oauth import facebook, google, twitter, wordpress
from auth.oauth.profile import ProfileError, make_commenter
from auth.oauth.redirects import safe_redirect
from auth.oauth.registry import build_providers
from settings import SettingsError, load_settings
from tests.fakes.oauth_providers import PROFILES


def test_each_provider_maps_to_a_commenter() -> None:
    wp = wordpress.from_me(PROFILES["wordpress"])
    assert (wp.subject, wp.name, wp.email, wp.email_verified) == ("40321", "Wendy Press", "wendy@example.org", True)
    g = google.from_claims(PROFILES["google"])
    assert (g.subject, g.email_verified, g.profile_url) == ("110248495921238986420", True, None)
    x = twitter.from_users_me(PROFILES["twitter"])
    assert (x.subject, x.email, x.email_verified, x.profile_url) == ("2244994945", None, False, "https://x.com/XavierDev")
    x1 = twitter.from_verify_credentials(PROFILES["twitter1"])
    assert x1.subject == x.subject  # one X identity whichever flow signed in
    fb = facebook.from_me(PROFILES["facebook"])
    # Facebook gives no verified flag: its email never counts as verified.
    assert (fb.subject, fb.email, fb.email_verified) == ("10158812345678901", "fanny@example.org", False)


def test_profile_hygiene() -> None:
    c = make_commenter("google", "1", "  Ana\n\t<b>Núñez</b> " + "x" * 400, email="ana@example.org",
                       email_verified="true", avatar_url="javascript:alert(1)", profile_url="http://plain.example/")
    assert c.name.startswith("Ana <b>Núñez</b> x") and len(c.name) == 250
    assert c.email_verified is False  # only a literal true counts
    assert c.avatar_url is None and c.profile_url is None  # https only
    assert make_commenter("x", "1", "", fallback_name="handle").name == "handle"
    assert make_commenter("x", "1", "", avatar_url='https://a.example/"onerror=x').avatar_url is None
    assert make_commenter("facebook", "1", "F", avatar_url=None).avatar_url is None
    with pytest.raises(ProfileError):
        make_commenter("google", None, "no id")
    with pytest.raises(ProfileError):
        make_commenter("google", "", "no id")
    silhouette = facebook.from_me({"id": "1", "name": "F", "picture": {"data": {"url": "https://x/y.jpg", "is_silhouette": True}}})
    assert silhouette.avatar_url is None


def test_twitter_confirmed_email_counts_as_verified() -> None:
    x = twitter.from_users_me({"data": {"id": "1", "name": "X", "username": "x", "confirmed_email": "x@example.org"}})
    assert x.email == "x@example.org" and x.email_verified is True


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (None, "http://site.test/"),
        ("/2024/05/hello/#comments", "http://site.test/2024/05/hello/#comments"),
        ("http://site.test/?p=1", "http://site.test/?p=1"),
        # wp_validate_redirect compares the scheme as written (only "http"/"https") and the host
        # without its port; wp_sanitize_redirect drops backslashes and control characters.
        ("HTTP://SITE.TEST:80/?p=1", "http://site.test/"),
        ("https://blog.example/x", "https://blog.example/x"),
        ("https://blog.example:444/x", "https://blog.example:444/x"),
        ("//evil.example", "http://site.test/"),
        ("/\\evil.example", "http://site.test/evil.example"),
        ("https://evil.example/", "http://site.test/"),
        ("http://site.test@evil.example/", "http://site.test/"),
        ("http://user@site.test/", "http://site.test/"),
        ("ftp://site.test/", "http://site.test/"),
        ("/a\nb", "http://site.test/ab"),
        ("x" * 3000, "http://site.test/"),
    ],
)
def test_safe_redirect(target: str | None, expected: str) -> None:
    assert safe_redirect(target, "http://site.test", ("http://site.test", "https://blog.example")) == expected


def test_registry_builds_only_configured_providers() -> None:
    s = load_settings(None, {"FACEBOOK_CLIENT_ID": "a", "FACEBOOK_CLIENT_SECRET": "b",
                             "WORDPRESS_CLIENT_ID": "c", "WORDPRESS_CLIENT_SECRET": "d"})
    providers = build_providers(s)
    assert [p.name for p in providers] == ["wordpress", "facebook"]
    assert "google" not in providers
    wp = providers.client("wordpress")
    assert wp.client_kwargs["token_endpoint_auth_method"] == "client_secret_post"
    assert wp.authorize_url == "https://public-api.wordpress.com/oauth2/authorize"
    assert providers.specs["facebook"].register_kwargs["client_kwargs"]["scope"] == "public_profile email"


def test_settings_override_endpoints_and_client_kwargs() -> None:
    s = load_settings(None, {
        "TWITTER_CLIENT_ID": "a", "TWITTER_CLIENT_SECRET": "b",
        "TWITTER_AUTHORIZE_URL": "http://127.0.0.1:1/auth", "TWITTER_CLIENT_KWARGS": '{"timeout": 3}',
    })
    client = build_providers(s).client("twitter")
    assert client.authorize_url == "http://127.0.0.1:1/auth"
    assert client.client_kwargs["timeout"] == 3
    assert client.client_kwargs["code_challenge_method"] == "S256"
    bad = load_settings(None, {"GOOGLE_CLIENT_ID": "a", "GOOGLE_CLIENT_SECRET": "b", "GOOGLE_CLIENT_KWARGS": "[1]"})
    with pytest.raises(SettingsError):
        build_providers(bad)


def test_erase_mode_setting() -> None:
    assert load_settings(None, {}).commenter_erase_mode == "anonymize"
    assert load_settings(None, {"WPCOMPAT_COMMENTER_ERASE": "delete"}).commenter_erase_mode == "delete"
    with pytest.raises(SettingsError):
        load_settings(None, {"WPCOMPAT_COMMENTER_ERASE": "shred"})


async def _post_and_comments(storage, identity, statuses=("1", "0")) -> list[int]:
    t = storage.tables
    post_id = await storage.db.execute(sa.insert(t.posts).values(post_title="P", post_name="p", comment_count=0))
    ids = []
    for n, status in enumerate(statuses):
        cid = await storage.db.execute(sa.insert(t.comments).values(
            comment_post_ID=post_id, comment_author=identity.name, comment_author_email=identity.email,
            comment_author_IP="192.0.2.1", comment_content=f"mine {n}", comment_approved=status,
            comment_date_gmt=f"2026-01-0{n + 1} 10:00:00",
        ))
        await add_comment_meta(storage, cid, identity)
        ids.append(cid)
    # Someone else replies to the first one.
    reply = await storage.db.execute(sa.insert(t.comments).values(
        comment_post_ID=post_id, comment_author="Other", comment_content="reply", comment_parent=ids[0],
        comment_approved="1",
    ))
    await storage.db.execute(sa.update(t.posts).where(t.posts.c["ID"] == post_id).values(comment_count=2))
    return [*ids, reply, post_id]


async def test_identity_roundtrip_export_and_anonymize(storage) -> None:
    ana = await save_identity(storage, google.from_claims(PROFILES["google"]))
    again = await save_identity(storage, google.from_claims({**PROFILES["google"], "name": "Ana N."}))
    assert again.id == ana.id and again.name == "Ana N." and again.user_id == 0
    assert not await previously_approved(storage, again)
    mine1, mine2, _reply, _post = await _post_and_comments(storage, again)
    assert await previously_approved(storage, again)
    data = await export_identity(storage, again)
    assert data["identity"]["provider"] == "google" and data["identity"]["email"] == "ana@example.org"
    assert [c["id"] for c in data["comments"]] == [mine1, mine2]
    assert data["comments"][0]["author_ip"] == "192.0.2.1"
    counts = await erase_identity(storage, again, "anonymize")
    assert counts == {"comments": 2, "identities": 1, "likes": 0, "subscriptions": 0}
    rows = await storage.db.fetch_all(sa.select(storage.tables.comments).order_by(storage.tables.comments.c.comment_ID))
    assert rows[0]["comment_author"] == ANONYMOUS["comment_author"]
    assert rows[0]["comment_author_IP"] == "0.0.0.0" and rows[0]["comment_content"] == "mine 0"
    assert rows[2]["comment_author"] == "Other"
    meta = await storage.db.fetch_all(sa.select(storage.tables.commentmeta))
    assert meta == []
    t = storage.tables.oauth_identities
    assert await storage.db.fetch_val(sa.select(sa.func.count()).select_from(t)) == 0


async def test_erase_by_deleting_keeps_replies_and_counts(storage) -> None:
    fanny = await save_identity(storage, facebook.from_me(PROFILES["facebook"]))
    _mine1, _mine2, reply, post = await _post_and_comments(storage, fanny)
    await erase_identity(storage, fanny, "delete")
    c, p = storage.tables.comments, storage.tables.posts
    rows = await storage.db.fetch_all(sa.select(c))
    assert [r["comment_ID"] for r in rows] == [reply]
    assert rows[0]["comment_parent"] == 0  # moved up to the deleted comment's parent
    assert await storage.db.fetch_val(sa.select(p.c.comment_count).where(p.c["ID"] == post)) == 1
