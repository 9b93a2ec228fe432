"""Editing one's own comment for N minutes (option wpc_comment_edit_minutes): the edit token
handed out at creation, or the same signed-in user; the rules run again on the new text."""

from __future__ import annotations

import datetime as dt

import pytest

from settings import Settings
from wpcompat.discussion.own_edit import TOKEN_HEADER, UNTIL_HEADER
from wpcompat.storage.comment_writes import update_comment

from .discussion_site import Site, client, make_site

GUEST = {"author_name": "Zoé", "author_email": "zoe@exemple.fr"}


@pytest.fixture
def site(settings: Settings) -> Site:
    site = make_site(settings)
    # Nothing held for a first comment here: the tests look at what an edit changes.
    site.set_options(comment_previously_approved="0", comment_moderation="0", moderation_keys="casino")
    return site


def _post(c, site: Site, content: str = "Bonjour à toutes") -> tuple[int, str]:
    r = c.post("/wp-json/wp/v2/comments", json={"post": site.posts["open"], "content": content, **GUEST})
    assert r.status_code == 201, r.text
    assert int(r.headers[UNTIL_HEADER]) > dt.datetime.now(dt.UTC).timestamp() + 200
    return r.json()["id"], r.headers[TOKEN_HEADER]


def _age(site: Site, comment_id: int, minutes: int) -> None:
    when = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")
    site.run(lambda storage: update_comment(storage, comment_id, {"comment_date_gmt": when}))


def test_edit_with_the_token_inside_the_window_only(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    with client(site, monkeypatch) as c:
        cid, token = _post(c, site)
        assert c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "x"}).status_code == 401
        assert c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "x"},
                      headers={TOKEN_HEADER: "0" * 40}).status_code == 401
        r = c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Bonjour à tous"}, headers={TOKEN_HEADER: token})
        assert r.status_code == 200 and "Bonjour à tous" in r.json()["content"]["rendered"]
        # Only the text: the author's name (and the rest) stay as they were.
        assert c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "y", "author_name": "Autre"},
                      headers={TOKEN_HEADER: token}).status_code == 403
        # The token of one comment does not open another.
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        other = site.add_comment("open", comment_date_gmt=now, comment_content="Un autre")
        assert c.post(f"/wp-json/wp/v2/comments/{other}", json={"content": "z"},
                      headers={TOKEN_HEADER: token}).status_code == 401
        _age(site, cid, 6)
        late = c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Trop tard"}, headers={TOKEN_HEADER: token})
        assert late.status_code == 401 and late.json()["code"] == "rest_cannot_edit"
        assert c.delete(f"/wp-json/wp/v2/comments/{cid}", headers={TOKEN_HEADER: token}).status_code == 401
    row = next(x for x in site.comments() if x["comment_ID"] == cid)
    assert row["comment_content"] == "Bonjour à tous"


def test_edit_into_spam_goes_back_to_the_queue_and_delete(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    with client(site, monkeypatch) as c:
        cid, token = _post(c, site)
        assert next(x for x in site.comments() if x["comment_ID"] == cid)["comment_approved"] == "1"
        assert site.comment_count("open") == 1
        r = c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Gagnez au casino !"},
                   headers={TOKEN_HEADER: token})
        assert r.status_code == 200 and r.headers["X-WPC-Comment-Status"] == "hold"
        assert next(x for x in site.comments() if x["comment_ID"] == cid)["comment_approved"] == "0"
        assert site.comment_count("open") == 0
        # Not public any more.
        assert all(x["id"] != cid for x in c.get(f"/wp-json/wp/v2/comments?post={site.posts['open']}").json())
        gone = c.delete(f"/wp-json/wp/v2/comments/{cid}", headers={TOKEN_HEADER: token})
        assert gone.status_code == 200 and gone.json()["deleted"] is True
        assert next(x for x in site.comments() if x["comment_ID"] == cid)["comment_approved"] == "trash"


def test_window_option_and_signed_in_author(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.set_options(wpc_comment_edit_minutes="0")
    with client(site, monkeypatch) as c:
        r = c.post("/wp-json/wp/v2/comments", json={"post": site.posts["open"], "content": "Sans fenêtre", **GUEST})
        assert r.status_code == 201 and TOKEN_HEADER not in r.headers
        _age(site, r.json()["id"], 60)  # no flood for the next one
    site.set_options(wpc_comment_edit_minutes="10")
    with client(site, monkeypatch) as c:
        r = c.post("/wp-json/wp/v2/comments", json={"post": site.posts["other"], "content": "Par un abonné"},
                   headers=site.auth("subscriber"))
        cid = r.json()["id"]
        _age(site, cid, 8)  # inside 10 minutes
        mine = c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Par un abonné, corrigé"},
                      headers=site.auth("subscriber"))
        assert mine.status_code == 200
        # Another signed-in user (an author, on another's post) may not.
        assert c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Non"},
                      headers=site.auth("author")).status_code in (401, 403)
        _age(site, cid, 11)
        assert c.post(f"/wp-json/wp/v2/comments/{cid}", json={"content": "Trop tard"},
                      headers=site.auth("subscriber")).status_code == 403
