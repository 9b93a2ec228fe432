"""Likes on posts and comments: who may like and how often, the REST answers (WordPress.com's
shape under wpcompat/v1), counts equal to rows under 64 concurrent clients, the wp/v2 opt-in,
the commenter's export and erasure, and WXR round trips."""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace
from pathlib import Path

import httpx
import sqlalchemy as sa
from starlette.testclient import TestClient

from settings import Settings
from tests.discussion_site import Site, client, make_site
from tests.fakes.oauth_providers import serve
from tests.social_helpers import login, running_fakes, site_settings
from wpcompat.app import create_app
from wpcompat.storage import Storage
from wpcompat.storage import likes as store

UA = {"User-Agent": "tests"}


def _likes_rows(site: Site) -> list[dict]:
    return site.rows(lambda t: sa.select(t.metadata.tables[f"{t.prefix}wpc_likes"]))


def _url(kind: str, object_id: int, action: str = "") -> str:
    return f"/wp-json/wpcompat/v1/{kind}/{object_id}/likes{action}"


def test_guests_may_not_like_unless_the_site_allows(settings: Settings, monkeypatch) -> None:
    site = make_site(settings)
    with client(site, monkeypatch) as c:
        r = c.post(_url("posts", site.posts["open"], "/new"), headers=UA)
        assert r.status_code == 401
        assert r.json() == {"code": "rest_like_login_required", "message": "Sorry, you must be logged in to like.",
                            "data": {"status": 401}}
        assert _likes_rows(site) == []


def test_a_user_likes_once_sees_it_and_unlikes(settings: Settings, monkeypatch) -> None:
    site = make_site(settings)
    post = site.posts["open"]
    with client(site, monkeypatch) as c:
        r = c.post(_url("posts", post, "/new"), headers=site.auth("admin"))
        assert r.status_code == 200 and r.json() == {"success": True, "i_like": True, "like_count": 1}
        r = c.post(_url("posts", post, "/new"), headers=site.auth("admin"))
        assert r.json()["like_count"] == 1  # once per liker
        c.post(_url("posts", post, "/new"), headers=site.auth("editor"))
        mine = c.get(_url("posts", post), headers=site.auth("admin")).json()
        assert mine["found"] == mine["like_count"] == 2 and mine["i_like"] is True and mine["post_ID"] == post
        assert [x["name"] for x in mine["likes"]] == ["Camille Martin", "Eddy Teur"]
        assert mine["likes"][0]["avatar_URL"].startswith("https://secure.gravatar.com/avatar/") is False  # 6.1: http
        assert "gravatar.com/avatar/" in mine["likes"][0]["avatar_URL"]
        assert "email" not in mine["likes"][0] and "ip" not in mine["likes"][0]
        anonymous = c.get(_url("posts", post)).json()
        assert anonymous["i_like"] is False and anonymous["like_count"] == 2
        r = c.post(_url("posts", post, "/mine/delete"), headers=site.auth("admin"))
        assert r.json() == {"success": True, "i_like": False, "like_count": 1}
        assert c.get(_url("posts", post), headers=site.auth("admin")).json()["i_like"] is False


def test_only_public_objects_can_be_liked(settings: Settings, monkeypatch) -> None:
    site = make_site(settings)
    held = site.add_comment("open", comment_approved="0")
    with client(site, monkeypatch) as c:
        for url, code in (
            (_url("posts", site.posts["draft"], "/new"), "rest_post_invalid_id"),
            (_url("posts", site.posts["protected"], "/new"), "rest_post_invalid_id"),
            (_url("posts", 99999, "/new"), "rest_post_invalid_id"),
            (_url("comments", held, "/new"), "rest_comment_invalid_id"),
            (_url("comments", 99999), "rest_comment_invalid_id"),
        ):
            r = c.post(url, headers=site.auth("admin")) if url.endswith("/new") else c.get(url)
            assert (r.status_code, r.json()["code"]) == (404, code), url
        assert c.get("/wp-json/wpcompat/v1/posts/abc/likes").json()["code"] == "rest_no_route"


def test_guests_once_per_browser_and_rate_limited_per_ip(settings: Settings, monkeypatch) -> None:
    site = make_site(settings)
    site.set_options(wpcompat_likes_guests="1", wpcompat_likes_guest_rate="3")
    post = site.posts["open"]
    comment = site.add_comment("open")
    with client(site, monkeypatch) as c:
        r = c.post(_url("posts", post, "/new"), headers=UA)
        assert r.status_code == 200 and r.json()["like_count"] == 1
        assert "wpc_like_token=" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
        assert c.post(_url("posts", post, "/new"), headers=UA).json()["like_count"] == 1  # same browser
        assert c.get(_url("posts", post)).json()["i_like"] is True
        assert c.post(_url("comments", comment, "/new"), headers=UA).json()["like_count"] == 1
        c.cookies.clear()  # another browser, same address
        assert c.post(_url("posts", post, "/new"), headers=UA).json()["like_count"] == 2
        c.cookies.clear()
        r = c.post(_url("posts", post, "/new"), headers=UA)  # fourth guest like from this IP in the hour
        assert r.status_code == 429 and r.json()["code"] == "rest_like_rate_limited"
        # A signed-in user is not a guest: no IP limit for them.
        assert c.post(_url("posts", post, "/new"), headers=site.auth("admin")).json()["like_count"] == 3
        assert len(_likes_rows(site)) == 4


def test_wp_v2_answers_carry_counts_only_when_asked(settings: Settings, monkeypatch) -> None:
    site = make_site(settings)
    post = site.posts["open"]
    comment = site.add_comment("open")
    with client(site, monkeypatch) as c:
        c.post(_url("posts", post, "/new"), headers=site.auth("admin"))
        c.post(_url("comments", comment, "/new"), headers=site.auth("editor"))
        plain = c.get(f"/wp-json/wp/v2/posts/{post}").json()
        assert "wpcompat_likes" not in plain
        assert all("wpcompat_likes" not in x for x in c.get("/wp-json/wp/v2/comments").json())
        assert c.get(f"/wp-json/wp/v2/posts/{post}?_fields=id,wpcompat_likes").json() == {
            "id": post, "wpcompat_likes": {"count": 1}}
        listed = c.get(f"/wp-json/wp/v2/posts?_fields=id,wpcompat_likes&include={post},{site.posts['other']}").json()
        assert {x["id"]: x["wpcompat_likes"]["count"] for x in listed} == {post: 1, site.posts["other"]: 0}
        assert c.get(f"/wp-json/wp/v2/comments?post={post}&_fields=wpcompat_likes").json() == [
            {"wpcompat_likes": {"count": 1}}]


def test_64_clients_liking_and_unliking_keep_counts_equal_to_rows(settings: Settings) -> None:
    site = make_site(settings)
    site.set_options(wpcompat_likes_guests="1", wpcompat_likes_guest_rate="100000")
    post, comment = site.posts["open"], site.add_comment("open")
    clients = 64
    targets = (("posts", post), ("comments", comment))

    async def reader(base: str, n: int) -> list[bool]:
        # A fresh connection per request: a kept-alive one that the server closes after its idle
        # timeout while the client reuses it would fail a POST for reasons not ours to test.
        limits = httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
            # The first like hands this browser its guest cookie …
            first = await http.post(_url("posts", post, "/new"))
            assert first.status_code == 200 and "wpc_like_token" in http.cookies
            # … then it double-clicks both buttons at once, and half of the readers change their mind.
            clicks = [http.post(_url(kind, object_id, "/new")) for kind, object_id in targets for _ in range(2)]
            for r in await asyncio.gather(*clicks):
                assert r.status_code == 200, r.text
                assert r.json()["i_like"] is True and 1 <= r.json()["like_count"] <= clients
            if n % 2:
                for r in await asyncio.gather(*(http.post(_url(k, i, "/mine/delete")) for k, i in targets)):
                    assert r.status_code == 200 and r.json()["i_like"] is False
            return [(await http.get(_url(kind, object_id))).json()["i_like"] for kind, object_id in targets]

    async def run(base: str) -> list[list[bool]]:
        return await asyncio.gather(*(reader(base, n) for n in range(clients)))

    with serve(create_app(site.settings)) as base:
        states = asyncio.run(run(base))
        with httpx.Client(base_url=base) as http:
            counts = {kind: http.get(_url(kind, object_id)).json() for kind, object_id in (("posts", post), ("comments", comment))}
    assert all(s == ([True, True] if n % 2 == 0 else [False, False]) for n, s in enumerate(states))
    rows = _likes_rows(site)
    for kind, object_type, object_id in (("posts", "post", post), ("comments", "comment", comment)):
        mine = [r for r in rows if r["object_type"] == object_type and r["object_id"] == object_id]
        assert counts[kind]["like_count"] == counts[kind]["found"] == len(mine) == clients // 2
        assert len({r["liker"] for r in mine}) == len(mine)


def test_a_commenters_likes_are_exported_and_erased(tmp_path: Path) -> None:
    with running_fakes() as fake:
        settings = site_settings(fake, tmp_path)
        site = make_site(settings)
        comment = site.add_comment("open")
        with TestClient(create_app(site.settings), base_url="http://testserver") as c:
            login(c, "google", "/?p=1")
            nonce = c.get("/auth/me").json()["nonce"]
            headers = {"X-WP-Nonce": nonce}
            assert c.post(_url("comments", comment, "/new"), headers=headers).json()["like_count"] == 1
            assert c.post(_url("posts", site.posts["open"], "/new"), headers=headers).json()["like_count"] == 1
            got = c.get(_url("comments", comment), headers=headers).json()
            assert got["i_like"] is True
            assert got["likes"] == [{
                "name": "Ana Núñez", "avatar_URL": "https://lh3.googleusercontent.com/a/ana=s96-c",
                "profile_URL": "", "date": got["likes"][0]["date"]}]
            # Without the nonce the cookie is nobody: not her like.
            assert c.get(_url("comments", comment)).json()["i_like"] is False
            export = c.get("/auth/me/export").json()
            assert sorted((x["object_type"], x["object_id"]) for x in export["likes"]) == [
                ("comment", comment), ("post", site.posts["open"])]
            erased = c.post("/auth/me/erase").json()
            assert erased["likes"] == 2
            assert c.get(_url("comments", comment)).json()["like_count"] == 0
        assert _likes_rows(site) == []


def test_wxr_export_and_import_keep_likes(settings: Settings, tmp_path: Path) -> None:
    from wpcompat.demo import import_demo_if_empty
    from wpcompat.wxr.exporter import export_wxr
    from wpcompat.wxr.importer import import_file
    from wpcompat.wxr.report import ImportReport

    source = replace(settings, database_url=f"sqlite:///{tmp_path / 'a.db'}")
    target = replace(settings, database_url=f"sqlite:///{tmp_path / 'b.db'}")

    async def export(storage: Storage) -> str:
        await import_demo_if_empty(storage, source)
        # The demo's reader comment arrives liked once ("Aimé par 1 personne").
        assert await store.count(storage, "comment", 7) == 1
        await store.add_like(storage, {"object_type": "post", "object_id": 42, "liker": "identity:google:1",
                                       "name": "Ana", "avatar_url": "https://example.org/a.png",
                                       "date_gmt": "2026-01-01 00:00:00"})
        out = io.StringIO()
        await export_wxr(storage, out, source.site_url)
        return out.getvalue()

    text = Site(source).run(export)
    assert "_wpcompat_likes" in text
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")

    async def reimport(storage: Storage) -> list[dict]:
        report = ImportReport()
        await import_file(storage, str(path), report=report)
        assert report.likes_imported == 2
        meta = storage.tables.commentmeta
        left = await storage.db.fetch_all(sa.select(meta).where(meta.c.meta_key == "_wpcompat_likes"))
        assert left == []  # on a site likes live in their table only
        return [dict(r) for r in (await store.likers(storage, "comment", 7)) + (await store.likers(storage, "post", 42))]

    rows = Site(target).run(reimport)
    assert [(r["object_type"], r["liker"], r["name"]) for r in rows] == [
        ("comment", "user:1", "Section Bassin minier"), ("post", "identity:google:1", "Ana")]
    assert rows[1]["avatar_url"] == "https://example.org/a.png"


def test_a_comment_deleted_for_good_takes_its_likes(settings: Settings, monkeypatch) -> None:
    site = make_site(settings)
    comment = site.add_comment("open")
    with client(site, monkeypatch) as c:
        assert c.post(_url("comments", comment, "/new"), headers=site.auth("admin")).json()["like_count"] == 1
        assert c.delete(f"/wp-json/wp/v2/comments/{comment}?force=true", headers=site.auth("admin")).status_code == 200
    assert _likes_rows(site) == []
