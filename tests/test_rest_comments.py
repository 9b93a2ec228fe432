"""GET /wp/v2/comments and /wp/v2/comments/<id> through the full app, as WordPress 6.1 answers."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from .comments_site import API, HOME, PASSWORD, Site, add_comment, make_site

URL = "/wp-json/wp/v2/comments"
CURIES = [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    from settings import Settings
    from tests.conftest import site_db_url

    db = tmp_path_factory.mktemp("comments") / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture(scope="module")
def client(site: Site):
    with site.client() as c:
        yield c


def avatars_61(email: str) -> dict[str, str]:
    digest = hashlib.md5(email.strip().lower().encode()).hexdigest()
    server = int(digest[0], 16) % 3
    return {str(s): f"http://{server}.gravatar.com/avatar/{digest}?s={s}&d=mm&r=g" for s in (24, 48, 96)}


def error(r: Any) -> tuple[int, str]:
    return r.status_code, r.json()["code"]


def test_single_comment_view_exact(site: Site, client: Any) -> None:
    cid = site.comments[("public", "approved")]
    post = site.posts["public"]
    r = client.get(f"{URL}/{cid}")
    assert r.status_code == 200
    assert r.json() == {
        "id": cid, "post": post, "parent": 0, "author": 0, "author_name": "Auteur public approved",
        "author_url": "", "date": "2021-03-01T10:01:00", "date_gmt": "2021-03-01T09:01:00",
        "content": {"rendered": "<p>Commentaire approved sur public</p>\n"},
        "link": f"{HOME}/2021/02/01/public/#comment-{cid}",
        "status": "approved", "type": "comment",
        "author_avatar_urls": avatars_61("public.approved@exemple.fr"),
        "meta": [],
        "_links": {
            "self": [{"href": f"{API}/wp/v2/comments/{cid}"}],
            "collection": [{"href": f"{API}/wp/v2/comments"}],
            "up": [{"embeddable": True, "post_type": "post", "href": f"{API}/wp/v2/posts/{post}"}],
            "children": [{"embeddable": True, "href": f"{API}/wp/v2/comments?parent={cid}"}],
        },
    }
    # Keys in WordPress's order (the JSON is compared byte for byte by some clients).
    assert list(r.json()) == ["id", "post", "parent", "author", "author_name", "author_url", "date", "date_gmt",
                              "content", "link", "status", "type", "author_avatar_urls", "meta", "_links"]
    assert r.headers["link"] == f'<{API}/>; rel="https://api.w.org/"'
    assert r.headers["allow"].startswith("GET")


def test_edit_context_exact(site: Site, client: Any) -> None:
    cid = site.comments["by_author"]
    r = client.get(f"{URL}/{cid}", params={"context": "edit"}, headers=site.auth("admin"))
    body = r.json()
    assert list(body) == ["id", "post", "parent", "author", "author_name", "author_email", "author_url",
                          "author_ip", "author_user_agent", "date", "date_gmt", "content", "link", "status",
                          "type", "author_avatar_urls", "meta", "_links"]
    assert body["author"] == site.users["author"]
    assert body["author_email"] == "old-address@exemple.fr"
    assert body["author_ip"] == "192.0.2.7"
    assert body["author_user_agent"] == "Mozilla/5.0"
    assert body["content"] == {"rendered": "<p>Bonjour</p>\n", "raw": "Bonjour"}
    # A registered author's avatar follows the account's current email.
    assert body["author_avatar_urls"] == avatars_61("author@exemple.fr")
    assert body["_links"]["author"] == [{"embeddable": True, "href": f"{API}/wp/v2/users/{site.users['author']}"}]


def test_reply_links_and_embed_context(site: Site, client: Any) -> None:
    reply = site.comments["reply"]
    parent = site.comments[("public", "approved")]
    body = client.get(f"{URL}/{reply}", params={"context": "embed"}).json()
    assert list(body) == ["id", "parent", "author", "author_name", "author_url", "date", "content", "link",
                          "type", "author_avatar_urls", "_links"]
    assert body["parent"] == parent
    assert body["_links"]["in-reply-to"] == [{"embeddable": True, "href": f"{API}/wp/v2/comments/{parent}"}]
    assert "children" not in body["_links"]


def test_statuses_and_types(site: Site, client: Any) -> None:
    admin = site.auth("admin")
    for status in ("hold", "spam", "trash"):
        cid = site.comments[("public", status)]
        assert client.get(f"{URL}/{cid}", headers=admin).json()["status"] == status
    assert client.get(f"{URL}/{site.comments['legacy']}").json()["type"] == "comment"
    pingback = client.get(f"{URL}/{site.comments['pingback']}").json()
    assert pingback["type"] == "pingback"
    assert pingback["author_avatar_urls"] == {"24": False, "48": False, "96": False}
    # A held comment has children when its held reply exists (get_children counts 'all').
    held = client.get(f"{URL}/{site.comments[('public', 'hold')]}", headers=admin).json()
    assert "children" in held["_links"]


# ---------------------------------------------------------------- visibility matrix

POST_NAMES = ("public", "private", "draft", "protected")
WHO = (None, "subscriber", "contributor", "author", "editor", "admin")
# Who reads one comment of each post: approved, then held/spam/trash (edit_comment).
READERS_APPROVED = {
    "public": set(WHO), "private": {"editor", "admin"}, "draft": {"author", "editor", "admin"},
    "protected": {"editor", "admin"},
}
READERS_OTHER = {
    "public": {"editor", "admin"}, "private": {"editor", "admin"}, "draft": {"author", "editor", "admin"},
    "protected": {"editor", "admin"},
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("post_name", POST_NAMES)
@pytest.mark.parametrize("status", ("approved", "hold", "spam", "trash"))
def test_visibility_matrix(site: Site, client: Any, who: str | None, post_name: str, status: str) -> None:
    cid = site.comments[(post_name, status)]
    r = client.get(f"{URL}/{cid}", headers=site.auth(who))
    readers = READERS_APPROVED if status == "approved" else READERS_OTHER
    if who in readers[post_name]:
        assert r.status_code == 200, r.json()
        assert r.json()["id"] == cid
    else:
        assert error(r) == (401 if who is None else 403, "rest_cannot_read")
        assert r.json()["message"] == "Sorry, you are not allowed to read this comment."


@pytest.mark.parametrize("who", WHO)
def test_collection_hides_what_the_caller_cannot_read_but_counts_it(site: Site, client: Any, who: str | None) -> None:
    r = client.get(URL, params={"per_page": 100}, headers=site.auth(who))
    got = {c["id"] for c in r.json()}
    expected = {site.comments[(p, "approved")] for p in POST_NAMES if who in READERS_APPROVED[p]}
    expected |= {site.comments[("page", "approved")], site.comments["reply"], site.comments["by_author"],
                 site.comments["legacy"]}
    assert got == expected
    # X-WP-Total is WP_Comment_Query's count, before the per-comment checks.
    assert r.headers["x-wp-total"] == "8"
    assert r.headers["x-wp-totalpages"] == "1"


def test_protected_post_needs_its_password(site: Site, client: Any) -> None:
    post = site.posts["protected"]
    cid = site.comments[("protected", "approved")]
    r = client.get(URL, params={"post": post})
    assert error(r) == (401, "rest_cannot_read_post")
    assert r.json()["message"] == "Sorry, you are not allowed to read the post for this comment."
    r = client.get(URL, params={"post": post, "password": PASSWORD})
    assert [c["id"] for c in r.json()] == [cid]
    assert error(client.get(URL, params={"post": post, "password": "wrong"})) == (401, "rest_cannot_read_post")
    # The password only counts when exactly one post is asked for.
    both = client.get(URL, params={"post": f"{post},{site.posts['public']}", "password": PASSWORD})
    assert error(both) == (401, "rest_cannot_read_post")
    assert client.get(f"{URL}/{cid}", params={"password": PASSWORD}).status_code == 200
    assert error(client.get(f"{URL}/{cid}")) == (401, "rest_cannot_read")


def test_post_filter_checks_each_post(site: Site, client: Any) -> None:
    assert error(client.get(URL, params={"post": site.posts["private"]})) == (401, "rest_cannot_read_post")
    assert error(client.get(URL, params={"post": site.posts["draft"]},
                            headers=site.auth("subscriber"))) == (403, "rest_cannot_read_post")
    assert client.get(URL, params={"post": site.posts["draft"]}, headers=site.auth("author")).status_code == 200
    # A post that does not exist is no error (WordPress only checks posts it finds).
    r = client.get(URL, params={"post": 999999})
    assert r.status_code == 200 and r.json() == [] and r.headers["x-wp-total"] == "0"
    assert r.headers["x-wp-totalpages"] == "0"
    r = client.get(URL, params={"post": 0})
    assert error(r) == (401, "rest_cannot_read")
    assert r.json()["message"] == "Sorry, you are not allowed to read comments without a post."
    assert client.get(URL, params={"post": 0}, headers=site.auth("editor")).json() == []


# ---------------------------------------------------------------- parameters and errors


@pytest.mark.parametrize(("params", "refused"), [
    ({"author": 1}, "author"),
    ({"author_exclude": 1}, "author_exclude"),
    ({"author_email": "a@exemple.fr"}, "author_email"),
    ({"type": "pingback"}, "type"),
    ({"status": "hold"}, "status"),
    ({"status": "spam", "type": "pings", "author": 2}, "author, type, status"),
])
def test_protected_params(site: Site, client: Any, params: dict[str, Any], refused: str) -> None:
    r = client.get(URL, params=params)
    assert r.json() == {"code": "rest_forbidden_param", "message": f"Query parameter not permitted: {refused}",
                        "data": {"status": 401}}
    assert error(client.get(URL, params=params, headers=site.auth("subscriber"))) == (403, "rest_forbidden_param")
    # edit_posts is enough (a contributor has it).
    assert client.get(URL, params=params, headers=site.auth("contributor")).status_code == 200


def test_status_and_type_are_sanitized_keys(site: Site, client: Any) -> None:
    admin = site.auth("admin")
    assert [c["id"] for c in client.get(URL, params={"status": "SPAM", "post": site.posts["draft"]},
                                        headers=admin).json()] == [site.comments[("draft", "spam")]]
    assert [c["id"] for c in client.get(URL, params={"type": "Ping back!"}, headers=admin).json()] == [
        site.comments["pingback"]]
    # 'approved' is not a WP_Comment_Query status: it matches nothing.
    assert client.get(URL, params={"status": "approved"}, headers=admin).json() == []


def test_context_edit_needs_moderate_comments(site: Site, client: Any) -> None:
    expected = {"code": "rest_forbidden_context", "message": "Sorry, you are not allowed to edit comments.",
                "data": {"status": 401}}
    assert client.get(URL, params={"context": "edit"}).json() == expected
    cid = site.comments[("public", "approved")]
    assert client.get(f"{URL}/{cid}", params={"context": "edit"}).json() == expected
    assert error(client.get(URL, params={"context": "edit"}, headers=site.auth("author"))) == (
        403, "rest_forbidden_context")
    assert client.get(URL, params={"context": "edit"}, headers=site.auth("editor")).status_code == 200


def test_unknown_and_orphan_comments(site: Site, client: Any) -> None:
    assert client.get(f"{URL}/999999").json() == {
        "code": "rest_comment_invalid_id", "message": "Invalid comment ID.", "data": {"status": 404}}
    assert client.get(f"{URL}/0").json()["code"] == "rest_comment_invalid_id"

    async def orphan(storage: Any) -> int:
        return await add_comment(storage, 424242)

    cid = site.run(orphan)
    assert client.get(f"{URL}/{cid}").json() == {
        "code": "rest_post_invalid_id", "message": "Invalid post ID.", "data": {"status": 404}}


def test_per_page_maximum(client: Any) -> None:
    r = client.get(URL, params={"per_page": 101})
    assert r.status_code == 400
    assert r.json()["code"] == "rest_invalid_param"
    assert r.json()["data"]["params"] == {"per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"}


def test_pagination_headers_and_past_the_end(site: Site, client: Any) -> None:
    post = site.posts["public"]
    r = client.get(URL, params={"post": post, "per_page": 2})
    assert [r.headers["x-wp-total"], r.headers["x-wp-totalpages"]] == ["4", "2"]
    # The links repeat the sanitized query: `post` became an array.
    assert r.headers["link"] == f'<{API}/wp/v2/comments?post%5B0%5D={post}&per_page=2&page=2>; rel="next"'
    r = client.get(URL, params={"post": post, "per_page": 2, "page": 9})
    assert r.status_code == 200 and r.json() == []
    assert [r.headers["x-wp-total"], r.headers["x-wp-totalpages"]] == ["4", "2"]
    assert r.headers["link"] == f'<{API}/wp/v2/comments?post%5B0%5D={post}&per_page=2&page=2>; rel="prev"'
    # offset wins over page for the rows; headers still follow page.
    ids_offset = [c["id"] for c in client.get(URL, params={"post": post, "per_page": 2, "offset": 1}).json()]
    ids_all = [c["id"] for c in client.get(URL, params={"post": post}).json()]
    assert ids_offset == ids_all[1:3]


def test_orderby_and_include(site: Site, client: Any) -> None:
    wanted = [site.comments["reply"], site.comments[("page", "approved")], site.comments["legacy"]]
    r = client.get(URL, params={"include": ",".join(map(str, wanted)), "orderby": "include"})
    assert [c["id"] for c in r.json()] == wanted
    asc = [c["id"] for c in client.get(URL, params={"orderby": "id", "order": "asc"}).json()]
    assert asc == sorted(asc)


def test_parent_search_after_before(site: Site, client: Any) -> None:
    parent = site.comments[("public", "approved")]
    assert [c["id"] for c in client.get(URL, params={"parent": parent}).json()] == [site.comments["reply"]]
    assert site.comments["reply"] not in [c["id"] for c in client.get(URL, params={"parent_exclude": parent}).json()]
    assert [c["id"] for c in client.get(URL, params={"search": "réponse"}).json()] == [site.comments["reply"]]
    # after/before compare comment_date (site time); a UTC date is converted first.
    r = client.get(URL, params={"after": "2021-03-02T08:59:00", "before": "2021-03-02T09:01:00"})
    assert [c["id"] for c in r.json()] == [site.comments["reply"]]
    r = client.get(URL, params={"after": "2021-03-02T07:59:00Z", "before": "2021-03-02T08:01:00Z"})
    assert [c["id"] for c in r.json()] == [site.comments["reply"]]


def test_fields_filter(site: Site, client: Any) -> None:
    cid = site.comments[("public", "approved")]
    r = client.get(f"{URL}/{cid}", params={"_fields": "id,author_name,content"})
    assert r.json() == {"id": cid, "author_name": "Auteur public approved",
                        "content": {"rendered": "<p>Commentaire approved sur public</p>\n"}}
    # WordPress 6.1's comments controller computes a field only when its own name is asked for:
    # `content.rendered` alone shows no content (tests/differential/golden/comments_fields_nested_dropped.json).
    r = client.get(f"{URL}/{cid}", params={"_fields": "id,author_name,content.rendered"})
    assert r.json() == {"id": cid, "author_name": "Auteur public approved"}


def test_embed(site: Site, client: Any) -> None:
    post = site.posts["public"]
    r = client.get(URL, params={"post": post, "_embed": "1", "per_page": 100})
    by_id = {c["id"]: c for c in r.json()}
    reply = by_id[site.comments["reply"]]
    parent_id = site.comments[("public", "approved")]
    assert [c["id"] for c in reply["_embedded"]["in-reply-to"]] == [parent_id]
    assert reply["_embedded"]["up"][0]["id"] == post
    children = by_id[parent_id]["_embedded"]["children"]
    assert [[c["id"] for c in page] for page in children] == [[site.comments["reply"]]]
    # The users route decides: an author without published posts is not public.
    author = by_id[site.comments["by_author"]]["_embedded"]["author"]
    assert author[0]["code"] == "rest_user_cannot_view"
    logged_in = client.get(URL, params={"post": post, "_embed": "author", "per_page": 100}, headers=site.auth("admin"))
    embedded = {c["id"]: c.get("_embedded") for c in logged_in.json()}
    assert embedded[site.comments["by_author"]]["author"][0]["id"] == site.users["author"]
    assert embedded[site.comments["reply"]] is None


def test_comment_links_follow_permalinks_and_paging(settings: Any) -> None:
    site = make_site(settings)
    draft_comment = site.comments[("draft", "approved")]
    public = site.comments[("public", "approved")]
    reply = site.comments["reply"]
    legacy = site.comments["legacy"]
    admin = site.auth("admin")
    with site.client() as c:
        # A draft has a plain link, which get_comment_link still trailing-slashes.
        link = c.get(f"{URL}/{draft_comment}", headers=admin).json()["link"]
        assert link == f"{HOME}/?p={site.posts['draft']}/#comment-{draft_comment}"
    site.set_options(page_comments="1", comments_per_page="2", default_comments_page="newest")
    with site.client() as c:
        def link_of(cid: int) -> str:
            return str(c.get(f"{URL}/{cid}").json()["link"])

        base = f"{HOME}/2021/02/01/public"
        # Approved top-level comments of the post, oldest first: approved, by_author, pingback, legacy.
        assert link_of(public) == f"{base}/comment-page-1/#comment-{public}"
        assert link_of(reply) == f"{base}/comment-page-1/#comment-{reply}"
        assert link_of(legacy) == f"{base}/comment-page-2/#comment-{legacy}"
    site.set_options(default_comments_page="oldest")
    with site.client() as c:
        assert c.get(f"{URL}/{public}").json()["link"] == f"{HOME}/2021/02/01/public/#comment-{public}"
    site.set_options(permalink_structure="")
    with site.client() as c:
        body = c.get(f"{URL}/{legacy}").json()
        assert body["link"] == f"{HOME}/?p={site.posts['public']}&cpage=2#comment-{legacy}"
        assert body["_links"]["self"] == [{"href": f"{HOME}/index.php?rest_route=/wp/v2/comments/{legacy}"}]
        parent = c.get(f"{URL}/{public}").json()
        assert parent["_links"]["children"] == [
            {"embeddable": True, "href": f"{HOME}/index.php?rest_route=%2Fwp%2Fv2%2Fcomments&parent={public}"}]


def test_show_avatars_off(settings: Any) -> None:
    site = make_site(settings)
    site.set_options(show_avatars="0")
    with site.client() as c:
        body = c.get(f"{URL}/{site.comments[('public', 'approved')]}").json()
        assert "author_avatar_urls" not in body
        assert all("author_avatar_urls" not in item for item in c.get(URL).json())


def test_wordpress_71_avatars_and_meta(settings: Any) -> None:
    site = make_site(settings, version="7.1")
    with site.client() as c:
        body = c.get(f"{URL}/{site.comments[('public', 'approved')]}").json()
        digest = hashlib.sha256(b"public.approved@exemple.fr").hexdigest()
        assert body["author_avatar_urls"]["96"] == f"https://secure.gravatar.com/avatar/{digest}?s=96&d=mm&r=g"
        assert body["meta"] == {"_wp_note_status": ""}


def test_wordpress_71_notes_follow_the_post_editor(settings: Any) -> None:
    site = make_site(settings, version="7.1")
    draft = site.posts["draft"]

    async def note(storage: Any) -> int:
        return await add_comment(storage, draft, comment_type="note", comment_approved="1",
                                 user_id=site.users["author"])

    note_id = site.run(note)
    params = {"type": "note", "post": draft, "context": "edit"}
    with site.client() as c:
        # The draft's author edits its notes without moderate_comments.
        r = c.get(URL, params=params, headers=site.auth("author"))
        assert [n["id"] for n in r.json()] == [note_id]
        assert c.get(f"{URL}/{note_id}", params={"context": "edit"}, headers=site.auth("author")).status_code == 200
        # The post check comes first; then context=edit needs edit_post on each post.
        assert error(c.get(URL, params=params, headers=site.auth("contributor"))) == (403, "rest_cannot_read_post")
        public = {**params, "post": site.posts["public"]}
        assert error(c.get(URL, params=public, headers=site.auth("contributor"))) == (403, "rest_forbidden_context")
        assert c.get(URL, params=public, headers=site.auth("editor")).json() == []
        # Ordinary comments still need moderate_comments for context=edit.
        assert error(c.get(URL, params={"context": "edit"}, headers=site.auth("author"))) == (
            403, "rest_forbidden_context")


def test_options_schema_follows_show_avatars(settings: Any) -> None:
    site = make_site(settings)
    with site.client() as c:
        schema = c.options(URL).json()["schema"]
        assert list(schema["properties"])[-2:] == ["author_avatar_urls", "meta"]
    site.set_options(show_avatars="")
    with site.client() as c:
        for url in (URL, f"{URL}/{site.comments[('public', 'approved')]}"):
            assert "author_avatar_urls" not in c.options(url).json()["schema"]["properties"]


def test_search_is_sanitized_like_a_text_field(site: Site, client: Any) -> None:
    # sanitize_text_field: tags stripped, whitespace trimmed and collapsed.
    r = client.get(URL, params={"search": "  <b>une</b>   réponse \n"})
    assert [c["id"] for c in r.json()] == [site.comments["reply"]]
