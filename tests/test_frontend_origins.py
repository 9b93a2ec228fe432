"""Front ends on other origins (WPCOMPAT_FRONTEND_ORIGINS): the popup hands out a credential
bound to the page's origin; it works from that origin only; CORS answers listed origins only."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from auth.origin_tokens import issue
from auth.passwords import phpass_hash
from settings import Settings, load_settings
from wpcompat.storage.users import update_user_row

from .discussion_site import Site, client, make_site

FRONT = "http://front.test:3000"
OTHER = "http://other.test"


@pytest.fixture
def site(settings: Settings) -> Site:
    site = make_site(replace(settings, frontend_origins=(FRONT,),
                             allowed_redirect_origins=(settings.site_url, FRONT)))
    site.run(lambda storage: update_user_row(storage, site.users["subscriber"], {"user_pass": phpass_hash("pw")}))
    return site


def test_settings_names() -> None:
    both = load_settings(None, {"WPCOMPAT_FRONTEND_ORIGINS": "https://a.example", "WPCOMPAT_SECRET_KEY": "x" * 20,
                                "WPCOMPAT_ALLOWED_REDIRECT_ORIGINS": "https://b.example,https://a.example"})
    assert both.frontend_origins == ("https://a.example", "https://b.example")
    assert both.allowed_redirect_origins[1:] == both.frontend_origins


def test_popup_hands_a_token_to_the_listed_origin_only(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    with client(site, monkeypatch) as c:
        assert c.get("/auth/popup", params={"origin": OTHER, "wpc_login": "ok"}).status_code == 403
        nobody = c.get("/auth/popup", params={"origin": FRONT, "wpc_login": "ok"})
        assert '"status": "failed"' in nobody.text and "token" not in nobody.text
        c.post("/wp-login.php", data={"log": "subscriber", "pwd": "pw"})
        page = c.get("/auth/popup", params={"origin": FRONT + "/", "wpc_login": "ok"})
        assert page.status_code == 200 and page.headers["x-frame-options"] == "DENY"
        assert 'postMessage(m,o)' in page.text and f'o="{FRONT}"' in page.text
        token = re.search(r'"token": "([^"]+)"', page.text).group(1)

    with client(site, monkeypatch) as c:  # the front end's page: no cookies at all
        bearer = {"Authorization": f"Bearer {token}"}
        me = c.get("/wp-json/wp/v2/users/me", headers={**bearer, "Origin": FRONT})
        assert me.status_code == 200 and me.json()["id"] == site.users["subscriber"]
        assert me.headers["access-control-allow-origin"] == FRONT
        # The same credential from origin C, or with no origin: refused.
        stolen = c.get("/wp-json/wp/v2/users/me", headers={**bearer, "Origin": OTHER})
        assert stolen.status_code == 401 and stolen.json()["code"] == "rest_forbidden_origin"
        assert c.get("/wp-json/wp/v2/users/me", headers=bearer).status_code == 401
        post = c.post("/wp-json/wp/v2/comments", json={"post": site.posts["open"], "content": "Depuis le front"},
                      headers={**bearer, "Origin": OTHER})
        assert post.status_code == 401 and not site.comments("open")
        post = c.post("/wp-json/wp/v2/comments", json={"post": site.posts["open"], "content": "Depuis le front"},
                      headers={**bearer, "Origin": FRONT})
        assert post.status_code == 201 and site.comments("open")[0]["user_id"] == site.users["subscriber"]

        # /auth/me: the widget's view of it, CORS for the listed origin only.
        me = c.get("/auth/me", headers={**bearer, "Origin": FRONT}).json()
        assert me["logged_in"] is True and me["commenter"]["provider"] == "site"
        refused = c.get("/auth/me", headers={**bearer, "Origin": OTHER})
        assert "access-control-allow-origin" not in refused.headers and refused.json()["logged_in"] is False
        pre = c.options("/auth/me", headers={"Origin": FRONT, "Access-Control-Request-Headers": "authorization"})
        assert "Authorization" in pre.headers["access-control-allow-headers"]
        assert "access-control-allow-origin" not in c.options("/auth/me", headers={"Origin": OTHER}).headers

        # Logging out ends this credential.
        out = c.post("/auth/logout", headers={**bearer, "Origin": FRONT})
        assert out.status_code == 200
        assert c.get("/wp-json/wp/v2/users/me", headers={**bearer, "Origin": FRONT}).status_code == 401


def test_tokens_only_for_listed_origins(site: Site) -> None:
    async def attempt(storage):
        with pytest.raises(ValueError):
            await issue(storage, site.settings, origin=OTHER, user_id=1)
        return await issue(storage, site.settings, origin=FRONT, user_id=1)

    assert site.run(attempt)


def test_rest_cors_is_wordpress_s_for_other_origins(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    with client(site, monkeypatch) as c:
        listed = c.get("/wp-json/wp/v2/comments", headers={"Origin": FRONT})
        other = c.get("/wp-json/wp/v2/comments", headers={"Origin": OTHER})
        assert "X-WPC-Edit-Token" in listed.headers["access-control-expose-headers"]
        assert other.headers["access-control-expose-headers"] == "X-WP-Total, X-WP-TotalPages, Link"
        assert other.headers["access-control-allow-origin"] == OTHER  # as WordPress: public reads


def test_social_identity_edits_its_own_comment_by_identity(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from auth.identities import save_identity
    from auth.oauth.profile import Commenter
    from wpcompat.commenter_session import IDENTITY_KEY

    site.set_options(comment_previously_approved="0")

    async def tokens(storage):
        out = []
        for n, name in enumerate(("Ana Núñez", "Xavier Dev")):
            identity = await save_identity(storage, Commenter("google", f"sub-{n}", name, f"p{n}@example.org",
                                                              True, None, None))
            out.append(await issue(storage, site.settings, origin=FRONT, data={IDENTITY_KEY: identity.id}))
        return out

    ana, xavier = site.run(tokens)
    with client(site, monkeypatch) as c:
        posted = c.post("/wp-json/wp/v2/comments", json={"post": site.posts["open"], "content": "Première"},
                        headers={"Authorization": f"Bearer {ana}", "Origin": FRONT})
        assert posted.status_code == 201 and posted.json()["author_name"] == "Ana Núñez"
        cid = posted.json()["id"]
        # No edit token: the same identity may, another identity may not, nor Ana from origin C.
        other = c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Piratée"},
                       headers={"Authorization": f"Bearer {xavier}", "Origin": FRONT})
        assert other.status_code == 401
        assert c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Piratée"},
                      headers={"Authorization": f"Bearer {ana}", "Origin": OTHER}).status_code == 401
        mine = c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Deuxième"},
                      headers={"Authorization": f"Bearer {ana}", "Origin": FRONT})
        assert mine.status_code == 200
        assert next(x for x in site.comments() if x["comment_ID"] == cid)["comment_content"] == "Deuxième"
