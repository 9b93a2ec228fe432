"""POST/PUT/PATCH/DELETE /wp/v2/comments: WordPress's checks, in its order, codes and statuses."""

from __future__ import annotations

import pytest

from .discussion_site import client, make_site

URL = "/wp-json/wp/v2/comments"
GUEST = {"author_name": "Gaëlle Nouvel", "author_email": "gaelle@exemple.fr", "content": "Bonjour !"}


@pytest.fixture
def site(settings):
    return make_site(settings)


def post(c, site, who=None, **body):
    return c.post(URL, json=body, headers=site.auth(who))


def error(r):
    body = r.json()
    return r.status_code, body["code"]


def test_anonymous_comments_can_be_switched_off(site, monkeypatch):
    with client(site, monkeypatch, allow_anonymous_comments=False) as c:
        r = post(c, site, post=site.posts["open"], **GUEST)
        assert error(r) == (401, "rest_comment_login_required")
        assert r.json()["message"] == "Sorry, you must be logged in to comment."
        assert "allow" not in r.headers
        # Logged-in users still comment.
        assert post(c, site, "subscriber", post=site.posts["open"], content="Moi").status_code == 201
    assert len(site.comments()) == 1


def test_comment_registration_requires_login(site, monkeypatch):
    site.set_options(comment_registration="1")
    with client(site, monkeypatch) as c:
        assert error(post(c, site, post=site.posts["open"], **GUEST)) == (401, "rest_comment_login_required")


@pytest.mark.parametrize(("who", "body", "expected"), [
    (None, {"author": 1}, (401, "rest_comment_invalid_author")),
    ("subscriber", {"author": 1}, (403, "rest_comment_invalid_author")),
    (None, {"author_ip": "10.1.2.3"}, (401, "rest_comment_invalid_author_ip")),
    (None, {"status": "approved"}, (401, "rest_comment_invalid_status")),
    ("subscriber", {"status": "hold"}, (403, "rest_comment_invalid_status")),
])
def test_fields_only_moderators_may_set(site, monkeypatch, who, body, expected):
    with client(site, monkeypatch) as c:
        r = post(c, site, who, post=site.posts["open"], **{**GUEST, **body})
        assert error(r) == expected
    assert site.comments() == []


def test_own_author_id_and_own_ip_are_allowed(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = post(c, site, "subscriber", post=site.posts["open"], author=site.users["subscriber"], content="Moi")
        assert r.status_code == 201
    with client(site, monkeypatch, trusted_proxy_header="X-Forwarded-For") as c:
        headers = {**site.auth(None), "X-Forwarded-For": "192.0.2.1, 10.1.2.3"}
        r = c.post(URL, json={"post": site.posts["open"], "author_ip": "10.1.2.3", **GUEST}, headers=headers)
        assert r.status_code == 201
    assert site.comments()[-1]["comment_author_IP"] == "10.1.2.3"


@pytest.mark.parametrize(("post_name", "expected"), [
    (None, (403, "rest_comment_invalid_post_id")),
    ("missing", (403, "rest_comment_invalid_post_id")),
    ("draft", (403, "rest_comment_draft_post")),
    ("trashed", (403, "rest_comment_trash_post")),
    ("private", (401, "rest_cannot_read_post")),
    ("protected", (401, "rest_cannot_read_post")),
    ("closed", (403, "rest_comment_closed")),
])
def test_post_checks(site, monkeypatch, post_name, expected):
    body = dict(GUEST)
    if post_name == "missing":
        body["post"] = 999999
    elif post_name is not None:
        body["post"] = site.posts[post_name]
    with client(site, monkeypatch) as c:
        assert error(post(c, site, **body)) == expected
    assert site.comments() == []


def test_a_post_changed_between_two_comments_is_checked_as_it_is_now(site, monkeypatch):
    """The permission check's post is kept between POSTs only while nothing changed it: closed
    (or trashed) by another writer between two comments, the next one is refused."""
    import sqlalchemy as sa

    def change(**values):
        async def apply(storage):
            posts = storage.tables.posts
            await storage.db.execute(sa.update(posts).where(posts.c["ID"] == site.posts["other"]).values(**values))

        site.run(apply)

    with client(site, monkeypatch) as c:
        assert post(c, site, "admin", post=site.posts["other"], content="Un").status_code == 201
        assert post(c, site, "admin", post=site.posts["other"], content="Deux").status_code == 201
        change(comment_status="closed")
        assert error(post(c, site, "admin", post=site.posts["other"], content="Trois")) == (403, "rest_comment_closed")
        change(comment_status="open")
        assert post(c, site, "admin", post=site.posts["other"], content="Quatre").status_code == 201
        change(post_status="trash")
        assert error(post(c, site, "admin", post=site.posts["other"], content="Cinq")) == (403, "rest_comment_trash_post")
    assert [row["comment_content"] for row in site.comments("other")] == ["Un", "Deux", "Quatre"]


def test_messages_of_post_checks(site, monkeypatch):
    with client(site, monkeypatch) as c:
        assert post(c, site, **GUEST).json()["message"] == (
            "Sorry, you are not allowed to create this comment without a post.")
        r = post(c, site, post=site.posts["closed"], **GUEST)
        assert r.json() == {"code": "rest_comment_closed", "message": "Sorry, comments are closed for this item.",
                            "data": {"status": 403}}


def test_old_posts_close(site, monkeypatch):
    site.set_options(close_comments_for_old_posts="1", close_comments_days_old="14")
    with client(site, monkeypatch) as c:
        assert error(post(c, site, post=site.posts["open"], **GUEST)) == (403, "rest_comment_closed")
    site.set_options(close_comments_days_old="0")
    with client(site, monkeypatch) as c:
        assert post(c, site, post=site.posts["open"], **GUEST).status_code == 201


def test_password_unlocks_protected_post(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = post(c, site, post=site.posts["protected"], password="secret", **GUEST)
        assert r.status_code == 201


@pytest.mark.parametrize(("body", "expected"), [
    ({"id": 5}, (400, "rest_comment_exists")),
    ({"type": "pingback"}, (400, "rest_invalid_comment_type")),
    ({"content": ""}, (400, "rest_comment_content_invalid")),
    ({"content": "   "}, (400, "rest_comment_content_invalid")),
    ({"author_name": ""}, (400, "rest_comment_author_data_required")),
    ({"author_email": ""}, (400, "rest_comment_author_data_required")),
    ({"author_email": "pas-un-email"}, (400, "rest_invalid_param")),
    ({"author_name": "x" * 246}, (400, "comment_author_column_length")),
    ({"author_url": "https://exemple.fr/" + "x" * 200}, (400, "comment_author_url_column_length")),
    ({"content": "x" * 65526}, (400, "comment_content_column_length")),
])
def test_content_and_author_checks(site, monkeypatch, body, expected):
    with client(site, monkeypatch) as c:
        r = post(c, site, post=site.posts["open"], **{**GUEST, **body})
        assert error(r) == expected
        assert r.headers["allow"] == "POST"
    assert site.comments() == []


def test_unknown_author_id(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = post(c, site, "admin", post=site.posts["open"], author=4242, content="?")
        assert error(r) == (400, "rest_comment_author_invalid")


def test_content_object_and_empty_email_without_requirement(site, monkeypatch):
    site.set_options(require_name_email="0")
    with client(site, monkeypatch) as c:
        r = post(c, site, post=site.posts["open"], content={"raw": "  Objet  "}, author_email="")
        assert r.status_code == 201
    assert site.comments()[0]["comment_content"] == "Objet"


def test_guest_comment_is_held_and_answered_in_view_context(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = post(c, site, post=site.posts["open"], **GUEST)
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "hold"
    assert "author_email" not in body and "raw" not in body["content"]
    assert r.headers["location"] == f"http://example.test/wp-json/wp/v2/comments/{body['id']}"
    row = site.comments()[0]
    assert row["comment_author_IP"] == "testclient" or row["comment_author_IP"] == "127.0.0.1"
    assert row["comment_agent"] == "wpcompat-tests/1.0"
    assert site.comment_count("open") == 0


def test_duplicate_then_flood(site, monkeypatch):
    with client(site, monkeypatch) as c:
        assert post(c, site, post=site.posts["open"], **GUEST).status_code == 201
        r = post(c, site, post=site.posts["open"], **GUEST)
        assert r.json() == {
            "code": "comment_duplicate",
            "message": "Duplicate comment detected; it looks as though you&#8217;ve already said that!",
            "data": {"status": 409},
        }
        r = post(c, site, post=site.posts["open"], **{**GUEST, "content": "Autre chose"})
        assert r.json() == {"code": "comment_flood", "message": "You are posting comments too quickly. Slow down.",
                            "data": {"status": 400}}
        # Another commenter from another address is not throttled... but the same IP is.
        r = post(c, site, post=site.posts["open"], author_name="B", author_email="b@exemple.fr", content="Salut")
        assert error(r) == (400, "comment_flood")
        # Moderators are exempt.
        assert post(c, site, "admin", post=site.posts["open"], content="Modération").status_code == 201
        assert post(c, site, "admin", post=site.posts["open"], content="Encore").status_code == 201
    assert len(site.comments()) == 3


def test_duplicate_ignores_trash_and_other_parents(site, monkeypatch):
    site.add_comment("open", comment_author="Gaëlle Nouvel", comment_author_email="gaelle@exemple.fr",
                     comment_content="Bonjour !", comment_approved="trash")
    with client(site, monkeypatch) as c:
        assert post(c, site, post=site.posts["open"], **GUEST).status_code == 201


def test_returning_author_approved_and_counted(site, monkeypatch):
    site.add_comment("open", comment_author="Gaëlle Nouvel", comment_author_email="gaelle@exemple.fr")
    assert site.comment_count("open") == 1
    with client(site, monkeypatch) as c:
        r = post(c, site, post=site.posts["open"], **GUEST)
    assert r.json()["status"] == "approved"
    assert site.comment_count("open") == 2


def test_post_author_and_moderators_are_approved_subscribers_held(site, monkeypatch):
    with client(site, monkeypatch) as c:
        author = post(c, site, "author", post=site.posts["open"], content="Merci !")
        subscriber = post(c, site, "subscriber", post=site.posts["open"], content="Bravo")
        editor = post(c, site, "editor", post=site.posts["open"], content="Vu")
    assert author.json()["status"] == "approved" and author.headers["allow"] == "GET, POST"
    assert "author_email" not in author.json()  # an author is no moderator: view context
    assert subscriber.json()["status"] == "hold" and subscriber.headers["allow"] == "POST"
    assert editor.json()["status"] == "approved" and editor.json()["author_email"] == "editor@exemple.fr"
    assert site.comment_count("open") == 2


def test_moderator_sets_status_and_author(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = post(c, site, "admin", post=site.posts["open"], content="Pour Paul", author=site.users["subscriber"],
                 status="hold")
    body = r.json()
    assert body["author"] == site.users["subscriber"] and body["author_name"] == "Paul Lefèvre"
    assert body["status"] == "hold"
    assert site.comment_count("open") == 0


def test_admin_parent_is_not_checked(site, monkeypatch):
    with client(site, monkeypatch) as c:
        r = post(c, site, "admin", post=site.posts["open"], parent=999999, content="Orphelin")
    assert r.status_code == 201 and r.json()["parent"] == 999999


def test_update_permissions(site, monkeypatch):
    comment_id = site.add_comment("other", comment_approved="0")
    with client(site, monkeypatch) as c:
        r = c.post(f"{URL}/{comment_id}", json={"status": "approved"}, headers=site.auth(None))
        assert error(r) == (401, "rest_cannot_edit")
        r = c.post(f"{URL}/{comment_id}", json={"status": "approved"}, headers=site.auth("subscriber"))
        assert error(r) == (403, "rest_cannot_edit")
        r = c.post(f"{URL}/999999", json={"status": "approved"}, headers=site.auth("admin"))
        assert error(r) == (404, "rest_comment_invalid_id")
    assert site.comments()[0]["comment_approved"] == "0"


def test_update_status_content_and_counts(site, monkeypatch):
    comment_id = site.add_comment("open", comment_approved="0")
    assert site.comment_count("open") == 0
    with client(site, monkeypatch) as c:
        r = c.put(f"{URL}/{comment_id}", json={"status": "approved"}, headers=site.auth("admin"))
        assert r.status_code == 200 and r.json()["status"] == "approved"
        assert r.headers["allow"] == "GET, POST, PUT, PATCH, DELETE"
        assert site.comment_count("open") == 1
        r = c.post(f"{URL}/{comment_id}", json={"status": "nonsense"}, headers=site.auth("admin"))
        assert r.status_code == 200 and r.json()["status"] == "approved"
        r = c.patch(f"{URL}/{comment_id}", json={"content": "Modifié", "author_name": "A. N."},
                    headers=site.auth("admin"))
        assert r.json()["content"]["raw"] == "Modifié" and r.json()["author_name"] == "A. N."
        r = c.patch(f"{URL}/{comment_id}", json={"content": ""}, headers=site.auth("admin"))
        assert error(r) == (400, "rest_comment_content_invalid")
        r = c.patch(f"{URL}/{comment_id}", json={"type": "pingback"}, headers=site.auth("admin"))
        assert error(r) == (404, "rest_comment_invalid_type")
        r = c.patch(f"{URL}/{comment_id}", json={"post": 999999}, headers=site.auth("admin"))
        assert error(r) == (403, "rest_comment_invalid_post_id")
        r = c.patch(f"{URL}/{comment_id}", json={"status": "spam"}, headers=site.auth("admin"))
        assert r.json()["status"] == "spam"
        assert site.comment_count("open") == 0
    row = site.comments()[0]
    # WordPress 6.1 (the site's version here) overwrote them with the moderator's.
    assert row["comment_author_IP"] != "10.0.0.9" and row["comment_agent"] == "wpcompat-tests/1.0"


def test_current_version_keeps_the_commenters_ip_on_update(site, monkeypatch):
    comment_id = site.add_comment("open", comment_approved="0", comment_agent="Firefox")
    with client(site, monkeypatch, wp_version="7.1") as c:
        r = c.put(f"{URL}/{comment_id}", json={"status": "approved"}, headers=site.auth("admin"))
        assert r.json()["author_ip"] == "10.0.0.9" and r.json()["author_user_agent"] == "Firefox"
        r = c.put(f"{URL}/{comment_id}", json={"status": "nonsense"}, headers=site.auth("admin"))
        assert r.status_code == 200 and r.json()["status"] == "approved"


def test_post_author_may_edit_comments_on_own_post(site, monkeypatch):
    comment_id = site.add_comment("open", comment_approved="0")
    other_id = site.add_comment("other", comment_approved="0", comment_content="Ailleurs")
    with client(site, monkeypatch) as c:
        r = c.post(f"{URL}/{comment_id}", json={"content": "<b>ok</b><script>x</script>"}, headers=site.auth("author"))
        assert r.status_code == 200
        # An author has no unfiltered_html: kses applies to the edit.
        assert r.json()["content"]["raw"] == "<b>ok</b>x"
        r = c.post(f"{URL}/{other_id}", json={"content": "Non"}, headers=site.auth("author"))
        assert error(r) == (403, "rest_cannot_edit")


def test_delete_trash_again_force(site, monkeypatch):
    comment_id = site.add_comment("open")
    child = site.add_comment("open", comment_parent=comment_id, comment_content="Réponse")
    with client(site, monkeypatch) as c:
        assert error(c.delete(f"{URL}/{comment_id}", headers=site.auth(None))) == (401, "rest_cannot_delete")
        assert error(c.delete(f"{URL}/{comment_id}", headers=site.auth("subscriber"))) == (403, "rest_cannot_delete")
        r = c.delete(f"{URL}/{comment_id}", headers=site.auth("admin"))
        assert r.status_code == 200 and r.json()["status"] == "trash"
        assert site.comment_count("open") == 1
        r = c.delete(f"{URL}/{comment_id}", headers=site.auth("admin"))
        assert r.json() == {"code": "rest_already_trashed", "message": "The comment has already been trashed.",
                            "data": {"status": 410}}
        r = c.delete(f"{URL}/{comment_id}?force=true", headers=site.auth("admin"))
        assert r.status_code == 200
        body = r.json()
        assert body["deleted"] is True and body["previous"]["id"] == comment_id
        assert "_links" not in body["previous"] and "allow" not in r.headers
        assert error(c.delete(f"{URL}/{comment_id}?force=true", headers=site.auth("admin"))) == (
            404, "rest_comment_invalid_id")
    rows = site.comments()
    assert [r["comment_ID"] for r in rows] == [child]
    assert rows[0]["comment_parent"] == 0  # replies move up a level
    assert site.comment_count("open") == 1


def test_trash_meta_and_untrash(site, monkeypatch):
    comment_id = site.add_comment("open", comment_approved="0")
    with client(site, monkeypatch) as c:
        c.delete(f"{URL}/{comment_id}", headers=site.auth("admin"))
        meta = site.rows(lambda t: t.commentmeta.select().where(t.commentmeta.c.comment_id == comment_id))
        assert {m["meta_key"]: m["meta_value"] for m in meta}["_wp_trash_meta_status"] == "0"
        r = c.post(f"{URL}/{comment_id}", json={"status": "untrash"}, headers=site.auth("admin"))
        assert r.json()["status"] == "hold"
    assert site.rows(lambda t: t.commentmeta.select()) == []
