"""Gravatar URLs as WordPress 6.1 (the oracle) and 7.1 build them."""

from __future__ import annotations

import hashlib
import random

from settings import Settings
from wpcompat.avatars import avatar_url, avatar_urls, comment_avatar_urls, email_hash, show_avatars
from wpcompat.site import Site

DEFAULT_OPTIONS = {"show_avatars": "1", "avatar_default": "mystery", "avatar_rating": "G"}


def make_site(version: str = "6.1", url: str = "http://127.0.0.1:8080", **options: str) -> Site:
    settings = Settings(site_url=url, wp_version=version, demo_import=False)
    return Site(settings=settings, options={**DEFAULT_OPTIONS, **options})


def test_61_matches_the_oracle_for_the_admin() -> None:
    # Recorded by WordPress 6.1 (golden/comments_post.json, comment 40 by admin@secteur-ess.example).
    urls = avatar_urls("admin@secteur-ess.example", make_site())
    assert urls == {
        "24": "http://2.gravatar.com/avatar/eb526d48325aed98e223c00b66790a1d?s=24&d=mm&r=g",
        "48": "http://2.gravatar.com/avatar/eb526d48325aed98e223c00b66790a1d?s=48&d=mm&r=g",
        "96": "http://2.gravatar.com/avatar/eb526d48325aed98e223c00b66790a1d?s=96&d=mm&r=g",
    }
    assert list(urls) == ["24", "48", "96"]


def test_61_server_is_first_hex_digit_mod_3() -> None:
    site = make_site()
    for email in ("jeanne.dupont@secteur-ess.example", "a@b.c", "x@y.z", "someone@example.org"):
        digest = hashlib.md5(email.encode()).hexdigest()
        assert avatar_url(site, email, 48).startswith(f"http://{int(digest[0], 16) % 3}.gravatar.com/avatar/{digest}?")


def test_hash_trims_and_lowercases_ascii_only() -> None:
    assert email_hash("  Admin@Secteur-ESS.example\n", legacy_61=True) == "eb526d48325aed98e223c00b66790a1d"
    # PHP's strtolower leaves non-ASCII letters alone.
    assert email_hash("É@x.fr", legacy_61=True) == hashlib.md5("É@x.fr".encode()).hexdigest()
    assert email_hash("A@B.C", legacy_61=False) == hashlib.sha256(b"a@b.c").hexdigest()


def test_61_https_site_uses_secure_host() -> None:
    site = make_site(url="https://blog.example")
    digest = hashlib.md5(b"a@b.c").hexdigest()
    assert avatar_url(site, "a@b.c", 96) == f"https://secure.gravatar.com/avatar/{digest}?s=96&d=mm&r=g"


def test_61_no_email_random_server_and_empty_hash() -> None:
    site = make_site()
    url = avatar_url(site, "", 24, rng=random.Random(1))
    server = random.Random(1).randint(0, 2)
    assert url == f"http://{server}.gravatar.com/avatar/?s=24&d=mm&r=g"


def test_71_sha256_always_https() -> None:
    site = make_site(version="7.1", url="http://127.0.0.1:8080")
    digest = hashlib.sha256(b"admin@secteur-ess.example").hexdigest()
    assert avatar_urls("admin@secteur-ess.example", site)["96"] == (
        f"https://secure.gravatar.com/avatar/{digest}?s=96&d=mm&r=g"
    )
    assert avatar_url(site, None, 24) == "https://secure.gravatar.com/avatar/?s=24&d=mm&r=g"


def test_default_and_rating_options() -> None:
    digest = hashlib.md5(b"a@b.c").hexdigest()
    base = f"http://{int(digest[0], 16) % 3}.gravatar.com/avatar/{digest}"
    assert avatar_url(make_site(avatar_default="identicon", avatar_rating="PG"), "a@b.c") == f"{base}?s=96&d=identicon&r=pg"
    # gravatar_default sends no `d`; an empty option means mystery.
    assert avatar_url(make_site(avatar_default="gravatar_default"), "a@b.c") == f"{base}?s=96&r=g"
    assert avatar_url(make_site(avatar_default=""), "a@b.c") == f"{base}?s=96&d=mm&r=g"
    assert avatar_url(make_site(avatar_default="mysteryman"), "a@b.c") == f"{base}?s=96&d=mm&r=g"
    # A custom image URL is rawurlencoded.
    assert avatar_url(make_site(avatar_default="https://x.example/a b.png"), "a@b.c") == (
        f"{base}?s=96&d=https%3A%2F%2Fx.example%2Fa%20b.png&r=g"
    )
    # No avatar_rating option row: PHP false, no `r`.
    site = make_site()
    del site.options["avatar_rating"]
    assert avatar_url(site, "a@b.c") == f"{base}?s=96&d=mm"


def test_show_avatars_option() -> None:
    assert show_avatars(make_site())
    assert not show_avatars(make_site(show_avatars="0"))
    assert not show_avatars(make_site(show_avatars=""))


def test_comment_avatars() -> None:
    site = make_site()
    comment = {"comment_type": "comment", "comment_author_email": "a@b.c", "user_id": 0}
    assert comment_avatar_urls(site, comment) == avatar_urls("a@b.c", site)
    # A registered author's current email wins over the one stored with the comment.
    assert comment_avatar_urls(site, comment, "admin@secteur-ess.example") == avatar_urls(
        "admin@secteur-ess.example", site
    )
    # An empty comment_type is a comment; pingbacks and trackbacks get false.
    assert comment_avatar_urls(site, {**comment, "comment_type": ""}) == avatar_urls("a@b.c", site)
    assert comment_avatar_urls(site, {**comment, "comment_type": "pingback"}) == {"24": False, "48": False, "96": False}
